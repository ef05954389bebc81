import { apiFetch } from '@workcloud/shared-ui/core';

export type Box = 'inbox' | 'outbox';
export type FlowStatus =
  | 'waiting_operator'
  | 'awaiting_signature'
  | 'signature_required'
  | 'rejected'
  | 'clarification_required'
  | 'completed'
  | 'annulment_requested'
  | 'annulment_required'
  | 'annulled'
  | 'corrected';
export type Action = 'receipt_notice' | 'sign' | 'reject' | 'propose_annulment' | 'accept_annulment' | 'reject_annulment';
export type DocType = 'schfdop' | 'dop' | 'schf';

/** A row of «Входящие» / «Исходящие» (the engine's list of the module's catalogs). */
export interface EdoDocument {
  id: string;
  name: string;
  doc_type: DocType;
  flow_status: FlowStatus;
  needs_action: boolean;
  unread: boolean;
  counterparty_name: string | null;
  counterparty_inn: string | null;
  doc_number: string | null;
  doc_date: string | null;
  total: number;
  /** ИдФайл of the seller's title. */
  file_id: string | null;
}

export interface Party {
  name: string;
  inn: string;
  kpp: string | null;
  address?: string;
}

export interface SignerCertificate {
  name: string;
  inn: string | null;
  commonName: string;
  organization: string | null;
  serial: string;
  validFrom: string;
  validTo: string;
}

export interface Stamp {
  status: 'not_checked' | 'valid' | 'invalid' | 'untrusted' | 'no_authority';
  title: string;
  note: string;
  signer: SignerCertificate | null;
  signed_at: string | null;
}

export interface EdoFile {
  id: string;
  kind: 'seller_title' | 'buyer_title' | 'receipt_notice' | 'clarification' | 'annulment_offer';
  file_id: string;
  author: 'us' | 'counterparty';
  created_at: string;
  stamp: Stamp | null;
}

export interface HistoryEntry {
  step: number;
  action: string;
  from_status: FlowStatus | null;
  to_status: FlowStatus;
  by: 'us' | 'counterparty' | 'platform';
  created_at: string;
}

/** GET /api/edo/{box}/:id/card */
export interface EdoCard extends EdoDocument {
  status_title: string;
  receipt?: string | null;
  actions: Action[];
  upd: {
    number: string;
    date: string;
    seller: Party;
    buyer: Party;
    lines: { no: number; name: string; quantity: string; unitCode: string | null; totalKopecks: number; vatRate: string }[];
  } | null;
  files: EdoFile[];
  history: HistoryEntry[];
}

/** The route of each step of the flow (edo.controller.ts). */
export const ACTION_ROUTES: Record<Action, string> = {
  receipt_notice: 'receipt-notice',
  sign: 'sign',
  reject: 'reject',
  propose_annulment: 'annul',
  accept_annulment: 'accept-annulment',
  reject_annulment: 'reject-annulment',
};
/** Steps that make a file with the company's text: the user types it first. */
export const NEEDS_REASON: Action[] = ['reject', 'propose_annulment', 'reject_annulment'];

/** Statuses a copy can be in, per box, in the order of the flow: the list's status filter. */
export const BOX_STATUSES: Record<Box, FlowStatus[]> = {
  inbox: ['signature_required', 'completed', 'rejected', 'annulment_required', 'annulment_requested', 'annulled'],
  outbox: ['waiting_operator', 'awaiting_signature', 'completed', 'clarification_required', 'annulment_required', 'annulment_requested', 'annulled', 'corrected'],
};

export const cardOf = (box: Box, id: string) => apiFetch<EdoCard>(`/api/edo/${box}/${id}/card`);

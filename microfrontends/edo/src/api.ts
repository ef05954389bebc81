import type { Action, Box, DocType, EdoCard, EdoCardParty, EdoDocument, EdoFile, FlowStatus } from '@workcloud/shared-core';
import { apiFetch } from '@workcloud/shared-ui/core';

/** The card's parts are the backend's own types (shared-core). */
export type { Action, Box, DocType, EdoCard, EdoDocument, EdoFile, FlowStatus };
export type Party = EdoCardParty;

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

/** ЭДО (module edo): the flow's words and the document card, GET /api/edo/{inbox|outbox}/:id/card. */

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
export type DocType = 'schfdop' | 'dop' | 'schf';
export type FileKind = 'seller_title' | 'buyer_title' | 'receipt_notice' | 'clarification' | 'annulment_offer';
export type Action = 'receipt_notice' | 'sign' | 'reject' | 'propose_annulment' | 'accept_annulment' | 'reject_annulment';
/** What the check of a file's signature found; only `valid` may be accepted. */
export type VerificationStatus = 'unsigned' | 'not_checked' | 'valid' | 'invalid' | 'untrusted' | 'no_authority';

/** The signer as its certificate names it: what the signature stamp shows. */
export interface SignerCertificate {
  /** «ФИО, организация». */
  name: string;
  inn: string | null;
  commonName: string;
  organization: string | null;
  serial: string;
  /** ISO UTC. */
  validFrom: string;
  validTo: string;
}

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
  /** Kopecks. */
  total: number;
  /** ИдФайл of the seller's title. */
  file_id: string | null;
}

export interface EdoCardParty {
  name: string;
  inn: string;
  kpp?: string | null;
  address?: string;
}

/** A signed file's stamp; null on the card for an unsigned file. */
export interface Stamp {
  status: Exclude<VerificationStatus, 'unsigned'>;
  title: string;
  note: string;
  signer: SignerCertificate | null;
  signed_at: string | null;
}

export interface EdoFile {
  id: string;
  kind: FileKind;
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

export interface EdoCardLine {
  no: number;
  name: string;
  quantity: string;
  unitCode: string | null;
  /** Kopecks. */
  totalKopecks: number;
  vatRate: string;
}

export interface EdoCard extends EdoDocument {
  status_title: string;
  /** Inbox: the Поступление made from it. */
  receipt?: string | null;
  actions: Action[];
  /** The seller's title read back; null before it exists. */
  upd: { function: 'СЧФДОП' | 'ДОП'; number: string; date: string; seller: EdoCardParty; buyer: EdoCardParty; lines: EdoCardLine[] } | null;
  files: EdoFile[];
  history: HistoryEntry[];
}

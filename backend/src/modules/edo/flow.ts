/**
 * The document flow of ЭДО as a state machine per document type (not by texts): which side may do what
 * in which status, and where each side's copy goes. Statuses are shown with the names Контур.Диадок uses.
 */
import type { Action, Box, DocType, FileKind, FlowStatus } from '@workcloud/shared-core';

export type { Action, Box, DocType, FileKind, FlowStatus };

export const FLOW_STATUS_TITLES: Record<FlowStatus, string> = {
  waiting_operator: 'Ожидает отправки оператору',
  awaiting_signature: 'Ожидается подпись контрагента',
  signature_required: 'Требуется подпись',
  rejected: 'Отказано в подписи',
  clarification_required: 'Требуется уточнение',
  completed: 'Документооборот завершён',
  annulment_requested: 'Ожидается аннулирование',
  annulment_required: 'Требуется аннулирование',
  annulled: 'Аннулирован',
  corrected: 'Исправлен',
};

/** `prior`: back to the status the side had before the annulment was proposed. */
type Target = FlowStatus | 'prior';

export interface Transition {
  title: string;
  /** Which copy acts: the buyer's (inbox), the seller's (outbox), or either. */
  by: Box | 'any';
  types: DocType[];
  from: FlowStatus[];
  to: Target;
  peerTo: Target;
  /** The file this step makes (and keeps with both copies). */
  file?: FileKind;
  /** What the other side sees in its history. */
  peerTitle: string;
}

const ALL: DocType[] = ['schfdop', 'dop', 'schf'];
const TITLED: DocType[] = ['schfdop', 'dop'];
/** Statuses from which either side may propose to annul: the document reached the counterparty. */
const ANNULLABLE: FlowStatus[] = ['awaiting_signature', 'signature_required', 'completed', 'clarification_required', 'rejected'];

/** Per type: which steps exist. СЧФ ends with the buyer's ИОП; СЧФДОП/ДОП with the buyer's title or a refusal. */
export const TRANSITIONS: Record<Action, Transition> = {
  // СЧФ: the buyer's извещение о получении completes the flow. СЧФДОП: the ИОП is recorded, the signature is still required.
  receipt_notice: { title: 'Отправлено извещение о получении', peerTitle: 'Получено извещение о получении', by: 'inbox', types: ['schf', 'schfdop'], from: ['signature_required'], to: 'signature_required', peerTo: 'awaiting_signature', file: 'receipt_notice' },
  sign: { title: 'Подписан титул покупателя', peerTitle: 'Подписан контрагентом', by: 'inbox', types: TITLED, from: ['signature_required'], to: 'completed', peerTo: 'completed', file: 'buyer_title' },
  reject: { title: 'Отказано в подписи', peerTitle: 'Контрагент отказал в подписи: требуется уточнение', by: 'inbox', types: ALL, from: ['signature_required'], to: 'rejected', peerTo: 'clarification_required', file: 'clarification' },
  propose_annulment: { title: 'Предложено аннулировать', peerTitle: 'Контрагент предлагает аннулировать', by: 'any', types: ALL, from: ANNULLABLE, to: 'annulment_requested', peerTo: 'annulment_required', file: 'annulment_offer' },
  accept_annulment: { title: 'Аннулирование принято', peerTitle: 'Контрагент принял аннулирование', by: 'any', types: ALL, from: ['annulment_required'], to: 'annulled', peerTo: 'annulled' },
  reject_annulment: { title: 'Отказано в аннулировании', peerTitle: 'Контрагент отказал в аннулировании', by: 'any', types: ALL, from: ['annulment_required'], to: 'prior', peerTo: 'prior', file: 'clarification' },
};

/** СЧФ: after the ИОП the flow is complete on both sides (the special case of `receipt_notice`). */
export function targetsOf(action: Action, type: DocType): { to: Target; peerTo: Target } {
  const t = TRANSITIONS[action];
  if (action === 'receipt_notice' && type === 'schf') return { to: 'completed', peerTo: 'completed' };
  return { to: t.to, peerTo: t.peerTo };
}

/** Statuses in which the side owning the copy has to do something (the counter of the menu). */
export const NEEDS_ACTION: ReadonlySet<FlowStatus> = new Set(['signature_required', 'clarification_required', 'annulment_required', 'waiting_operator']);

/** Why an action is not allowed now, in Russian, or null. */
export function refusal(action: Action, box: Box, type: DocType, status: FlowStatus, receiptNoticeSent: boolean): string | null {
  const t = TRANSITIONS[action];
  const now = FLOW_STATUS_TITLES[status];
  if (t.by !== 'any' && t.by !== box) return `«${t.title}» делает ${t.by === 'inbox' ? 'получатель' : 'отправитель'} документа, а этот документ — ${box === 'inbox' ? 'входящий' : 'исходящий'}.`;
  if (!t.types.includes(type)) return `Для документа типа ${type.toUpperCase()} действие «${t.title}» не предусмотрено.`;
  if (!t.from.includes(status)) return `Документ в статусе «${now}»: действие «${t.title}» сейчас недоступно.`;
  if (action === 'receipt_notice' && receiptNoticeSent) return 'Извещение о получении по этому документу уже отправлено.';
  return null;
}

/** The actions the side owning the copy may take now: what the document card offers. */
export function actionsAllowed(box: Box, type: DocType, status: FlowStatus, receiptNoticeSent: boolean): Action[] {
  return (Object.keys(TRANSITIONS) as Action[]).filter((a) => !refusal(a, box, type, status, receiptNoticeSent));
}

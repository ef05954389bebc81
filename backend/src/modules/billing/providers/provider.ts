/**
 * The one interface the billing module talks to, whichever bank takes the money.
 * Amounts are integer kopecks everywhere in our code; each adapter converts to its provider's format.
 */
import type { Receipt } from './receipt';

export interface CreatePaymentInput {
  orderId: string;
  amountKopecks: number;
  description: string;
  returnUrl: string;
  customerEmail?: string;
  /**
   * The 54-ФЗ receipt the bank's online cash register prints and sends to the ФНС and the payer
   * (ЮKassa and Т-Банк; Сбер's adapter sends none). Its items must add up to `amountKopecks`.
   */
  receipt?: Receipt;
  /**
   * Keep the card for automatic payments (the payer agreed): ЮKassa `save_payment_method: true`,
   * Т-Банк `Recurrent: 'Y'` with `CustomerKey` (our client's id). The saved method comes back with the
   * payment's success (PaymentState / VerifiedNotification `savedMethod`).
   */
  saveMethod?: { customerKey: string };
}

/** A card saved at the bank: ЮKassa payment_method.id, or Т-Банк RebillId (with the CustomerKey it was saved for). */
export interface SavedMethod {
  token: string;
  /** What the admin sees: «Bank card *4444». */
  title: string;
  customerKey?: string;
}

/** A payment without the payer (an automatic payment of a monthly Счёт) with a saved method. */
export interface ChargeSavedInput {
  orderId: string;
  amountKopecks: number;
  description: string;
  customerEmail?: string;
  receipt?: Receipt;
  method: SavedMethod;
}

export interface ChargeResult {
  providerPaymentId: string;
  /** succeeded: paid; canceled: refused (reason says why); pending: the bank finishes it later (a notification comes). */
  status: 'succeeded' | 'canceled' | 'pending';
  amountKopecks: number;
  reason?: string;
  raw: unknown;
}

/** A refund of (part of) a succeeded payment, sent to the provider that took it. */
export interface RefundInput {
  providerPaymentId: string;
  amountKopecks: number;
  /** What the owner wrote (ЮKassa `description`, up to 250 characters). */
  description?: string;
  /**
   * The 54-ФЗ refund receipt (чек «возврат прихода»: the type follows from it being sent with a refund):
   * ЮKassa `receipt` of POST /v3/refunds, Т-Банк `Receipt` of Cancel. Its items add up to `amountKopecks`.
   * Сбер's adapter sends none.
   */
  receipt?: Receipt;
}

export interface RefundResult {
  /** The provider's id of the refund (ЮKassa refund id; Т-Банк and Сбер have none but the payment's). */
  providerRefundId: string | null;
  /** succeeded: the money is on its way back; pending: the provider finishes it later (ЮKassa `pending`). */
  status: 'succeeded' | 'pending';
  raw: unknown;
}

export interface CreatedPayment {
  providerPaymentId: string;
  confirmationUrl: string;
  raw: unknown;
}

export type PaymentStatus = 'pending' | 'succeeded' | 'canceled' | 'refunded';

export interface PaymentState {
  providerPaymentId: string;
  status: PaymentStatus;
  amountKopecks: number;
  /** Our order id, when the provider hands it back (ЮKassa metadata, Сбер jsonParams; Т-Банк never does). */
  orderId?: string;
  /** The card saved with this payment, when it was made with `saveMethod`. */
  savedMethod?: SavedMethod;
  raw: unknown;
}

export interface VerifiedNotification {
  providerPaymentId: string;
  /** Unique per provider event, for idempotency: providers repeat a notification until it is acknowledged. */
  eventKey: string;
  status: PaymentStatus;
  amountKopecks: number;
  orderId?: string;
  /** For a refund event, the provider's id of the refund when it gives one (ЮKassa). */
  providerRefundId?: string;
  /**
   * For a refund event that states how much of the payment has gone back in all (Т-Банк's REFUNDED /
   * PARTIAL_REFUNDED / REVERSED / PARTIAL_REVERSED, Сбер's order re-read when its callback has no amount):
   * the refund to record is this total less what is already recorded. `amountKopecks` is then the same total.
   */
  refundedTotalKopecks?: number;
  /** The card saved with this payment (ЮKassa payment_method saved, Т-Банк RebillId). */
  savedMethod?: SavedMethod;
}

export interface IncomingNotification {
  /** The sender's address as our HTTP layer determined it (behind a proxy: the trusted X-Forwarded-For hop). */
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  query?: Record<string, string>;
}

export interface PaymentProvider {
  readonly code: 'yookassa' | 'tbank' | 'sber' | 'vtb';
  /**
   * Registers a payment and returns where to send the payer.
   * `idempotenceKey` identifies one payment attempt: repeating the call with the same key never makes a
   * second payment. ЮKassa takes it as the Idempotence-Key header. Т-Банк and Сбер have no such header,
   * so it becomes their order number, which Сбер keeps unique and Т-Банк does once the terminal's
   * OrderId uniqueness check is on. Up to 32 characters fits all three (`randomUUID().replaceAll('-', '')`).
   */
  createPayment(input: CreatePaymentInput, idempotenceKey: string): Promise<CreatedPayment>;
  getPayment(providerPaymentId: string): Promise<PaymentState>;
  /**
   * Returns (part of) a succeeded payment to the payer. `idempotenceKey` identifies the refund, so a
   * repeated call never refunds twice where the provider has a key for it (ЮKassa Idempotence-Key,
   * Т-Банк ExternalRequestId). A refusal (including a refund the provider cancels) is a ProviderError.
   */
  refund(input: RefundInput, idempotenceKey: string): Promise<RefundResult>;
  /**
   * An automatic payment with a saved card (ЮKassa and Т-Банк only): ЮKassa POST /v3/payments with
   * `payment_method_id`; Т-Банк Init, then Charge with the RebillId. `idempotenceKey` as for createPayment.
   * A refusal by the bank is `status: 'canceled'` with the reason, not an exception.
   */
  chargeSaved?(input: ChargeSavedInput, idempotenceKey: string): Promise<ChargeResult>;
  /**
   * Verifies a webhook/callback exactly as the provider documents; throws ForgedNotificationError
   * (with a Russian message) when it is not authentic. For ЮKassa it checks the sender IP against the
   * published ranges AND re-reads the payment from the API.
   */
  verifyNotification(req: IncomingNotification): Promise<VerifiedNotification>;
  /** The exact HTTP answer the provider expects after a notification was accepted (Т-Банк: 200 "OK"). */
  notificationAck(): { status: number; contentType: string; body: string };
}

export type ProviderCode = PaymentProvider['code'];

export const PROVIDER_NAMES: Record<ProviderCode, string> = { yookassa: 'ЮKassa', tbank: 'Т-Банк', sber: 'Сбербанк', vtb: 'ВТБ' };

/** The notification is not from the provider (or not about what it claims): answer it with 4xx and log it. */
export class ForgedNotificationError extends Error {
  override name = 'ForgedNotificationError';
}

/**
 * The provider refused a request or answered something we cannot read.
 * `code` is the provider's own error code (ЮKassa `code`, Т-Банк `ErrorCode`, Сбер `errorCode`),
 * or `network` / `bad_response` when there was no usable answer.
 */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly provider: ProviderCode,
    readonly code: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${PROVIDER_NAMES[provider]}: ${detail} (код ${code})`, options);
  }
}

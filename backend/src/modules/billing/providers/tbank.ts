import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { VatRate } from '../../../platform/ru/vat';
import { callProvider, readAnswer, sameSignature } from './http';
import { assertKopecks } from './money';
import {
  ForgedNotificationError,
  ProviderError,
  type ChargeResult,
  type ChargeSavedInput,
  type CreatePaymentInput,
  type CreatedPayment,
  type IncomingNotification,
  type PaymentProvider,
  type PaymentState,
  type PaymentStatus,
  type RefundInput,
  type RefundResult,
  type SavedMethod,
  type VerifiedNotification,
} from './provider';
import { assertReceiptFits, receiptName, type Receipt } from './receipt';

export interface TBankConfig {
  terminalKey: string;
  /** The terminal password from the T-Bank dashboard; it signs our requests and T-Bank's notifications. */
  password: string;
  /** Defaults to production, https://securepay.tinkoff.ru/v2 */
  baseUrl?: string;
}

/**
 * Т-Банк's Token: the root-level scalar fields (not nested DATA/Receipt, not Token itself) plus Password,
 * sorted by key, values concatenated (booleans as true/false), SHA-256 of the UTF-8 bytes, lowercase hex.
 */
export function tbankToken(fields: Record<string, unknown>, password: string): string {
  const signed: Array<[string, string]> = [['Password', password]];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'Token') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') signed.push([key, String(value)]);
  }
  // Plain code-unit order, as Т-Банк sorts; localeCompare would depend on the machine's locale.
  signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(signed.map(([, value]) => value).join(''), 'utf8').digest('hex');
}

/**
 * Т-Банк `Tax` of a receipt item: none, vat0, vat5, vat7, vat10, vat20, vat22, and the calculated
 * vat105, vat107, vat110, vat120, vat122. As for ЮKassa (see YOOKASSA_VAT_CODES): a full-payment receipt
 * carries the rate itself, the price already including VAT; the x/1xx rates are for prepayment receipts.
 */
export const TBANK_TAXES: Record<VatRate, string> = { none: 'none', vat0: 'vat0', vat10: 'vat10', vat20: 'vat20', vat5: 'vat5', vat7: 'vat7', vat22: 'vat22' };

/**
 * The receipt as Т-Банк's `Receipt` of Init, in ФФД 1.05 (the version a terminal's cash register works
 * in unless it was switched to 1.2, which would also need MeasurementUnit on each item and takes
 * Customer/CustomerInn). Amounts in kopecks. Being a nested object, it is not part of the Token.
 */
export function tbankReceipt(receipt: Receipt) {
  return {
    FfdVersion: '1.05',
    Email: receipt.customerEmail,
    Taxation: receipt.taxSystem,
    Items: receipt.items.map((item) => ({
      Name: receiptName(item.name),
      Price: item.amountKopecks,
      Quantity: 1,
      Amount: item.amountKopecks,
      Tax: TBANK_TAXES[item.vatRate],
      PaymentMethod: 'full_payment',
      PaymentObject: 'service',
    })),
  };
}

/** Т-Банк answers HTTP 200 to everything; Success and ErrorCode say whether it worked. */
const result = z.object({
  Success: z.boolean(),
  ErrorCode: z.string(),
  Message: z.string().optional(),
  Details: z.string().optional(),
});
// PaymentId is a string in API answers and a number in notifications.
const paymentId = z.union([z.string(), z.number()]).transform(String);
const kopecks = z.number().int().positive();
const initAnswer = z.object({ PaymentId: paymentId, PaymentURL: z.string() });
const stateAnswer = z.object({ PaymentId: paymentId, Status: z.string(), Amount: kopecks });
const qrAnswer = z.object({ Data: z.string() });
const cancelAnswer = z.object({ PaymentId: paymentId, Status: z.string() });
/** Cancel of a CONFIRMED payment gives REFUNDED / PARTIAL_REFUNDED (REVERSED / PARTIAL_REVERSED if it was only authorised). */
const REFUND_DONE = new Set(['REFUNDED', 'PARTIAL_REFUNDED', 'REVERSED', 'PARTIAL_REVERSED']);
const notificationFields = z.object({
  TerminalKey: z.string(),
  PaymentId: paymentId,
  Status: z.string(),
  Amount: kopecks,
  // A payment made with Recurrent=Y: the id of the saved card for Charge, and its masked number.
  RebillId: z.union([z.string(), z.number()]).transform(String).optional(),
  Pan: z.string().optional(),
});
const chargeAnswer = z.object({ PaymentId: paymentId, Status: z.string(), Amount: kopecks.optional() });

/**
 * Where a payment has ended up when polled (GetState); every other status (NEW, FORM_SHOWED, AUTHORIZING,
 * AUTHORIZED, …) is still in progress. A notification of a refund status is a refund (verifyNotification).
 */
const SETTLED: Record<string, PaymentStatus> = {
  CONFIRMED: 'succeeded',
  PARTIAL_REFUNDED: 'succeeded', // part of the money went back; the payment itself stands
  REFUNDED: 'refunded',
  REJECTED: 'canceled',
  AUTH_FAIL: 'canceled',
  CANCELED: 'canceled',
  REVERSED: 'canceled',
  DEADLINE_EXPIRED: 'canceled',
};
const statusOf = (status: string): PaymentStatus => SETTLED[status] ?? 'pending';

/**
 * Т-Банк internet acquiring, API v2. It has no idempotence header: the attempt's key is sent as OrderId,
 * which the terminal must be set to keep unique (ask T-Bank support to turn on the OrderId uniqueness check),
 * so a repeated Init is refused instead of making a second payment. Our orderId therefore does not travel
 * to Т-Банк; find the attempt by providerPaymentId.
 */
export class TBankProvider implements PaymentProvider {
  readonly code = 'tbank';
  private readonly terminalKey: string;
  private readonly password: string;
  private readonly baseUrl: string;

  constructor(config: TBankConfig) {
    if (!config.terminalKey || !config.password) throw new Error('Т-Банк: не заданы terminalKey и password');
    this.terminalKey = config.terminalKey;
    this.password = config.password;
    this.baseUrl = (config.baseUrl ?? 'https://securepay.tinkoff.ru/v2').replace(/\/+$/, '');
  }

  async createPayment(input: CreatePaymentInput, idempotenceKey: string): Promise<CreatedPayment> {
    assertKopecks(input.amountKopecks);
    if (idempotenceKey.length > 36) throw new RangeError('Т-Банк: ключ идемпотентности (OrderId) длиннее 36 символов');
    if (input.receipt) assertReceiptFits(input.receipt, input.amountKopecks);
    const raw = await this.call('Init', {
      Amount: input.amountKopecks,
      OrderId: idempotenceKey,
      Description: input.description,
      PayType: 'O', // one stage: the money is taken when the payer pays
      // No pages for an automatic payment: the payer is not there.
      ...(input.returnUrl ? { SuccessURL: input.returnUrl, FailURL: input.returnUrl } : {}),
      ...(input.saveMethod ? { Recurrent: 'Y', CustomerKey: input.saveMethod.customerKey } : {}),
      ...(input.customerEmail ? { DATA: { Email: input.customerEmail } } : {}),
      ...(input.receipt ? { Receipt: tbankReceipt(input.receipt) } : {}),
    });
    const created = readAnswer('tbank', initAnswer, raw);
    return { providerPaymentId: created.PaymentId, confirmationUrl: created.PaymentURL, raw };
  }

  /**
   * An automatic payment: Init of a new payment (as createPayment, without Recurrent), then Charge with
   * its PaymentId and the saved RebillId — no redirect of the payer. CONFIRMED: paid; a refusal
   * (Success false, or REJECTED) is `canceled` with Т-Банк's message; no answer at all is thrown.
   */
  async chargeSaved(input: ChargeSavedInput, idempotenceKey: string): Promise<ChargeResult> {
    const created = await this.createPayment({ orderId: input.orderId, amountKopecks: input.amountKopecks, description: input.description, returnUrl: '', customerEmail: input.customerEmail, receipt: input.receipt }, idempotenceKey);
    const paymentId = created.providerPaymentId;
    try {
      const raw = await this.call('Charge', { PaymentId: paymentId, RebillId: input.method.token });
      const answer = readAnswer('tbank', chargeAnswer, raw);
      const status = statusOf(answer.Status);
      return { providerPaymentId: paymentId, status: status === 'refunded' ? 'succeeded' : status, amountKopecks: answer.Amount ?? input.amountKopecks, reason: status === 'canceled' ? `статус ${answer.Status}` : undefined, raw };
    } catch (error) {
      if (error instanceof ProviderError && error.code !== 'network' && error.code !== 'bad_response') {
        return { providerPaymentId: paymentId, status: 'canceled', amountKopecks: input.amountKopecks, reason: error.message, raw: null };
      }
      throw error;
    }
  }

  async getPayment(providerPaymentId: string): Promise<PaymentState> {
    const raw = await this.call('GetState', { PaymentId: providerPaymentId });
    const state = readAnswer('tbank', stateAnswer, raw);
    return { providerPaymentId: state.PaymentId, status: statusOf(state.Status), amountKopecks: state.Amount, raw };
  }

  /**
   * Cancel: TerminalKey, PaymentId, Amount (kopecks, the part to return), ExternalRequestId (our refund's
   * key: Т-Банк answers a repeat with the first result) — all in the Token — and the refund receipt as
   * `Receipt` (nested, so not in the Token, as in Init). Success with Status REFUNDED/PARTIAL_REFUNDED.
   * СБП payments (made through Init + GetQr) are refunded by the same Cancel.
   */
  async refund(input: RefundInput, idempotenceKey: string): Promise<RefundResult> {
    assertKopecks(input.amountKopecks);
    if (input.receipt) assertReceiptFits(input.receipt, input.amountKopecks);
    const raw = await this.call('Cancel', {
      PaymentId: input.providerPaymentId,
      Amount: input.amountKopecks,
      ExternalRequestId: idempotenceKey,
      ...(input.receipt ? { Receipt: tbankReceipt(input.receipt) } : {}),
    });
    const answer = readAnswer('tbank', cancelAnswer, raw);
    if (!REFUND_DONE.has(answer.Status)) throw new ProviderError('tbank', 'bad_response', `возврат не выполнен, статус платежа ${answer.Status}`);
    return { providerRefundId: null, status: 'succeeded', raw };
  }

  /** СБП: PAYLOAD gives the link to show as a QR code (or open on a phone), IMAGE gives the QR code as SVG markup. */
  async getSbpQr(providerPaymentId: string, dataType: 'PAYLOAD' | 'IMAGE' = 'PAYLOAD'): Promise<string> {
    const raw = await this.call('GetQr', { PaymentId: providerPaymentId, DataType: dataType });
    return readAnswer('tbank', qrAnswer, raw).Data;
  }

  async verifyNotification(req: IncomingNotification): Promise<VerifiedNotification> {
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new ForgedNotificationError('Уведомление Т-Банка не является JSON-объектом');
    }
    const fields = body as Record<string, unknown>;
    if (typeof fields.Token !== 'string') throw new ForgedNotificationError('В уведомлении Т-Банка нет подписи Token');
    if (!sameSignature(tbankToken(fields, this.password), fields.Token)) {
      throw new ForgedNotificationError('Подпись Token уведомления Т-Банка не сходится: уведомление подделано или изменено');
    }
    const notification = readAnswer('tbank', notificationFields, fields);
    if (notification.TerminalKey !== this.terminalKey) {
      throw new ForgedNotificationError(`Уведомление Т-Банка для чужого терминала ${notification.TerminalKey}`);
    }
    if (REFUND_DONE.has(notification.Status)) {
      // Money went back (a Cancel of ours, or a refund made in Т-Банк's dashboard). The notification's
      // Amount is what has been returned of the payment in all, so each partial refund has its own key
      // (status + amount) and the refund to record is the difference against what is already recorded —
      // exactly once however often and in whatever order the notifications come.
      return {
        providerPaymentId: notification.PaymentId,
        eventKey: `${notification.PaymentId}:${notification.Status}:${notification.Amount}`,
        status: 'refunded',
        amountKopecks: notification.Amount,
        refundedTotalKopecks: notification.Amount,
      };
    }
    const savedMethod: SavedMethod | undefined = notification.RebillId ? { token: notification.RebillId, title: notification.Pan ? `Карта ${notification.Pan}` : 'Сохранённая карта' } : undefined;
    return {
      providerPaymentId: notification.PaymentId,
      // Т-Банк notifies each status of a payment once, repeating it until it gets "OK".
      eventKey: `${notification.PaymentId}:${notification.Status}`,
      status: statusOf(notification.Status),
      amountKopecks: notification.Amount,
      ...(savedMethod ? { savedMethod } : {}),
    };
  }

  notificationAck() {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' };
  }

  private async call(method: string, fields: Record<string, unknown>): Promise<unknown> {
    const request = { TerminalKey: this.terminalKey, ...fields };
    const { body } = await callProvider('tbank', `${this.baseUrl}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...request, Token: tbankToken(request, this.password) }),
    });
    const outcome = readAnswer('tbank', result, body);
    if (!outcome.Success || outcome.ErrorCode !== '0') {
      const detail = [outcome.Message, outcome.Details].filter(Boolean).join(' ');
      throw new ProviderError('tbank', outcome.ErrorCode, detail || `${method} не выполнен`);
    }
    return body;
  }
}

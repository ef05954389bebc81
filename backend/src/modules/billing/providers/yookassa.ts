import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import type { VatRate } from '../../../platform/ru/vat';
import { callProvider, readAnswer } from './http';
import { kopecksToRubles, rublesToKopecks } from './money';
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
import { assertReceiptFits, receiptName, type Receipt, type TaxSystem } from './receipt';

/**
 * ЮKassa signs nothing: a webhook is believed only from the addresses ЮKassa publishes, then re-read from
 * the API. The one list of them, taken whole from https://yookassa.ru/developers/using-api/webhooks
 * («IP-адреса ЮKassa», checked 2026-12): six IPv4 entries and the whole IPv6 network 2a02:5180::/32
 * (the four /64 blocks accepted before were only part of it).
 */
export const YOOKASSA_NETWORKS = [
  '185.71.76.0/27',
  '185.71.77.0/27',
  '77.75.153.0/25',
  '77.75.156.11',
  '77.75.156.35',
  '77.75.154.128/25',
  '2a02:5180::/32',
];

export interface YooKassaConfig {
  shopId: string;
  secretKey: string;
  /** Defaults to production, https://api.yookassa.ru/v3 */
  baseUrl?: string;
  /** Extra ranges (CIDR) to take webhooks from, for tests against the local fake. Refused in production. */
  trustedNetworks?: string[];
}

/** ЮKassa writes RUB amounts as "1000.00"; we read them straight into kopecks. */
const amount = z.object({
  value: z.string().regex(/^\d+\.\d{2}$/).transform(rublesToKopecks),
  currency: z.literal('RUB'),
});
const paymentAnswer = z.object({
  id: z.string(),
  status: z.enum(['pending', 'waiting_for_capture', 'succeeded', 'canceled']),
  amount,
  refunded_amount: amount.optional(),
  confirmation: z.object({ confirmation_url: z.string().optional() }).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  // Present once the payer chose how to pay; `saved: true` when it was kept for automatic payments.
  payment_method: z.object({ id: z.string(), saved: z.boolean(), title: z.string().optional(), type: z.string().optional(), card: z.object({ last4: z.string().optional() }).optional() }).optional(),
  cancellation_details: z.object({ party: z.string().optional(), reason: z.string().optional() }).optional(),
});
const refundAnswer = z.object({
  id: z.string(),
  payment_id: z.string(),
  status: z.string(),
  amount,
  cancellation_details: z.object({ party: z.string().optional(), reason: z.string().optional() }).optional(),
});
const errorAnswer = z.object({ code: z.string(), description: z.string().optional() });
const notificationBody = z.object({
  type: z.literal('notification'),
  event: z.enum(['payment.succeeded', 'payment.waiting_for_capture', 'payment.canceled', 'refund.succeeded']),
  object: z.object({ id: z.string() }),
});

/** What the API must say about a payment before we believe a payment event, and what it means to us. */
const PAYMENT_EVENTS = {
  'payment.succeeded': { apiStatus: 'succeeded', status: 'succeeded' },
  // Only two-stage payments wait for capture; ours capture at once, so for us it is still pending.
  'payment.waiting_for_capture': { apiStatus: 'waiting_for_capture', status: 'pending' },
  'payment.canceled': { apiStatus: 'canceled', status: 'canceled' },
} as const;

/**
 * ЮKassa `vat_code` (yookassa.ru/developers/payment-acceptance/receipts/54fz/parameters-values):
 * 1 без НДС, 2 0 %, 3 10 %, 4 20 %, 5 10/110, 6 20/120, 7 5 %, 8 7 %, 9 5/105, 10 7/107, 11 22 %, 12 22/122.
 *
 * A price on a чек always includes VAT, whatever the code: «22 %» on a full-payment receipt already means
 * VAT = price × 22/122. The calculated codes (x/1xx) are for prepayment and advance receipts, where the
 * tax base is estimated (НК РФ ст. 164 п. 4). Our receipts are full payment (see receipt.ts), so a Счёт
 * of 2026 (vat22) is code 11 and one of 2025 (vat20) code 4.
 */
export const YOOKASSA_VAT_CODES: Record<VatRate, number> = { none: 1, vat0: 2, vat10: 3, vat20: 4, vat5: 7, vat7: 8, vat22: 11 };

/** ЮKassa `tax_system_code`: 1 ОСН, 2 УСН доходы, 3 УСН доходы минус расходы, 4 ЕНВД (gone), 5 ЕСХН, 6 патент. */
export const YOOKASSA_TAX_SYSTEM_CODES: Record<TaxSystem, number> = { osn: 1, usn_income: 2, usn_income_outcome: 3, esn: 5, patent: 6 };

/** The receipt as ЮKassa's `receipt` object of POST /v3/payments (ФФД 1.05 and 1.2 alike). */
export function yookassaReceipt(receipt: Receipt) {
  return {
    customer: {
      email: receipt.customerEmail,
      ...(receipt.customerName ? { full_name: Array.from(receipt.customerName).slice(0, 256).join('') } : {}),
      ...(receipt.customerInn ? { inn: receipt.customerInn } : {}),
    },
    items: receipt.items.map((item) => ({
      description: receiptName(item.name),
      quantity: '1.00',
      amount: { value: kopecksToRubles(item.amountKopecks), currency: 'RUB' },
      vat_code: YOOKASSA_VAT_CODES[item.vatRate],
      payment_subject: 'service',
      payment_mode: 'full_payment',
    })),
    tax_system_code: YOOKASSA_TAX_SYSTEM_CODES[receipt.taxSystem],
  };
}

/**
 * ЮKassa API v3. `customerEmail` alone is not sent: ЮKassa takes the payer's e-mail only inside the
 * 54-ФЗ `receipt`, which goes with the payment when `input.receipt` is given.
 */
export class YooKassaProvider implements PaymentProvider {
  readonly code = 'yookassa';
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly senders = new BlockList();

  constructor(config: YooKassaConfig) {
    if (!config.shopId || !config.secretKey) throw new Error('ЮKassa: не заданы shopId и secretKey');
    if (config.trustedNetworks?.length && process.env.NODE_ENV === 'production') {
      throw new Error('ЮKassa: trustedNetworks только для тестов; в production уведомления принимаются лишь с адресов ЮKassa');
    }
    this.baseUrl = (config.baseUrl ?? 'https://api.yookassa.ru/v3').replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${config.shopId}:${config.secretKey}`).toString('base64')}`;
    for (const network of [...YOOKASSA_NETWORKS, ...(config.trustedNetworks ?? [])]) addNetwork(this.senders, network);
  }

  async createPayment(input: CreatePaymentInput, idempotenceKey: string): Promise<CreatedPayment> {
    if (input.receipt) assertReceiptFits(input.receipt, input.amountKopecks);
    const raw = await this.call('/payments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotence-Key': idempotenceKey },
      body: JSON.stringify({
        amount: { value: kopecksToRubles(input.amountKopecks), currency: 'RUB' },
        confirmation: { type: 'redirect', return_url: input.returnUrl },
        capture: true, // one stage: the money is taken when the payer pays, no separate capture call
        description: input.description,
        metadata: { orderId: input.orderId },
        ...(input.receipt ? { receipt: yookassaReceipt(input.receipt) } : {}),
        ...(input.saveMethod ? { save_payment_method: true } : {}),
      }),
    });
    const payment = readAnswer('yookassa', paymentAnswer, raw);
    const confirmationUrl = payment.confirmation?.confirmation_url;
    if (!confirmationUrl) throw new ProviderError('yookassa', 'bad_response', 'в ответе нет confirmation_url');
    return { providerPaymentId: payment.id, confirmationUrl, raw };
  }

  async getPayment(providerPaymentId: string): Promise<PaymentState> {
    const raw = await this.call(`/payments/${encodeURIComponent(providerPaymentId)}`);
    const payment = readAnswer('yookassa', paymentAnswer, raw);
    return {
      providerPaymentId: payment.id,
      status: statusOf(payment),
      amountKopecks: payment.amount.value,
      orderId: payment.metadata?.orderId,
      savedMethod: savedMethodOf(payment),
      raw,
    };
  }

  /**
   * An automatic payment: POST /v3/payments with `payment_method_id` of the saved method, `capture: true`
   * and no confirmation (the payer is not there). succeeded / canceled (cancellation_details.reason) /
   * pending (ЮKassa waits for the cash register: its notification or polling finishes it).
   */
  async chargeSaved(input: ChargeSavedInput, idempotenceKey: string): Promise<ChargeResult> {
    if (input.receipt) assertReceiptFits(input.receipt, input.amountKopecks);
    const raw = await this.call('/payments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotence-Key': idempotenceKey },
      body: JSON.stringify({
        amount: { value: kopecksToRubles(input.amountKopecks), currency: 'RUB' },
        capture: true,
        payment_method_id: input.method.token,
        description: input.description,
        metadata: { orderId: input.orderId },
        ...(input.receipt ? { receipt: yookassaReceipt(input.receipt) } : {}),
      }),
    });
    const payment = readAnswer('yookassa', paymentAnswer, raw);
    const status = payment.status === 'succeeded' ? 'succeeded' : payment.status === 'canceled' ? 'canceled' : 'pending';
    return { providerPaymentId: payment.id, status, amountKopecks: payment.amount.value, reason: payment.cancellation_details?.reason, raw };
  }

  /**
   * POST /v3/refunds with the refund's Idempotence-Key. With a receipt (the shop sends 54-ФЗ receipts),
   * `receipt` carries the refunded items: ЮKassa prints it as «возврат прихода» (required for a partial
   * refund; for a full one ЮKassa could take the payment's, but the items are the same then).
   * Statuses: succeeded, pending (finished later: refund.succeeded notification), canceled → ProviderError.
   */
  async refund(input: RefundInput, idempotenceKey: string): Promise<RefundResult> {
    if (input.receipt) assertReceiptFits(input.receipt, input.amountKopecks);
    const raw = await this.call('/refunds', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotence-Key': idempotenceKey },
      body: JSON.stringify({
        payment_id: input.providerPaymentId,
        amount: { value: kopecksToRubles(input.amountKopecks), currency: 'RUB' },
        ...(input.description ? { description: Array.from(input.description).slice(0, 250).join('') } : {}),
        ...(input.receipt ? { receipt: yookassaReceipt(input.receipt) } : {}),
      }),
    });
    const refund = readAnswer('yookassa', refundAnswer, raw);
    if (refund.status === 'canceled') {
      throw new ProviderError('yookassa', refund.cancellation_details?.reason ?? 'canceled', `возврат ${refund.id} отменён`);
    }
    if (refund.status !== 'succeeded' && refund.status !== 'pending') throw new ProviderError('yookassa', 'bad_response', `неизвестный статус возврата ${refund.status}`);
    return { providerRefundId: refund.id, status: refund.status, raw };
  }

  async verifyNotification(req: IncomingNotification): Promise<VerifiedNotification> {
    if (!this.isFromYooKassa(req.ip)) {
      throw new ForgedNotificationError(`Уведомление от имени ЮKassa пришло с адреса ${req.ip || '(пусто)'}, которого нет в опубликованных диапазонах ЮKassa`);
    }
    const parsed = notificationBody.safeParse(req.body);
    if (!parsed.success) throw new ForgedNotificationError('Тело уведомления ЮKassa не распознано');
    const { event, object } = parsed.data;

    if (event === 'refund.succeeded') {
      const raw = await unlessMissing(this.call(`/refunds/${encodeURIComponent(object.id)}`), `возврата ${object.id}`);
      const refund = readAnswer('yookassa', refundAnswer, raw);
      if (refund.status !== 'succeeded') {
        throw new ForgedNotificationError(`Уведомление о возврате ${refund.id}, но API ЮKassa отвечает, что его статус ${refund.status}`);
      }
      // amountKopecks is the refunded amount, which may be part of the payment.
      return { providerPaymentId: refund.payment_id, eventKey: `${event}:${refund.id}`, status: 'refunded', amountKopecks: refund.amount.value, providerRefundId: refund.id };
    }

    const raw = await unlessMissing(this.call(`/payments/${encodeURIComponent(object.id)}`), `платежа ${object.id}`);
    const payment = readAnswer('yookassa', paymentAnswer, raw);
    const expected = PAYMENT_EVENTS[event];
    if (payment.status !== expected.apiStatus) {
      throw new ForgedNotificationError(`Уведомление ${event} о платеже ${payment.id}, но API ЮKassa отвечает, что его статус ${payment.status}`);
    }
    return {
      providerPaymentId: payment.id,
      eventKey: `${event}:${payment.id}`,
      status: expected.status,
      amountKopecks: payment.amount.value,
      orderId: payment.metadata?.orderId,
      savedMethod: savedMethodOf(payment),
    };
  }

  notificationAck() {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: '' };
  }

  private isFromYooKassa(ip: string): boolean {
    const family = isIP(ip);
    // An IPv4 client seen by a dual-stack server arrives as ::ffff:a.b.c.d; BlockList matches that against IPv4 ranges.
    return family !== 0 && this.senders.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }

  private async call(path: string, init: { method?: 'POST'; headers?: Record<string, string>; body?: string } = {}): Promise<unknown> {
    const { status, body } = await callProvider('yookassa', this.baseUrl + path, {
      ...init,
      headers: { ...init.headers, Authorization: this.authorization },
    });
    if (status >= 200 && status < 300) return body;
    const error = errorAnswer.safeParse(body);
    if (!error.success) throw new ProviderError('yookassa', 'bad_response', `HTTP ${status}`);
    throw new ProviderError('yookassa', error.data.code, error.data.description ?? `HTTP ${status}`);
  }
}

function savedMethodOf(payment: z.infer<typeof paymentAnswer>): SavedMethod | undefined {
  const method = payment.payment_method;
  if (!method?.saved) return undefined;
  return { token: method.id, title: method.title ?? (method.card?.last4 ? `Карта *${method.card.last4}` : 'Сохранённый способ оплаты') };
}

function statusOf(payment: z.infer<typeof paymentAnswer>): PaymentStatus {
  switch (payment.status) {
    case 'succeeded':
      // A refunded payment stays "succeeded" in ЮKassa, with the refunds summed in refunded_amount.
      return payment.refunded_amount?.value === payment.amount.value ? 'refunded' : 'succeeded';
    case 'canceled':
      return 'canceled';
    default:
      return 'pending';
  }
}

/** A notification about something the API does not know (HTTP 404) was not sent by ЮKassa. */
async function unlessMissing<T>(request: Promise<T>, what: string): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ProviderError && error.code === 'not_found') {
      throw new ForgedNotificationError(`Уведомление ЮKassa о ${what}, которого API ЮKassa не знает`);
    }
    throw error;
  }
}

function addNetwork(list: BlockList, network: string): void {
  const [address = '', prefix] = network.split('/');
  const family = isIP(address);
  if (family === 0) throw new Error(`ЮKassa: «${network}» — не адрес и не сеть`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(prefix), type);
}

import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyReply } from 'fastify';
import { kopecksToRubles, rublesToKopecks } from '../money';
import { listenOnLoopback, type RunningFake } from './server';

/** A payment as ЮKassa's API shows it (the fields our adapter and tests read). */
interface FakePayment {
  id: string;
  status: 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';
  paid: boolean;
  amount: { value: string; currency: 'RUB' };
  refunded_amount?: { value: string; currency: 'RUB' };
  /** Absent for a payment with a saved method (payment_method_id): the payer confirms nothing. */
  confirmation?: { type: 'redirect'; return_url: string; confirmation_url: string };
  created_at: string;
  /** How it was paid; `saved: true` when created with save_payment_method: true (id = payment_method_id for autopayments). */
  payment_method?: { type: 'bank_card'; id: string; saved: boolean; title: string; card: { first6: string; last4: string; card_type: string } };
  captured_at?: string;
  description?: string;
  metadata?: Record<string, string>;
  refundable: boolean;
  /** Present when the payment came with a receipt: the cash register prints it once the payment succeeds. */
  receipt_registration?: 'pending' | 'succeeded' | 'canceled';
  test: true;
  cancellation_details?: { party: string; reason: string };
}

interface FakeRefund {
  id: string;
  payment_id: string;
  status: 'pending' | 'succeeded' | 'canceled';
  amount: { value: string; currency: 'RUB' };
  created_at: string;
  description?: string;
  receipt_registration?: 'pending' | 'succeeded';
  cancellation_details?: { party: string; reason: string };
}

/** A POST /v3/refunds as the fake received it (whether or not it made a refund). */
export interface YooKassaRefundRequest {
  idempotenceKey: string;
  body: { payment_id?: string; amount?: { value?: string; currency?: string }; description?: string; receipt?: YooKassaReceiptBody };
  /** The refund made (or repeated for the same key); undefined when the request was refused. */
  refundId?: string;
}

export interface FakeYooKassa extends RunningFake {
  /** The payer pays: the payment becomes succeeded (we create with capture: true). */
  pay(paymentId: string): void;
  /** The payer gives up or the payment expires: canceled. */
  cancel(paymentId: string): void;
  /**
   * A refund made in the ЮKassa dashboard, the whole amount unless told. Returns the refund id.
   * `pending` leaves it unfinished (some payment methods return money later), not counted in refunded_amount.
   */
  refund(paymentId: string, amountKopecks?: number, status?: FakeRefund['status']): string;
  /** The webhook body ЮKassa would POST for the payment's current status. */
  notificationFor(paymentId: string): { type: 'notification'; event: string; object: FakePayment };
  /** The refund.succeeded webhook body for a refund (for a pending one, a false claim to test refusal). */
  refundNotificationFor(refundId: string): { type: 'notification'; event: 'refund.succeeded'; object: FakeRefund };
  /** The `receipt` object the payment was created with, as sent (undefined when there was none). */
  receiptOf(paymentId: string): YooKassaReceiptBody | undefined;
  /** How many payments were created with a receipt so far. */
  receiptCount(): number;
  /** Every POST /v3/refunds received, in order. */
  refundRequests(): YooKassaRefundRequest[];
  /**
   * From now on refunds through the API are canceled by ЮKassa with this reason (as for a refund the
   * payment network rejects, e.g. `rejected_by_payee`); undefined makes them succeed again.
   */
  cancelRefunds(reason: string | undefined): void;
  /** Every POST /v3/payments with payment_method_id (an automatic payment), as received. */
  autopayments(): Array<Record<string, unknown>>;
  /** From now on automatic payments are canceled with this reason (e.g. `insufficient_funds`); undefined: they succeed. */
  declineAutopayments(reason: string | undefined): void;
}

export interface FakeYooKassaOptions {
  /**
   * The shop sends 54-ФЗ receipts through ЮKassa (an online cash register is connected): a payment
   * without `receipt` is refused. A receipt that is sent is checked either way.
   */
  receiptsRequired?: boolean;
}

/** The `receipt` of POST /v3/payments, the fields the fake checks. */
export interface YooKassaReceiptBody {
  customer?: { email?: string; phone?: string; full_name?: string; inn?: string };
  items: Array<{
    description: string;
    quantity: string | number;
    amount: { value: string; currency: 'RUB' };
    vat_code: number;
    payment_subject?: string;
    payment_mode?: string;
  }>;
  tax_system_code?: number;
}

// yookassa.ru/developers/payment-acceptance/receipts/54fz/parameters-values
const VAT_CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
const TAX_SYSTEM_CODES = new Set([1, 2, 3, 4, 5, 6]);
const PAYMENT_MODES = new Set(['full_prepayment', 'partial_prepayment', 'advance', 'full_payment', 'partial_payment', 'credit', 'credit_payment']);
// The ФФД 1.05 values of that page and the first ones of 1.2; a shop on 1.2 has more, which we never send.
const PAYMENT_SUBJECTS = new Set([
  'commodity', 'excise', 'job', 'service', 'payment', 'casino', 'gambling_bet', 'gambling_prize', 'lottery', 'lottery_prize',
  'intellectual_activity', 'agent_commission', 'property_right', 'non_operating_gain', 'insurance_premium', 'sales_tax',
  'resort_fee', 'composite', 'another', 'marked', 'non_marked',
]);

/**
 * What is wrong with a receipt for a payment of `amountKopecks`, as ЮKassa would refuse it
 * (400 invalid_request, parameter "receipt"), or null when it is acceptable.
 */
function receiptProblem(receipt: unknown, amountKopecks: number): string | null {
  if (typeof receipt !== 'object' || receipt === null || Array.isArray(receipt)) return 'Receipt is missing or illegal';
  const r = receipt as Record<string, unknown>;
  const customer = (r.customer ?? {}) as Record<string, unknown>;
  const email = customer.email ?? r.email;
  const phone = customer.phone ?? r.phone;
  if (!(typeof email === 'string' && /^[^@\s]+@[^@\s]+$/.test(email)) && !(typeof phone === 'string' && /^\+?\d{11,15}$/.test(phone))) {
    return 'Receipt customer needs an email or a phone';
  }
  if (customer.inn !== undefined && !(typeof customer.inn === 'string' && /^(\d{10}|\d{12})$/.test(customer.inn))) return 'Receipt customer.inn is illegal';
  if (r.tax_system_code !== undefined && !TAX_SYSTEM_CODES.has(r.tax_system_code as number)) return 'Receipt tax_system_code is illegal';
  if (!Array.isArray(r.items) || r.items.length === 0 || r.items.length > 100) return 'Receipt items: from 1 to 100 are allowed';
  // Sum of price × quantity in thousandths of a kopeck (quantity has up to 3 decimals): integers only.
  let sum = 0n;
  for (const [i, raw] of r.items.entries()) {
    const item = (raw ?? {}) as Record<string, unknown>;
    if (typeof item.description !== 'string' || item.description === '' || Array.from(item.description).length > 128) {
      return `Receipt items[${i}].description must be 1 to 128 characters`;
    }
    // quantity: "1.00" or 1, up to 3 decimals, > 0
    const q = typeof item.quantity === 'string' || typeof item.quantity === 'number' ? /^(\d+)(?:\.(\d{1,3}))?$/.exec(String(item.quantity)) : null;
    const thousandths = q ? BigInt(q[1]!) * 1000n + BigInt((q[2] ?? '').padEnd(3, '0')) : 0n;
    if (thousandths <= 0n) return `Receipt items[${i}].quantity is illegal`;
    const amount = (item.amount ?? {}) as Record<string, unknown>;
    if (typeof amount.value !== 'string' || !/^\d+\.\d{2}$/.test(amount.value) || amount.currency !== 'RUB') return `Receipt items[${i}].amount is illegal`;
    if (!VAT_CODES.has(item.vat_code as number)) return `Receipt items[${i}].vat_code is illegal`;
    if (item.payment_mode !== undefined && !PAYMENT_MODES.has(item.payment_mode as string)) return `Receipt items[${i}].payment_mode is illegal`;
    if (item.payment_subject !== undefined && !PAYMENT_SUBJECTS.has(item.payment_subject as string)) return `Receipt items[${i}].payment_subject is illegal`;
    sum += BigInt(rublesToKopecks(amount.value)) * thousandths;
  }
  if (sum !== BigInt(amountKopecks) * 1000n) {
    return `The sum of receipt items (price × quantity) differs from the payment amount ${kopecksToRubles(amountKopecks)}`;
  }
  return null;
}

const EVENTS: Partial<Record<FakePayment['status'], string>> = {
  succeeded: 'payment.succeeded',
  waiting_for_capture: 'payment.waiting_for_capture',
  canceled: 'payment.canceled',
};

/**
 * A local ЮKassa API v3: Basic auth with shopId:secretKey, the Idempotence-Key rules
 * (same key + same body → the same payment; same key + another body → error), payments and refunds in memory.
 * A 54-ФЗ `receipt` is checked as a shop with an online cash register has it checked (customer contact,
 * items, codes, the items adding up to the amount) and kept for receiptOf; `receiptsRequired` refuses
 * payments without one.
 */
export async function startFakeYooKassa(credentials: { shopId: string; secretKey: string }, options: FakeYooKassaOptions = {}): Promise<FakeYooKassa> {
  const payments = new Map<string, FakePayment>();
  const receipts = new Map<string, YooKassaReceiptBody>();
  const refunds = new Map<string, FakeRefund>();
  const idempotence = new Map<string, { body: string; paymentId: string }>();
  const refundIdempotence = new Map<string, { body: string; refundId: string }>();
  const refundRequests: YooKassaRefundRequest[] = [];
  let cancelReason: string | undefined;
  const pendingSaves = new Set<string>();
  const savedMethods = new Map<string, NonNullable<FakePayment['payment_method']>>();
  const autopayments: Array<Record<string, unknown>> = [];
  let autopayDecline: string | undefined;
  const expectedAuthorization = `Basic ${Buffer.from(`${credentials.shopId}:${credentials.secretKey}`).toString('base64')}`;

  const app = Fastify();
  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.authorization !== expectedAuthorization) {
      return fail(reply, 401, 'invalid_credentials', 'Authentication by given credentials failed', 'Authorization');
    }
  });

  app.post('/v3/payments', async (request, reply) => {
    const key = request.headers['idempotence-key'];
    if (typeof key !== 'string' || key === '' || key.length > 64) {
      return fail(reply, 400, 'invalid_request', 'Idempotence-Key header is missing or longer than 64 characters', 'Idempotence-Key');
    }
    const bodyText = JSON.stringify(request.body);
    const earlier = idempotence.get(key);
    if (earlier) {
      if (earlier.body !== bodyText) {
        return fail(reply, 400, 'invalid_request', 'Idempotence key duplicated: the request differs from the first one with this key', 'Idempotence-Key');
      }
      return payments.get(earlier.paymentId);
    }

    const body = (request.body ?? {}) as {
      amount?: { value?: unknown; currency?: unknown };
      confirmation?: { type?: unknown; return_url?: unknown };
      description?: unknown;
      metadata?: Record<string, string>;
      receipt?: unknown;
      save_payment_method?: unknown;
      payment_method_id?: unknown;
    };
    const value = body.amount?.value;
    if (typeof value !== 'string' || !/^\d+\.\d{2}$/.test(value) || rublesToKopecks(value) === 0) {
      return fail(reply, 400, 'invalid_request', 'Invalid amount value', 'amount.value');
    }
    if (body.amount?.currency !== 'RUB') return fail(reply, 400, 'invalid_request', 'Invalid currency', 'amount.currency');
    const saved = typeof body.payment_method_id === 'string' ? savedMethods.get(body.payment_method_id) : undefined;
    if (body.payment_method_id !== undefined && !saved) return fail(reply, 400, 'invalid_request', 'Payment method is not saved or does not exist', 'payment_method_id');
    if (!saved && (body.confirmation?.type !== 'redirect' || typeof body.confirmation.return_url !== 'string')) {
      return fail(reply, 400, 'invalid_request', 'Redirect confirmation needs return_url', 'confirmation');
    }
    if (body.save_payment_method !== undefined && typeof body.save_payment_method !== 'boolean') return fail(reply, 400, 'invalid_request', 'save_payment_method must be boolean', 'save_payment_method');
    if (body.receipt !== undefined || options.receiptsRequired) {
      const problem = receiptProblem(body.receipt, rublesToKopecks(value));
      if (problem) return fail(reply, 400, 'invalid_request', problem, 'receipt');
    }

    const id = randomUUID();
    const payment: FakePayment = {
      id,
      status: 'pending',
      paid: false,
      amount: { value, currency: 'RUB' },
      ...(saved
        ? { payment_method: saved }
        : { confirmation: { type: 'redirect' as const, return_url: body.confirmation!.return_url as string, confirmation_url: `http://${request.host}/checkout/payments/v2/contract?orderId=${id}` } }),
      created_at: new Date().toISOString(),
      description: typeof body.description === 'string' ? body.description : undefined,
      metadata: body.metadata,
      refundable: false,
      ...(body.receipt !== undefined ? { receipt_registration: 'pending' as const } : {}),
      test: true,
    };
    if (body.save_payment_method === true) pendingSaves.add(id);
    if (saved) {
      // An automatic payment: decided at once by the card's bank, no payer involved.
      autopayments.push(structuredClone(body) as Record<string, unknown>);
      if (autopayDecline) Object.assign(payment, { status: 'canceled', cancellation_details: { party: 'issuer', reason: autopayDecline } });
      else Object.assign(payment, { status: 'succeeded', paid: true, refundable: true, captured_at: new Date().toISOString() });
      if (payment.receipt_registration) payment.receipt_registration = autopayDecline ? 'canceled' : 'succeeded';
    }
    payments.set(id, payment);
    if (body.receipt !== undefined) receipts.set(id, structuredClone(body.receipt) as YooKassaReceiptBody);
    idempotence.set(key, { body: bodyText, paymentId: id });
    return payment;
  });

  app.get<{ Params: { id: string } }>('/v3/payments/:id', async (request, reply) => {
    return payments.get(request.params.id) ?? fail(reply, 404, 'not_found', "Payment doesn't exist or access denied", 'payment_id');
  });

  app.get<{ Params: { id: string } }>('/v3/refunds/:id', async (request, reply) => {
    return refunds.get(request.params.id) ?? fail(reply, 404, 'not_found', "Refund doesn't exist or access denied", 'refund_id');
  });

  /**
   * POST /v3/refunds: payment_id of a succeeded payment, amount ≤ what is still refundable, Idempotence-Key
   * (same key + same body → the same refund; another body → error). A shop with a cash register sends
   * `receipt` (the refund receipt) — required for a partial refund, checked like a payment's, the items
   * adding up to the refund. Refusals are 400 invalid_request, as ЮKassa answers them.
   */
  app.post('/v3/refunds', async (request, reply) => {
    const key = request.headers['idempotence-key'];
    const body = (request.body ?? {}) as YooKassaRefundRequest['body'];
    const record: YooKassaRefundRequest = { idempotenceKey: typeof key === 'string' ? key : '', body: structuredClone(body) };
    refundRequests.push(record);
    if (typeof key !== 'string' || key === '' || key.length > 64) {
      return fail(reply, 400, 'invalid_request', 'Idempotence-Key header is missing or longer than 64 characters', 'Idempotence-Key');
    }
    const bodyText = JSON.stringify(request.body);
    const earlier = refundIdempotence.get(key);
    if (earlier) {
      if (earlier.body !== bodyText) return fail(reply, 400, 'invalid_request', 'Idempotence key duplicated: the request differs from the first one with this key', 'Idempotence-Key');
      record.refundId = earlier.refundId;
      return refunds.get(earlier.refundId);
    }
    const payment = typeof body.payment_id === 'string' ? payments.get(body.payment_id) : undefined;
    if (!payment) return fail(reply, 400, 'invalid_request', "Payment doesn't exist or access denied", 'payment_id');
    if (payment.status !== 'succeeded') return fail(reply, 400, 'invalid_request', `Payment in status ${payment.status} can't be refunded`, 'payment_id');
    const value = body.amount?.value;
    if (typeof value !== 'string' || !/^\d+\.\d{2}$/.test(value) || rublesToKopecks(value) === 0) return fail(reply, 400, 'invalid_request', 'Invalid amount value', 'amount.value');
    if (body.amount?.currency !== 'RUB') return fail(reply, 400, 'invalid_request', 'Invalid currency', 'amount.currency');
    const refunding = rublesToKopecks(value);
    const paid = rublesToKopecks(payment.amount.value);
    const refundedBefore = payment.refunded_amount ? rublesToKopecks(payment.refunded_amount.value) : 0;
    if (refundedBefore + refunding > paid) {
      return fail(reply, 400, 'invalid_request', `Refund amount exceeds the amount available for refund ${kopecksToRubles(paid - refundedBefore || 1)}`, 'amount.value');
    }
    const partial = refundedBefore + refunding < paid || refundedBefore > 0;
    if (body.receipt !== undefined || (options.receiptsRequired && receipts.has(payment.id) && partial)) {
      const problem = receiptProblem(body.receipt, refunding);
      if (problem) return fail(reply, 400, 'invalid_request', problem, 'receipt');
    }
    const refund: FakeRefund = {
      id: randomUUID(),
      payment_id: payment.id,
      status: cancelReason ? 'canceled' : 'succeeded',
      amount: { value, currency: 'RUB' },
      created_at: new Date().toISOString(),
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(body.receipt !== undefined || receipts.has(payment.id) ? { receipt_registration: 'pending' as const } : {}),
      ...(cancelReason ? { cancellation_details: { party: 'payment_network', reason: cancelReason } } : {}),
    };
    refunds.set(refund.id, refund);
    refundIdempotence.set(key, { body: bodyText, refundId: refund.id });
    record.refundId = refund.id;
    if (refund.status === 'succeeded') {
      payment.refunded_amount = { value: kopecksToRubles(refundedBefore + refunding), currency: 'RUB' };
      payment.refundable = refundedBefore + refunding < paid;
    }
    return refund;
  });

  const running = await listenOnLoopback(app, '/v3');

  function find(paymentId: string, expected: FakePayment['status']): FakePayment {
    const payment = payments.get(paymentId);
    if (!payment) throw new Error(`Фейковая ЮKassa: нет платежа ${paymentId}`);
    if (payment.status !== expected) throw new Error(`Фейковая ЮKassa: платёж ${paymentId} в статусе ${payment.status}, а не ${expected}`);
    return payment;
  }

  return {
    ...running,
    pay(paymentId) {
      const payment = find(paymentId, 'pending');
      Object.assign(payment, { status: 'succeeded', paid: true, refundable: true, captured_at: new Date().toISOString() });
      if (payment.receipt_registration) payment.receipt_registration = 'succeeded';
      // The payer paid by card; with save_payment_method: true the card is saved under a new method id.
      const method = { type: 'bank_card' as const, id: randomUUID(), saved: pendingSaves.has(paymentId), title: 'Bank card *4477', card: { first6: '555555', last4: '4477', card_type: 'MasterCard' } };
      payment.payment_method = method;
      if (method.saved) savedMethods.set(method.id, method);
    },
    cancel(paymentId) {
      const payment = find(paymentId, 'pending');
      Object.assign(payment, { status: 'canceled', cancellation_details: { party: 'yoo_money', reason: 'expired_on_confirmation' } });
      if (payment.receipt_registration) payment.receipt_registration = 'canceled';
    },
    refund(paymentId, amountKopecks, status = 'succeeded') {
      const payment = find(paymentId, 'succeeded');
      const paid = rublesToKopecks(payment.amount.value);
      const refundedBefore = payment.refunded_amount ? rublesToKopecks(payment.refunded_amount.value) : 0;
      const refunding = amountKopecks ?? paid - refundedBefore;
      if (refundedBefore + refunding > paid) throw new Error('Фейковая ЮKassa: возврат больше оплаченного');
      const refund: FakeRefund = {
        id: randomUUID(),
        payment_id: paymentId,
        status,
        amount: { value: kopecksToRubles(refunding), currency: 'RUB' },
        created_at: new Date().toISOString(),
      };
      refunds.set(refund.id, refund);
      if (status === 'pending') return refund.id;
      payment.refunded_amount = { value: kopecksToRubles(refundedBefore + refunding), currency: 'RUB' };
      payment.refundable = refundedBefore + refunding < paid;
      return refund.id;
    },
    notificationFor(paymentId) {
      const payment = payments.get(paymentId);
      const event = payment && EVENTS[payment.status];
      if (!payment || !event) throw new Error(`Фейковая ЮKassa: о платеже ${paymentId} уведомлять не о чем`);
      return { type: 'notification', event, object: structuredClone(payment) };
    },
    refundNotificationFor(refundId) {
      const refund = refunds.get(refundId);
      if (!refund) throw new Error(`Фейковая ЮKassa: нет возврата ${refundId}`);
      return { type: 'notification', event: 'refund.succeeded', object: structuredClone(refund) };
    },
    receiptOf(paymentId) {
      const receipt = receipts.get(paymentId);
      return receipt && structuredClone(receipt);
    },
    receiptCount: () => receipts.size,
    refundRequests: () => structuredClone(refundRequests),
    cancelRefunds(reason) {
      cancelReason = reason;
    },
    autopayments: () => structuredClone(autopayments),
    declineAutopayments(reason) {
      autopayDecline = reason;
    },
  };
}

/** ЮKassa's error body. */
function fail(reply: FastifyReply, status: number, code: string, description: string, parameter: string) {
  return reply.code(status).send({ type: 'error', id: randomUUID(), code, description, parameter });
}

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
  confirmation: { type: 'redirect'; return_url: string; confirmation_url: string };
  created_at: string;
  captured_at?: string;
  description?: string;
  metadata?: Record<string, string>;
  refundable: boolean;
  test: true;
  cancellation_details?: { party: string; reason: string };
}

interface FakeRefund {
  id: string;
  payment_id: string;
  status: 'pending' | 'succeeded';
  amount: { value: string; currency: 'RUB' };
  created_at: string;
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
}

const EVENTS: Partial<Record<FakePayment['status'], string>> = {
  succeeded: 'payment.succeeded',
  waiting_for_capture: 'payment.waiting_for_capture',
  canceled: 'payment.canceled',
};

/**
 * A local ЮKassa API v3: Basic auth with shopId:secretKey, the Idempotence-Key rules
 * (same key + same body → the same payment; same key + another body → error), payments and refunds in memory.
 */
export async function startFakeYooKassa(credentials: { shopId: string; secretKey: string }): Promise<FakeYooKassa> {
  const payments = new Map<string, FakePayment>();
  const refunds = new Map<string, FakeRefund>();
  const idempotence = new Map<string, { body: string; paymentId: string }>();
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
    };
    const value = body.amount?.value;
    if (typeof value !== 'string' || !/^\d+\.\d{2}$/.test(value) || rublesToKopecks(value) === 0) {
      return fail(reply, 400, 'invalid_request', 'Invalid amount value', 'amount.value');
    }
    if (body.amount?.currency !== 'RUB') return fail(reply, 400, 'invalid_request', 'Invalid currency', 'amount.currency');
    if (body.confirmation?.type !== 'redirect' || typeof body.confirmation.return_url !== 'string') {
      return fail(reply, 400, 'invalid_request', 'Redirect confirmation needs return_url', 'confirmation');
    }

    const id = randomUUID();
    const payment: FakePayment = {
      id,
      status: 'pending',
      paid: false,
      amount: { value, currency: 'RUB' },
      confirmation: {
        type: 'redirect',
        return_url: body.confirmation.return_url,
        confirmation_url: `http://${request.host}/checkout/payments/v2/contract?orderId=${id}`,
      },
      created_at: new Date().toISOString(),
      description: typeof body.description === 'string' ? body.description : undefined,
      metadata: body.metadata,
      refundable: false,
      test: true,
    };
    payments.set(id, payment);
    idempotence.set(key, { body: bodyText, paymentId: id });
    return payment;
  });

  app.get<{ Params: { id: string } }>('/v3/payments/:id', async (request, reply) => {
    return payments.get(request.params.id) ?? fail(reply, 404, 'not_found', "Payment doesn't exist or access denied", 'payment_id');
  });

  app.get<{ Params: { id: string } }>('/v3/refunds/:id', async (request, reply) => {
    return refunds.get(request.params.id) ?? fail(reply, 404, 'not_found', "Refund doesn't exist or access denied", 'refund_id');
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
    },
    cancel(paymentId) {
      const payment = find(paymentId, 'pending');
      Object.assign(payment, { status: 'canceled', cancellation_details: { party: 'yoo_money', reason: 'expired_on_confirmation' } });
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
  };
}

/** ЮKassa's error body. */
function fail(reply: FastifyReply, status: number, code: string, description: string, parameter: string) {
  return reply.code(status).send({ type: 'error', id: randomUUID(), code, description, parameter });
}

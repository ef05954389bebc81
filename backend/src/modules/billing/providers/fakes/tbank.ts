import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { tbankToken } from '../tbank';
import { listenOnLoopback, type RunningFake } from './server';

interface FakePayment {
  PaymentId: string;
  OrderId: string;
  Amount: number;
  Status: 'NEW' | 'CONFIRMED' | 'CANCELED' | 'REFUNDED';
  PaymentURL: string;
}

export interface FakeTBank extends RunningFake {
  /** The payer pays: NEW → CONFIRMED (one-stage payment). */
  pay(paymentId: string): void;
  /** The merchant cancels the unpaid payment: NEW → CANCELED. */
  cancel(paymentId: string): void;
  /** A full refund from the dashboard: CONFIRMED → REFUNDED. */
  refund(paymentId: string): void;
  /** The notification body Т-Банк would POST for the payment's current status, signed with the terminal password. */
  notificationFor(paymentId: string): Record<string, unknown>;
}

// Т-Банк's documented answer to a wrong Token.
const WRONG_TOKEN = { ErrorCode: '204', Message: 'Неверные параметры.', Details: 'Неверный токен. Проверьте пару TerminalKey/SecretKey.' };
// The exact codes for the other refusals could not be checked offline; the adapter treats every non-zero code alike.
const FAKE_REFUSAL_CODE = '9999';

/**
 * A local Т-Банк acquiring API v2 (Init, GetState, GetQr). Every request must carry the terminal's
 * TerminalKey and a valid Token. OrderId is unique per terminal, as on a terminal with the uniqueness check on.
 */
export async function startFakeTBank(terminal: { terminalKey: string; password: string }): Promise<FakeTBank> {
  const payments = new Map<string, FakePayment>();
  const byOrderId = new Set<string>();
  let lastPaymentId = 3_000_000_000;

  const app = Fastify();
  // Т-Банк answers HTTP 200 even to refusals; the verdict is in Success and ErrorCode.
  const refuse = (details: string, code = FAKE_REFUSAL_CODE) => ({ Success: false, ErrorCode: code, Message: 'Неверные параметры.', Details: details });

  app.addHook('preHandler', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const authentic = body.TerminalKey === terminal.terminalKey && body.Token === tbankToken(body, terminal.password);
    if (!authentic) return reply.send({ Success: false, ...WRONG_TOKEN });
  });

  app.post('/v2/Init', async (request) => {
    const { Amount, OrderId } = request.body as Record<string, unknown>;
    if (!Number.isSafeInteger(Amount) || (Amount as number) <= 0) return refuse('Amount — целое число копеек больше нуля.');
    if (typeof OrderId !== 'string' || OrderId === '' || OrderId.length > 36) return refuse('OrderId — строка до 36 символов.');
    if (byOrderId.has(OrderId)) return refuse(`Заказ с OrderId ${OrderId} уже существует.`);

    const payment: FakePayment = {
      PaymentId: String(++lastPaymentId),
      OrderId,
      Amount: Amount as number,
      Status: 'NEW',
      PaymentURL: `http://${request.host}/new/${randomBytes(6).toString('base64url')}`,
    };
    payments.set(payment.PaymentId, payment);
    byOrderId.add(OrderId);
    return { Success: true, ErrorCode: '0', TerminalKey: terminal.terminalKey, ...payment };
  });

  app.post('/v2/GetState', async (request) => {
    const payment = payments.get(String((request.body as Record<string, unknown>).PaymentId));
    if (!payment) return refuse('Платёж не найден.');
    const { PaymentId, OrderId, Amount, Status } = payment;
    return { Success: true, ErrorCode: '0', TerminalKey: terminal.terminalKey, PaymentId, OrderId, Amount, Status };
  });

  app.post('/v2/GetQr', async (request) => {
    const { PaymentId, DataType = 'PAYLOAD' } = request.body as Record<string, unknown>;
    const payment = payments.get(String(PaymentId));
    if (!payment) return refuse('Платёж не найден.');
    if (payment.Status !== 'NEW') return refuse(`QR не выдаётся для платежа в статусе ${payment.Status}.`);
    const link = `https://qr.nspk.ru/AD1000${payment.PaymentId}?type=02&bank=100000000004&sum=${payment.Amount}&cur=RUB`;
    let Data: string;
    if (DataType === 'PAYLOAD') Data = link;
    else if (DataType === 'IMAGE') Data = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 29 29"><desc>${link.replaceAll('&', '&amp;')}</desc></svg>`;
    else return refuse('DataType — PAYLOAD или IMAGE.');
    return { Success: true, ErrorCode: '0', TerminalKey: terminal.terminalKey, OrderId: payment.OrderId, PaymentId: payment.PaymentId, Data };
  });

  const running = await listenOnLoopback(app, '/v2');

  function move(paymentId: string, from: FakePayment['Status'], to: FakePayment['Status']): void {
    const payment = payments.get(paymentId);
    if (!payment) throw new Error(`Фейковый Т-Банк: нет платежа ${paymentId}`);
    if (payment.Status !== from) throw new Error(`Фейковый Т-Банк: платёж ${paymentId} в статусе ${payment.Status}, а не ${from}`);
    payment.Status = to;
  }

  return {
    ...running,
    pay: (paymentId) => move(paymentId, 'NEW', 'CONFIRMED'),
    cancel: (paymentId) => move(paymentId, 'NEW', 'CANCELED'),
    refund: (paymentId) => move(paymentId, 'CONFIRMED', 'REFUNDED'),
    notificationFor(paymentId) {
      const payment = payments.get(paymentId);
      if (!payment) throw new Error(`Фейковый Т-Банк: нет платежа ${paymentId}`);
      const fields = {
        TerminalKey: terminal.terminalKey,
        OrderId: payment.OrderId,
        Success: true,
        Status: payment.Status,
        PaymentId: Number(payment.PaymentId), // a number in notifications, a string in API answers
        ErrorCode: '0',
        Amount: payment.Amount,
        CardId: 410293847,
        Pan: '430000******0777',
        ExpDate: '1230',
      };
      return { ...fields, Token: tbankToken(fields, terminal.password) };
    },
  };
}

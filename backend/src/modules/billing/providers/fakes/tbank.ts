import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { tbankToken } from '../tbank';
import { listenOnLoopback, type RunningFake } from './server';

interface FakePayment {
  PaymentId: string;
  OrderId: string;
  Amount: number;
  Status: 'NEW' | 'CONFIRMED' | 'CANCELED' | 'REFUNDED' | 'PARTIAL_REFUNDED' | 'REJECTED';
  /** Kopecks returned by Cancel so far. */
  Refunded: number;
  PaymentURL: string;
  /** Init with Recurrent=Y: the customer the card is saved for; once paid, the card's RebillId. */
  CustomerKey?: string;
  RebillId?: string;
}

export interface FakeTBank extends RunningFake {
  /** The payer pays: NEW → CONFIRMED (one-stage payment). */
  pay(paymentId: string): void;
  /** The merchant cancels the unpaid payment: NEW → CANCELED. */
  cancel(paymentId: string): void;
  /** A full refund from the dashboard: CONFIRMED → REFUNDED. */
  refund(paymentId: string): void;
  /** A (partial) refund made in Т-Банк's dashboard: CONFIRMED/PARTIAL_REFUNDED → PARTIAL_REFUNDED (REFUNDED once all went back). */
  refundInDashboard(paymentId: string, amountKopecks: number): void;
  /**
   * The notification body Т-Банк would POST for the payment's current status, signed with the terminal
   * password. For REFUNDED / PARTIAL_REFUNDED its Amount is what has been returned of the payment in all.
   */
  notificationFor(paymentId: string): Record<string, unknown>;
  /** The `Receipt` the payment was initialised with, as sent (undefined when there was none). */
  receiptOf(paymentId: string): TBankReceiptBody | undefined;
  /** How many payments were created with a receipt so far. */
  receiptCount(): number;
  /** Every authentic Cancel received (its body as sent, Token included), in order, and what it answered. */
  cancels(): Array<{ body: Record<string, unknown>; answer: Record<string, unknown> }>;
  /** From now on Cancel is refused with this Details text (undefined: accepted again). */
  refuseCancels(details: string | undefined): void;
  /** Every authentic Charge received (its body as sent), in order. */
  charges(): Array<Record<string, unknown>>;
  /** From now on Charge is declined by the card's bank with this Details text (undefined: paid again). */
  declineCharges(details: string | undefined): void;
}

export interface FakeTBankOptions {
  /**
   * The terminal has an online cash register connected (54-ФЗ): Init without `Receipt` is refused.
   * A receipt that is sent is checked either way.
   */
  receiptsRequired?: boolean;
}

/** The `Receipt` of Init, the fields the fake checks (amounts in kopecks). */
export interface TBankReceiptBody {
  FfdVersion?: '1.05' | '1.2';
  Email?: string;
  Phone?: string;
  Taxation: string;
  Items: Array<{ Name: string; Price: number; Quantity: number; Amount: number; Tax: string; PaymentMethod?: string; PaymentObject?: string; MeasurementUnit?: string }>;
}

const TAXATIONS = new Set(['osn', 'usn_income', 'usn_income_outcome', 'envd', 'esn', 'patent']);
const TAXES = new Set(['none', 'vat0', 'vat5', 'vat7', 'vat10', 'vat20', 'vat22', 'vat105', 'vat107', 'vat110', 'vat120', 'vat122']);
const PAYMENT_METHODS = new Set(['full_prepayment', 'prepayment', 'advance', 'full_payment', 'partial_payment', 'credit', 'credit_payment']);
const PAYMENT_OBJECTS = new Set([
  'commodity', 'excise', 'job', 'service', 'gambling_bet', 'gambling_prize', 'lottery', 'lottery_prize',
  'intellectual_activity', 'payment', 'agent_commission', 'composite', 'another',
]);

/** What is wrong with Init's Receipt for a payment of `amount` kopecks, or null when it is acceptable. */
function receiptProblem(receipt: unknown, amount: number): string | null {
  if (typeof receipt !== 'object' || receipt === null || Array.isArray(receipt)) return 'Receipt: чек обязателен для терминала с онлайн-кассой.';
  const r = receipt as Record<string, unknown>;
  const ffd = r.FfdVersion ?? '1.05';
  if (ffd !== '1.05' && ffd !== '1.2') return 'Receipt.FfdVersion — 1.05 или 1.2.';
  const email = typeof r.Email === 'string' && /^[^@\s]+@[^@\s]+$/.test(r.Email);
  const phone = typeof r.Phone === 'string' && /^\+\d{11,15}$/.test(r.Phone);
  if (!email && !phone) return 'Receipt: нужен Email или Phone покупателя.';
  if (!TAXATIONS.has(r.Taxation as string)) return 'Receipt.Taxation — неизвестная система налогообложения.';
  if (!Array.isArray(r.Items) || r.Items.length === 0 || r.Items.length > 100) return 'Receipt.Items — от 1 до 100 позиций.';
  let sum = 0;
  for (const [i, raw] of r.Items.entries()) {
    const item = (raw ?? {}) as Record<string, unknown>;
    if (typeof item.Name !== 'string' || item.Name === '' || Array.from(item.Name).length > 128) return `Receipt.Items[${i}].Name — от 1 до 128 символов.`;
    if (!Number.isSafeInteger(item.Price) || (item.Price as number) < 0) return `Receipt.Items[${i}].Price — целое число копеек.`;
    if (!Number.isSafeInteger(item.Amount) || (item.Amount as number) <= 0) return `Receipt.Items[${i}].Amount — целое число копеек больше нуля.`;
    if (typeof item.Quantity !== 'number' || !(item.Quantity > 0)) return `Receipt.Items[${i}].Quantity — число больше нуля.`;
    // Price × Quantity must be Amount (to the kopeck), or the cash register refuses the чек.
    if (Math.abs((item.Price as number) * item.Quantity - (item.Amount as number)) >= 0.5) return `Receipt.Items[${i}]: Price × Quantity не равно Amount.`;
    if (!TAXES.has(item.Tax as string)) return `Receipt.Items[${i}].Tax — неизвестная ставка НДС.`;
    if (item.PaymentMethod !== undefined && !PAYMENT_METHODS.has(item.PaymentMethod as string)) return `Receipt.Items[${i}].PaymentMethod — неизвестный способ расчёта.`;
    // ФФД 1.2 has more subjects than these 1.05 ones; the fake checks only 1.05.
    if (ffd === '1.05' && item.PaymentObject !== undefined && !PAYMENT_OBJECTS.has(item.PaymentObject as string)) return `Receipt.Items[${i}].PaymentObject — неизвестный предмет расчёта.`;
    if (ffd === '1.2' && typeof item.MeasurementUnit !== 'string') return `Receipt.Items[${i}].MeasurementUnit обязателен для ФФД 1.2.`;
    sum += item.Amount as number;
  }
  if (sum !== amount) return `Сумма позиций чека ${sum} не равна сумме платежа ${amount}.`;
  return null;
}

// Т-Банк's documented answer to a wrong Token.
const WRONG_TOKEN = { ErrorCode: '204', Message: 'Неверные параметры.', Details: 'Неверный токен. Проверьте пару TerminalKey/SecretKey.' };
// The exact codes for the other refusals could not be checked offline; the adapter treats every non-zero code alike.
const FAKE_REFUSAL_CODE = '9999';

/**
 * A local Т-Банк acquiring API v2 (Init, GetState, GetQr, Cancel, Charge). Every request must carry the terminal's
 * TerminalKey and a valid Token. OrderId is unique per terminal, as on a terminal with the uniqueness check on.
 * Init's 54-ФЗ `Receipt` (outside the Token, being nested) is checked as a terminal with an online cash
 * register checks it — contact, taxation, items, Price × Quantity = Amount, the items adding up to Amount —
 * and kept for receiptOf; `receiptsRequired` refuses Init without one.
 */
export async function startFakeTBank(terminal: { terminalKey: string; password: string }, options: FakeTBankOptions = {}): Promise<FakeTBank> {
  const payments = new Map<string, FakePayment>();
  const receipts = new Map<string, TBankReceiptBody>();
  const byOrderId = new Set<string>();
  let lastPaymentId = 3_000_000_000;
  const cancels: Array<{ body: Record<string, unknown>; answer: Record<string, unknown> }> = [];
  const cancelResults = new Map<string, Record<string, unknown>>();
  let cancelRefusal: string | undefined;
  const charges: Array<Record<string, unknown>> = [];
  const rebills = new Map<string, string>(); // RebillId → CustomerKey
  let chargeDecline: string | undefined;

  const app = Fastify();
  // Т-Банк answers HTTP 200 even to refusals; the verdict is in Success and ErrorCode.
  const refuse = (details: string, code = FAKE_REFUSAL_CODE) => ({ Success: false, ErrorCode: code, Message: 'Неверные параметры.', Details: details });

  app.addHook('preHandler', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const authentic = body.TerminalKey === terminal.terminalKey && body.Token === tbankToken(body, terminal.password);
    if (!authentic) return reply.send({ Success: false, ...WRONG_TOKEN });
  });

  app.post('/v2/Init', async (request) => {
    const { Amount, OrderId, Receipt, Recurrent, CustomerKey } = request.body as Record<string, unknown>;
    if (Recurrent !== undefined && (Recurrent !== 'Y' || typeof CustomerKey !== 'string' || CustomerKey === '')) return refuse('Recurrent=Y передаётся вместе с CustomerKey.');
    if (!Number.isSafeInteger(Amount) || (Amount as number) <= 0) return refuse('Amount — целое число копеек больше нуля.');
    if (typeof OrderId !== 'string' || OrderId === '' || OrderId.length > 36) return refuse('OrderId — строка до 36 символов.');
    if (byOrderId.has(OrderId)) return refuse(`Заказ с OrderId ${OrderId} уже существует.`);
    if (Receipt !== undefined || options.receiptsRequired) {
      const problem = receiptProblem(Receipt, Amount as number);
      if (problem) return refuse(problem);
    }

    const payment: FakePayment = {
      PaymentId: String(++lastPaymentId),
      OrderId,
      Amount: Amount as number,
      Status: 'NEW',
      Refunded: 0,
      PaymentURL: `http://${request.host}/new/${randomBytes(6).toString('base64url')}`,
      ...(Recurrent === 'Y' ? { CustomerKey: CustomerKey as string } : {}),
    };
    payments.set(payment.PaymentId, payment);
    byOrderId.add(OrderId);
    if (Receipt !== undefined) receipts.set(payment.PaymentId, structuredClone(Receipt) as TBankReceiptBody);
    const { Refunded: _refunded, CustomerKey: _customer, RebillId: _rebill, ...shown } = payment;
    return { Success: true, ErrorCode: '0', TerminalKey: terminal.terminalKey, ...shown };
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

  /**
   * Cancel of a paid payment: Amount (kopecks) ≤ what is still not returned (the rest when omitted),
   * Receipt — the refund receipt, outside the Token like Init's — checked against Amount, required when the
   * payment was made with one (receiptsRequired). ExternalRequestId: a repeat gets the first answer.
   * CONFIRMED → PARTIAL_REFUNDED / REFUNDED; the answer carries OriginalAmount and NewAmount.
   */
  app.post('/v2/Cancel', async (request) => {
    const body = request.body as Record<string, unknown>;
    const answer = ((): Record<string, unknown> => {
      const key = typeof body.ExternalRequestId === 'string' ? body.ExternalRequestId : undefined;
      const repeated = key ? cancelResults.get(key) : undefined;
      if (repeated) return repeated;
      if (cancelRefusal) return refuse(cancelRefusal);
      const payment = payments.get(String(body.PaymentId));
      if (!payment) return refuse('Платёж не найден.');
      if (payment.Status !== 'CONFIRMED' && payment.Status !== 'PARTIAL_REFUNDED') return refuse(`Возврат невозможен для платежа в статусе ${payment.Status}.`);
      const left = payment.Amount - payment.Refunded;
      const amount = body.Amount ?? left;
      if (!Number.isSafeInteger(amount) || (amount as number) <= 0) return refuse('Amount — целое число копеек больше нуля.');
      if ((amount as number) > left) return refuse(`Сумма возврата ${amount as number} больше остатка платежа ${left}.`);
      if (body.Receipt !== undefined || (options.receiptsRequired && receipts.has(payment.PaymentId))) {
        const problem = receiptProblem(body.Receipt, amount as number);
        if (problem) return refuse(problem);
      }
      const original = payment.Amount - payment.Refunded;
      payment.Refunded += amount as number;
      payment.Status = payment.Refunded === payment.Amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
      const done = { Success: true, ErrorCode: '0', TerminalKey: terminal.terminalKey, Status: payment.Status, PaymentId: payment.PaymentId, OrderId: payment.OrderId, OriginalAmount: original, NewAmount: payment.Amount - payment.Refunded };
      if (key) cancelResults.set(key, done);
      return done;
    })();
    cancels.push({ body: structuredClone(body), answer });
    return answer;
  });

  /**
   * Charge: a payment made by Init (status NEW), paid with a card saved by an earlier Recurrent=Y
   * payment (RebillId) without the payer: CONFIRMED, or REJECTED with Success false when the card's bank
   * declines (declineCharges).
   */
  app.post('/v2/Charge', async (request) => {
    const body = request.body as Record<string, unknown>;
    charges.push(structuredClone(body));
    const payment = payments.get(String(body.PaymentId));
    if (!payment) return refuse('Платёж не найден.');
    if (payment.Status !== 'NEW') return refuse(`Charge невозможен для платежа в статусе ${payment.Status}.`);
    if (typeof body.RebillId !== 'string' && typeof body.RebillId !== 'number') return refuse('Не передан RebillId.');
    if (!rebills.has(String(body.RebillId))) return refuse(`Реквизиты RebillId ${String(body.RebillId)} не найдены.`, '8');
    if (chargeDecline) {
      payment.Status = 'REJECTED';
      return { ...refuse(chargeDecline, '1051'), TerminalKey: terminal.terminalKey, Status: 'REJECTED', PaymentId: payment.PaymentId, OrderId: payment.OrderId, Amount: payment.Amount };
    }
    payment.Status = 'CONFIRMED';
    return { Success: true, ErrorCode: '0', TerminalKey: terminal.terminalKey, Status: 'CONFIRMED', PaymentId: payment.PaymentId, OrderId: payment.OrderId, Amount: payment.Amount };
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
    pay(paymentId) {
      move(paymentId, 'NEW', 'CONFIRMED');
      const payment = payments.get(paymentId)!;
      // A Recurrent=Y payment saves the card: its notification carries the RebillId.
      if (payment.CustomerKey) {
        payment.RebillId = String(++lastPaymentId + 7_000_000_000);
        rebills.set(payment.RebillId, payment.CustomerKey);
      }
    },
    cancel: (paymentId) => move(paymentId, 'NEW', 'CANCELED'),
    refund(paymentId) {
      move(paymentId, 'CONFIRMED', 'REFUNDED');
      const payment = payments.get(paymentId)!;
      payment.Refunded = payment.Amount;
    },
    refundInDashboard(paymentId, amountKopecks) {
      const payment = payments.get(paymentId);
      if (!payment || (payment.Status !== 'CONFIRMED' && payment.Status !== 'PARTIAL_REFUNDED')) throw new Error(`Фейковый Т-Банк: платёж ${paymentId} вернуть нельзя`);
      if (payment.Refunded + amountKopecks > payment.Amount) throw new Error('Фейковый Т-Банк: сумма возврата больше остатка');
      payment.Refunded += amountKopecks;
      payment.Status = payment.Refunded === payment.Amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
    },
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
        Amount: payment.Status === 'REFUNDED' || payment.Status === 'PARTIAL_REFUNDED' ? payment.Refunded : payment.Amount,
        CardId: 410293847,
        Pan: '430000******0777',
        ExpDate: '1230',
        ...(payment.RebillId ? { RebillId: Number(payment.RebillId) } : {}),
      };
      return { ...fields, Token: tbankToken(fields, terminal.password) };
    },
    receiptOf(paymentId) {
      const receipt = receipts.get(paymentId);
      return receipt && structuredClone(receipt);
    },
    receiptCount: () => receipts.size,
    cancels: () => structuredClone(cancels),
    refuseCancels(details) {
      cancelRefusal = details;
    },
    charges: () => structuredClone(charges),
    declineCharges(details) {
      chargeDecline = details;
    },
  };
}

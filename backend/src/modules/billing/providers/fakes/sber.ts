import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { sberChecksum } from '../sber';
import { listenOnLoopback, type RunningFake } from './server';

interface FakeOrder {
  orderId: string;
  orderNumber: string;
  amount: number;
  description: string;
  /** getOrderStatusExtended.do orderStatus: 0 registered … 6 declined. */
  orderStatus: number;
  jsonParams: Record<string, string>;
  /** Kopecks returned so far (refund.do or the dashboard). */
  refunded: number;
  /** Each refund operation, as its callback describes it. */
  refundOps: Array<{ amount: number; callbackCreationDate: string }>;
}

export interface FakeSber extends RunningFake {
  /** The payer pays: 0 → 2 (paid). */
  pay(orderId: string): void;
  /** The unpaid order runs out of time: 0 → 6 (declined). */
  cancel(orderId: string): void;
  /** A full refund (of what is left), as the dashboard makes it: 2 → 4 (refunded). */
  refund(orderId: string): void;
  /**
   * The callback parameters Сбер would send for the order's current status, with their checksum.
   * `withoutAmount`: a shop whose callbacks are not set to carry `amount` gets none.
   */
  notificationFor(orderId: string, options?: { withoutAmount?: boolean }): Record<string, string>;
  /**
   * A refund made in Сбер's merchant dashboard (partial or whole): the order keeps status 2 until all
   * of it went back (then 4). Returns the signed `refunded` callback of this operation: its amount and
   * callbackCreationDate, as Сбер's gateway sends them (`withoutAmount` as above).
   */
  refundInDashboard(orderId: string, amountKopecks: number, options?: { withoutAmount?: boolean }): Record<string, string>;
  /** The signed `refunded` callback of the order's n-th refund operation (0-based; refund.do ones included). */
  refundNotificationFor(orderId: string, index: number, options?: { withoutAmount?: boolean }): Record<string, string>;
  /** Every refund.do received (its form, login and password included), in order, and what it answered. */
  refunds(): Array<{ form: Record<string, string>; answer: { errorCode: string; errorMessage: string } }>;
  /** From now on refund.do is refused with errorCode 7 and this message (undefined: accepted again). */
  refuseRefunds(message: string | undefined): void;
}

/** The callback `operation` that brought an order into each status. */
const OPERATION_BY_STATUS: Record<number, string> = { 2: 'deposited', 4: 'refunded', 6: 'declinedByTimeout' };

/**
 * A local Сбербанк acquiring REST API (register.do, getOrderStatusExtended.do): form-encoded POSTs
 * checked against userName/password, orderNumber unique, answers and error codes as Сбер documents them.
 */
export async function startFakeSber(merchant: { userName: string; password: string; callbackToken: string }): Promise<FakeSber> {
  const orders = new Map<string, FakeOrder>();
  const byOrderNumber = new Map<string, FakeOrder>();
  const refundLog: Array<{ form: Record<string, string>; answer: { errorCode: string; errorMessage: string } }> = [];
  let refundRefusal: string | undefined;

  const app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('preHandler', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    if (form.userName !== merchant.userName || form.password !== merchant.password) {
      return reply.send({ errorCode: '5', errorMessage: 'Доступ запрещён.' });
    }
  });

  app.post('/payment/rest/register.do', async (request) => {
    const form = request.body as Record<string, string>;
    const { orderNumber = '', amount = '', returnUrl } = form;
    if (!orderNumber || orderNumber.length > 32) return { errorCode: '4', errorMessage: 'Номер заказа не указан или длиннее 32 символов' };
    if (!/^[1-9]\d*$/.test(amount)) return { errorCode: '4', errorMessage: 'Сумма заказа не указана' };
    if (!returnUrl) return { errorCode: '4', errorMessage: 'Адрес возврата не указан' };
    if (byOrderNumber.has(orderNumber)) return { errorCode: '1', errorMessage: 'Заказ с таким номером уже обработан' };

    const order: FakeOrder = {
      orderId: randomUUID(),
      orderNumber,
      amount: Number(amount),
      description: form.description ?? '',
      orderStatus: 0,
      jsonParams: form.jsonParams ? (JSON.parse(form.jsonParams) as Record<string, string>) : {},
      refunded: 0,
      refundOps: [],
    };
    orders.set(order.orderId, order);
    byOrderNumber.set(orderNumber, order);
    return { orderId: order.orderId, formUrl: `http://${request.host}/payment/merchants/sbersafe/payment_ru.html?mdOrder=${order.orderId}` };
  });

  app.post('/payment/rest/getOrderStatusExtended.do', async (request) => {
    const form = request.body as Record<string, string>;
    const order = form.orderId ? orders.get(form.orderId) : byOrderNumber.get(form.orderNumber ?? '');
    if (!order) return { errorCode: '6', errorMessage: 'Заказ не найден' };
    return {
      errorCode: '0',
      errorMessage: 'Успешно',
      orderNumber: order.orderNumber,
      orderStatus: order.orderStatus,
      actionCode: order.orderStatus === 2 ? 0 : -100,
      amount: order.amount,
      currency: '643',
      paymentAmountInfo: {
        paymentState: ['CREATED', 'APPROVED', 'DEPOSITED', 'REVERSED', 'REFUNDED', 'CREATED', 'DECLINED'][order.orderStatus],
        approvedAmount: order.orderStatus === 2 || order.orderStatus === 4 ? order.amount : 0,
        depositedAmount: order.orderStatus === 2 || order.orderStatus === 4 ? order.amount : 0,
        refundedAmount: order.refunded,
      },
      orderDescription: order.description,
      merchantOrderParams: Object.entries(order.jsonParams).map(([name, value]) => ({ name, value })),
      attributes: [{ name: 'mdOrder', value: order.orderId }],
    };
  });

  /**
   * refund.do: orderId of a paid order and amount (kopecks) ≤ what is not yet refunded. errorCode 0 on
   * success; the order is refunded (status 4) once all of it went back. Refusals: 6 unknown order,
   * 7 wrong state or amount (Сбер's «Сумма возврата превышает сумму списания»), as errorMessage says.
   */
  app.post('/payment/rest/refund.do', async (request) => {
    const form = request.body as Record<string, string>;
    const answer = ((): { errorCode: string; errorMessage: string } => {
      if (refundRefusal) return { errorCode: '7', errorMessage: refundRefusal };
      const order = orders.get(form.orderId ?? '');
      if (!order) return { errorCode: '6', errorMessage: 'Заказ не найден' };
      if (order.orderStatus !== 2) return { errorCode: '7', errorMessage: 'Оплата по заказу не завершена или заказ уже возвращён' };
      if (!/^[1-9]\d*$/.test(form.amount ?? '')) return { errorCode: '5', errorMessage: 'Неверная сумма' };
      const amount = Number(form.amount);
      if (order.refunded + amount > order.amount) return { errorCode: '7', errorMessage: 'Сумма возврата превышает сумму списания' };
      refundOrder(order, amount);
      return { errorCode: '0', errorMessage: 'Успешно' };
    })();
    refundLog.push({ form: { ...form }, answer });
    return answer;
  });

  const running = await listenOnLoopback(app, '/payment/rest');

  // The gateway's clock for callbackCreationDate (as «Mon Jan 31 21:46:52 UTC 2022»): a minute per operation.
  let operationClock = Date.UTC(2026, 0, 1, 9, 0, 0);
  function refundOrder(order: FakeOrder, amount: number): void {
    order.refunded += amount;
    if (order.refunded === order.amount) order.orderStatus = 4;
    operationClock += 60_000;
    const d = new Date(operationClock);
    const [dow, mon, day, year, time] = [d.toUTCString().slice(0, 3), d.toUTCString().slice(8, 11), String(d.getUTCDate()).padStart(2, '0'), d.getUTCFullYear(), d.toISOString().slice(11, 19)];
    order.refundOps.push({ amount, callbackCreationDate: `${dow} ${mon} ${day} ${time} UTC ${year}` });
  }
  function signed(params: Record<string, string>): Record<string, string> {
    return { ...params, checksum: sberChecksum(params, merchant.callbackToken) };
  }

  function find(orderId: string): FakeOrder {
    const order = orders.get(orderId);
    if (!order) throw new Error(`Фейковый Сбер: нет заказа ${orderId}`);
    return order;
  }
  function move(orderId: string, from: number, to: number): void {
    const order = find(orderId);
    if (order.orderStatus !== from) throw new Error(`Фейковый Сбер: заказ ${orderId} в статусе ${order.orderStatus}, а не ${from}`);
    order.orderStatus = to;
  }

  function refundNotification(orderId: string, index: number, options: { withoutAmount?: boolean }): Record<string, string> {
    const order = find(orderId);
    const op = order.refundOps[index];
    if (!op) throw new Error(`Фейковый Сбер: у заказа ${orderId} нет возврата №${index}`);
    return signed({
      mdOrder: order.orderId,
      orderNumber: order.orderNumber,
      operation: 'refunded',
      status: '1',
      callbackCreationDate: op.callbackCreationDate,
      ...(options.withoutAmount ? {} : { amount: String(op.amount) }),
    });
  }

  return {
    ...running,
    pay: (orderId) => move(orderId, 0, 2),
    cancel: (orderId) => move(orderId, 0, 6),
    refund(orderId) {
      const order = find(orderId);
      if (order.orderStatus !== 2) throw new Error(`Фейковый Сбер: заказ ${orderId} в статусе ${order.orderStatus}, а не 2`);
      refundOrder(order, order.amount - order.refunded);
    },
    notificationFor(orderId, options = {}) {
      const order = find(orderId);
      const operation = OPERATION_BY_STATUS[order.orderStatus];
      if (!operation) throw new Error(`Фейковый Сбер: о заказе в статусе ${order.orderStatus} уведомлять не о чем`);
      // A refunded order: the callback of its last refund operation.
      if (order.orderStatus === 4 && order.refundOps.length) return refundNotification(orderId, order.refundOps.length - 1, options);
      return signed({ mdOrder: order.orderId, orderNumber: order.orderNumber, operation, status: '1', ...(options.withoutAmount ? {} : { amount: String(order.amount) }) });
    },
    refundInDashboard(orderId, amountKopecks, options = {}) {
      const order = find(orderId);
      if (order.orderStatus !== 2) throw new Error(`Фейковый Сбер: заказ ${orderId} в статусе ${order.orderStatus}, вернуть нечего`);
      if (order.refunded + amountKopecks > order.amount) throw new Error('Фейковый Сбер: сумма возврата превышает сумму списания');
      refundOrder(order, amountKopecks);
      return refundNotification(orderId, order.refundOps.length - 1, options);
    },
    refundNotificationFor: (orderId, index, options = {}) => refundNotification(orderId, index, options),
    refunds: () => structuredClone(refundLog),
    refuseRefunds(message) {
      refundRefusal = message;
    },
  };
}

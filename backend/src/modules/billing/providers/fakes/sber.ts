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
  /** Kopecks returned by refund.do so far. */
  refunded: number;
}

export interface FakeSber extends RunningFake {
  /** The payer pays: 0 → 2 (paid). */
  pay(orderId: string): void;
  /** The unpaid order runs out of time: 0 → 6 (declined). */
  cancel(orderId: string): void;
  /** A full refund: 2 → 4 (refunded). */
  refund(orderId: string): void;
  /** The callback parameters Сбер would send for the order's current status, with their checksum. */
  notificationFor(orderId: string): Record<string, string>;
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
      order.refunded += amount;
      if (order.refunded === order.amount) order.orderStatus = 4;
      return { errorCode: '0', errorMessage: 'Успешно' };
    })();
    refundLog.push({ form: { ...form }, answer });
    return answer;
  });

  const running = await listenOnLoopback(app, '/payment/rest');

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

  return {
    ...running,
    pay: (orderId) => move(orderId, 0, 2),
    cancel: (orderId) => move(orderId, 0, 6),
    refund: (orderId) => move(orderId, 2, 4),
    notificationFor(orderId) {
      const order = find(orderId);
      const operation = OPERATION_BY_STATUS[order.orderStatus];
      if (!operation) throw new Error(`Фейковый Сбер: о заказе в статусе ${order.orderStatus} уведомлять не о чем`);
      const params = { mdOrder: order.orderId, orderNumber: order.orderNumber, operation, status: '1', amount: String(order.amount) };
      return { ...params, checksum: sberChecksum(params, merchant.callbackToken) };
    },
    refunds: () => structuredClone(refundLog),
    refuseRefunds(message) {
      refundRefusal = message;
    },
  };
}

import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { callProvider, readAnswer, sameSignature } from './http';
import { assertKopecks } from './money';
import {
  ForgedNotificationError,
  ProviderError,
  type CreatePaymentInput,
  type CreatedPayment,
  type IncomingNotification,
  type PaymentProvider,
  type PaymentState,
  type PaymentStatus,
  type RefundInput,
  type RefundResult,
  type VerifiedNotification,
  PROVIDER_NAMES,
} from './provider';

export interface GatewayConfig {
  /** API login of the merchant (the one ending in -api) and its password. */
  userName: string;
  password: string;
  /** The shared token the bank issues for callback checksums. */
  callbackToken: string;
  /** Defaults to the bank's production address. */
  baseUrl?: string;
}

/** The banks running this gateway, and how a message names each («уведомление Сбербанка / ВТБ»). */
export type GatewayBank = 'sber' | 'vtb';
const OF_BANK: Record<GatewayBank, string> = { sber: 'Сбербанка', vtb: 'ВТБ' };

/**
 * The gateway's callback checksum (symmetric variant): every parameter except checksum and sign_alias, sorted by name,
 * written as `name;value;`, HMAC-SHA256 with the callback token, uppercase hex.
 */
export function gatewayChecksum(params: Record<string, string>, callbackToken: string): string {
  const signed = Object.keys(params)
    .filter((name) => name !== 'checksum' && name !== 'sign_alias')
    .sort() // code-unit order, as the gateway sorts
    .map((name) => `${name};${params[name]};`)
    .join('');
  return createHmac('sha256', callbackToken).update(signed, 'utf8').digest('hex').toUpperCase();
}

/** The gateway answers HTTP 200 to everything; a non-zero errorCode (string or number) means it refused. */
const outcome = z.object({
  errorCode: z.union([z.string(), z.number()]).transform(String).optional(),
  errorMessage: z.string().optional(),
});
const registerAnswer = z.object({ orderId: z.string(), formUrl: z.string() });
const statusAnswer = z.object({
  orderStatus: z.number().int().min(0).max(6),
  amount: z.number().int().positive(),
  merchantOrderParams: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  /** Amounts of the order by operation (kopecks); refundedAmount is what has been returned in all. */
  paymentAmountInfo: z.object({ approvedAmount: z.number().int().optional(), depositedAmount: z.number().int().optional(), refundedAmount: z.number().int().optional() }).partial().optional(),
});
const callbackParams = z.record(z.string(), z.string());

/** getOrderStatusExtended.do orderStatus, by number. */
const ORDER_STATUSES: readonly PaymentStatus[] = [
  'pending', // 0 registered, not paid
  'pending', // 1 pre-authorised: money held (two-stage only; ours are one stage)
  'succeeded', // 2 paid
  'canceled', // 3 authorisation reversed
  'refunded', // 4 refunded
  'pending', // 5 3-D Secure (ACS) authorisation started
  'canceled', // 6 declined
];

/** Callback `operation` values and what they mean when the operation succeeded (status=1). */
const OPERATIONS: Record<string, PaymentStatus> = {
  approved: 'pending', // held, two-stage only
  deposited: 'succeeded',
  reversed: 'canceled',
  refunded: 'refunded',
  declinedByTimeout: 'canceled',
};

/**
 * The acquiring REST gateway Сбербанк and ВТБ both run (register.do, getOrderStatusExtended.do, refund.do,
 * callbacks with an HMAC-SHA256 checksum), one client for both: each bank is a configuration — its code,
 * its address, its API login and callback token (sber.ts, vtb.ts). It has no idempotence header: the attempt's key is sent as orderNumber,
 * which the gateway keeps unique (a repeat gets errorCode 1), so a retry cannot make a second payment.
 * Our orderId and the e-mail travel in jsonParams and come back from getOrderStatusExtended.do.
 * No 54-ФЗ receipt is sent (`input.receipt` is ignored): the gateway takes one as register.do's orderBundle
 * with its own item codes and attributes, not built here, so a shop whose terminal prints чеки
 * has to configure them on the bank's side, or not offer that bank.
 */
export class GatewayProvider implements PaymentProvider {
  private readonly userName: string;
  private readonly password: string;
  private readonly callbackToken: string;
  private readonly baseUrl: string;
  private readonly of: string;

  constructor(
    readonly code: GatewayBank,
    config: GatewayConfig,
    productionUrl: string,
  ) {
    if (!config.userName || !config.password || !config.callbackToken) {
      throw new Error(`${PROVIDER_NAMES[code]}: не заданы userName, password и callbackToken`);
    }
    this.userName = config.userName;
    this.password = config.password;
    this.callbackToken = config.callbackToken;
    this.baseUrl = (config.baseUrl ?? productionUrl).replace(/\/+$/, '');
    this.of = OF_BANK[code];
  }

  async createPayment(input: CreatePaymentInput, idempotenceKey: string): Promise<CreatedPayment> {
    assertKopecks(input.amountKopecks);
    if (idempotenceKey.length > 32) throw new RangeError(`${PROVIDER_NAMES[this.code]}: ключ идемпотентности (orderNumber) длиннее 32 символов`);
    const jsonParams: Record<string, string> = { orderId: input.orderId };
    if (input.customerEmail) jsonParams.email = input.customerEmail;
    const raw = await this.call('register.do', {
      orderNumber: idempotenceKey,
      amount: String(input.amountKopecks),
      returnUrl: input.returnUrl,
      description: input.description,
      jsonParams: JSON.stringify(jsonParams),
    });
    const order = readAnswer(this.code, registerAnswer, raw);
    return { providerPaymentId: order.orderId, confirmationUrl: order.formUrl, raw };
  }

  async getPayment(providerPaymentId: string): Promise<PaymentState> {
    const { order, raw } = await this.orderStatusWithRaw(providerPaymentId);
    return {
      providerPaymentId,
      status: ORDER_STATUSES[order.orderStatus],
      amountKopecks: order.amount,
      orderId: order.merchantOrderParams?.find((param) => param.name === 'orderId')?.value,
      raw,
    };
  }

  /**
   * refund.do: orderId (the gateway's order id) and amount in kopecks; errorCode 0 = refunded. No receipt is sent
   * (`input.receipt` is ignored): the gateway takes a refund receipt as its own `orderBundle`, not built here.
   * refund.do has no idempotence key; the caller keeps a pending row so it is not sent twice.
   */
  async refund(input: RefundInput, _idempotenceKey: string): Promise<RefundResult> {
    assertKopecks(input.amountKopecks);
    const raw = await this.call('refund.do', { orderId: input.providerPaymentId, amount: String(input.amountKopecks) });
    return { providerRefundId: null, status: 'succeeded', raw };
  }

  async verifyNotification(req: IncomingNotification): Promise<VerifiedNotification> {
    // The gateway calls back with GET (parameters in the query) or POST (a form, already parsed into the body).
    const parsed = callbackParams.safeParse(req.query && Object.keys(req.query).length > 0 ? req.query : req.body);
    if (!parsed.success) throw new ForgedNotificationError(`Параметры уведомления ${this.of} не распознаны`);
    const params = parsed.data;
    if (!params.checksum) throw new ForgedNotificationError(`В уведомлении ${this.of} нет checksum`);
    if (!sameSignature(gatewayChecksum(params, this.callbackToken), params.checksum.toUpperCase())) {
      throw new ForgedNotificationError(`Checksum уведомления ${this.of} не сходится: уведомление подделано или изменено`);
    }

    const { mdOrder, operation, status, amount } = params;
    if (!mdOrder || !operation || (status !== '0' && status !== '1')) {
      throw new ProviderError(this.code, 'bad_response', 'в уведомлении нет mdOrder, operation или status');
    }
    const settled = OPERATIONS[operation];
    if (!settled) throw new ProviderError(this.code, 'bad_response', `неизвестная операция в уведомлении: ${operation}`);
    if (amount !== undefined && !/^\d+$/.test(amount)) throw new ProviderError(this.code, 'bad_response', `сумма в уведомлении не число копеек: ${amount}`);

    if (amount === undefined) {
      // A callback without `amount` (the gateway sends it only when the shop's callbacks are set to include it):
      // the order's status and amounts are read from getOrderStatusExtended.do instead of refusing
      // every delivery. A refund is then the order's refunded total less what is already recorded.
      const order = await this.orderStatus(mdOrder);
      if (status === '1' && operation === 'refunded') {
        const total = order.paymentAmountInfo?.refundedAmount;
        if (total === undefined) throw new ProviderError(this.code, 'bad_response', 'getOrderStatusExtended.do не назвал сумму возвратов (paymentAmountInfo.refundedAmount)');
        return { providerPaymentId: mdOrder, eventKey: `${mdOrder}:refunded:1:total:${total}`, status: 'refunded', amountKopecks: total, refundedTotalKopecks: total };
      }
      return { providerPaymentId: mdOrder, eventKey: `${mdOrder}:${operation}:${status}`, status: status === '1' ? ORDER_STATUSES[order.orderStatus]! : 'pending', amountKopecks: order.amount };
    }

    const amountKopecks = Number(amount);
    if (status === '1' && operation === 'refunded') {
      // Each refund is its own operation: the same order is refunded 100 ₽ and then 150 ₽. It is told
      // apart by the bank's own data of that operation — its amount and the callback's creation date
      // (callbackCreationDate, or a refund/operation id when the bank sends one); a re-delivery of the
      // same callback carries the same values (it is the same signed callback) and is not counted again.
      const when = params.callbackCreationDate ?? params.date ?? '';
      const operationId = params.refundId ?? params.operationId ?? '';
      return { providerPaymentId: mdOrder, eventKey: `${mdOrder}:refunded:1:${amountKopecks}:${when}:${operationId}`, status: 'refunded', amountKopecks };
    }
    return {
      providerPaymentId: mdOrder,
      eventKey: `${mdOrder}:${operation}:${status}`,
      // status=0: the operation failed (e.g. a card was declined) and the order stays open for another try.
      status: status === '1' ? settled : 'pending',
      amountKopecks,
    };
  }

  notificationAck() {
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: '' };
  }

  private async orderStatus(orderId: string) {
    return (await this.orderStatusWithRaw(orderId)).order;
  }

  private async orderStatusWithRaw(orderId: string) {
    const raw = await this.call('getOrderStatusExtended.do', { orderId });
    return { order: readAnswer(this.code, statusAnswer, raw), raw };
  }

  /** The gateway's REST methods take a form-encoded POST with the merchant's login and password. */
  private async call(method: string, params: Record<string, string>): Promise<unknown> {
    const { body } = await callProvider(this.code, `${this.baseUrl}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ userName: this.userName, password: this.password, ...params }).toString(),
    });
    const { errorCode, errorMessage } = readAnswer(this.code, outcome, body);
    if (errorCode !== undefined && errorCode !== '0') {
      throw new ProviderError(this.code, errorCode, errorMessage ?? `${method} не выполнен`);
    }
    return body;
  }
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeYooKassa, type FakeYooKassa } from './fakes/yookassa';
import { ForgedNotificationError, ProviderError, type CreatePaymentInput } from './provider';
import type { Receipt } from './receipt';
import { YooKassaProvider } from './yookassa';

const shop = { shopId: '506751', secretKey: 'test_secret_key' };
const FROM_YOOKASSA = '185.71.76.10';
const subscription = (orderId: string): CreatePaymentInput => ({
  orderId,
  amountKopecks: 149_050,
  description: 'WorkCloud, подписка «Торговля» на март',
  returnUrl: 'https://app.workcloud.test/billing/return',
});

describe('ЮKassa adapter against the local fake', () => {
  let fake: FakeYooKassa;
  let yookassa: YooKassaProvider;

  beforeAll(async () => {
    fake = await startFakeYooKassa(shop);
    yookassa = new YooKassaProvider({ ...shop, baseUrl: fake.url });
  });
  afterAll(() => fake.close());

  it('creates a payment in rubles as "1490.50", and a paid one verifies from a ЮKassa address and reads succeeded', async () => {
    const created = await yookassa.createPayment(subscription('order-1'), randomUUID());
    expect(created.raw).toMatchObject({ amount: { value: '1490.50', currency: 'RUB' }, status: 'pending', metadata: { orderId: 'order-1' } });
    expect(created.confirmationUrl).toBe(`${new URL(fake.url).origin}/checkout/payments/v2/contract?orderId=${created.providerPaymentId}`);
    expect(await yookassa.getPayment(created.providerPaymentId)).toMatchObject({ status: 'pending', amountKopecks: 149_050, orderId: 'order-1' });

    fake.pay(created.providerPaymentId);
    const verified = await yookassa.verifyNotification({ ip: FROM_YOOKASSA, headers: {}, body: fake.notificationFor(created.providerPaymentId) });

    expect(verified).toEqual({
      providerPaymentId: created.providerPaymentId,
      eventKey: `payment.succeeded:${created.providerPaymentId}`,
      status: 'succeeded',
      amountKopecks: 149_050,
      orderId: 'order-1',
    });
    expect((await yookassa.getPayment(created.providerPaymentId)).status).toBe('succeeded');
    expect(yookassa.notificationAck().status).toBe(200);
  });

  it('returns the same payment for the same key and body, refuses the key with another body, and makes a new one for a new key', async () => {
    const key = randomUUID();
    const first = await yookassa.createPayment(subscription('order-2'), key);
    const again = await yookassa.createPayment(subscription('order-2'), key);
    expect(again.providerPaymentId).toBe(first.providerPaymentId);

    const changed = yookassa.createPayment({ ...subscription('order-2'), amountKopecks: 1 }, key);
    await expect(changed).rejects.toMatchObject({ name: 'ProviderError', code: 'invalid_request' });

    const next = await yookassa.createPayment(subscription('order-2'), randomUUID());
    expect(next.providerPaymentId).not.toBe(first.providerPaymentId);
  });

  it('gets ЮKassa’s invalid_credentials error with a wrong secret key', async () => {
    const wrong = new YooKassaProvider({ ...shop, secretKey: 'wrong', baseUrl: fake.url });
    const attempt = wrong.createPayment(subscription('order-3'), randomUUID());
    await expect(attempt).rejects.toBeInstanceOf(ProviderError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_credentials' });
  });

  it('takes webhooks only from the published ranges, IPv4, IPv6 and IPv4-mapped alike', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-4'), randomUUID());
    fake.pay(providerPaymentId);
    const body = fake.notificationFor(providerPaymentId);
    const from = (ip: string) => yookassa.verifyNotification({ ip, headers: {}, body });

    // 2a02:5180:0:1510::1 and 2a02:5180:ffff::1 lie in ЮKassa's published 2a02:5180::/32 but outside the
    // four /64 blocks that were accepted before (issue 15, item 5).
    for (const ip of ['185.71.76.31', '77.75.156.11', '77.75.154.255', '2a02:5180:0:1509::17', '2a02:5180:0:1510::1', '2a02:5180:ffff::1', '::ffff:185.71.77.1']) {
      await expect(from(ip), ip).resolves.toMatchObject({ status: 'succeeded' });
    }
    // Just outside 185.71.76.0/27, 77.75.154.128/25 and 2a02:5180::/32, a neighbour of a single published address, loopback, garbage.
    for (const ip of ['185.71.76.32', '77.75.154.127', '77.75.156.12', '2a02:5181::1', '2a02:517f:ffff:ffff::1', '127.0.0.1', '', 'not-an-ip']) {
      await expect(from(ip), ip).rejects.toBeInstanceOf(ForgedNotificationError);
    }
  });

  it('refuses a payment.succeeded webhook while the API says the payment is pending', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-5'), randomUUID());
    fake.pay(providerPaymentId);
    const genuine = fake.notificationFor(providerPaymentId);
    const other = await yookassa.createPayment(subscription('order-5b'), randomUUID());
    const forged = { ...genuine, object: { ...genuine.object, id: other.providerPaymentId } };

    await expect(yookassa.verifyNotification({ ip: FROM_YOOKASSA, headers: {}, body: forged })).rejects.toThrow(/статус pending/);
  });

  it('refuses a webhook about a payment the API does not know, and one that is not a ЮKassa notification', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-6'), randomUUID());
    fake.pay(providerPaymentId);
    const genuine = fake.notificationFor(providerPaymentId);
    const unknown = { ...genuine, object: { ...genuine.object, id: randomUUID() } };

    await expect(yookassa.verifyNotification({ ip: FROM_YOOKASSA, headers: {}, body: unknown })).rejects.toBeInstanceOf(ForgedNotificationError);
    await expect(yookassa.verifyNotification({ ip: FROM_YOOKASSA, headers: {}, body: { event: 'payment.succeeded' } })).rejects.toBeInstanceOf(
      ForgedNotificationError,
    );
  });

  it('verifies payment.canceled against the API', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-7'), randomUUID());
    fake.cancel(providerPaymentId);
    const verified = await yookassa.verifyNotification({ ip: FROM_YOOKASSA, headers: {}, body: fake.notificationFor(providerPaymentId) });
    expect(verified).toMatchObject({ status: 'canceled', eventKey: `payment.canceled:${providerPaymentId}` });
    expect((await yookassa.getPayment(providerPaymentId)).status).toBe('canceled');
  });

  it('refunds through POST /v3/refunds: the same Idempotence-Key refunds once, more than is left is refused, a canceled refund is an error', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-r1'), randomUUID());
    fake.pay(providerPaymentId);
    const first = await yookassa.refund({ providerPaymentId, amountKopecks: 50_000, description: 'Возврат' }, 'refund-key-1');
    expect(first).toMatchObject({ status: 'succeeded' });
    // A retry with the same key answers the same refund and returns nothing more.
    expect((await yookassa.refund({ providerPaymentId, amountKopecks: 50_000, description: 'Возврат' }, 'refund-key-1')).providerRefundId).toBe(first.providerRefundId);
    expect(fake.refundRequests().map((r) => r.refundId)).toEqual([first.providerRefundId, first.providerRefundId]);
    await expect(yookassa.refund({ providerPaymentId, amountKopecks: 99_051 }, 'refund-key-2')).rejects.toThrow(/invalid_request/);
    fake.cancelRefunds('rejected_by_payee');
    await expect(yookassa.refund({ providerPaymentId, amountKopecks: 100 }, 'refund-key-3')).rejects.toThrow(/rejected_by_payee/);
    fake.cancelRefunds(undefined);
    expect((await yookassa.getPayment(providerPaymentId)).status).toBe('succeeded');
  });

  it('verifies refund.succeeded by reading the refund, and reads a fully refunded payment as refunded', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-8'), randomUUID());
    fake.pay(providerPaymentId);

    const part = fake.refund(providerPaymentId, 49_050);
    await expect(yookassa.verifyNotification({ ip: FROM_YOOKASSA, headers: {}, body: fake.refundNotificationFor(part) })).resolves.toEqual({
      providerPaymentId,
      eventKey: `refund.succeeded:${part}`,
      status: 'refunded',
      amountKopecks: 49_050,
      providerRefundId: part,
    });
    expect((await yookassa.getPayment(providerPaymentId)).status).toBe('succeeded');

    fake.refund(providerPaymentId);
    expect(await yookassa.getPayment(providerPaymentId)).toMatchObject({ status: 'refunded', amountKopecks: 149_050 });

    const unknown = { type: 'notification', event: 'refund.succeeded', object: { id: randomUUID() } };
    await expect(yookassa.verifyNotification({ ip: FROM_YOOKASSA, headers: {}, body: unknown })).rejects.toBeInstanceOf(ForgedNotificationError);
  });

  it('refuses refund.succeeded while the API says the refund is still pending', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-8b'), randomUUID());
    fake.pay(providerPaymentId);
    const pending = fake.refund(providerPaymentId, undefined, 'pending');
    const early = { ip: FROM_YOOKASSA, headers: {}, body: fake.refundNotificationFor(pending) };
    await expect(yookassa.verifyNotification(early)).rejects.toThrow(/статус pending/);
  });

  it('trusts extra networks only when configured, and never in production', async () => {
    const { providerPaymentId } = await yookassa.createPayment(subscription('order-9'), randomUUID());
    fake.pay(providerPaymentId);
    const fromLoopback = { ip: '127.0.0.1', headers: {}, body: fake.notificationFor(providerPaymentId) };

    const forTests = new YooKassaProvider({ ...shop, baseUrl: fake.url, trustedNetworks: ['127.0.0.0/8'] });
    await expect(forTests.verifyNotification(fromLoopback)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(yookassa.verifyNotification(fromLoopback)).rejects.toBeInstanceOf(ForgedNotificationError);

    vi.stubEnv('NODE_ENV', 'production');
    try {
      expect(() => new YooKassaProvider({ ...shop, trustedNetworks: ['127.0.0.0/8'] })).toThrow(/только для тестов/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('ЮKassa 54-ФЗ receipts, against a fake shop with an online cash register', () => {
  let fake: FakeYooKassa;
  let yookassa: YooKassaProvider;
  const receipt: Receipt = {
    customerEmail: 'admin@chek.ru',
    customerName: 'ООО «Чек»',
    customerInn: '7707083893',
    taxSystem: 'osn',
    items: [
      { name: 'Доступ к модулю «Торговля и склад» WorkCloud за март 2026', amountKopecks: 100_000, vatRate: 'vat22' },
      { name: 'Доступ к модулю «CRM» WorkCloud за март 2026', amountKopecks: 49_050, vatRate: 'vat22' },
    ],
  };
  const withReceipt = (orderId: string): CreatePaymentInput => ({ ...subscription(orderId), receipt });

  beforeAll(async () => {
    fake = await startFakeYooKassa(shop, { receiptsRequired: true });
    yookassa = new YooKassaProvider({ ...shop, baseUrl: fake.url });
  });
  afterAll(() => fake.close());

  /** POST /v3/payments as is, past the adapter's own checks. */
  const post = async (body: unknown) => {
    const res = await fetch(`${fake.url}/payments`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString('base64')}`, 'content-type': 'application/json', 'idempotence-key': randomUUID() },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const payment = (items: unknown[]) => ({
    amount: { value: '1490.50', currency: 'RUB' },
    confirmation: { type: 'redirect', return_url: 'https://app.workcloud.test/billing/return' },
    capture: true,
    receipt: { customer: { email: 'admin@chek.ru' }, items },
  });
  const item = (value: string, quantity: string | number = '1.00') => ({ description: 'Доступ к модулю', quantity, amount: { value, currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' });

  it('sends the receipt with the payment; the shop keeps it and registers it once paid', async () => {
    const created = await yookassa.createPayment(withReceipt('order-r1'), randomUUID());
    expect(created.raw).toMatchObject({ status: 'pending', receipt_registration: 'pending' });
    expect(fake.receiptOf(created.providerPaymentId)).toEqual({
      customer: { email: 'admin@chek.ru', full_name: 'ООО «Чек»', inn: '7707083893' },
      items: [
        { description: 'Доступ к модулю «Торговля и склад» WorkCloud за март 2026', quantity: '1.00', amount: { value: '1000.00', currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' },
        { description: 'Доступ к модулю «CRM» WorkCloud за март 2026', quantity: '1.00', amount: { value: '490.50', currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' },
      ],
      tax_system_code: 1,
    });
    fake.pay(created.providerPaymentId);
    expect((await yookassa.getPayment(created.providerPaymentId)).raw).toMatchObject({ status: 'succeeded', receipt_registration: 'succeeded' });
  });

  it('refuses a payment without a receipt: 400 invalid_request, parameter receipt', async () => {
    await expect(yookassa.createPayment(subscription('order-r2'), randomUUID())).rejects.toMatchObject({ name: 'ProviderError', code: 'invalid_request' });
    const res = await post({ ...payment([]), receipt: undefined });
    expect(res).toMatchObject({ status: 400, body: { type: 'error', code: 'invalid_request', parameter: 'receipt' } });
  });

  it('refuses items that do not add up to the amount, by a kopeck either way; accepts them when they do', async () => {
    for (const items of [[item('1000.00'), item('490.49')], [item('1000.00'), item('490.51')], [item('1490.50'), item('0.01')], [item('745.25', '1.99')]]) {
      const res = await post(payment(items));
      expect(res, JSON.stringify(items)).toMatchObject({ status: 400, body: { type: 'error', code: 'invalid_request', parameter: 'receipt' } });
      expect(res.body.description).toMatch(/sum of receipt items/);
    }
    // price × quantity counts: 745.25 × 2 = 1490.50
    for (const items of [[item('1000.00'), item('490.50')], [item('745.25', '2.000')], [item('745.25', 2)]]) {
      expect((await post(payment(items))).status, JSON.stringify(items)).toBe(200);
    }
  });

  it('refuses a receipt without a contact, with an unknown VAT code or a name over 128 characters', async () => {
    const good = item('1490.50');
    const noContact = { ...payment([good]), receipt: { items: [good] } };
    expect((await post(noContact)).body).toMatchObject({ code: 'invalid_request', parameter: 'receipt', description: expect.stringMatching(/email or a phone/) });
    expect((await post(payment([{ ...good, vat_code: 13 }]))).body).toMatchObject({ parameter: 'receipt', description: expect.stringMatching(/vat_code/) });
    expect((await post(payment([{ ...good, description: 'я'.repeat(129) }]))).body).toMatchObject({ parameter: 'receipt', description: expect.stringMatching(/description/) });
  });

  it('the adapter does not send a receipt that does not add up: it throws before any request', async () => {
    const before = fake.receiptCount();
    await expect(yookassa.createPayment({ ...withReceipt('order-r3'), amountKopecks: 149_051 }, randomUUID())).rejects.toThrow(/позиции на 149050 коп\., а платёж на 149051/);
    expect(fake.receiptCount()).toBe(before);
  });
});

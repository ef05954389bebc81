import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSber, type FakeSber } from './fakes/sber';
import { ForgedNotificationError, type CreatePaymentInput } from './provider';
import { SberProvider, sberChecksum } from './sber';

/** Сбер's orderNumber holds at most 32 characters: a UUID without dashes fits. */
const newKey = () => randomUUID().replaceAll('-', '');

describe('Сбербанк callback checksum, published vector (payments.md)', () => {
  const vector = { amount: '123456', mdOrder: '3ff6962a-7dcc-4283-ab50-a6d7dd3386fe', operation: 'deposited', orderNumber: '10747', status: '1' };
  const expected = '51C892147225ABE87798CB02979D70EF46D0AE79B5AA3B28B1C260BE286C50A9';

  it('reproduces the checksum, whatever order the parameters come in and with sign_alias left out', () => {
    expect(sberChecksum(vector, 'yourSecretToken')).toBe(expected);
    const shuffled = { status: '1', sign_alias: 'SHA-256', orderNumber: '10747', operation: 'deposited', mdOrder: vector.mdOrder, amount: '123456' };
    expect(sberChecksum(shuffled, 'yourSecretToken')).toBe(expected);
  });

  it('accepts the vector as a GET callback', async () => {
    const sber = new SberProvider({ userName: 'shop-api', password: 'p', callbackToken: 'yourSecretToken' });
    const query = { ...vector, checksum: expected };
    await expect(sber.verifyNotification({ ip: '194.54.14.1', headers: {}, body: undefined, query })).resolves.toEqual({
      providerPaymentId: vector.mdOrder,
      eventKey: `${vector.mdOrder}:deposited:1`,
      status: 'succeeded',
      amountKopecks: 123_456,
    });
  });
});

describe('Сбербанк adapter against the local fake', () => {
  const merchant = { userName: 'workcloud-api', password: 'merchant-password', callbackToken: 'callback-token' };
  const subscription = (orderId: string): CreatePaymentInput => ({
    orderId,
    amountKopecks: 250_000,
    description: 'WorkCloud, подписка «Бухгалтерия» на март',
    returnUrl: 'https://app.workcloud.test/billing/return',
    customerEmail: 'buh@example.ru',
  });
  let fake: FakeSber;
  let sber: SberProvider;

  beforeAll(async () => {
    fake = await startFakeSber(merchant);
    sber = new SberProvider({ ...merchant, baseUrl: fake.url });
  });
  afterAll(() => fake.close());

  it('registers an order, and after the payer pays the callback verifies and the status says succeeded', async () => {
    const created = await sber.createPayment(subscription('order-1'), newKey());
    expect(created.confirmationUrl).toBe(`${new URL(fake.url).origin}/payment/merchants/sbersafe/payment_ru.html?mdOrder=${created.providerPaymentId}`);
    expect(await sber.getPayment(created.providerPaymentId)).toMatchObject({ status: 'pending', amountKopecks: 250_000, orderId: 'order-1' });
    expect((await sber.getPayment(created.providerPaymentId)).raw).toMatchObject({
      merchantOrderParams: expect.arrayContaining([{ name: 'email', value: 'buh@example.ru' }]),
    });

    fake.pay(created.providerPaymentId);
    const verified = await sber.verifyNotification({ ip: '194.54.14.1', headers: {}, body: undefined, query: fake.notificationFor(created.providerPaymentId) });

    expect(verified).toEqual({
      providerPaymentId: created.providerPaymentId,
      eventKey: `${created.providerPaymentId}:deposited:1`,
      status: 'succeeded',
      amountKopecks: 250_000,
    });
    expect((await sber.getPayment(created.providerPaymentId)).status).toBe('succeeded');
    expect(sber.notificationAck().status).toBe(200);
  });

  it('also takes the callback as a POSTed form', async () => {
    const { providerPaymentId } = await sber.createPayment(subscription('order-2'), newKey());
    fake.pay(providerPaymentId);
    await expect(sber.verifyNotification({ ip: '194.54.14.1', headers: {}, body: fake.notificationFor(providerPaymentId) })).resolves.toMatchObject({
      status: 'succeeded',
    });
  });

  it('refuses callbacks with a checksum by another token, altered after signing, or without a checksum', async () => {
    const { providerPaymentId } = await sber.createPayment(subscription('order-3'), newKey());
    fake.pay(providerPaymentId);
    const genuine = fake.notificationFor(providerPaymentId);
    const { checksum: _checksum, ...unsigned } = genuine;

    const forgeries = [
      { ...unsigned, checksum: sberChecksum(unsigned, 'guessed-token') },
      { ...genuine, amount: '1' },
      { ...genuine, operation: 'refunded' },
      unsigned,
    ];
    for (const query of forgeries) {
      await expect(sber.verifyNotification({ ip: '194.54.14.1', headers: {}, body: undefined, query })).rejects.toBeInstanceOf(ForgedNotificationError);
    }
  });

  it('never makes a second order for the same key: Сбер answers errorCode 1', async () => {
    const key = newKey();
    const first = await sber.createPayment(subscription('order-4'), key);
    await expect(sber.createPayment(subscription('order-4'), key)).rejects.toMatchObject({ name: 'ProviderError', code: '1' });
    expect((await sber.getPayment(first.providerPaymentId)).status).toBe('pending');
    await expect(sber.createPayment(subscription('order-4'), randomUUID())).rejects.toThrow(/длиннее 32/);
  });

  it('gets Сбер’s access-denied error (5) with a wrong password', async () => {
    const wrong = new SberProvider({ ...merchant, password: 'wrong', baseUrl: fake.url });
    await expect(wrong.createPayment(subscription('order-5'), newKey())).rejects.toMatchObject({ code: '5' });
  });

  it('maps declined (6) to canceled and refunded (4) to refunded, in the status API and in callbacks', async () => {
    const unpaid = await sber.createPayment(subscription('order-6'), newKey());
    fake.cancel(unpaid.providerPaymentId);
    expect((await sber.getPayment(unpaid.providerPaymentId)).status).toBe('canceled');
    const declined = { ip: '194.54.14.1', headers: {}, body: undefined, query: fake.notificationFor(unpaid.providerPaymentId) };
    await expect(sber.verifyNotification(declined)).resolves.toMatchObject({ status: 'canceled' });

    const paid = await sber.createPayment(subscription('order-7'), newKey());
    fake.pay(paid.providerPaymentId);
    fake.refund(paid.providerPaymentId);
    expect((await sber.getPayment(paid.providerPaymentId)).status).toBe('refunded');
    const refunded = { ip: '194.54.14.1', headers: {}, body: undefined, query: fake.notificationFor(paid.providerPaymentId) };
    // A refund is identified by its own operation: amount and callbackCreationDate.
    const verified = await sber.verifyNotification(refunded);
    expect(verified).toMatchObject({ status: 'refunded', amountKopecks: Number(refunded.query.amount) });
    expect(verified.eventKey).toBe(`${paid.providerPaymentId}:refunded:1:${refunded.query.amount}:${refunded.query.callbackCreationDate}:`);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTBank, type FakeTBank } from './fakes/tbank';
import { ForgedNotificationError, type CreatePaymentInput } from './provider';
import type { Receipt } from './receipt';
import { TBankProvider, tbankToken } from './tbank';

describe('Т-Банк Token, published vectors (payments.md)', () => {
  it('signs the Init request vector, leaving nested DATA and Receipt out', () => {
    const init = { TerminalKey: 'MerchantTerminalKey', Amount: 19200, OrderId: '00000', Description: 'Подарочная карта на 1000 рублей' };
    const expected = '72dd466f8ace0a37a1f740ce5fb78101712bc0665d91a8108c7c8a0ccd426db2';
    expect(tbankToken(init, '11111111111111')).toBe(expected);
    expect(tbankToken({ ...init, DATA: { Email: 'a@b.ru' }, Receipt: { Items: [] } }, '11111111111111')).toBe(expected);
  });

  it('accepts the notification vector, booleans written as true/false', async () => {
    const notification = {
      TerminalKey: '1234567890DEMO',
      OrderId: '000000',
      Success: true,
      Status: 'AUTHORIZED',
      PaymentId: '0000000',
      ErrorCode: '0',
      Amount: 1111,
      CardId: '000000',
      Pan: '200000******0000',
      ExpDate: '1111',
      RebillId: '000000',
      Token: '1c0964277d0213349243065a0d5b838b8e90d2d25f740d0f2767836e710e80c8',
    };
    const provider = new TBankProvider({ terminalKey: '1234567890DEMO', password: '11111111111' });
    await expect(provider.verifyNotification({ ip: '91.194.226.1', headers: {}, body: notification })).resolves.toEqual({
      providerPaymentId: '0000000',
      eventKey: '0000000:AUTHORIZED',
      status: 'pending',
      amountKopecks: 1111,
      // The vector is of a Recurrent=Y payment: the saved card's RebillId and masked number come with it.
      savedMethod: { token: '000000', title: 'Карта 200000******0000' },
    });
  });
});

describe('Т-Банк adapter against the local fake', () => {
  const terminal = { terminalKey: 'WorkCloudDEMO', password: 'terminal-password' };
  const subscription = (orderId: string): CreatePaymentInput => ({
    orderId,
    amountKopecks: 99_000,
    description: 'WorkCloud, подписка «Склад» на март',
    returnUrl: 'https://app.workcloud.test/billing/return',
    customerEmail: 'buh@example.ru',
  });
  let fake: FakeTBank;
  let tbank: TBankProvider;

  beforeAll(async () => {
    fake = await startFakeTBank(terminal);
    tbank = new TBankProvider({ ...terminal, baseUrl: fake.url });
  });
  afterAll(() => fake.close());

  it('creates a payment, and after the payer pays the signed notification verifies and GetState says succeeded', async () => {
    const key = randomUUID();
    const created = await tbank.createPayment(subscription('order-1'), key);
    expect(created.raw).toMatchObject({ Success: true, Status: 'NEW', OrderId: key, Amount: 99_000 });
    expect(created.confirmationUrl).toMatch(new RegExp(`^${new URL(fake.url).origin}/new/`));
    expect(await tbank.getPayment(created.providerPaymentId)).toMatchObject({ status: 'pending', amountKopecks: 99_000 });

    fake.pay(created.providerPaymentId);
    const verified = await tbank.verifyNotification({ ip: '91.194.226.1', headers: {}, body: fake.notificationFor(created.providerPaymentId) });

    expect(verified).toEqual({
      providerPaymentId: created.providerPaymentId,
      eventKey: `${created.providerPaymentId}:CONFIRMED`,
      status: 'succeeded',
      amountKopecks: 99_000,
    });
    expect((await tbank.getPayment(created.providerPaymentId)).status).toBe('succeeded');
    expect(tbank.notificationAck()).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'OK' });
  });

  it('refuses notifications signed with another password, altered after signing, unsigned, or for another terminal', async () => {
    const { providerPaymentId } = await tbank.createPayment(subscription('order-2'), randomUUID());
    fake.pay(providerPaymentId);
    const genuine = fake.notificationFor(providerPaymentId);
    const { Token: _token, ...unsigned } = genuine;
    const otherTerminal = { ...unsigned, TerminalKey: 'SomeoneElse' };

    const forgeries = [
      { ...unsigned, Token: tbankToken(unsigned, 'guessed-password') },
      { ...genuine, Amount: 1 },
      { ...genuine, Status: 'REFUNDED' },
      unsigned,
      { ...otherTerminal, Token: tbankToken(otherTerminal, terminal.password) },
      'TerminalKey=WorkCloudDEMO',
    ];
    for (const body of forgeries) {
      await expect(tbank.verifyNotification({ ip: '91.194.226.1', headers: {}, body })).rejects.toBeInstanceOf(ForgedNotificationError);
    }
  });

  it('never makes a second payment for the same key: the terminal refuses the repeated OrderId', async () => {
    const key = randomUUID();
    const first = await tbank.createPayment(subscription('order-3'), key);
    await expect(tbank.createPayment(subscription('order-3'), key)).rejects.toMatchObject({ name: 'ProviderError', provider: 'tbank' });
    expect((await tbank.getPayment(first.providerPaymentId)).status).toBe('pending');

    const next = await tbank.createPayment(subscription('order-3'), randomUUID());
    expect(next.providerPaymentId).not.toBe(first.providerPaymentId);
  });

  it('gets Т-Банк’s wrong-token error (204) with a wrong password', async () => {
    const wrong = new TBankProvider({ ...terminal, password: 'wrong', baseUrl: fake.url });
    await expect(wrong.createPayment(subscription('order-4'), randomUUID())).rejects.toMatchObject({ code: '204', message: expect.stringMatching(/Неверный токен/) });
  });

  it('gives the СБП QR as a payload link and as SVG', async () => {
    const { providerPaymentId } = await tbank.createPayment(subscription('order-5'), randomUUID());
    expect(await tbank.getSbpQr(providerPaymentId)).toMatch(/^https:\/\/qr\.nspk\.ru\//);
    expect(await tbank.getSbpQr(providerPaymentId, 'IMAGE')).toMatch(/^<svg/);
  });

  it('reads canceled and refunded payments', async () => {
    const unpaid = await tbank.createPayment(subscription('order-6'), randomUUID());
    fake.cancel(unpaid.providerPaymentId);
    expect((await tbank.getPayment(unpaid.providerPaymentId)).status).toBe('canceled');

    const paid = await tbank.createPayment(subscription('order-7'), randomUUID());
    fake.pay(paid.providerPaymentId);
    fake.refund(paid.providerPaymentId);
    const verified = await tbank.verifyNotification({ ip: '91.194.226.1', headers: {}, body: fake.notificationFor(paid.providerPaymentId) });
    // A refund status names what has gone back in all (here everything): the refund is the difference
    // against what is recorded, and each amount is its own event.
    expect(verified).toMatchObject({ status: 'refunded', eventKey: `${paid.providerPaymentId}:REFUNDED:99000`, refundedTotalKopecks: 99_000 });
    expect((await tbank.getPayment(paid.providerPaymentId)).status).toBe('refunded');
  });
});

describe('Т-Банк 54-ФЗ receipts, against a fake terminal with an online cash register', () => {
  const terminal = { terminalKey: 'WorkCloudKassaDEMO', password: 'kassa-password' };
  const receipt: Receipt = {
    customerEmail: 'admin@chek.ru',
    taxSystem: 'osn',
    items: [
      { name: 'Доступ к модулю «Торговля и склад» WorkCloud за март 2026', amountKopecks: 60_000, vatRate: 'vat22' },
      { name: 'Подключение: модуль «CRM»', amountKopecks: 39_000, vatRate: 'vat22' },
    ],
  };
  const payment = (orderId: string, withReceipt = true): CreatePaymentInput => ({
    orderId,
    amountKopecks: 99_000,
    description: 'WorkCloud, подписка на март',
    returnUrl: 'https://app.workcloud.test/billing/return',
    customerEmail: 'admin@chek.ru',
    ...(withReceipt ? { receipt } : {}),
  });
  let fake: FakeTBank;
  let tbank: TBankProvider;

  beforeAll(async () => {
    fake = await startFakeTBank(terminal, { receiptsRequired: true });
    tbank = new TBankProvider({ ...terminal, baseUrl: fake.url });
  });
  afterAll(() => fake.close());

  /** Init as is, signed, past the adapter's own checks. The Token leaves Receipt out (nested). */
  const init = async (fields: Record<string, unknown>) => {
    const request = { TerminalKey: terminal.terminalKey, Amount: 99_000, OrderId: randomUUID().replaceAll('-', ''), Description: 'WorkCloud', ...fields };
    const res = await fetch(`${fake.url}/Init`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...request, Token: tbankToken(request, terminal.password) }) });
    return (await res.json()) as { Success: boolean; ErrorCode: string; Details?: string };
  };
  const item = (Amount: number, Price = Amount, Quantity = 1) => ({ Name: 'Доступ к модулю', Price, Quantity, Amount, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' });
  const kassaReceipt = (Items: unknown[]) => ({ Email: 'admin@chek.ru', Taxation: 'osn', Items });

  it('sends Receipt with Init (outside the Token) and the terminal keeps it', async () => {
    const created = await tbank.createPayment(payment('order-r1'), randomUUID());
    expect(fake.receiptOf(created.providerPaymentId)).toEqual({
      FfdVersion: '1.05',
      Email: 'admin@chek.ru',
      Taxation: 'osn',
      Items: [
        { Name: 'Доступ к модулю «Торговля и склад» WorkCloud за март 2026', Price: 60_000, Quantity: 1, Amount: 60_000, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' },
        { Name: 'Подключение: модуль «CRM»', Price: 39_000, Quantity: 1, Amount: 39_000, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' },
      ],
    });
    // СБП is the same Init, then GetQr.
    expect(await tbank.getSbpQr(created.providerPaymentId)).toMatch(/^https:\/\/qr\.nspk\.ru\//);
  });

  it('refuses Init without Receipt', async () => {
    await expect(tbank.createPayment(payment('order-r2', false), randomUUID())).rejects.toMatchObject({ name: 'ProviderError', provider: 'tbank', message: expect.stringMatching(/чек обязателен/) });
  });

  it('refuses items that do not add up to Amount, by a kopeck either way, or whose Price × Quantity is not their Amount', async () => {
    for (const Items of [[item(60_000), item(38_999)], [item(60_000), item(39_001)], [item(99_000), item(1)], [item(99_000, 49_500, 1)]]) {
      const answer = await init({ Receipt: kassaReceipt(Items) });
      expect(answer, JSON.stringify(Items)).toMatchObject({ Success: false });
      expect(answer.ErrorCode).not.toBe('0');
      expect(answer.Details).toMatch(/не равн/);
    }
    for (const Items of [[item(60_000), item(39_000)], [item(99_000, 49_500, 2)]]) {
      expect(await init({ Receipt: kassaReceipt(Items) }), JSON.stringify(Items)).toMatchObject({ Success: true, ErrorCode: '0' });
    }
  });

  it('refuses an unknown Tax or Taxation, a receipt without Email or Phone, and ФФД 1.2 items without MeasurementUnit', async () => {
    expect((await init({ Receipt: kassaReceipt([{ ...item(99_000), Tax: 'vat18x' }]) })).Details).toMatch(/Tax/);
    expect((await init({ Receipt: { ...kassaReceipt([item(99_000)]), Taxation: 'envd2' } })).Details).toMatch(/Taxation/);
    expect((await init({ Receipt: { Taxation: 'osn', Items: [item(99_000)] } })).Details).toMatch(/Email или Phone/);
    expect((await init({ Receipt: { ...kassaReceipt([item(99_000)]), FfdVersion: '1.2' } })).Details).toMatch(/MeasurementUnit/);
  });

  it('the adapter does not send a receipt that does not add up: it throws before any request', async () => {
    const before = fake.receiptCount();
    await expect(tbank.createPayment({ ...payment('order-r3'), amountKopecks: 98_999 }, randomUUID())).rejects.toThrow(/позиции на 99000 коп\., а платёж на 98999/);
    expect(fake.receiptCount()).toBe(before);
  });
});

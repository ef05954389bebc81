import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeBankExchange, type BankParty } from '../../src/platform/ru/bank-exchange';
import { PaymentProviders } from '../../src/modules/billing/payment-providers';
import { tbankToken } from '../../src/modules/billing/providers/tbank';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { billingTime, SBER, startFakeBanks, TBANK, type Fakes } from './support';

/**
 * The owner refunds card and СБП payments: the refund goes to the bank that took the money (ЮKassa
 * POST /v3/refunds, Т-Банк Cancel, Сбер refund.do) before anything is recorded, with a 54-ФЗ refund
 * receipt for ЮKassa and Т-Банк (the fakes act as shops with an online cash register: startFakeBanks).
 *
 * One client, onboarded 2 March 2026 with «Торговля и склад» (190000) and «Заметки» (120000), VAT 22 %;
 * 14 days of trial, billed from 16 March. April, May, June: 190000 + 120000 = 310000 each.
 */
let stack: TestStack;
let fakes: Fakes;
let time: ReturnType<typeof billingTime>;
let owner: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let tenantId: string;
let inn: string;

beforeAll(async () => {
  fakes = await startFakeBanks(); // receipts required
  stack = await startStack({ label: 'billing_refunds' });
  time = billingTime(stack);
  owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  const t = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Возврат»', adminEmail: 'admin@vozvrat.ru', modules: ['trade', 'notes'] });
  tenantId = t.tenantId;
  admin = client(stack.url, t.adminToken);
  await stack.db.knex('platform.tenants').where({ id: tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
  inn = (await stack.db.knex('platform.tenants').where({ id: tenantId }).first('inn')).inn;
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

interface Line { description: string; amountKopecks: number }
const invoiceOf = async (period: string) => (await admin.get('/api/admin/billing/invoices')).body.items.find((i: { periodStart: string }) => i.periodStart === period);
const providerPaymentId = async (paymentId: string) => (await stack.db.knex('platform.billing_payments').where({ id: paymentId }).first('provider_payment_id')).provider_payment_id as string;
const balance = async () => (await owner.get('/api/owner/billing/clients')).body.items.find((c: { id: string }) => c.id === tenantId).balanceKopecks as number;
const refundedOf = async (paymentId: string) => Number((await stack.db.knex('platform.billing_payments').where({ id: paymentId }).first('refunded_kopecks')).refunded_kopecks);
const sentToBanks = () => fakes.yookassa.refundRequests().length + fakes.tbank.cancels().length + fakes.sber.refunds().length;

/** Issues the Счёт of `period` and has the admin pay it through `provider`; returns our payment id and the Счёт. */
async function paid(period: string, provider: 'yookassa' | 'tbank' | 'sber' | 'sbp') {
  await time.cycle(period);
  const invoice = await invoiceOf(period);
  const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider });
  expect(pay.status).toBe(200);
  const id = await providerPaymentId(pay.body.paymentId);
  const webhook = client(stack.url);
  if (provider === 'yookassa') {
    fakes.yookassa.pay(id);
    expect((await webhook.post('/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(id))).status).toBe(200);
  } else if (provider === 'sber') {
    fakes.sber.pay(id);
    expect((await webhook.get(`/api/billing/webhooks/sber?${new URLSearchParams(fakes.sber.notificationFor(id))}`)).status).toBe(200);
  } else {
    fakes.tbank.pay(id);
    expect((await webhook.post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(id))).body).toBe('OK');
  }
  expect((await invoiceOf(period)).status).toBe('paid');
  return { paymentId: pay.body.paymentId as string, providerPaymentId: id, invoice };
}

describe('refunds of card and СБП payments go to the bank', () => {
  test('ЮKassa: a partial refund is POST /v3/refunds with the amount and a refund receipt whose items add up to it', async () => {
    await time.cycle('2026-03-16'); // the March Счёт, paid below by СБП
    const april = await paid('2026-04-01', 'yookassa');
    expect(april.invoice.totalKopecks).toBe(310000);
    const lines = april.invoice.lines as Line[];
    const before = await balance();

    time.setDay('2026-04-10');
    const res = await owner.post(`/api/owner/billing/payments/${april.paymentId}/refunds`, { amountKopecks: 10001, reason: 'Компенсация за сбой' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ paymentId: april.paymentId, amountKopecks: 10001, status: 'succeeded' });

    const [sent] = fakes.yookassa.refundRequests();
    // The key is the refund's id: a retry of the same refund could never return the money twice.
    expect(sent!.idempotenceKey).toBe(res.body.id.replaceAll('-', ''));
    expect(sent!.refundId).toBe(res.body.providerRefundId);
    // 10001 of 310000: what is not refunded (299999) comes off the items in proportion —
    //   trade 190000 × 299999 / 310000 = 183870.35 → 183870; notes 120000 × 299999 / 310000 = 116128.65 → 116128 + the odd kopeck
    //   → trade 6130, notes 3871 = 10001.
    expect(sent!.body).toEqual({
      payment_id: april.providerPaymentId,
      amount: { value: '100.01', currency: 'RUB' },
      description: 'Компенсация за сбой',
      receipt: {
        customer: { email: 'admin@vozvrat.ru', full_name: 'ООО «Возврат»', inn },
        items: [
          { description: lines[0]!.description, quantity: '1.00', amount: { value: '61.30', currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' },
          { description: lines[1]!.description, quantity: '1.00', amount: { value: '38.71', currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' },
        ],
        tax_system_code: 1,
      },
    });

    // The owner's client card and balance show it.
    expect(await balance()).toBe(before - 10001);
    expect(await refundedOf(april.paymentId)).toBe(10001);
    const card = await owner.get(`/api/owner/billing/clients/${tenantId}`);
    expect(card.body.refunds).toEqual([expect.objectContaining({ paymentId: april.paymentId, amountKopecks: 10001, status: 'succeeded' })]);
    const row = await stack.db.knex('platform.billing_refunds').where({ id: res.body.id }).first('status', 'provider_refund_id');
    expect(row).toEqual({ status: 'succeeded', provider_refund_id: res.body.providerRefundId });

    // ЮKassa's refund.succeeded notification about this refund is not a second refund.
    const notice = await client(stack.url).post('/api/billing/webhooks/yookassa', fakes.yookassa.refundNotificationFor(res.body.providerRefundId));
    expect(notice.status).toBe(200);
    expect(await refundedOf(april.paymentId)).toBe(10001);
    expect(await stack.db.knex('platform.billing_refunds').where({ payment_id: april.paymentId }).count({ n: '*' }).first()).toEqual({ n: '1' });
  });

  test('a second refund beyond what is left → 422 and nothing is sent', async () => {
    const payment = await stack.db.knex('platform.billing_payments').where({ tenant_id: tenantId, provider: 'yookassa', status: 'succeeded' }).first('id');
    const sent = sentToBanks();
    // 310000 − 10001 = 299999 left.
    const res = await owner.post(`/api/owner/billing/payments/${payment.id}/refunds`, { amountKopecks: 300000, reason: 'Слишком много' });
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.detail).toBe('Вернуть можно не больше 2999,99 ₽.');
    expect(sentToBanks()).toBe(sent);
    expect(await refundedOf(payment.id)).toBe(10001);

    // Asked directly, the fake ЮKassa refuses it too, as ЮKassa does (400 invalid_request).
    const yookassa = stack.app.get(PaymentProviders).get('yookassa');
    const ykId = await providerPaymentId(payment.id);
    await expect(yookassa.refund({ providerPaymentId: ykId, amountKopecks: 300000 }, 'too-much-1')).rejects.toThrow(/invalid_request/);
  });

  test('Т-Банк (the March Счёт paid by СБП): a partial refund is Cancel with Amount, a valid Token and the refund receipt', async () => {
    const march = await invoiceOf('2026-03-16');
    const pay = await admin.post(`/api/admin/billing/invoices/${march.id}/pay`, { provider: 'sbp' });
    const tbId = await providerPaymentId(pay.body.paymentId);
    fakes.tbank.pay(tbId);
    expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(tbId))).body).toBe('OK');
    const lines = march.lines as Line[];
    expect(lines).toHaveLength(2);
    const before = await balance();

    const res = await owner.post(`/api/owner/billing/payments/${pay.body.paymentId}/refunds`, { amountKopecks: 5000, reason: 'Возврат части' });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('succeeded');
    const [cancel] = fakes.tbank.cancels();
    const { Receipt, Token, ...signed } = cancel!.body as { Receipt: { Items: Array<{ Amount: number; Price: number; Tax: string; Name: string }> }; Token: string };
    expect(signed).toEqual({ TerminalKey: TBANK.terminalKey, PaymentId: tbId, Amount: 5000, ExternalRequestId: res.body.id.replaceAll('-', '') });
    // Receipt is nested: not in the Token, as in Init.
    expect(Token).toBe(tbankToken(signed, TBANK.password));
    expect(Receipt).toMatchObject({ FfdVersion: '1.05', Email: 'admin@vozvrat.ru', Taxation: 'osn' });
    expect(Receipt.Items.map((i) => i.Name)).toEqual(lines.map((l) => l.description));
    expect(Receipt.Items.every((i) => i.Tax === 'vat22' && i.Price === i.Amount)).toBe(true);
    expect(Receipt.Items.reduce((s, i) => s + i.Amount, 0)).toBe(5000);
    expect(cancel!.answer).toMatchObject({ Success: true, Status: 'PARTIAL_REFUNDED', NewAmount: march.totalKopecks - 5000 });
    expect(await balance()).toBe(before - 5000);

    // More than is left is refused by the fake Т-Банк (Success false), asked directly.
    const tbank = stack.app.get(PaymentProviders).get('tbank');
    await expect(tbank.refund({ providerPaymentId: tbId, amountKopecks: march.totalKopecks - 4999 }, 'too-much-2')).rejects.toThrow(/больше остатка/);

    // Т-Банк's notification of the PARTIAL_REFUNDED payment changes nothing more.
    expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(tbId))).body).toBe('OK');
    expect(await refundedOf(pay.body.paymentId)).toBe(5000);
  });

  test('Сбербанк: refund.do with orderId and the amount in kopecks, no receipt', async () => {
    const may = await paid('2026-05-01', 'sber');
    const before = await balance();
    const res = await owner.post(`/api/owner/billing/payments/${may.paymentId}/refunds`, { amountKopecks: 20000, reason: 'Возврат за май' });
    expect(res.status).toBe(201);
    expect(fakes.sber.refunds()).toEqual([{ form: { userName: SBER.userName, password: SBER.password, orderId: may.providerPaymentId, amount: '20000' }, answer: { errorCode: '0', errorMessage: 'Успешно' } }]);
    expect(await balance()).toBe(before - 20000);
    expect((await stack.db.knex('platform.billing_refunds').where({ id: res.body.id }).first('receipt')).receipt).toBeNull();
    const sber = stack.app.get(PaymentProviders).get('sber');
    await expect(sber.refund({ providerPaymentId: may.providerPaymentId, amountKopecks: 310000 - 19999 }, 'x')).rejects.toThrow(/превышает сумму списания/);
  });

  test('a bank that refuses: 502 problem+json in Russian naming it, the refund row failed, the balance unchanged', async () => {
    const june = await paid('2026-06-01', 'yookassa');
    const before = await balance();
    fakes.yookassa.cancelRefunds('rejected_by_payee');
    const res = await owner.post(`/api/owner/billing/payments/${june.paymentId}/refunds`, { amountKopecks: 31000, reason: 'Возврат за июнь' });
    fakes.yookassa.cancelRefunds(undefined);
    expect(res.status).toBe(502);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.title).toBe('Банк не выполнил возврат');
    expect(res.body.detail).toContain('ЮKassa не выполнил возврат');
    expect(res.body.detail).toContain('rejected_by_payee');
    const row = await stack.db.knex('platform.billing_refunds').where({ payment_id: june.paymentId }).first('status', 'error');
    expect(row.status).toBe('failed');
    expect(row.error).toContain('rejected_by_payee');
    expect(await balance()).toBe(before);
    expect(await refundedOf(june.paymentId)).toBe(0);

    // Сбер refusing: the same, with Сбер's message.
    const may = await stack.db.knex('platform.billing_payments').where({ tenant_id: tenantId, provider: 'sber', status: 'succeeded' }).first('id');
    fakes.sber.refuseRefunds('Сумма возврата превышает сумму списания');
    const sber = await owner.post(`/api/owner/billing/payments/${may.id}/refunds`, { amountKopecks: 100, reason: 'Ещё' });
    fakes.sber.refuseRefunds(undefined);
    expect(sber.status).toBe(502);
    expect(sber.body.detail).toContain('Сбербанк не выполнил возврат');
    expect(sber.body.detail).toContain('Сумма возврата превышает сумму списания');
    expect(await refundedOf(may.id)).toBe(20000);

    // Once the bank accepts, the same refund can be made again: the failed row reserved nothing.
    const again = await owner.post(`/api/owner/billing/payments/${june.paymentId}/refunds`, { amountKopecks: 310000, reason: 'Возврат за июнь' });
    expect(again.status).toBe(201);
    expect(await refundedOf(june.paymentId)).toBe(310000);
    expect(await balance()).toBe(before - 310000);
  });

  test('a bank transfer: the refund is recorded as before, no bank is asked', async () => {
    await time.cycle('2026-07-01');
    const july = await invoiceOf('2026-07-01');
    const seller: BankParty = { name: 'ООО «ВоркКлауд Тест»', inn: '7707083893', kpp: '770701001', account: '40702810938000099999', bankName: 'ПАО СБЕРБАНК', bankCity: 'г. Москва', bik: '044525225', corrAccount: '30101810400000000225' };
    const payer: BankParty = { name: 'ООО «Возврат»', inn, kpp: '', account: '40702810100000000778', bankName: 'АО «Банк»', bankCity: 'г. Москва', bik: '044525311', corrAccount: '30101810000000000311' };
    const file = writeBankExchange([{ kind: 'Платежное поручение', number: '78', date: '2026-07-03', creditedOn: '2026-07-03', amountKopecks: 320000, payer, payee: seller, purpose: `Оплата по счёту № ${july.number}, в т.ч. НДС 22 %` }]);
    time.setDay('2026-07-03');
    const upload = await fetch(`${stack.url}/api/owner/billing/bank-statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await login(stack.url, OWNER.email, OWNER.password)}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(file),
    });
    expect(upload.status).toBe(201);
    const payment = await stack.db.knex('platform.billing_payments').where({ invoice_id: july.id, method: 'bank' }).first('id');
    const sent = sentToBanks();
    const before = await balance();
    const res = await owner.post(`/api/owner/billing/payments/${payment.id}/refunds`, { amountKopecks: 10000, reason: 'Возврат переплаты' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amountKopecks: 10000, status: 'succeeded' });
    expect(sentToBanks()).toBe(sent);
    expect(await balance()).toBe(before - 10000);
    expect((await owner.get('/api/owner/billing/refunds')).body.items[0]).toMatchObject({ paymentId: payment.id, method: 'bank', amountKopecks: 10000, status: 'succeeded' });
  });
});

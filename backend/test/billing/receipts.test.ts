import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeBankExchange, type BankParty } from '../../src/platform/ru/bank-exchange';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { billingTime, startFakeBanks, type Fakes } from './support';

/**
 * 54-ФЗ receipts of card and СБП payments, through the API, against ЮKassa and Т-Банк fakes that act as
 * shops with an online cash register (a payment without a correct receipt is refused: startFakeBanks).
 * The owner's tax system is the default, ОСН (ЮKassa tax_system_code 1, Т-Банк Taxation "osn").
 *
 * One client, onboarded 20 November 2025 with «Торговля и склад» (190000 a month, VAT included);
 * 14 days of trial, billed from 4 December 2025:
 *   December 2025 (issued 04.12.2025, VAT 20 %): 4…31 December = 28 of 31 days: 190000 × 28 / 31 = 171612.9… → 171613
 *   «Заметки» added 10.12 (+120000 × 22/31 = 85161.29… → 85161), removed 20.12 (−120000 × 12/31 = 46451.6… → −46452)
 *   January 2026 (issued 01.01.2026, VAT 22 %): 190000 + 85161 − 46452 = 228709
 *   February, March, April 2026: 190000 each.
 */
let stack: TestStack;
let fakes: Fakes;
let time: ReturnType<typeof billingTime>;
let admin: ReturnType<typeof client>;
let tenantId: string;
let inn: string;

beforeAll(async () => {
  fakes = await startFakeBanks(); // receipts required
  stack = await startStack({ label: 'billing_receipts' });
  time = billingTime(stack);
  const t = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Чек»', adminEmail: 'admin@chek.ru', modules: ['trade'] });
  tenantId = t.tenantId;
  admin = client(stack.url, t.adminToken);
  await stack.db.knex('platform.tenants').where({ id: tenantId }).update({ created_at: '2025-11-20T07:00:00Z' });
  inn = (await stack.db.knex('platform.tenants').where({ id: tenantId }).first('inn')).inn;
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

interface Line { kind: string; description: string; amountKopecks: number }
const invoiceOf = async (period: string) => (await admin.get('/api/admin/billing/invoices')).body.items.find((i: { periodStart: string }) => i.periodStart === period);
const providerPaymentId = async (paymentId: string) => (await stack.db.knex('platform.billing_payments').where({ id: paymentId }).first('provider_payment_id')).provider_payment_id as string;
const receiptCount = () => fakes.yookassa.receiptCount() + fakes.tbank.receiptCount();

async function payByYooKassa(paymentId: string) {
  const id = await providerPaymentId(paymentId);
  fakes.yookassa.pay(id);
  expect((await client(stack.url).post('/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(id))).status).toBe(200);
}
async function payByTBank(paymentId: string) {
  const id = await providerPaymentId(paymentId);
  fakes.tbank.pay(id);
  expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(id))).body).toBe('OK');
}

describe('54-ФЗ receipts of card and СБП payments', () => {
  test('a Счёт of December 2025 paid through ЮKassa: VAT 20 % → vat_code 4, the buyer and the admin’s e-mail on the чек', async () => {
    await time.cycle('2025-12-04');
    const invoice = await invoiceOf('2025-12-04');
    expect(invoice).toMatchObject({ issuedOn: '2025-12-04', vatRate: 'vat20', totalKopecks: 171613 });
    const [line] = invoice.lines as Line[];
    expect(line!.description).toContain('за декабрь 2025');

    time.setDay('2025-12-05');
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'yookassa' });
    expect(pay.status).toBe(200);
    expect(fakes.yookassa.receiptOf(await providerPaymentId(pay.body.paymentId))).toEqual({
      customer: { email: 'admin@chek.ru', full_name: 'ООО «Чек»', inn },
      items: [{ description: line!.description, quantity: '1.00', amount: { value: '1716.13', currency: 'RUB' }, vat_code: 4, payment_subject: 'service', payment_mode: 'full_payment' }],
      tax_system_code: 1,
    });
    await payByYooKassa(pay.body.paymentId);
    expect(await invoiceOf('2025-12-04')).toMatchObject({ status: 'paid', paidKopecks: 171613 });

    // What the чек said is kept with the audit entry of the payment.
    const audit = await stack.db.knex('platform.audit_log').where({ tenant_id: tenantId, action: 'pay', entity_id: invoice.id }).first('after');
    expect(audit.after.receipt).toMatchObject({ customerEmail: 'admin@chek.ru', taxSystem: 'osn', items: [{ amountKopecks: 171613, vatRate: 'vat20' }] });
  });

  test('January 2026 with a credit line, paid through Т-Банк: Tax vat22, the credit spread over the positive lines, the sum exact', async () => {
    time.setDay('2025-12-10');
    expect((await admin.post('/api/admin/subscription/modules/notes')).body.chargeKopecks).toBe(85161);
    time.setDay('2025-12-20');
    expect((await admin.delete('/api/admin/subscription/modules/notes')).body.chargeKopecks).toBe(-46452);
    await time.cycle('2026-01-01');
    const invoice = await invoiceOf('2026-01-01');
    expect(invoice).toMatchObject({ vatRate: 'vat22', totalKopecks: 228709 });
    const lines = invoice.lines as Line[];
    expect(lines.map((l) => [l.kind, l.amountKopecks])).toEqual([
      ['monthly', 190000],
      ['adjustment', 85161],
      ['adjustment', -46452],
    ]);

    time.setDay('2026-01-02');
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
    expect(pay.status).toBe(200);
    // 46452 off 275161: 190000 × 46452 / 275161 = 32075.33… → 32075; 85161 × 46452 / 275161 = 14376.66… → 14376 + the odd kopeck
    const receipt = fakes.tbank.receiptOf(await providerPaymentId(pay.body.paymentId));
    expect(receipt).toEqual({
      FfdVersion: '1.05',
      Email: 'admin@chek.ru',
      Taxation: 'osn',
      Items: [
        { Name: lines[0]!.description, Price: 157925, Quantity: 1, Amount: 157925, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' },
        { Name: lines[1]!.description, Price: 70784, Quantity: 1, Amount: 70784, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' },
      ],
    });
    expect(receipt!.Items.reduce((s, i) => s + i.Amount, 0)).toBe(228709);
    await payByTBank(pay.body.paymentId);
    expect(await invoiceOf('2026-01-01')).toMatchObject({ status: 'paid', paidKopecks: 228709 });
  });

  test('February 2026 paid through ЮKassa: one item per line, amounts summing to the total, vat_code 11 (22 %)', async () => {
    await time.cycle('2026-02-01');
    const invoice = await invoiceOf('2026-02-01');
    expect(invoice).toMatchObject({ vatRate: 'vat22', totalKopecks: 190000 });
    time.setDay('2026-02-02');
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'yookassa' });
    expect(pay.status).toBe(200);
    const receipt = fakes.yookassa.receiptOf(await providerPaymentId(pay.body.paymentId))!;
    expect(receipt).toMatchObject({ customer: { email: 'admin@chek.ru', inn }, tax_system_code: 1 });
    expect(receipt.items).toEqual(
      (invoice.lines as Line[]).map((l) => ({ description: l.description, quantity: '1.00', amount: { value: '1900.00', currency: 'RUB' }, vat_code: 11, payment_subject: 'service', payment_mode: 'full_payment' })),
    );
    expect(receipt.items[0]!.description).toBe('Доступ к модулю «Торговля и склад» WorkCloud за февраль 2026');
    await payByYooKassa(pay.body.paymentId);
    expect((await invoiceOf('2026-02-01')).status).toBe('paid');
  });

  test('March 2026 paid by СБП (Т-Банк Init + GetQr): the same receipt, Tax vat22', async () => {
    await time.cycle('2026-03-01');
    const invoice = await invoiceOf('2026-03-01');
    time.setDay('2026-03-02');
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'sbp' });
    expect(pay.status).toBe(200);
    expect(pay.body.confirmationUrl).toMatch(/^https:\/\/qr\.nspk\.ru\//);
    expect(fakes.tbank.receiptOf(await providerPaymentId(pay.body.paymentId))).toMatchObject({
      Email: 'admin@chek.ru',
      Taxation: 'osn',
      Items: [{ Name: (invoice.lines as Line[])[0]!.description, Amount: 190000, Tax: 'vat22', PaymentMethod: 'full_payment', PaymentObject: 'service' }],
    });
    await payByTBank(pay.body.paymentId);
    expect((await invoiceOf('2026-03-01')).status).toBe('paid');
  });

  test('April 2026 paid by bank transfer: no receipt, no bank asked', async () => {
    await time.cycle('2026-04-01');
    const invoice = await invoiceOf('2026-04-01');
    const before = receiptCount();
    const seller: BankParty = { name: 'ООО «ВоркКлауд Тест»', inn: '7707083893', kpp: '770701001', account: '40702810938000099999', bankName: 'ПАО СБЕРБАНК', bankCity: 'г. Москва', bik: '044525225', corrAccount: '30101810400000000225' };
    const payer: BankParty = { name: 'ООО «Чек»', inn, kpp: '', account: '40702810100000000777', bankName: 'АО «Банк»', bankCity: 'г. Москва', bik: '044525311', corrAccount: '30101810000000000311' };
    const file = writeBankExchange([{ kind: 'Платежное поручение', number: '77', date: '2026-04-03', creditedOn: '2026-04-03', amountKopecks: 190000, payer, payee: seller, purpose: `Оплата по счёту № ${invoice.number}, в т.ч. НДС 22 %` }]);
    time.setDay('2026-04-03');
    const res = await fetch(`${stack.url}/api/owner/billing/bank-statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await login(stack.url, OWNER.email, OWNER.password)}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(file),
    });
    expect(res.status).toBe(201);
    expect(await invoiceOf('2026-04-01')).toMatchObject({ status: 'paid', paidKopecks: 190000 });
    expect(await stack.db.knex('platform.billing_payments').where({ invoice_id: invoice.id }).select('method', 'provider')).toEqual([{ method: 'bank', provider: 'bank' }]);
    expect(receiptCount()).toBe(before);
  });

  test('Сбербанк: the payment goes without a receipt (not built for Сбер)', async () => {
    await time.cycle('2026-05-01');
    const invoice = await invoiceOf('2026-05-01');
    time.setDay('2026-05-02');
    const before = receiptCount();
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'sber' });
    expect(pay.status).toBe(200);
    expect(receiptCount()).toBe(before);
    const audit = await stack.db.knex('platform.audit_log').where({ tenant_id: tenantId, action: 'pay', entity_id: invoice.id }).first('after');
    expect(audit.after).toMatchObject({ method: 'sber' });
    expect(audit.after.receipt).toBeUndefined();
  });
});

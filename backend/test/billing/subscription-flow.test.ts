import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { tbankToken } from '../../src/modules/billing/providers/tbank';
import { billingTime, startFakeBanks, TBANK, type Fakes } from './support';

/**
 * One client's whole life through the API, on fixed dates (billing's clock is moved by the test):
 * trial → module changes → Счёт → payment through ЮKassa, Т-Банк, Сбер and СБП → active;
 * forged and repeated notifications; non-payment → past_due → suspended → payment → active.
 * Prices: trade 1 900,00 ₽, notes 1 200,00 ₽, edo 900,00 ₽ a month, VAT included (module seeds).
 */
let stack: TestStack;
let fakes: Fakes;
let time: ReturnType<typeof billingTime>;
let owner: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let tenantId: string;

beforeAll(async () => {
  fakes = await startFakeBanks();
  stack = await startStack({ label: 'billing_flow' });
  time = billingTime(stack);
  owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  // The owner's trial length is a setting: 10 days instead of the default 14.
  expect((await owner.get('/api/owner/billing/settings')).body).toMatchObject({ trialDays: 14, paymentDueDays: 10, graceDays: 14 });
  expect((await owner.put('/api/owner/billing/settings', { trialDays: 10 })).body.trialDays).toBe(10);
  const t = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'ООО «Вектор»', adminEmail: 'admin@vector.ru', modules: ['trade'] });
  tenantId = t.tenantId;
  admin = client(stack.url, t.adminToken);
  // The client was onboarded on 2 March 2026, 10:00 Moscow time.
  await stack.db.knex('platform.tenants').where({ id: tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

/** The PDF's text through poppler's pdftotext, whitespace collapsed. */
function pdfText(pdf: Buffer): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wc-billing-')), 'doc.pdf');
  writeFileSync(file, pdf);
  if (process.env.WC_KEEP_PDF) writeFileSync(path.join(process.env.WC_KEEP_PDF, `${pdf.length}.pdf`), pdf);
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
}

const invoiceOf = async (period: string) => (await admin.get('/api/admin/billing/invoices')).body.items.find((i: { periodStart: string }) => i.periodStart === period);
const tenantStatus = async () => (await stack.db.knex('platform.tenants').where({ id: tenantId }).first('status')).status;
const providerPaymentId = async (paymentId: string) => (await stack.db.knex('platform.billing_payments').where({ id: paymentId }).first('provider_payment_id')).provider_payment_id as string;
const events = async (kind: string) => stack.db.knex('platform.billing_events').where({ tenant_id: tenantId, kind }).orderBy('id').select('on_date', 'message');

describe('subscription from trial to paid, through every provider', () => {
  test('trial: 10 days from onboarding; modules added during the trial cost nothing', async () => {
    time.setDay('2026-03-05');
    const sub = await admin.get('/api/admin/subscription');
    expect(sub.status).toBe(200);
    // 2 March + 10 days: the trial is 2…11 March, billing starts on 12 March.
    expect(sub.body).toMatchObject({ status: 'trial', trialEndsOn: '2026-03-11', nextPeriodStart: '2026-03-12' });

    const added = await admin.post('/api/admin/subscription/modules/notes');
    expect(added.status).toBe(200);
    expect(added.body.chargeKopecks).toBe(0);
    // Effective at once: the module is in /api/me on the next request.
    const me = await admin.get('/api/me');
    expect(me.body.modules.map((m: { code: string }) => m.code)).toEqual(['admin', 'trade', 'notes']);
    expect((await admin.post('/api/admin/subscription/modules/notes')).status).toBe(409);
    expect((await admin.post('/api/admin/subscription/modules/owner')).status).toBe(404);

    expect((await time.cycle('2026-03-11')).invoicesIssued).toBe(0);
  });

  test('the trial ends: a Счёт for the rest of March, prorated by days, VAT 22 % inside', async () => {
    const report = await time.cycle('2026-03-12');
    expect(report.invoicesIssued).toBe(1);
    expect((await time.cycle('2026-03-12')).invoicesIssued).toBe(0); // running twice issues nothing more

    const invoice = await invoiceOf('2026-03-12');
    // 12…31 March = 20 of 31 days:
    //   trade 190000 × 20 / 31 = 122580.645… → 122581;  notes 120000 × 20 / 31 = 77419.354… → 77419
    //   total 200000;  VAT 22/122: 122581 → 22104.77… → 22105;  77419 → 13960.97… → 13961;  36066
    expect(invoice).toMatchObject({ periodEnd: '2026-03-31', issuedOn: '2026-03-12', dueOn: '2026-03-22', status: 'open', totalKopecks: 200000, vatKopecks: 36066, vatRate: 'vat22' });
    expect(invoice.lines.map((l: { module: string; amountKopecks: number; vatKopecks: number; days: number }) => [l.module, l.amountKopecks, l.vatKopecks, l.days])).toEqual([
      ['trade', 122581, 22105, 20],
      ['notes', 77419, 13961, 20],
    ]);
    expect(invoice.number).toMatch(/^WC-\d{6}$/);

    const pdf = await fetch(`${stack.url}/api/admin/billing/invoices/${invoice.id}/pdf`, { headers: { authorization: `Bearer ${await login(stack.url, 'admin@vector.ru', 'Admin-Passw0rd-1')}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // Read back as a viewer would: the owner's requisites from the environment, the buyer, the amounts.
    const text = pdfText(bytes);
    expect(text).toContain(`Счёт на оплату № ${invoice.number} от 12.03.2026`);
    for (const requisite of ['ООО «ВоркКлауд Тест»', '7707083893', '770701001', '044525225', '40702810938000099999', 'ООО «Вектор»', '1 225,81', '774,19', '2 000,00', '360,66']) expect(text).toContain(requisite);
    expect((await owner.get(`/api/owner/billing/invoices/${invoice.id}/pdf`)).status).toBe(200);
  });

  test('ЮKassa: forged notifications are refused, the real one activates, a repeat is a no-op', async () => {
    time.setDay('2026-03-13');
    const invoice = await invoiceOf('2026-03-12');
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'yookassa' });
    expect(pay.status).toBe(200);
    expect(pay.body).toMatchObject({ method: 'yookassa', amountKopecks: 200000 });
    expect(pay.body.confirmationUrl).toContain('/checkout/payments/');
    const ykId = await providerPaymentId(pay.body.paymentId);

    const webhook = client(stack.url);
    // Claims success before the payer paid: re-reading the payment shows "pending".
    const early = await webhook.post('/api/billing/webhooks/yookassa', { type: 'notification', event: 'payment.succeeded', object: { id: ykId, status: 'succeeded' } });
    expect(early.status).toBe(400);
    expect(early.contentType).toContain('application/problem+json');
    // A payment ЮKassa never heard of.
    const unknown = await webhook.post('/api/billing/webhooks/yookassa', { type: 'notification', event: 'payment.succeeded', object: { id: '2f4b0c1e-000f-5000-9000-1b2c3d4e5f60' } });
    expect(unknown.status).toBe(400);
    expect(await tenantStatus()).toBe('trial');
    expect(await stack.db.knex('platform.billing_webhook_inbox').where({ status: 'rejected' }).count('* as c').first()).toEqual({ c: '2' });

    fakes.yookassa.pay(ykId);
    const real = await webhook.post('/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(ykId));
    expect(real.status).toBe(200);
    expect(await tenantStatus()).toBe('active');
    const again = await webhook.post('/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(ykId));
    expect(again.status).toBe(200);

    const paid = await invoiceOf('2026-03-12');
    expect(paid).toMatchObject({ status: 'paid', paidKopecks: 200000 });
    expect(paid.actId).toBeTruthy();
    const act = await fetch(`${stack.url}/api/admin/billing/acts/${paid.actId}/pdf`, { headers: { authorization: `Bearer ${await login(stack.url, 'admin@vector.ru', 'Admin-Passw0rd-1')}` } });
    expect(act.status).toBe(200);
    expect(act.headers.get('content-type')).toBe('application/pdf');
    const actText = pdfText(Buffer.from(await act.arrayBuffer()));
    expect(actText).toContain(`№ ${paid.number} от 13.03.2026`);
    expect(actText).toContain('2 000,00');
    expect((await owner.get(`/api/owner/billing/acts/${paid.actId}/pdf`)).status).toBe(200);
    expect((await stack.db.knex('platform.billing_events').where({ tenant_id: tenantId, kind: 'payment' })).length).toBe(1);
  });

  test('a module added mid-month is charged for the remaining days, a removed one credited', async () => {
    time.setDay('2026-03-20');
    const added = await admin.post('/api/admin/subscription/modules/edo');
    // 20…31 March = 12 of 31 days: 90000 × 12 / 31 = 34838.709… → 34839
    expect(added.body.chargeKopecks).toBe(34839);
    expect((await admin.get('/api/notes/meta')).status).toBe(200);
    time.setDay('2026-03-25');
    const removed = await admin.delete('/api/admin/subscription/modules/notes');
    // 25…31 March = 7 of 31 days: 120000 × 7 / 31 = 27096.774… → credit 27097
    expect(removed.body.chargeKopecks).toBe(-27097);
    // The «Заметки»'s data stays, read-only: its pages open, changes are refused at once.
    const me = await admin.get('/api/me');
    expect(me.body.modules.map((m: { code: string; readOnly?: boolean }) => [m.code, !!m.readOnly])).toEqual([['admin', false], ['trade', false], ['edo', false], ['notes', true]]);
    expect((await admin.get('/api/notes/meta')).status).toBe(200);
    const write = await admin.post('/api/notes/catalogs/notes', { name: 'Ещё одна' });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ missingModule: 'notes', readOnly: true });
  });

  test('April: the full month plus the adjustments; paid through Т-Банк', async () => {
    await time.cycle('2026-04-01');
    const invoice = await invoiceOf('2026-04-01');
    // trade 190000 + edo 90000 + 34839 − 27097 = 287742
    // VAT: 34262 (190000·22/122 = 34262.29…) + 16230 (16229.5… → 16230) + 6282 − 4886 = 51888
    expect(invoice).toMatchObject({ totalKopecks: 287742, vatKopecks: 51888, dueOn: '2026-04-11' });
    expect(invoice.lines.map((l: { kind: string; amountKopecks: number }) => [l.kind, l.amountKopecks])).toEqual([
      ['monthly', 190000],
      ['monthly', 90000],
      ['adjustment', 34839],
      ['adjustment', -27097],
    ]);

    time.setDay('2026-04-02');
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
    expect(pay.status).toBe(200);
    const tbId = await providerPaymentId(pay.body.paymentId);
    fakes.tbank.pay(tbId);
    const signed = fakes.tbank.notificationFor(tbId);
    const webhook = client(stack.url);
    const forged = await webhook.post('/api/billing/webhooks/tbank', { ...signed, Amount: 100 });
    expect(forged.status).toBe(400);
    expect((await invoiceOf('2026-04-01')).status).toBe('open');

    // Authentic, but about a payment WorkCloud never made: acknowledged, kept 'failed' for retries, no event key spent.
    const stranger = { TerminalKey: TBANK.terminalKey, OrderId: 'x1', Success: true, Status: 'CONFIRMED', PaymentId: 999, ErrorCode: '0', Amount: 100 };
    expect((await webhook.post('/api/billing/webhooks/tbank', { ...stranger, Token: tbankToken(stranger, TBANK.password) })).body).toBe('OK');
    expect(await stack.db.knex('platform.billing_webhook_inbox').where({ event_key: '999:CONFIRMED' }).first('status')).toEqual({ status: 'failed' });
    expect(await stack.db.knex('platform.billing_payment_events').where({ event_key: '999:CONFIRMED' }).first()).toBeUndefined();

    const real = await webhook.post('/api/billing/webhooks/tbank', signed);
    expect(real.status).toBe(200);
    expect(real.body).toBe('OK');
    expect((await webhook.post('/api/billing/webhooks/tbank', signed)).body).toBe('OK');
    expect(await invoiceOf('2026-04-01')).toMatchObject({ status: 'paid', paidKopecks: 287742 });
  });

  test('May: paid through Сбербанк (GET callback with checksum)', async () => {
    await time.cycle('2026-05-01');
    const invoice = await invoiceOf('2026-05-01');
    expect(invoice.totalKopecks).toBe(280000); // trade 190000 + edo 90000
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'sber' });
    expect(pay.status).toBe(200);
    const orderId = await providerPaymentId(pay.body.paymentId);
    fakes.sber.pay(orderId);
    const params = fakes.sber.notificationFor(orderId);
    const webhook = client(stack.url);
    const forged = await webhook.get(`/api/billing/webhooks/sber?${new URLSearchParams({ ...params, checksum: '0'.repeat(64) })}`);
    expect(forged.status).toBe(400);
    const real = await webhook.get(`/api/billing/webhooks/sber?${new URLSearchParams(params)}`);
    expect(real.status).toBe(200);
    // Сбер may also POST the same callback: a repeat, nothing more is credited.
    const repeat = await webhook.raw('POST', `/api/billing/webhooks/sber?${new URLSearchParams(params)}`);
    expect(repeat.status).toBe(200);
    expect(await invoiceOf('2026-05-01')).toMatchObject({ status: 'paid', paidKopecks: 280000 });
  });

  test('June: СБП through Т-Банк; a crash after recording the notification loses nothing', async () => {
    await time.cycle('2026-06-01');
    const invoice = await invoiceOf('2026-06-01');
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'sbp' });
    expect(pay.status).toBe(200);
    expect(pay.body.confirmationUrl).toMatch(/^https:\/\/qr\.nspk\.ru\//);
    const tbId = await providerPaymentId(pay.body.paymentId);
    fakes.tbank.pay(tbId);
    const signed = fakes.tbank.notificationFor(tbId);

    // The process died right after step 1 (the raw notification is stored, nothing applied).
    const [{ id: inboxId }] = await stack.db.knex('platform.billing_webhook_inbox').insert({ provider: 'tbank', ip: '127.0.0.1', headers: '{}', body: JSON.stringify(signed), query: '{}', received_at: new Date(Date.now() - 5 * 60_000) }).returning('id');
    expect((await invoiceOf('2026-06-01')).status).toBe('open');
    // After the restart the cycle finishes it…
    const report = await time.cycle('2026-06-02');
    expect(report.webhooksRetried).toBeGreaterThanOrEqual(1); // (the stranger of April may be retried too, if a minute old)
    expect(await stack.db.knex('platform.billing_webhook_inbox').where({ id: inboxId }).first('status')).toEqual({ status: 'processed' });
    expect(await invoiceOf('2026-06-01')).toMatchObject({ status: 'paid', paidKopecks: 280000 });
    // …and the bank's re-delivery is a duplicate.
    expect((await client(stack.url).post('/api/billing/webhooks/tbank', signed)).body).toBe('OK');
    expect(await invoiceOf('2026-06-01')).toMatchObject({ paidKopecks: 280000 });
    const succeeded = await stack.db.knex('platform.billing_payments').where({ tenant_id: tenantId, status: 'succeeded' }).count('* as c').first();
    expect(succeeded).toEqual({ c: '4' });
  });

  test('July unpaid: past_due after the due date, reminders, suspended after the grace period, active again on payment', async () => {
    await time.cycle('2026-07-01');
    const invoice = await invoiceOf('2026-07-01');
    expect(invoice.dueOn).toBe('2026-07-11');
    await time.cycle('2026-07-11');
    expect(await tenantStatus()).toBe('active');

    await time.cycle('2026-07-12');
    expect(await tenantStatus()).toBe('past_due');
    await time.cycle('2026-07-13'); // reminded on the 12th: not again the next day
    await time.cycle('2026-07-15');
    expect((await events('reminder')).map((e) => e.on_date)).toEqual(['2026-07-12', '2026-07-15']);
    expect((await events('reminder'))[0].message).toContain('будет приостановлена 26.07.2026');
    // Past due still works.
    const clerk = await admin.post('/api/admin/users', { email: 'clerk@vector.ru', fullName: 'Клерк', password: 'Tiger-Passw0rd-17' });
    expect(clerk.status).toBe(201);

    await time.cycle('2026-07-25'); // due 11 July + 14 days grace = 25 July is the last day
    expect(await tenantStatus()).toBe('past_due');
    await time.cycle('2026-07-26');
    expect(await tenantStatus()).toBe('suspended');

    // Suspended: sign-in and reading work, writes are refused with 403; data untouched.
    const fresh = client(stack.url, await login(stack.url, 'admin@vector.ru', 'Admin-Passw0rd-1'));
    expect((await fresh.get('/api/me')).body.tenant.status).toBe('suspended');
    const users = await fresh.get('/api/admin/users');
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: { email: string }) => u.email)).toContain('clerk@vector.ru');
    const refused = await fresh.post('/api/admin/users', { email: 'late@vector.ru', fullName: 'Поздний', password: 'Ocean-Passw0rd-23' });
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe('tenant_suspended');
    expect((await fresh.post('/api/admin/subscription/modules/notes')).status).toBe(403);
    expect((await fresh.get('/api/admin/billing/invoices')).status).toBe(200);
    expect((await time.cycle('2026-08-01')).invoicesIssued).toBe(0); // not billed while suspended

    time.setDay('2026-08-03');
    const pay = await fresh.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'yookassa' });
    expect(pay.status).toBe(200);
    const ykId = await providerPaymentId(pay.body.paymentId);
    fakes.yookassa.pay(ykId);
    expect((await client(stack.url).post('/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(ykId))).status).toBe(200);
    expect(await tenantStatus()).toBe('active');
    expect((await fresh.post('/api/admin/users', { email: 'late@vector.ru', fullName: 'Поздний', password: 'Ocean-Passw0rd-23' })).status).toBe(201);

    // Billing resumes from the day of payment: 3…31 August = 29 of 31 days, rounded per line:
    //   trade 190000 × 29 / 31 = 177741.93… → 177742;  edo 90000 × 29 / 31 = 84193.54… → 84194;  261936
    await time.cycle('2026-08-03');
    const august = await invoiceOf('2026-08-03');
    expect(august.lines.map((l: { amountKopecks: number }) => l.amountKopecks)).toEqual([177742, 84194]);
    expect(august.totalKopecks).toBe(261936);
  });

  test('the owner sees the client with its money and history', async () => {
    const list = await owner.get('/api/owner/billing/clients');
    const row = list.body.items.find((c: { id: string }) => c.id === tenantId);
    // Invoiced 200000 + 287742 + 280000 × 3 + 261936; paid everything but August: balance −261936.
    expect(row).toMatchObject({ status: 'active', modules: ['edo', 'trade'], monthlyKopecks: 280000, balanceKopecks: -261936 });
    expect(row.lastPaymentAt).toBeTruthy();
    const card = await owner.get(`/api/owner/billing/clients/${tenantId}`);
    expect(card.body.invoices).toHaveLength(6);
    expect(card.body.payments.filter((p: { status: string }) => p.status === 'succeeded')).toHaveLength(5);
    expect(card.body.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['module_added', 'module_removed', 'invoice_issued', 'payment', 'past_due', 'reminder', 'suspended', 'activated']));
    const rejected = await owner.get('/api/owner/billing/webhooks?status=rejected');
    expect(rejected.body.items.length).toBe(4);
    expect((await admin.get('/api/owner/billing/clients')).status).toBe(403);
  });

  test('a refund made in ЮKassa is recorded once from its notification', async () => {
    const payment = await stack.db.knex('platform.billing_payments').where({ tenant_id: tenantId, method: 'yookassa', status: 'succeeded' }).orderBy('created_at').first('id', 'provider_payment_id');
    const refundId = fakes.yookassa.refund(payment.provider_payment_id, 5000);
    const notification = fakes.yookassa.refundNotificationFor(refundId);
    const webhook = client(stack.url);
    expect((await webhook.post('/api/billing/webhooks/yookassa', notification)).status).toBe(200);
    expect((await webhook.post('/api/billing/webhooks/yookassa', notification)).status).toBe(200);
    const refunds = await stack.db.knex('platform.billing_refunds').where({ payment_id: payment.id }).select('amount_kopecks');
    expect(refunds.map((r) => Number(r.amount_kopecks))).toEqual([5000]);
    const row = (await owner.get('/api/owner/billing/clients')).body.items.find((c: { id: string }) => c.id === tenantId);
    expect(row.balanceKopecks).toBe(-261936 - 5000);
  });

  test('a payment whose notification never arrives is found by the cycle asking the bank; the late notification changes nothing', async () => {
    time.setDay('2026-08-04');
    const august = await invoiceOf('2026-08-03');
    const pay = await admin.post(`/api/admin/billing/invoices/${august.id}/pay`, { provider: 'tbank' });
    const tbId = await providerPaymentId(pay.body.paymentId);
    expect((await time.cycle('2026-08-04')).paymentsReconciled).toBe(0); // not paid yet: still pending
    fakes.tbank.pay(tbId);
    expect((await time.cycle('2026-08-05')).paymentsReconciled).toBe(1);
    expect(await invoiceOf('2026-08-03')).toMatchObject({ status: 'paid', paidKopecks: 261936 });
    expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(tbId))).body).toBe('OK');
    expect(await invoiceOf('2026-08-03')).toMatchObject({ paidKopecks: 261936 });
  });
});

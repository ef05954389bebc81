import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tbankToken } from '../../src/modules/billing/providers/tbank';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { billingTime, startFakeBanks, TBANK, type Fakes } from './support';

/**
 * What the banks tell us, taken exactly once and at face value (issue 15, items 1–7):
 * Сбер refunds told apart by the operation, Т-Банк refund statuses as refunds, credits at the invoiced
 * price, an amount other than the one asked for, ЮKassa's whole IPv6 network, a Сбер callback without
 * `amount`, and X-Forwarded-For believed only from our proxy.
 *
 * The backend runs with TRUST_PROXY=127.0.0.1 (our proxy) and — as a deployment of the old code would
 * have had for one nginx — BILLING_PROXY_HOPS=1. ЮKassa is believed only from its published addresses
 * (no test networks): its notifications come «through the proxy» at 127.0.0.1 with X-Forwarded-For.
 *
 * Clients onboarded on 2 March 2026 with «Торговля и склад» (1 900,00 ₽) and «Заметки» (1 200,00 ₽), 14 days
 * of trial: the first Счёт is for 16…31 March, then 3 100,00 ₽ (310000) a month until the owner changes a price.
 */
let stack: TestStack;
let fakes: Fakes;
let time: ReturnType<typeof billingTime>;
let owner: ReturnType<typeof client>;
const savedEnv = { BILLING_PROXY_HOPS: process.env.BILLING_PROXY_HOPS, YOOKASSA_TRUSTED_NETWORKS: process.env.YOOKASSA_TRUSTED_NETWORKS };

interface Tenant {
  id: string;
  admin: ReturnType<typeof client>;
}
const tenants: Record<'sber' | 'tbank' | 'amounts' | 'credit' | 'yookassa', Tenant> = {} as never;

beforeAll(async () => {
  fakes = await startFakeBanks();
  process.env.BILLING_PROXY_HOPS = '1';
  delete process.env.YOOKASSA_TRUSTED_NETWORKS;
  stack = await startStack({ label: 'billing_bank_notifications', env: { TRUST_PROXY: '127.0.0.1' } });
  time = billingTime(stack);
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  // Unpaid Счета make clients past_due but never suspended here (a suspended client is not invoiced).
  expect((await owner.put('/api/owner/billing/settings', { graceDays: 365 })).status).toBe(200);
  for (const key of Object.keys({ sber: 1, tbank: 1, amounts: 1, credit: 1, yookassa: 1 }) as Array<keyof typeof tenants>) {
    const t = await onboardTenant(stack, ownerToken, { name: `ООО «Уведомления ${key}»`, adminEmail: `admin@${key}.notify.ru`, modules: ['trade', 'notes'] });
    await stack.db.knex('platform.tenants').where({ id: t.tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
    tenants[key] = { id: t.tenantId, admin: client(stack.url, t.adminToken) };
  }
  await time.cycle('2026-03-16'); // every client's first Счёт
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
  for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

const webhook = () => client(stack.url);
const invoiceOf = async (t: Tenant, period: string) => (await t.admin.get('/api/admin/billing/invoices')).body.items.find((i: { periodStart: string }) => i.periodStart === period);
const paymentRow = (paymentId: string) => stack.db.knex('platform.billing_payments').where({ id: paymentId }).first('provider_payment_id', 'amount_kopecks', 'requested_kopecks', 'refunded_kopecks', 'status', 'attention');
const refundedOf = async (paymentId: string) => Number((await paymentRow(paymentId)).refunded_kopecks);
const refundRows = (paymentId: string) => stack.db.knex('platform.billing_refunds').where({ payment_id: paymentId }).orderBy('created_at').select('amount_kopecks', 'status');
const tenantStatus = async (t: Tenant) => (await stack.db.knex('platform.tenants').where({ id: t.id }).first('status')).status as string;
const balance = async (t: Tenant) => (await owner.get('/api/owner/billing/clients')).body.items.find((c: { id: string }) => c.id === t.id).balanceKopecks as number;

async function startPayment(t: Tenant, period: string, provider: 'yookassa' | 'tbank' | 'sber') {
  const invoice = await invoiceOf(t, period);
  const pay = await t.admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider });
  expect(pay.status).toBe(200);
  const providerPaymentId = (await paymentRow(pay.body.paymentId)).provider_payment_id as string;
  return { paymentId: pay.body.paymentId as string, providerPaymentId, invoice, amountKopecks: pay.body.amountKopecks as number };
}
const sberCallback = (params: Record<string, string>) => webhook().get(`/api/billing/webhooks/sber?${new URLSearchParams(params)}`);
const tbankNotify = (body: Record<string, unknown>) => webhook().post('/api/billing/webhooks/tbank', body);
/** A Т-Банк notification with some fields changed, signed again with the terminal password (as Т-Банк signs it). */
function tbankResigned(body: Record<string, unknown>, change: Record<string, unknown>) {
  const { Token: _old, ...fields } = { ...body, ...change };
  return { ...fields, Token: tbankToken(fields, TBANK.password) };
}

/** A POST from a chosen local address (127.0.0.2 is not our proxy; 127.0.0.1 is). */
function postFrom(localAddress: string, path: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(stack.url + path);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

describe('an amount other than the one asked for', () => {
  test('less: recorded as received, the Счёт open for the rest, the trial client stays in trial; the owner sees it', async () => {
    const t = tenants.amounts;
    expect(await tenantStatus(t)).toBe('trial');
    const p = await startPayment(t, '2026-03-16', 'tbank');
    const total = p.invoice.totalKopecks as number;
    fakes.tbank.pay(p.providerPaymentId);
    // The bank says 1 000,00 ₽ less arrived.
    const short = total - 100000;
    expect((await tbankNotify(tbankResigned(fakes.tbank.notificationFor(p.providerPaymentId), { Amount: short }))).body).toBe('OK');

    expect(await paymentRow(p.paymentId)).toMatchObject({ status: 'succeeded', amount_kopecks: String(short), requested_kopecks: String(total) });
    const invoice = await invoiceOf(t, '2026-03-16');
    expect(invoice).toMatchObject({ status: 'open', paidKopecks: short });
    expect(await tenantStatus(t)).toBe('trial');

    const attention = await owner.get('/api/owner/billing/payments/attention');
    expect(attention.status).toBe(200);
    expect(attention.body.items).toEqual([
      expect.objectContaining({ id: p.paymentId, tenantId: t.id, requestedKopecks: total, receivedKopecks: short, differenceKopecks: -100000, invoiceStatus: 'open', invoicePaidKopecks: short, reason: expect.stringContaining('недоплата 1000,00 ₽') }),
    ]);

    // The rest (100000) is paid normally: the Счёт is paid and the client active.
    const rest = await startPayment(t, '2026-03-16', 'tbank');
    expect(rest.amountKopecks).toBe(100000);
    fakes.tbank.pay(rest.providerPaymentId);
    expect((await tbankNotify(fakes.tbank.notificationFor(rest.providerPaymentId))).body).toBe('OK');
    expect((await invoiceOf(t, '2026-03-16')).status).toBe('paid');
    expect(await tenantStatus(t)).toBe('active');

    // The owner marks the short payment as dealt with.
    expect((await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { comment: 'Остаток доплачен вторым платежом' })).status).toBe(200);
    expect((await owner.get('/api/owner/billing/payments/attention')).body.items).toEqual([]);
    const again = await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { comment: 'Ещё раз' });
    expect(again.status).toBe(404);
    expect(again.contentType).toContain('application/problem+json');
  });

  test('more: the Счёт paid, the difference on the balance and flagged', async () => {
    const t = tenants.amounts;
    await time.cycle('2026-04-01');
    const p = await startPayment(t, '2026-04-01', 'tbank');
    fakes.tbank.pay(p.providerPaymentId);
    // 310000 asked, 315000 arrived: 5000 over.
    expect((await tbankNotify(tbankResigned(fakes.tbank.notificationFor(p.providerPaymentId), { Amount: p.amountKopecks + 5000 }))).body).toBe('OK');
    expect((await invoiceOf(t, '2026-04-01')).status).toBe('paid');
    // Balance = received − invoiced: March's two payments add up to March's total, so
    // (March total + 315000) − (March total + 310000) = 5000.
    expect(await balance(t)).toBe(5000);
    expect((await owner.get('/api/owner/billing/payments/attention')).body.items).toEqual([
      expect.objectContaining({ id: p.paymentId, requestedKopecks: p.amountKopecks, receivedKopecks: p.amountKopecks + 5000, differenceKopecks: 5000, invoiceStatus: 'paid', reason: expect.stringContaining('переплата 50,00 ₽') }),
    ]);
  });
});

describe('Сбербанк: every refund recorded once, a callback without amount read from the API', () => {
  test('two partial refunds of one order in the dashboard (100 ₽, then 150 ₽) are two refunds; replays add nothing', async () => {
    const t = tenants.sber;
    const p = await startPayment(t, '2026-03-16', 'sber');
    fakes.sber.pay(p.providerPaymentId);
    expect((await sberCallback(fakes.sber.notificationFor(p.providerPaymentId))).status).toBe(200);
    expect((await invoiceOf(t, '2026-03-16')).status).toBe('paid');

    const first = fakes.sber.refundInDashboard(p.providerPaymentId, 10000); // 100,00 ₽
    expect((await sberCallback(first)).status).toBe(200);
    const second = fakes.sber.refundInDashboard(p.providerPaymentId, 15000); // 150,00 ₽
    expect((await sberCallback(second)).status).toBe(200);
    // 10000 + 15000 = 25000
    expect(await refundedOf(p.paymentId)).toBe(25000);
    expect((await refundRows(p.paymentId)).map((r) => Number(r.amount_kopecks))).toEqual([10000, 15000]);

    // Сбер re-delivers both until it is answered: nothing more.
    for (const again of [second, first, second]) expect((await sberCallback(again)).status).toBe(200);
    expect(await refundedOf(p.paymentId)).toBe(25000);
    expect(await refundRows(p.paymentId)).toHaveLength(2);

    // A third refund whose callback carries no amount: the order's refunded total is read from
    // getOrderStatusExtended.do (30000) and the difference recorded: 30000 − 25000 = 5000.
    const third = fakes.sber.refundInDashboard(p.providerPaymentId, 5000, { withoutAmount: true });
    expect((await sberCallback(third)).status).toBe(200);
    expect((await sberCallback(third)).status).toBe(200);
    // …and the first callbacks again, now without amount too (total still 30000): nothing.
    expect((await sberCallback(fakes.sber.refundNotificationFor(p.providerPaymentId, 0, { withoutAmount: true }))).status).toBe(200);
    expect(await refundedOf(p.paymentId)).toBe(30000);
    expect((await refundRows(p.paymentId)).map((r) => Number(r.amount_kopecks))).toEqual([10000, 15000, 5000]);
  });

  test('a deposited callback without amount: status and amount read from getOrderStatusExtended.do, not 503', async () => {
    const t = tenants.sber;
    await time.cycle('2026-04-01');
    const p = await startPayment(t, '2026-04-01', 'sber');
    expect(p.amountKopecks).toBe(310000); // 190000 + 120000
    fakes.sber.pay(p.providerPaymentId);
    const params = fakes.sber.notificationFor(p.providerPaymentId, { withoutAmount: true });
    expect(params.amount).toBeUndefined();
    const res = await sberCallback(params);
    expect(res.status).toBe(200);
    expect((await invoiceOf(t, '2026-04-01')).status).toBe('paid');
    expect(await paymentRow(p.paymentId)).toMatchObject({ status: 'succeeded', amount_kopecks: '310000', attention: null });
  });
});

describe('Т-Банк: REFUNDED / PARTIAL_REFUNDED are refunds of the difference', () => {
  test('two dashboard refunds notified out of order, then replayed: recorded once each way', async () => {
    const t = tenants.tbank;
    const p = await startPayment(t, '2026-03-16', 'tbank');
    fakes.tbank.pay(p.providerPaymentId);
    expect((await tbankNotify(fakes.tbank.notificationFor(p.providerPaymentId))).body).toBe('OK');
    expect((await invoiceOf(t, '2026-03-16')).status).toBe('paid');
    const before = await balance(t);

    fakes.tbank.refundInDashboard(p.providerPaymentId, 10000);
    const first = fakes.tbank.notificationFor(p.providerPaymentId); // PARTIAL_REFUNDED, Amount 10000 returned in all
    fakes.tbank.refundInDashboard(p.providerPaymentId, 15000);
    const second = fakes.tbank.notificationFor(p.providerPaymentId); // PARTIAL_REFUNDED, Amount 25000
    expect(first).toMatchObject({ Status: 'PARTIAL_REFUNDED', Amount: 10000 });
    expect(second).toMatchObject({ Status: 'PARTIAL_REFUNDED', Amount: 25000 });

    // The later one first: 25000 − 0 recorded = 25000.
    expect((await tbankNotify(second)).body).toBe('OK');
    expect(await refundedOf(p.paymentId)).toBe(25000);
    // The earlier one late (10000 < 25000 recorded) and both again: nothing.
    for (const n of [first, second, first]) expect((await tbankNotify(n)).body).toBe('OK');
    expect(await refundedOf(p.paymentId)).toBe(25000);
    expect(await refundRows(p.paymentId)).toHaveLength(1);
    expect(await balance(t)).toBe(before - 25000);
    // The payment itself stays paid.
    expect((await paymentRow(p.paymentId)).status).toBe('succeeded');

    // The owner refunds 50,00 ₽ through WorkCloud (Cancel); Т-Банк's notification (30000 in all) adds nothing.
    const own = await owner.post(`/api/owner/billing/payments/${p.paymentId}/refunds`, { amountKopecks: 5000, reason: 'Возврат владельцем' });
    expect(own.status).toBe(201);
    expect((await tbankNotify(fakes.tbank.notificationFor(p.providerPaymentId))).body).toBe('OK');
    expect(await refundedOf(p.paymentId)).toBe(30000); // 25000 + 5000

    // The rest back in the dashboard: REFUNDED with the whole amount; recorded is the rest only.
    const rest = p.amountKopecks - 30000;
    fakes.tbank.refundInDashboard(p.providerPaymentId, rest);
    const refunded = fakes.tbank.notificationFor(p.providerPaymentId);
    expect(refunded).toMatchObject({ Status: 'REFUNDED', Amount: p.amountKopecks });
    expect((await tbankNotify(refunded)).body).toBe('OK');
    expect((await tbankNotify(refunded)).body).toBe('OK');
    expect(await refundedOf(p.paymentId)).toBe(p.amountKopecks);
    expect((await refundRows(p.paymentId)).map((r) => Number(r.amount_kopecks))).toEqual([25000, 5000, rest]);
  });

  test('PARTIAL_REVERSED and a refund that overtakes CONFIRMED: the payment is credited, then the refund recorded', async () => {
    const t = tenants.tbank;
    await time.cycle('2026-04-01');
    const p = await startPayment(t, '2026-04-01', 'tbank');
    fakes.tbank.pay(p.providerPaymentId);
    const confirmed = fakes.tbank.notificationFor(p.providerPaymentId);
    // Т-Банк's PARTIAL_REVERSED (20000 returned in all) arrives before CONFIRMED.
    const reversed = tbankResigned(confirmed, { Status: 'PARTIAL_REVERSED', Amount: 20000 });
    expect((await tbankNotify(reversed)).body).toBe('OK');
    expect((await invoiceOf(t, '2026-04-01')).status).toBe('paid');
    expect(await refundedOf(p.paymentId)).toBe(20000);
    expect((await tbankNotify(confirmed)).body).toBe('OK');
    expect((await tbankNotify(reversed)).body).toBe('OK');
    expect(await paymentRow(p.paymentId)).toMatchObject({ status: 'succeeded', amount_kopecks: String(p.amountKopecks), refunded_kopecks: '20000' });
  });
});

describe('ЮKassa: the published addresses whole, X-Forwarded-For only from our proxy', () => {
  let p: Awaited<ReturnType<typeof startPayment>>;
  test('a forged X-Forwarded-For from a caller that is not our proxy fails the address check', async () => {
    const t = tenants.yookassa;
    p = await startPayment(t, '2026-03-16', 'yookassa');
    fakes.yookassa.pay(p.providerPaymentId);
    const body = fakes.yookassa.notificationFor(p.providerPaymentId);
    // 127.0.0.2 is not in TRUST_PROXY: its X-Forwarded-For naming a ЮKassa address is not believed.
    const forged = await postFrom('127.0.0.2', '/api/billing/webhooks/yookassa', body, { 'x-forwarded-for': '185.71.76.5' });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.body).detail).toContain('127.0.0.2');
    const row = await stack.db.knex('platform.billing_webhook_inbox').where({ provider: 'yookassa' }).orderBy('id', 'desc').first('ip', 'status');
    expect(row).toEqual({ ip: '127.0.0.2', status: 'rejected' });
    expect((await invoiceOf(t, '2026-03-16')).status).toBe('open');
  });

  test('through our proxy, a sender in 2a02:5180::/32 outside the four /64 blocks is ЮKassa', async () => {
    const t = tenants.yookassa;
    // The same payment, now notified through our proxy from a ЮKassa address.
    const res = await postFrom('127.0.0.1', '/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(p.providerPaymentId), { 'x-forwarded-for': '2a02:5180:0:3000::15' });
    expect(res.status).toBe(200);
    const row = await stack.db.knex('platform.billing_webhook_inbox').where({ provider: 'yookassa' }).orderBy('id', 'desc').first('ip', 'status');
    expect(row).toEqual({ ip: '2a02:5180:0:3000::15', status: 'processed' });
    expect((await invoiceOf(t, '2026-03-16')).status).toBe('paid');
    // An address outside the /32 through the same proxy is still refused.
    const outside = await postFrom('127.0.0.1', '/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(p.providerPaymentId), { 'x-forwarded-for': '2a02:5181::15' });
    expect(outside.status).toBe(400);
  });
});

describe('a removed module is credited at the price on the invoice line that charged it', () => {
  test('the owner raises «Заметки» from 1 200,00 to 1 500,00 ₽ after the April Счёт; removal on 20 April credits at 1 200,00 ₽', async () => {
    const t = tenants.credit;
    await time.cycle('2026-04-01');
    const april = await invoiceOf(t, '2026-04-01');
    const crmLine = april.lines.find((l: { module: string }) => l.module === 'notes');
    expect(crmLine).toMatchObject({ kind: 'monthly', monthlyPriceKopecks: 120000, amountKopecks: 120000 });

    time.setDay('2026-04-10');
    expect((await owner.put('/api/owner/modules/notes', { monthlyPriceKopecks: 150000 })).status).toBe(200);

    time.setDay('2026-04-20');
    const removed = await t.admin.delete('/api/admin/subscription/modules/notes');
    expect(removed.status).toBe(200);
    // 20…30 April = 11 of 30 days at the invoiced 120000: 120000 × 11 / 30 = 44000
    // (today's 150000 would give 150000 × 11 / 30 = 55000, 110,00 ₽ too much).
    expect(removed.body.chargeKopecks).toBe(-44000);
    const charge = await stack.db.knex('platform.billing_charges').where({ tenant_id: t.id, module_code: 'notes' }).first('amount_kopecks', 'monthly_price_kopecks', 'reverses_line_id');
    expect(charge).toEqual({ amount_kopecks: '-44000', monthly_price_kopecks: '120000', reverses_line_id: String(crmLine.lineId) });

    // May: trade 190000 («Заметки» gone) and the credit line naming April's «Заметки» line: 190000 − 44000 = 146000.
    await time.cycle('2026-05-01');
    const may = await invoiceOf(t, '2026-05-01');
    expect(may.totalKopecks).toBe(146000);
    expect(may.lines.find((l: { kind: string }) => l.kind === 'adjustment')).toMatchObject({ module: 'notes', amountKopecks: -44000, monthlyPriceKopecks: 120000, reversesLineId: crmLine.lineId });
  });

  test('added mid-month and removed the same month: the credit reverses the addition at its own price', async () => {
    const t = tenants.credit;
    // 5 May: «Заметки» back at today's 150000 for 5…31 May = 27 of 31 days: 150000 × 27 / 31 = 130645.16… → 130645.
    time.setDay('2026-05-05');
    expect((await t.admin.post('/api/admin/subscription/modules/notes')).body.chargeKopecks).toBe(130645);
    // The owner lowers «Заметки» to 1 000,00 ₽ from 10 May; removal on 20 May gives back 20…31 May = 12 of 31
    // days at the 150000 charged: 150000 × 12 / 31 = 58064.51… → 58065 (not 100000 × 12 / 31 = 38710).
    time.setDay('2026-05-10');
    expect((await owner.put('/api/owner/modules/notes', { monthlyPriceKopecks: 100000 })).status).toBe(200);
    time.setDay('2026-05-20');
    expect((await t.admin.delete('/api/admin/subscription/modules/notes')).body.chargeKopecks).toBe(-58065);
    // June's Счёт: trade 190000 + 130645 − 58065 = 262580; the credit names the addition's line.
    await time.cycle('2026-06-01');
    const june = await invoiceOf(t, '2026-06-01');
    expect(june.totalKopecks).toBe(262580);
    const [added, credit] = june.lines.filter((l: { kind: string }) => l.kind === 'adjustment');
    expect(added).toMatchObject({ amountKopecks: 130645, monthlyPriceKopecks: 150000, reversesLineId: null });
    expect(credit).toMatchObject({ amountKopecks: -58065, monthlyPriceKopecks: 150000, reversesLineId: added.lineId });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { BillingClock } from '../../src/modules/billing';
import { Problem } from '../../src/platform/http/problem';
import { loadBillingConfig } from '../../src/modules/billing/config';
import { onboardMarchClient, startFakeBanks, type Fakes } from './support';

/**
 * A month of billing scripted with the owner's test clock for one client — no patching of time: the
 * platform's clock stays on today, only the client's date moves (POST …/clients/:id/test-clock).
 *
 * The client was created on 2 March 2026 with «Торговля и склад» (1 900,00 ₽) and «Заметки» (1 200,00 ₽),
 * 14 days of trial. Prices include VAT 22 % (2026), VAT of a line = 22/122 of it, half-up.
 *   16 Mar  Счёт for 16…31 March: trade 190000 × 16/31 = 98064.5 → 98065 (VAT 17683.8 → 17684),
 *           «Заметки» 120000 × 16/31 = 61935.5 → 61935 (VAT 11168.6 → 11169); total 160000, VAT 28853
 *   20 Mar  paid by Т-Банк: paid, Акт of 20 March, trial → active
 *    1 Apr  Счёт for April: 190000 + 120000 = 310000 (VAT 34262 + 21639 = 55901)
 *    3 Apr  paid
 *   11 Apr  ЭДО (900,00 ₽) added: 11…30 April = 20 of 30 days → 90000 × 20/30 = 60000
 *   21 Apr  «Заметки» removed: credit for 21…30 April at the April line's 1 200,00 ₽ → −120000 × 10/30 = −40000
 *    1 May  Счёт for May: trade 190000 + ЭДО 90000 + 60000 − 40000 = 300000
 * Metrics (MRR = monthly prices of the month's monthly lines): March 310000 (new), April 310000,
 * May 280000 (contraction 30000); one paying client; the March trial converted.
 */
let stack: TestStack;
let fakes: Fakes;
let owner: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let tenantId: string;

beforeAll(async () => {
  fakes = await startFakeBanks();
  stack = await startStack({ label: 'billing_test_clock' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  ({ id: tenantId, admin } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Тестовые часы»', adminEmail: 'admin@clock.billing.ru' }));
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

const advance = async (date: string) => {
  const res = await owner.post(`/api/owner/billing/clients/${tenantId}/test-clock`, { date });
  expect(res.status).toBe(200);
  return res.body as { today: string; invoicesIssued: number };
};
const invoices = async () => (await admin.get('/api/admin/billing/invoices')).body.items as Array<{ id: string; periodStart: string; totalKopecks: number; vatKopecks: number; status: string; paidKopecks: number; actId: string | null; lines: Array<{ kind: string; module: string; amountKopecks: number; vatKopecks: number }> }>;
const invoiceOf = async (period: string) => (await invoices()).find((i) => i.periodStart === period)!;

async function payByTBank(period: string) {
  const invoice = await invoiceOf(period);
  const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
  expect(pay.status).toBe(200);
  const row = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('provider_payment_id');
  fakes.tbank.pay(row.provider_payment_id);
  expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(row.provider_payment_id))).body).toBe('OK');
  return pay.body.paymentId as string;
}

describe('a month of billing on the test clock of one client', () => {
  test('invoices, a payment, a module added mid-month, a credit and the metrics, to the kopeck', async () => {
    expect((await owner.get(`/api/owner/billing/clients/${tenantId}/test-clock`)).body).toEqual({ enabled: true, today: null });

    expect(await advance('2026-03-16')).toMatchObject({ today: '2026-03-16', invoicesIssued: 1 });
    const march = await invoiceOf('2026-03-16');
    expect(march).toMatchObject({ totalKopecks: 160000, vatKopecks: 28853, status: 'open' });
    expect(march.lines.map((l) => [l.module, l.amountKopecks, l.vatKopecks])).toEqual([['trade', 98065, 17684], ['notes', 61935, 11169]]);

    // The Счёт PDF carries the payment QR code (an image) while something is owed.
    const hasQr = async (invoiceId: string) => String((await admin.get(`/api/admin/billing/invoices/${invoiceId}/pdf`)).body).includes('/Subtype /Image');
    expect(await hasQr(march.id)).toBe(true);

    // The platform's own cycle (today, December 2026) leaves a client on a test clock alone.
    expect((await owner.post('/api/owner/billing/run-cycle')).body.invoicesIssued).toBe(0);
    expect(await invoices()).toHaveLength(1);
    // The clock goes forward only.
    const back = await owner.post(`/api/owner/billing/clients/${tenantId}/test-clock`, { date: '2026-03-01' });
    expect(back.status).toBe(422);
    expect(back.contentType).toContain('application/problem+json');

    await advance('2026-03-20');
    const paymentId = await payByTBank('2026-03-16');
    expect(await stack.db.knex('platform.billing_payments').where({ id: paymentId }).first('paid_on')).toEqual({ paid_on: '2026-03-20' });
    expect((await invoiceOf('2026-03-16')).status).toBe('paid');
    expect(await hasQr(march.id)).toBe(false);
    const act = await stack.db.knex('platform.billing_acts').where({ invoice_id: march.id }).first('issued_on');
    expect(act.issued_on).toBe('2026-03-20');
    expect((await stack.db.knex('platform.tenants').where({ id: tenantId }).first('status')).status).toBe('active');

    expect(await advance('2026-04-01')).toMatchObject({ invoicesIssued: 1 });
    expect(await invoiceOf('2026-04-01')).toMatchObject({ totalKopecks: 310000, vatKopecks: 55901 });
    await advance('2026-04-03');
    await payByTBank('2026-04-01');

    await advance('2026-04-11');
    const added = await admin.post('/api/admin/subscription/modules/edo');
    expect(added.status).toBe(200);
    expect(added.body.chargeKopecks).toBe(60000);
    await advance('2026-04-21');
    const removed = await admin.delete('/api/admin/subscription/modules/notes');
    expect(removed.body.chargeKopecks).toBe(-40000);

    expect(await advance('2026-05-01')).toMatchObject({ invoicesIssued: 1 });
    const may = await invoiceOf('2026-05-01');
    expect(may.totalKopecks).toBe(300000);
    expect(may.lines.map((l) => [l.kind, l.module, l.amountKopecks])).toEqual([
      ['monthly', 'trade', 190000],
      ['monthly', 'edo', 90000],
      ['adjustment', 'edo', 60000],
      ['adjustment', 'notes', -40000],
    ]);

    const metrics = await owner.get('/api/owner/billing/metrics?from=2026-03&to=2026-05');
    expect(metrics.status).toBe(200);
    expect(metrics.body.months.map((m: Record<string, unknown>) => [m.month, m.mrrKopecks, m.newMrrKopecks, m.contractionMrrKopecks, m.payingClients, m.arpuKopecks])).toEqual([
      ['2026-03', 310000, 310000, 0, 1, 310000],
      ['2026-04', 310000, 0, 0, 1, 310000],
      ['2026-05', 280000, 0, 30000, 1, 280000],
    ]);
    expect(metrics.body.months[0]).toMatchObject({ trialsEnded: 1, trialsConverted: 1 });

    // Back on the platform's time.
    expect((await owner.delete(`/api/owner/billing/clients/${tenantId}/test-clock`)).body).toEqual({ enabled: true, today: null });
  });

  test('refused in production: NODE_ENV=production turns test clocks off, setting one answers 403', async () => {
    const production = loadBillingConfig({ ...process.env, NODE_ENV: 'production' });
    expect(production.testClocks).toBe(false);
    const clock = new BillingClock(stack.db, production);
    const refusal = await clock.setFor(tenantId, '2026-06-01', 'owner').then(() => null, (e: Problem) => e);
    expect(refusal?.getStatus()).toBe(403);
    expect(refusal?.detail).toContain('NODE_ENV=production');
    expect(await clock.testNow(tenantId)).toBeNull();
  });
});

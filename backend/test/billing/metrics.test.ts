import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { billingTime } from './support';

/**
 * Metrics over a seeded history, January–April 2026. Monthly prices on invoices (kopecks):
 *
 *            Jan       Feb       Mar                     Apr
 *   A     100000    100000    150000 (trade + notes)      150000
 *   B     200000    200000    120000                         —
 *   C          —     80000     80000                     80000
 *   D      50000         —         —                     50000
 *   E          —   (void invoice of 999999: ignored)
 */
let stack: TestStack;
let owner: ReturnType<typeof client>;
const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID(), d: randomUUID(), e: randomUUID() };
let invoiceNo = 0;

async function seedTenant(id: string, name: string, trialEndsOn: string, paid: boolean, createdAt: string) {
  const k = stack.db.knex;
  await k('platform.tenants').insert({ id, name, inn: '7707083893', status: 'active', schema_name: `t_${id.replaceAll('-', '')}`, trial_ends_on: trialEndsOn, created_at: createdAt });
  await k('platform.billing_accounts').insert({ tenant_id: id, trial_started_on: '2025-12-01', next_period_start: '2026-05-01', first_paid_at: paid ? '2026-02-01T00:00:00Z' : null });
}

async function seedInvoice(tenantId: string, periodStart: string, lines: { module: string; price: number; kind?: 'monthly' | 'adjustment' }[], status = 'paid') {
  const id = randomUUID();
  const total = lines.reduce((s, l) => s + l.price, 0);
  await stack.db.knex('platform.billing_invoices').insert({ id, number: `SEED-${++invoiceNo}`, tenant_id: tenantId, period_start: periodStart, period_end: periodStart.slice(0, 8) + '28', issued_on: periodStart, due_on: periodStart, status, vat_rate: 'vat22', total_kopecks: total, vat_kopecks: 0, seller: '{}', buyer: '{}' });
  await stack.db.knex('platform.billing_invoice_lines').insert(
    lines.map((l) => ({ invoice_id: id, kind: l.kind ?? 'monthly', module_code: l.module, description: l.module, monthly_price_kopecks: l.kind === 'adjustment' ? null : l.price, amount_kopecks: l.price, vat_kopecks: 0 })),
  );
}

beforeAll(async () => {
  stack = await startStack({ label: 'billing_metrics' });
  owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  const k = stack.db.knex;
  // Trials: A, B, E ended in January (A, B paid, E never); C in February (paid); D in December 2025.
  // Signed up: D, A in December 2025; B, E in January; C on 1 February at 01:30 Moscow time (31 January in UTC).
  await seedTenant(ids.a, 'A', '2026-01-10', true, '2025-12-27T09:00:00Z');
  await seedTenant(ids.b, 'B', '2026-01-20', true, '2026-01-06T09:00:00Z');
  await seedTenant(ids.c, 'C', '2026-02-05', true, '2026-01-31T22:30:00Z');
  await seedTenant(ids.d, 'D', '2025-12-20', true, '2025-12-06T09:00:00Z');
  await seedTenant(ids.e, 'E', '2026-01-25', false, '2026-01-11T09:00:00Z');

  for (const m of ['2026-01-01', '2026-02-01']) await seedInvoice(ids.a, m, [{ module: 'trade', price: 100000 }]);
  await seedInvoice(ids.a, '2026-03-01', [{ module: 'trade', price: 100000 }, { module: 'notes', price: 50000 }, { module: 'notes', price: 20000, kind: 'adjustment' }]);
  await seedInvoice(ids.a, '2026-04-01', [{ module: 'trade', price: 100000 }, { module: 'notes', price: 50000 }]);
  for (const m of ['2026-01-01', '2026-02-01']) await seedInvoice(ids.b, m, [{ module: 'accounting', price: 200000 }]);
  await seedInvoice(ids.b, '2026-03-01', [{ module: 'accounting', price: 120000 }]);
  for (const m of ['2026-02-01', '2026-03-01', '2026-04-01']) await seedInvoice(ids.c, m, [{ module: 'edo', price: 80000 }]);
  for (const m of ['2026-01-01', '2026-04-01']) await seedInvoice(ids.d, m, [{ module: 'analytics', price: 50000 }]);
  await seedInvoice(ids.e, '2026-02-01', [{ module: 'trade', price: 999999 }], 'void');

  // Money in March: 350000 received on the 5th, 10000 refunded on the 20th.
  const paymentId = randomUUID();
  await k('platform.billing_payments').insert({ id: paymentId, tenant_id: ids.a, method: 'bank', provider: 'bank', provider_payment_id: 'seed-1', status: 'succeeded', amount_kopecks: 350000, refunded_kopecks: 10000, paid_on: '2026-03-05', paid_at: '2026-03-05T09:00:00Z' });
  await k('platform.billing_refunds').insert({ id: randomUUID(), payment_id: paymentId, amount_kopecks: 10000, refunded_on: '2026-03-20', reason: 'seed' });

  // Sign-ins in March (Moscow time): u1 on the 1st, 2nd and 3rd; u2 on the 1st; u3 twice on the 15th.
  const users = [randomUUID(), randomUUID(), randomUUID()];
  const signIn = (user: string, at: string) => ({ at, email: 'x@y.ru', user_id: user, tenant_id: ids.a, success: true, reason: 'ok' });
  await k('platform.login_journal').insert([
    signIn(users[0], '2026-03-01T08:00:00Z'), signIn(users[0], '2026-03-02T08:00:00Z'), signIn(users[0], '2026-03-03T08:00:00Z'),
    signIn(users[1], '2026-03-01T10:00:00Z'),
    signIn(users[2], '2026-03-15T07:00:00Z'), signIn(users[2], '2026-03-15T15:00:00Z'),
    { ...signIn(users[1], '2026-03-20T08:00:00Z'), success: false, reason: 'bad_password' }, // failed: not activity
    signIn(users[1], '2026-02-28T22:30:00Z'), // 1 March 01:30 in Moscow: same user-day as u2's other sign-in
  ]);

  // NPS answers in March: 10, 10, 9 promoters; 7 passive; 3 detractor.
  for (const [i, score] of [10, 10, 9, 7, 3].entries()) {
    const userId = randomUUID();
    await k('platform.users').insert({ id: userId, email: `nps${i}@seed.ru`, password_hash: 'x' });
    await k('platform.nps_responses').insert({ user_id: userId, tenant_id: ids.a, score, at: '2026-03-10T09:00:00Z' });
  }
  billingTime(stack).setDay('2026-05-10');
});
afterAll(() => stack?.close());

describe('owner metrics, computed in SQL', () => {
  test('MRR, its movements, churn, ARPU, LTV, conversion, DAU/MAU, revenue by module, collected, NPS', async () => {
    const res = await owner.get('/api/owner/billing/metrics?from=2026-01&to=2026-04');
    expect(res.status).toBe(200);
    const [jan, feb, mar, apr] = res.body.months;

    // January: A 100000 + B 200000 + D 50000 = 350000, all new; ARR = 350000 × 12; ARPU 350000 / 3 = 116666.67 → 116667.
    // Trials ended in January: A, B, E; paid: A, B → 2/3 = 0.6667.
    expect(jan).toMatchObject({ month: '2026-01', mrrKopecks: 350000, arrKopecks: 4200000, newMrrKopecks: 350000, expansionMrrKopecks: 0, contractionMrrKopecks: 0, churnedMrrKopecks: 0, payingClients: 3, churnedClients: 0, logoChurn: null, revenueChurn: null, arpuKopecks: 116667, trialsEnded: 3, trialsConverted: 2, trialConversion: 0.6667 });
    expect(jan.revenueByModuleKopecks).toEqual({ trade: 100000, accounting: 200000, analytics: 50000 });

    // February: + C 80000 new, − D 50000 churned → 350000 + 80000 − 50000 = 380000 (E's void invoice ignored).
    // Logo churn 1 / 3 paying in January = 0.3333; revenue churn 50000 / 350000 = 0.142857… → 0.1429; ARPU 380000 / 3 → 126667.
    expect(feb).toMatchObject({ mrrKopecks: 380000, newMrrKopecks: 80000, churnedMrrKopecks: 50000, payingClients: 3, churnedClients: 1, logoChurn: 0.3333, revenueChurn: 0.1429, arpuKopecks: 126667, trialsEnded: 1, trialsConverted: 1, trialConversion: 1 });

    // March: A +50000 expansion (notes; the 20000 adjustment is not recurring), B −80000 contraction →
    // 380000 + 50000 − 80000 = 350000; logo churn 0 / 3 = 0; revenue churn 80000 / 380000 = 0.210526… → 0.2105.
    expect(mar).toMatchObject({ mrrKopecks: 350000, expansionMrrKopecks: 50000, contractionMrrKopecks: 80000, churnedMrrKopecks: 0, newMrrKopecks: 0, logoChurn: 0, revenueChurn: 0.2105, arpuKopecks: 116667, trialsEnded: 0, trialConversion: null });
    // Revenue by module (invoice lines issued in March): trade 100000, notes 50000 + 20000, accounting 120000, edo 80000.
    expect(mar.revenueByModuleKopecks).toEqual({ trade: 100000, notes: 70000, accounting: 120000, edo: 80000 });
    // Collected: 350000 − 10000 refunded = 340000.
    expect(mar.collectedKopecks).toBe(340000);
    // DAU/MAU: user-days u1×3 + u2×1 + u3×1 = 5 over 31 days = 0.161… → 0.16; MAU 3; 5 / 31 / 3 = 0.05376… → 0.0538.
    expect(mar).toMatchObject({ dau: 0.16, mau: 3, dauMau: 0.0538 });

    // April: B churns (−120000), D comes back (+50000 reactivation, it paid before) → 350000 − 120000 + 50000 = 280000.
    // Logo churn 1 / 3 = 0.3333; revenue churn 120000 / 350000 = 0.342857… → 0.3429; ARPU 280000 / 3 = 93333.33 → 93333.
    expect(apr).toMatchObject({ mrrKopecks: 280000, arrKopecks: 3360000, churnedMrrKopecks: 120000, reactivationMrrKopecks: 50000, newMrrKopecks: 0, churnedClients: 1, logoChurn: 0.3333, revenueChurn: 0.3429, arpuKopecks: 93333, mau: 0, dau: 0 });

    // New clients by month (Moscow dates): signed up B, E in January, C in February; first paid: A, B, C, D on 1 February.
    expect([jan, feb, mar, apr].map((m) => [m.newClients, m.newPayingClients])).toEqual([[2, 0], [1, 4], [0, 0], [0, 0]]);

    // Every month: MRR = previous + new + reactivation + expansion − contraction − churned.
    for (const [prev, cur] of [[jan, feb], [feb, mar], [mar, apr]]) {
      expect(cur.mrrKopecks).toBe(prev.mrrKopecks + cur.newMrrKopecks + cur.reactivationMrrKopecks + cur.expansionMrrKopecks - cur.contractionMrrKopecks - cur.churnedMrrKopecks);
    }

    // LTV = average ARPU / average logo churn = ((116667 + 126667 + 116667 + 93333) / 4) / ((0.3333 + 0 + 0.3333) / 3)
    //     = 113333.5 / 0.2222 = 510051.75… → 510052
    expect(res.body.ltvKopecks).toBe(510052);
    // NPS: (3 promoters − 1 detractor) / 5 × 100 = 40
    expect(res.body.nps).toEqual({ responses: 5, promoters: 3, passives: 1, detractors: 1, score: 40 });
  });

  test('a bad range is refused', async () => {
    expect((await owner.get('/api/owner/billing/metrics?from=2026-13&to=2026-04')).status).toBe(400);
    expect((await owner.get('/api/owner/billing/metrics?from=2026-04&to=2026-01')).status).toBe(400);
  });
});

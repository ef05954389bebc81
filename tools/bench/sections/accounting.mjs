// Accounting: posting a 10-line Реализация in a company with accounting (trade's movements plus the entries and
// the invoice, in one transaction) next to the same posting in a company without it; and the ОСВ for a month
// with N and 10×N postings in the history before it.
import { fmt, heading, innFor, msSince, now, ratio, stats, table } from '../lib.mjs';

/** Catalogs a sale needs, through the API of a company; returns what the sale's body uses. */
async function tradeSetup(api) {
  const create = async (catalog, body) => (await api('POST', `/api/trade/catalogs/${catalog}`, body)).id;
  const org = await create('organizations', { name: 'ООО «Бенч»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: '40702810300180001774' });
  const warehouse = await create('warehouses', { name: 'Основной' });
  const customer = await create('counterparties', { name: 'Покупатель', inn: innFor(6_000_001), is_customer: true });
  const supplier = await create('counterparties', { name: 'Поставщик', inn: innFor(6_000_002), is_supplier: true });
  const saleContract = await create('contracts', { name: 'Договор продажи', owner_id: customer, organization: org, kind: 'customer' });
  const buyContract = await create('contracts', { name: 'Договор закупки', owner_id: supplier, organization: org, kind: 'supplier' });
  const products = [];
  for (let i = 0; i < 10; i++) products.push(await create('products', { name: `Товар ${i}`, article: `A-${i}` }));
  await api('POST', '/api/trade/documents/receipt?post=true', {
    date: '2026-06-01', organization: org, warehouse, counterparty: supplier, contract: buyContract,
    goods: products.map((product) => ({ product, quantity: '100000', price: 50000 })),
  });
  return { org, sale: (date) => ({ date, organization: org, warehouse, counterparty: customer, contract: saleContract, goods: products.map((product, i) => ({ product, quantity: '1', price: 100000 + i })) }) };
}

export default {
  id: 'accounting',
  title: 'Accounting: Реализация with and without accounting; ОСВ with 10× history',
  /** @param {import('./_template.mjs').BenchContext} ctx */
  async run(ctx) {
    const k = ctx.db.knex;
    const company = async (modules) => {
      const { tenant } = await ctx.provisionTenant(modules);
      const token = await ctx.login(tenant);
      const api = async (method, path, body) => {
        const res = await fetch(ctx.baseUrl + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
        const json = await res.json();
        if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      const schema = (await k('platform.tenants').where({ id: tenant.tenantId }).first('schema_name')).schema_name;
      return { api, schema, ...(await tradeSetup(api)) };
    };
    const plain = await company(['trade']);
    const booked = await company(['trade', 'accounting']);

    heading('9. Posting a 10-line Реализация with accounting vs without  [accounting]');
    const docs = Number(process.env.BENCH_ACCOUNTING_SALES || 100);
    for (const c of [plain, booked]) await c.api('POST', '/api/trade/documents/sale?post=true', c.sale('2026-06-02')); // warm-up
    const times = { plain: [], booked: [] };
    // Alternating, so a slower moment of the machine falls on both.
    for (let i = 0; i < docs; i++)
      for (const [name, c] of [['plain', plain], ['booked', booked]]) {
        const t0 = now();
        await c.api('POST', '/api/trade/documents/sale?post=true', c.sale('2026-06-03'));
        times[name].push(msSince(t0));
      }
    const p = stats(times.plain);
    const b = stats(times.booked);
    table(
      ['company', 'documents', 'mean ms', 'p95 ms', 'vs without accounting'],
      [
        ['trade + accounting: stock, cost, settlements, 3 entries a line, счёт-фактура', docs, fmt(b.mean, 2), fmt(b.p95, 2), ratio(b.mean, p.mean)],
        ['trade only  ← baseline', docs, fmt(p.mean, 2), fmt(p.p95, 2), '1.00×'],
      ],
    );

    heading('10. ОСВ for a month with N and 10×N postings in the history  [accounting]');
    // The sizes: 1M postings, then 10M; BENCH_ACCOUNTING_POSTINGS=100000 for a quick run.
    const base = Number(process.env.BENCH_ACCOUNTING_POSTINGS || 1_000_000);
    const { schema, org } = booked;
    const accounts = await k(`${schema}.c_accounting_accounts`).whereIn('code', ['41.01', '60.01', '62.01', '90.01.1', '90.02.1', '51']).pluck('id');
    // Postings over 2025 on six accounts and 200 subconto values; the month measured is December 2025.
    const generate = (count) =>
      k.raw(
        `INSERT INTO "${schema}".r_accounting_by_account (period, recorder_type, recorder_id, revision, line_no, organization, account, subconto1, debit, credit, quantity_debit, quantity_credit)
         SELECT date '2025-01-01' + (g % 365), 'gen', gen_random_uuid(), 1, 1, ?, (?::uuid[])[1 + g % 6], 'v' || (g % 200),
                CASE WHEN g % 2 = 0 THEN 100 + g % 1000 ELSE 0 END, CASE WHEN g % 2 = 1 THEN 100 + g % 1000 ELSE 0 END, 0, 0
           FROM generate_series(1, ?) g`,
        [org, accounts, count],
      );
    const rebuild = () => {
      const t = (suffix) => `"${schema}".r_accounting_by_account${suffix}`;
      const sums = 'sum(debit), sum(credit), sum(quantity_debit), sum(quantity_credit)';
      return k.raw(
        `DELETE FROM ${t('__totals')} WHERE month < '2026-01-01';
         INSERT INTO ${t('__totals')} (month, organization, account, subconto1, debit, credit, quantity_debit, quantity_credit)
           SELECT date_trunc('month', period)::date, organization, account, subconto1, ${sums} FROM ${t('')} WHERE period < '2026-01-01' GROUP BY 1, 2, 3, 4;
         DELETE FROM ${t('__daily')} WHERE day < '2026-01-01';
         INSERT INTO ${t('__daily')} (day, organization, account, subconto1, debit, credit, quantity_debit, quantity_credit)
           SELECT period, organization, account, subconto1, ${sums} FROM ${t('')} WHERE period < '2026-01-01' GROUP BY 1, 2, 3, 4;
         ANALYZE ${t('')}; ANALYZE ${t('__totals')}; ANALYZE ${t('__daily')};`,
      );
    };
    const measure = async () => {
      const times = [];
      for (let i = 0; i < 20; i++) {
        const t0 = now();
        await booked.api('GET', `/api/accounting/reports/turnover_balance_sheet?from=2025-12-01&to=2025-12-31&organization=${org}`);
        times.push(msSince(t0));
      }
      return stats(times).p50;
    };
    let t0 = now();
    await generate(base);
    await rebuild();
    const g1 = msSince(t0);
    const small = await measure();
    t0 = now();
    await generate(base * 9);
    await rebuild();
    const g10 = msSince(t0);
    const large = await measure();
    console.log(`  ${base.toLocaleString('en')} then ${(base * 10).toLocaleString('en')} postings over 2025 (generated in ${fmt(g1 / 1000, 1)} s and +${fmt(g10 / 1000, 1)} s); BENCH_ACCOUNTING_POSTINGS sets N; the issue asks 10× / 1× < 1.5`);
    table(
      ['report (p50 of 20)', `${base / 1000}k postings ms`, `${base / 100}k postings ms`, '10× / 1×'],
      [['GET /api/accounting/reports/turnover_balance_sheet (December 2025)', fmt(small, 2), fmt(large, 2), ratio(large, small)]],
    );
  },
};

// Trade: posting a Реализация with 10 lines through the API next to raw SQL writing the same rows,
// and the «Остатки товаров» report on a date with N and 10×N stock movements.
import { randomUUID } from 'node:crypto';
import { fmt, heading, innFor, msSince, now, ratio, rebuildRegisterTotals, stats, table } from '../lib.mjs';

export default {
  id: 'trade',
  title: 'Trade: Реализация posting and Остатки товаров',
  /** @param {import('./_template.mjs').BenchContext} ctx */
  async run(ctx) {
    const k = ctx.db.knex;
    const { tenant } = await ctx.provisionTenant(['trade']);
    const token = await ctx.login(tenant);
    const api = async (method, path, body) => {
      const res = await fetch(ctx.baseUrl + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      const json = await res.json();
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const create = async (catalog, body) => (await api('POST', `/api/trade/catalogs/${catalog}`, body)).id;
    const schema = (await k('platform.tenants').where({ id: tenant.tenantId }).first('schema_name')).schema_name;

    const org = await create('organizations', { name: 'ООО «Бенч»', inn: '7707083893', kpp: '770701001' });
    const warehouse = await create('warehouses', { name: 'Основной' });
    const customer = await create('counterparties', { name: 'Покупатель', inn: innFor(5_000_001), is_customer: true });
    const supplier = await create('counterparties', { name: 'Поставщик', inn: innFor(5_000_002), is_supplier: true });
    const saleContract = await create('contracts', { name: 'Договор продажи', owner_id: customer, organization: org, kind: 'customer' });
    const buyContract = await create('contracts', { name: 'Договор закупки', owner_id: supplier, organization: org, kind: 'supplier' });
    const products = [];
    for (let i = 0; i < 50; i++) products.push(await create('products', { name: `Товар ${String(i).padStart(2, '0')}`, article: `P-${i}` }));
    const ten = products.slice(0, 10);
    await api('POST', '/api/trade/documents/receipt?post=true', {
      date: '2026-06-01', organization: org, warehouse, counterparty: supplier, contract: buyContract, price_includes_vat: false,
      goods: ten.map((product) => ({ product, quantity: '100000', price: 50000 })),
    });
    const saleBody = (date) => ({ date, organization: org, warehouse, counterparty: customer, contract: saleContract, goods: ten.map((product, i) => ({ product, quantity: '1', price: 100000 + i })) });

    heading('7. Posting a Реализация with 10 lines  [trade]');
    const docs = Number(process.env.BENCH_SALES || 100);
    const sample = await api('POST', '/api/trade/documents/sale?post=true', saleBody('2026-06-02')); // warm-up, and the rows to copy
    const apiTimes = [];
    for (let i = 0; i < docs; i++) {
      const t0 = now();
      await api('POST', '/api/trade/documents/sale?post=true', saleBody('2026-06-03'));
      apiTimes.push(msSince(t0));
    }
    // Raw SQL doing the same work: the rows the engine wrote for the sample sale, written again for a new
    // document id — header, lines, number, movements of four registers, their month and day totals, events, audit.
    const t = (name) => `${schema}.${name}`;
    const docRow = await k(t('d_trade_sale')).where({ id: sample.id }).first();
    const lineRows = await k(t('d_trade_sale__goods')).where({ doc_id: sample.id });
    const registers = ['stock', 'cost', 'sales', 'settlements'];
    const dims = { stock: ['organization', 'warehouse', 'product'], cost: ['organization', 'product', 'batch'], sales: ['organization', 'counterparty', 'product', 'manager'], settlements: ['organization', 'counterparty', 'contract', 'document'] };
    const movementRows = {};
    for (const r of registers) movementRows[r] = (await k(t(`r_trade_${r}`)).where({ recorder_id: sample.id, storno: false })).map(({ id: _id, ...row }) => row);
    const sqlTimes = [];
    for (let i = 0; i < docs; i++) {
      const t0 = now();
      await k.transaction(async (trx) => {
        const id = randomUUID();
        const { rows } = await trx.raw(`INSERT INTO "${schema}".number_series (series, year, last_number) VALUES ('raw-sale', 2026, 1) ON CONFLICT (series, year) DO UPDATE SET last_number = number_series.last_number + 1 RETURNING last_number`);
        await trx(t('d_trade_sale')).insert({ ...docRow, id, number: `RAW-${rows[0].last_number}`, custom: '{}' });
        await trx(t('d_trade_sale__goods')).insert(lineRows.map((l) => ({ ...l, doc_id: id })));
        for (const r of registers) {
          const rowsOf = movementRows[r].map((m) => ({ ...m, recorder_id: id }));
          if (!rowsOf.length) continue;
          await trx(t(`r_trade_${r}`)).insert(rowsOf);
          const resources = Object.keys(rowsOf[0]).filter((c) => !['period', 'recorder_type', 'recorder_id', 'revision', 'line_no', 'direction', 'storno', ...dims[r]].includes(c));
          for (const [period, table, value] of [['month', `r_trade_${r}__totals`, '2026-06-01'], ['day', `r_trade_${r}__daily`, '2026-06-03']])
            await trx(t(table))
              .insert(rowsOf.map((m) => ({ [period]: value, ...Object.fromEntries(dims[r].map((d) => [d, m[d]])), ...Object.fromEntries(resources.map((x) => [x, m[x]])) })))
              .onConflict([period, ...dims[r]])
              .merge(Object.fromEntries(resources.map((x) => [x, trx.raw(`${table}.${x} + EXCLUDED.${x}`)])));
        }
        for (const type of ['document.created', 'document.posted']) {
          await trx('platform.outbox').insert({ tenant_id: tenant.tenantId, aggregate_type: 'trade.sale', aggregate_id: id, type, payload: '{}' });
          await trx('platform.audit_log').insert({ tenant_id: tenant.tenantId, action: type, entity: 'trade.sale', entity_id: id });
        }
      });
      sqlTimes.push(msSince(t0));
    }
    const a = stats(apiTimes);
    const s = stats(sqlTimes);
    table(
      ['path', 'documents', 'docs/s', 'mean ms', 'p95 ms', 'vs raw SQL'],
      [
        ['POST /api/trade/documents/sale?post=true (validation, VAT, cost, stock check)', docs, fmt(1000 / a.mean, 0), fmt(a.mean, 2), fmt(a.p95, 2), ratio(a.mean, s.mean)],
        ['raw SQL writing the same rows  ← baseline', docs, fmt(1000 / s.mean, 0), fmt(s.mean, 2), fmt(s.p95, 2), '1.00×'],
      ],
    );

    heading('8. «Остатки товаров» on a date with N and 10×N stock movements  [trade]');
    // The sizes: 1M movements, then 10M (about 10 minutes on 2 cores); BENCH_TRADE_MOVEMENTS=100000 for a quick run.
    const base = Number(process.env.BENCH_TRADE_MOVEMENTS || 1_000_000);
    const generate = (count) =>
      k.raw(
        `INSERT INTO "${schema}".r_trade_stock (period, recorder_type, recorder_id, revision, line_no, direction, organization, warehouse, product, quantity)
         SELECT date '2025-01-01' + (g % 365), 'gen', gen_random_uuid(), 1, 1, CASE WHEN g % 3 = 0 THEN -1 ELSE 1 END, ?, ?, (?::uuid[])[1 + g % 50], 1 + (g % 5)
           FROM generate_series(1, ?) g`,
        [org, warehouse, products, count],
      );
    const rebuild = () => rebuildRegisterTotals(k, schema, 'r_trade_stock', ['organization', 'warehouse', 'product']);
    const measure = async () => {
      const times = [];
      for (let i = 0; i < 20; i++) {
        const t0 = now();
        await api('GET', `/api/trade/reports/stock_balance?date=2025-12-15&organization=${org}`);
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
    console.log(`  ${base.toLocaleString('en')} then ${(base * 10).toLocaleString('en')} movements over 2025 for 50 products (generated in ${fmt(g1 / 1000, 1)} s and +${fmt(g10 / 1000, 1)} s); BENCH_TRADE_MOVEMENTS sets N`);
    table(
      ['report (p50 of 20)', `${base / 1000}k movements ms`, `${base / 100}k movements ms`, '10× / 1×'],
      [['GET /api/trade/reports/stock_balance?date=2025-12-15', fmt(small, 2), fmt(large, 2), ratio(large, small)]],
    );
  },
};

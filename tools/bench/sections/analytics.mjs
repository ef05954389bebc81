// Analytics: the sales dashboard's queries over N generated sales lines of one company, in the PostgreSQL store (the
// company's schema) and in ClickHouse (CLICKHOUSE_URL, or a server of its own from Debian's clickhouse-server), side
// by side with the ratio. BENCH_ANALYTICS_LINES sets N (default 200 000; the target is 10 000 000).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, heading, msSince, now, ratio, stats, table } from '../lib.mjs';

const MONTHS = 24;
const PRODUCTS = 500;
const CLIENTS = 200;

/** N sales lines as facts: spread over two years, products, clients and three managers; money in kopecks. */
function* generated(n, batch = 20_000) {
  const products = Array.from({ length: PRODUCTS }, () => randomUUID());
  const groups = Array.from({ length: 20 }, () => randomUUID());
  const clients = Array.from({ length: CLIENTS }, () => randomUUID());
  const managers = Array.from({ length: 3 }, () => randomUUID());
  const org = randomUUID();
  let rows = [];
  for (let i = 1; i <= n; i++) {
    const p = (i * 7919) % PRODUCTS;
    const month = i % MONTHS;
    const day = 1 + (i % 28);
    const quantity = 1 + (i % 9);
    const amount = quantity * (10_000 + p * 37);
    rows.push({
      register: 'trade.sales', id: String(i), kind: 'sale',
      period: `${2025 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      recorder_type: 'trade.sale', recorder_id: randomUUID(), organization: org, warehouse: null, product: products[p], product_group: groups[p % 20],
      counterparty: clients[(i * 31) % CLIENTS], manager: managers[i % 3], account: null, document: null,
      quantity: quantity * 1000, amount, cost: Math.round(amount * 0.6), vat: Math.round(amount * 0.22),
    });
    if (rows.length === batch) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length) yield rows;
}

export default {
  id: 'analytics',
  title: 'Analytics: the sales dashboard on N sales lines, PostgreSQL store vs ClickHouse',
  /** @param {import('./_template.mjs').BenchContext} ctx */
  async run(ctx) {
    const n = Number(process.env.BENCH_ANALYTICS_LINES || 200_000);
    const rounds = Number(process.env.BENCH_ANALYTICS_ROUNDS || 10);
    const dist = (p) => pathToFileURL(path.join(ctx.root, 'backend', 'dist', 'modules', 'analytics', p)).href;
    const { PgFactStore, ClickHouseFactStore } = await import(dist('store.js'));
    const { createClient } = ctx.requireBackend('@clickhouse/client');

    let url = process.env.CLICKHOUSE_URL;
    if (!url) {
      try {
        const { startClickHouse } = await import(pathToFileURL(path.join(ctx.root, 'tools', 'test', 'clickhouse.mjs')).href);
        const server = await startClickHouse();
        ctx.cleanups.push(['clickhouse-server', () => server.stop()]);
        url = server.url;
      } catch (e) {
        console.log(`  ClickHouse skipped: ${e.message}`);
      }
    }

    const { tenant } = await ctx.provisionTenant(['trade', 'analytics']);
    const schema = (await ctx.db.knex('platform.tenants').where({ id: tenant.tenantId }).first('schema_name')).schema_name;
    const stores = [['PostgreSQL', new PgFactStore()]];
    if (url) {
      const client = createClient({ url });
      ctx.cleanups.push(['clickhouse client', () => client.close()]);
      stores.push(['ClickHouse', new ClickHouseFactStore(client)]);
    }

    heading(`Analytics: loading ${fmt(n, 0)} sales lines  [analytics]`);
    const load = [];
    for (const [name, store] of stores) {
      const t0 = now();
      await ctx.db.knex.transaction((trx) => store.replace(trx, schema, generated(n), []));
      if (name === 'PostgreSQL') await ctx.db.knex.raw(`ANALYZE "${schema}".analytics_facts`);
      load.push([name, fmt(msSince(t0) / 1000, 1), fmt(n / (msSince(t0) / 1000), 0)]);
    }
    table(['store', 'load s', 'lines/s'], load);

    // The dashboard's seven queries for one year, as GET /api/analytics/sales makes them.
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const before = { from: '2025-01-01', to: '2025-12-31' };
    const queries = [
      { kind: 'sale', ...year },
      { kind: 'sale', ...before },
      { kind: 'sale', ...year, groupBy: ['month'] },
      { kind: 'sale', ...before, groupBy: ['month'] },
      { kind: 'sale', ...year, groupBy: ['product'], orderBy: 'amount', limit: 10 },
      { kind: 'sale', ...year, groupBy: ['counterparty'], orderBy: 'amount', limit: 10 },
      { kind: 'sale', ...year, groupBy: ['manager'], orderBy: 'amount' },
    ];
    heading(`Analytics: the sales dashboard (7 queries in parallel) over ${fmt(n, 0)} lines, ${rounds} rounds  [analytics]`);
    const results = [];
    for (const [name, store] of stores) {
      await Promise.all(queries.map((q) => store.query(ctx.db.knex, schema, q))); // warm-up
      const samples = [];
      for (let i = 0; i < rounds; i++) {
        const t0 = now();
        await Promise.all(queries.map((q) => store.query(ctx.db.knex, schema, q)));
        samples.push(msSince(t0));
      }
      results.push([name, stats(samples)]);
    }
    const pg = results[0][1];
    table(
      ['store', 'mean ms', 'p95 ms', 'vs PostgreSQL'],
      results.map(([name, s]) => [name, fmt(s.mean, 1), fmt(s.p95, 1), ratio(s.mean, pg.mean)]),
    );
    for (const [, store] of stores) if (store.drop) await store.drop(schema);
  },
};

// Configuration engine: posting a 10-line document through the API next to raw SQL doing the same
// writes, and the balance of a balance register on a date with 10× more movements.
import { randomUUID } from 'node:crypto';
import { fmt, heading, innFor, msSince, now, ratio, rebuildRegisterTotals, stats, table } from '../lib.mjs';

const MODULE = 'benchmod';

function declarations(b) {
  const items = b.defineCatalog({ module: MODULE, code: 'items', title: 'Товары', fields: { article: { type: 'string', title: 'Артикул', search: true } } });
  const warehouses = b.defineCatalog({ module: MODULE, code: 'warehouses', title: 'Склады', fields: {} });
  const stock = b.defineRegister({
    module: MODULE,
    code: 'stock',
    title: 'Остатки',
    type: 'balance',
    dimensions: { warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад' }, item: { type: 'ref', ref: 'items', title: 'Товар' } },
    resources: { quantity: { type: 'decimal', title: 'Количество' } },
    forbidNegative: { resources: ['quantity'] },
  });
  const receipts = b.defineDocument({
    module: MODULE,
    code: 'receipts',
    title: 'Поступление',
    numberPrefix: 'П',
    fields: { warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад', required: true }, total: { type: 'money', title: 'Сумма' } },
    sections: { lines: { title: 'Товары', fields: { item: { type: 'ref', ref: 'items', title: 'Товар', required: true }, quantity: { type: 'decimal', title: 'Количество' }, price: { type: 'money', title: 'Цена' } } } },
    post: (doc) => doc.lines.map((l) => ({ register: 'stock', kind: 'receipt', dimensions: { warehouse: doc.warehouse, item: l.item }, resources: { quantity: l.quantity } })),
  });
  return [items, warehouses, stock, receipts];
}

export default {
  id: 'engine',
  title: 'Configuration engine: posting and balances',
  /** @param {import('./_template.mjs').BenchContext} ctx */
  async run(ctx) {
    const b = ctx.backend;
    const k = ctx.db.knex;
    await b.seedModuleCatalogue(k, [{ code: MODULE, title: 'Бенчмарк', titleEn: 'Bench', description: 'bench', monthlyPriceKopecks: 0 }]);
    const definition = b.workcloudDefinition({ declarations: declarations(b) });
    const provisioner = new ctx.provisionerLib.Provisioner(ctx.db, definition);
    const adminEmail = `engine-bench-${Date.now()}@bench.local`;
    const { tenantId } = await provisioner.provision({ requestId: randomUUID(), name: 'Engine bench', inn: innFor(90_000_000 + (Date.now() % 1_000_000)), adminEmail, adminPassword: 'Bench-Passw0rd-1', modules: [MODULE] });
    const app = await b.createApp({ config: ctx.config, db: ctx.db, kv: ctx.kv, definition, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    ctx.cleanups.push(['engine bench app', () => app.close()]);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const token = (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: 'Bench-Passw0rd-1' }) })).json()).accessToken;
    const api = async (method, path, body) => {
      const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
      const json = await res.json();
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const schema = (await k('platform.tenants').where({ id: tenantId }).first('schema_name')).schema_name;
    const warehouse = (await api('POST', `/api/${MODULE}/catalogs/warehouses`, { name: 'Основной' })).id;
    const items = [];
    for (let i = 0; i < 10; i++) items.push((await api('POST', `/api/${MODULE}/catalogs/items`, { name: `Товар ${i}`, article: `A-${i}` })).id);

    // ---------------------------------------------------------------- posting
    heading('5. Posting a document with 10 lines  [engine]');
    const docs = Number(process.env.BENCH_POSTINGS || 150);
    const lines = items.map((item, i) => ({ item, quantity: `${i + 1}.5`, price: 1000 + i }));
    await api('POST', `/api/${MODULE}/documents/receipts?post=true`, { date: '2026-06-01', warehouse, lines }); // warm-up
    const apiTimes = [];
    for (let i = 0; i < docs; i++) {
      const t0 = now();
      await api('POST', `/api/${MODULE}/documents/receipts?post=true`, { date: '2026-06-02', warehouse, lines });
      apiTimes.push(msSince(t0));
    }
    // The same writes in raw SQL: header, 10 lines, number, 10 movements, month and day totals, events, audit.
    const t = (name) => `${schema}.${name}`;
    const sqlTimes = [];
    for (let i = 0; i < docs; i++) {
      const t0 = now();
      await k.transaction(async (trx) => {
        const id = randomUUID();
        const { rows } = await trx.raw(`INSERT INTO "${schema}".number_series (series, year, last_number) VALUES ('raw', 2026, 1) ON CONFLICT (series, year) DO UPDATE SET last_number = number_series.last_number + 1 RETURNING last_number`);
        await trx(t(`d_${MODULE}_receipts`)).insert({ id, number: `R-${rows[0].last_number}`, date: '2026-06-02', warehouse, status: 'posted', revision: 1 });
        await trx(t(`d_${MODULE}_receipts__lines`)).insert(lines.map((l, n) => ({ doc_id: id, line_no: n + 1, ...l })));
        await trx(t(`r_${MODULE}_stock`)).insert(lines.map((l, n) => ({ period: '2026-06-02', recorder_type: 'raw', recorder_id: id, revision: 1, line_no: n + 1, direction: 1, warehouse, item: l.item, quantity: l.quantity })));
        await trx(t(`r_${MODULE}_stock__totals`))
          .insert(lines.map((l) => ({ month: '2026-06-01', warehouse, item: l.item, quantity: l.quantity })))
          .onConflict(['month', 'warehouse', 'item'])
          .merge({ quantity: trx.raw(`r_${MODULE}_stock__totals.quantity + EXCLUDED.quantity`) });
        await trx(t(`r_${MODULE}_stock__daily`))
          .insert(lines.map((l) => ({ day: '2026-06-02', warehouse, item: l.item, quantity: l.quantity })))
          .onConflict(['day', 'warehouse', 'item'])
          .merge({ quantity: trx.raw(`r_${MODULE}_stock__daily.quantity + EXCLUDED.quantity`) });
        // The engine records a created and a posted event, each with its audit entry.
        for (const type of ['document.created', 'document.posted']) {
          await trx('platform.outbox').insert({ tenant_id: tenantId, aggregate_type: 'raw', aggregate_id: id, type, payload: '{}' });
          await trx('platform.audit_log').insert({ tenant_id: tenantId, action: type, entity: 'raw', entity_id: id });
        }
      });
      sqlTimes.push(msSince(t0));
    }
    const a = stats(apiTimes);
    const s = stats(sqlTimes);
    table(
      ['path', 'documents', 'docs/s', 'mean ms', 'p95 ms', 'vs raw SQL'],
      [
        ['POST …/documents/receipts?post=true (HTTP, validation, checks)', docs, fmt(1000 / a.mean, 0), fmt(a.mean, 2), fmt(a.p95, 2), ratio(a.mean, s.mean)],
        ['raw SQL, same rows in one transaction  ← baseline', docs, fmt(1000 / s.mean, 0), fmt(s.mean, 2), fmt(s.p95, 2), '1.00×'],
      ],
    );

    // ---------------------------------------------------------------- balances
    heading('6. Balance on a date with 10× more movements  [engine]');
    const base = Number(process.env.BENCH_MOVEMENTS || 100_000);
    const manyItems = Array.from({ length: 100 }, () => randomUUID());
    const probe = manyItems[7];
    const generate = async (count) => {
      // Movements spread over 2025, then the month totals they imply.
      await k.raw(
        `INSERT INTO "${schema}".r_${MODULE}_stock (period, recorder_type, recorder_id, revision, line_no, direction, warehouse, item, quantity)
         SELECT date '2025-01-01' + (g % 365), 'gen', gen_random_uuid(), 1, 1, CASE WHEN g % 3 = 0 THEN -1 ELSE 1 END, ?, (?::uuid[])[1 + g % 100], 1 + (g % 7)
           FROM generate_series(1, ?) g`,
        [warehouse, manyItems, count],
      );
    };
    const rebuildTotals = () => rebuildRegisterTotals(k, schema, `r_${MODULE}_stock`, ['warehouse', 'item']);
    const measure = async () => {
      const runs = 30;
      const one = [];
      const all = [];
      const naive = [];
      for (let i = 0; i < runs; i++) {
        let t0 = now();
        await api('GET', `/api/${MODULE}/registers/stock/balance?date=2025-12-15&item=${probe}`);
        one.push(msSince(t0));
        t0 = now();
        await api('GET', `/api/${MODULE}/registers/stock/balance?date=2025-12-15&warehouse=${warehouse}`);
        all.push(msSince(t0));
        t0 = now();
        await k.raw(`SELECT sum(direction * quantity) FROM "${schema}".r_${MODULE}_stock WHERE item = ? AND period <= '2025-12-15'`, [probe]);
        naive.push(msSince(t0));
      }
      return { one: stats(one).p50, all: stats(all).p50, naive: stats(naive).p50 };
    };
    let t0 = now();
    await generate(base);
    await rebuildTotals();
    const genMs = msSince(t0);
    const small = await measure();
    t0 = now();
    await generate(base * 9);
    await rebuildTotals();
    const gen10Ms = msSince(t0);
    const large = await measure();
    console.log(`  movements: ${base.toLocaleString('en')} (generated in ${fmt(genMs / 1000, 1)} s), then ${(base * 10).toLocaleString('en')} (+${fmt(gen10Ms / 1000, 1)} s); 100 products, dates over 2025, balance on 2025-12-15`);
    table(
      ['query (p50 of 30)', `${base / 1000}k ms`, `${base / 100}k ms`, '10× data / 1× data'],
      [
        ['balance of one product (API: month totals + day totals of its month)', fmt(small.one, 2), fmt(large.one, 2), ratio(large.one, small.one)],
        ['balances of the whole warehouse (API, 100 rows)', fmt(small.all, 2), fmt(large.all, 2), ratio(large.all, small.all)],
        ['baseline: naive SUM over all movements of one product (SQL)', fmt(small.naive, 2), fmt(large.naive, 2), ratio(large.naive, small.naive)],
      ],
    );
  },
};

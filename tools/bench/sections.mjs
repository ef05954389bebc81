// ─────────────────────────────────────────────────────────────────────────────────────────────────
//  EXTENSION POINT: the benchmark sections, run in this order by tools/bench.mjs.
//
//  A module adds its benchmark by writing tools/bench/sections/<module>-<what>.mjs that exports
//  `{ id, title, run(ctx) }` (copy tools/bench/sections/_template.mjs) and adding it to the array
//  below. Print a table with the measured figure NEXT TO a baseline measured in the same run
//  (raw SQL, a bare Fastify route, the previous data size…) and the ratio; never assert a time.
//  Keep loops bounded (a fixed number of iterations) and listen on 127.0.0.1 only.
//
//  Planned (add when the module lands):
//    - trade-posting:   posting rate of a document through the API vs the same rows by raw SQL
//  `ui-budget` (below) already runs tools/ui-budget.mjs when that file exists.
// ─────────────────────────────────────────────────────────────────────────────────────────────────
import apiMe from './sections/api-me.mjs';
import migrateAll from './sections/migrate-all.mjs';
import provisioning from './sections/provisioning.mjs';
import uiBudget from './sections/ui-budget.mjs';
import engine from './sections/engine.mjs';
import trade from './sections/trade.mjs';
import accounting from './sections/accounting.mjs';
import analytics from './sections/analytics.mjs';

/** @type {Array<{ id: string; title: string; run(ctx: import('./sections/_template.mjs').BenchContext): Promise<void> }>} */
export const sections = [
  provisioning, // 1. provisioning time per tenant
  migrateAll, //   2. migrate-all over N tenants, and the up-to-date run as baseline
  apiMe, //        3. GET /api/me vs a bare Fastify route running the same SQL
  uiBudget, //     4. UI bundle sizes (tools/ui-budget.mjs, when present)
  engine, //       5–6. posting a 10-line document vs raw SQL; balances with 10× movements
  trade, //        7–8. Реализация posting vs raw SQL; Остатки товаров with 10× movements
  accounting, //   9–10. Реализация with vs without accounting; ОСВ with 10× postings
  analytics, //    the sales dashboard on N sales lines: PostgreSQL store vs ClickHouse
  // ↑ add module sections here
];

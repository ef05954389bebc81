// 2. migrate-all: bring N tenant schemas to a new version (one new table each), with the run that
//    finds everything up to date as the baseline of pure iteration cost. Two extra upgrades (one at a
//    time, then again with the configured concurrency) show what the concurrency buys on this machine.
import { fmt, msSince, now, ratio, stats, table } from '../lib.mjs';

const createTable = (table) => async (trx, s) => {
  await trx.raw(`CREATE TABLE ${s}.${table} (id serial primary key, t text)`);
};

export default {
  id: 'migrate-all',
  title: '2. migrate-all over many tenants',
  async run(ctx) {
    const target = ctx.opts.migrateTenants;
    const concurrency = ctx.opts.migrateConcurrency;
    const seed = await ctx.ensureTenants(target);
    const tenants = Number((await ctx.db.knex('platform.tenants').count({ n: '*' }))[0].n);
    console.log(
      `  tenants: ${tenants} (created ${seed.created} more for this section in ${fmt(seed.ms / 1000, 1)} s with Provisioner.provision, ` +
        `${ctx.opts.seedConcurrency} at a time${seed.created ? `, ${fmt(seed.ms / seed.created)} ms wall per tenant` : ''})`,
    );

    // Each run adds one migration on top of the previous ones. The brief's migration is "version 2";
    // numbered after the latest core migration, so it stays a new version as the core grows.
    const core = ctx.backend.workcloudDefinition().migrator.latestVersion;
    const v = (k) => core + k;
    const migrations = [];
    const run = async (label, c, migration) => {
      if (migration) migrations.push(migration);
      const definition = ctx.backend.workcloudDefinition({ migrations: [...migrations] });
      // Time each tenant's upgrade (the migrator is this run's own instance).
      const migrator = definition.migrator;
      const original = migrator.migrate.bind(migrator);
      const perTenant = [];
      migrator.migrate = async (...args) => {
        const t0 = now();
        try {
          return await original(...args);
        } finally {
          perTenant.push(msSince(t0));
        }
      };
      const provisioner = new ctx.provisionerLib.Provisioner(ctx.db, definition);
      const t0 = now();
      const report = await provisioner.migrateAll({ concurrency: c });
      const r = { label, c, ms: msSince(t0), report, perTenant: stats(perTenant) };
      const expected = migration ? report.total : 0;
      if (report.upgraded !== expected) console.log(`  WARNING: ${label}: ${report.upgraded} of ${report.total} tenants upgraded, expected ${expected}`);
      return r;
    };
    const upgrade = await run(`v${v(0)}→v${v(1)} CREATE TABLE bench_notes`, concurrency, { version: v(1), name: 'bench column', up: createTable('bench_notes') });
    const again = await run('baseline: again, all up to date', concurrency);
    const serial = await run(`extra: v${v(1)}→v${v(2)} CREATE TABLE, one at a time`, 1, { version: v(2), name: 'bench table 2', up: createTable('bench_notes_2') });
    const repeat = await run(`extra: v${v(2)}→v${v(3)} CREATE TABLE, ${concurrency} at a time`, concurrency, { version: v(3), name: 'bench table 3', up: createTable('bench_notes_3') });
    const tables = Number((await ctx.db.knex('pg_tables').where({ schemaname: ctx.backend.schemaNameFor(ctx.state.tenants[0].tenantId) }).count({ n: '*' }))[0].n);
    console.log(`  tenant schema: core migrations up to v${core}, ${tables} tables per tenant after the bench's migrations`);

    table(
      ['run', 'conc.', 'tenants', 'upgraded', 'up to date', 'failed', 'total ms', 'ms/tenant wall', 'p50 ms/tenant', 'p95 ms/tenant', 'vs up-to-date'],
      [upgrade, again, serial, repeat].map((r) => [
        r.label,
        r.c,
        r.report.total,
        r.report.upgraded,
        r.report.upToDate,
        r.report.failed.length,
        fmt(r.ms, 1),
        fmt(r.ms / r.report.total, 2),
        fmt(r.perTenant.p50, 2),
        fmt(r.perTenant.p95, 2),
        ratio(r.ms, again.ms),
      ]),
    );
    console.log(`\n  migrate-all (${upgrade.label}, concurrency ${concurrency}): ${fmt(upgrade.ms / 1000, 2)} s total, ${fmt(upgrade.ms / upgrade.report.total, 2)} ms per tenant; ` +
      `up-to-date pass: ${fmt(again.ms, 1)} ms (${fmt((again.ms * 1000) / again.report.total, 1)} µs per tenant)`);
    for (const r of [upgrade, again, serial, repeat]) if (r.report.failed.length) console.log(`  ${r.label}: failures, e.g. ${JSON.stringify(r.report.failed.slice(0, 3))}`);
  },
};

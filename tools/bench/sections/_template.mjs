// Template for a benchmark section (not listed in sections.mjs). Copy it, rename, add to the array.
import { msSince, now, ratio, stats, table, fmt } from '../lib.mjs';

/**
 * What every section receives (built by tools/bench.mjs).
 * @typedef {object} BenchContext
 * @property {string} root            repository root
 * @property {NodeJS.Require} requireBackend  require() resolving from backend/ (pg, @casl/ability…)
 * @property {any} backend            backend/dist/index.js exports
 * @property {any} provisionerLib     tenant-provisioner/dist/index.js exports
 * @property {any} db                 the backend's Database (db.knex = the one shared pool)
 * @property {any} kv                 the backend's KV store (memory or Redis)
 * @property {any} config             AppConfig the backend runs with
 * @property {any} definition         workcloudDefinition() the backend and provisioner use
 * @property {any} provisioner        Provisioner on that definition
 * @property {any} app                the running NestFastifyApplication
 * @property {string} baseUrl         http://127.0.0.1:<port> of the backend
 * @property {string} databaseUrl
 * @property {Record<string, number>} opts  sizes (BENCH_* environment variables)
 * @property {{ tenants: Array<{tenantId: string, adminEmail: string, adminPassword: string}> } & Record<string, any>} state
 * @property {Array<[string, () => Promise<void> | void]>} cleanups  push [label, fn] to undo what you start
 * @property {(modules?: string[]) => object} tenantInput
 * @property {(modules?: string[]) => Promise<{tenant: object, ms: number}>} provisionTenant
 * @property {(count: number, concurrency?: number) => Promise<{created: number, ms: number}>} ensureTenants
 * @property {(tenant: object) => Promise<string>} login   access token of the tenant's admin
 */

export default {
  id: 'template',
  title: 'Template: measured thing vs its baseline',
  /** @param {BenchContext} ctx */
  async run(ctx) {
    const iterations = 100; // bounded
    const time = async (fn) => {
      const samples = [];
      for (let i = 0; i < iterations; i++) {
        const t0 = now();
        await fn(i);
        samples.push(msSince(t0));
      }
      return stats(samples);
    };
    const baseline = await time(() => ctx.db.knex.raw('SELECT 1'));
    const measured = await time(() => ctx.db.knex('platform.tenants').count());
    table(
      ['what', 'mean ms', 'p95 ms', 'vs baseline'],
      [
        ['measured', fmt(measured.mean, 2), fmt(measured.p95, 2), ratio(measured.mean, baseline.mean)],
        ['baseline', fmt(baseline.mean, 2), fmt(baseline.p95, 2), '1.00×'],
      ],
    );
  },
};

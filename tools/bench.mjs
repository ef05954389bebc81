#!/usr/bin/env node
// WorkCloud benchmark: `npm run bench` (builds first, then runs this file against the compiled code).
//
// Speed is reported as figures next to a baseline measured in the same process (ratios), never as
// pass/fail timings. Everything listens on 127.0.0.1, every loop is bounded, and the process exits by
// itself. The sections live in tools/bench/sections/ and are listed in tools/bench/sections.mjs —
// add a module's benchmark there.
//
// Environment:
//   DATABASE_URL  use this PostgreSQL server (a fresh database is created on it and dropped at the
//                 end; BENCH_KEEP_DB=1 keeps it); otherwise an embedded PostgreSQL in a temp folder.
//   REDIS_URL     use Redis as the backend's KV store (keys under a unique prefix); else in-process.
//   BENCH_ONLY    comma-separated section ids to run (default: all), e.g. BENCH_ONLY=api-me
//   BENCH_*       sizes, see `defaults` below (e.g. BENCH_ME_REQUESTS=20000).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { heading, machine, msSince, now, innFor, pool, fmt } from './bench/lib.mjs';
import { sections } from './bench/sections.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireBackend = createRequire(path.join(root, 'backend', 'package.json'));
const requireProvisioner = createRequire(path.join(root, 'tenant-provisioner', 'package.json'));

const int = (name, dflt) => (process.env[name] ? Number.parseInt(process.env[name], 10) : dflt);
const defaults = {
  provisionCount: int('BENCH_PROVISION_N', 20),
  migrateTenants: int('BENCH_MIGRATE_TENANTS', 200),
  migrateConcurrency: int('BENCH_MIGRATE_CONCURRENCY', 4),
  /** Parallelism used only to create the extra tenants for migrate-all (not measured per tenant). */
  seedConcurrency: int('BENCH_SEED_CONCURRENCY', 2),
  meConnections: int('BENCH_ME_CONNECTIONS', 16),
  meRequests: int('BENCH_ME_REQUESTS', 5000),
  meWarmup: int('BENCH_ME_WARMUP', 300),
  /** Rounds of the /api/me targets, alternating (figures are over all rounds). */
  meRounds: int('BENCH_ME_ROUNDS', 2),
  poolSize: int('BENCH_POOL_SIZE', 10),
  /** Hard stop for the whole run, so a hang can never keep the machine busy. */
  timeoutSeconds: int('BENCH_TIMEOUT_SECONDS', 900),
};

const distFile = (p) => {
  const file = path.join(root, p);
  if (!existsSync(file)) {
    console.error(`${p} is missing: run \`npm run build\` (or \`npm run bench\`, which builds first).`);
    process.exit(1);
  }
  return file;
};
const backend = requireBackend(distFile('backend/dist/index.js'));
const provisionerLib = requireProvisioner(distFile('tenant-provisioner/dist/index.js'));

const loadavg = () => os.loadavg().map((v) => v.toFixed(2)).join(' ');

const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    const [label, fn] = cleanups.pop();
    try {
      await fn();
    } catch (e) {
      console.error(`cleanup (${label}) failed: ${e?.message ?? e}`);
    }
  }
}
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${sig}: cleaning up…`);
    await cleanup();
    process.exit(130);
  });
}
const watchdog = setTimeout(async () => {
  console.error(`\nbench: gave up after ${defaults.timeoutSeconds} s (BENCH_TIMEOUT_SECONDS); cleaning up.`);
  await cleanup();
  process.exit(2);
}, defaults.timeoutSeconds * 1000);
watchdog.unref();

async function openDatabase() {
  if (process.env.DATABASE_URL) {
    const pg = requireBackend('pg');
    const serverUrl = new URL(process.env.DATABASE_URL);
    const adminUrl = serverUrl.toString();
    const name = `wc_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    if (!process.env.BENCH_KEEP_DB)
      cleanups.push([`drop database ${name}`, async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      }]);
    serverUrl.pathname = `/${name}`;
    return { url: serverUrl.toString(), where: `DATABASE_URL server, fresh database ${name}${process.env.BENCH_KEEP_DB ? ' (kept)' : ' (dropped at the end)'}` };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'workcloud-bench-pg-'));
  cleanups.push(['remove temp dir', () => rmSync(dir, { recursive: true, force: true })]);
  const t0 = now();
  const pg = await backend.startEmbeddedPostgres(dir);
  cleanups.push(['stop embedded PostgreSQL', () => pg.stop()]);
  return { url: pg.url, where: `embedded PostgreSQL in ${dir} (started in ${fmt(msSince(t0), 0)} ms, removed at the end)` };
}

async function main() {
  const m = machine();
  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
  console.log('WorkCloud benchmark');
  console.log(`  node ${m.node} · ${m.cores} cores (${m.cpu}) · ${m.memGb} GB RAM · ${m.platform}`);
  console.log(`  started ${new Date().toISOString()} · load average ${loadavg()}` + (os.loadavg()[0] > m.cores / 2 ? '  ← the machine is busy: figures will be noisy, ratios less so' : ''));

  const database = await openDatabase();
  const db = await backend.Database.open(database.url, defaults.poolSize);
  cleanups.push(['close database pool', () => db.close()]);
  const token = `bench-provisioner-${randomBytes(8).toString('hex')}`;
  const config = backend.loadConfig({
    DATABASE_URL: database.url,
    JWT_SECRET: `bench-${randomBytes(16).toString('hex')}`,
    PROVISIONER_TOKEN: token,
    WORKCLOUD_OWNER_EMAIL: 'owner@bench.workcloud.example.com',
    WORKCLOUD_OWNER_PASSWORD: 'Owner-Bench-Passw0rd',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
  await backend.bootstrapPlatform(db, config, backend.workcloudDefinition().modules);
  const kv = backend.createKvStore(config.redisUrl, `wc-bench-${randomBytes(4).toString('hex')}:`);
  cleanups.push(['close KV store', () => kv.close()]);

  const definition = backend.workcloudDefinition();
  const provisioner = new provisionerLib.Provisioner(db, definition);
  const provisionerServer = await provisionerLib.buildProvisionerServer({ db, token, definition, provisioner });
  await provisionerServer.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(['close provisioner server', () => provisionerServer.close()]);
  config.provisionerUrl = `http://127.0.0.1:${provisionerServer.server.address().port}`;

  const app = await backend.createApp({ config, db, kv, definition, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(['close backend', () => app.close()]);
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');

  console.log(`  database: ${database.where}, pool ${defaults.poolSize}`);
  console.log(`  KV store: ${kv.kind}${kv.kind === 'redis' ? ' (REDIS_URL)' : ' (in-process)'}`);
  console.log(`  backend ${baseUrl}, provisioner ${config.provisionerUrl}`);

  // What the sections get. `state` carries data between sections (e.g. tenants already created).
  const runId = randomBytes(3).toString('hex');
  let innCounter = 0;
  const ctx = {
    root,
    requireBackend,
    backend,
    provisionerLib,
    db,
    kv,
    config,
    definition,
    provisioner,
    app,
    baseUrl,
    databaseUrl: database.url,
    opts: defaults,
    state: { tenants: [] },
    cleanups,
    /** Input for one new tenant: unique ИНН and admin e-mail, a password that passes the policy. */
    tenantInput(modules = ['trade']) {
      const i = innCounter++;
      return {
        requestId: `bench-${runId}-${i}`,
        name: `Bench Company ${i}`,
        inn: innFor(i),
        adminEmail: `admin${i}@bench-${runId}.example.com`,
        adminPassword: 'Bench-Passw0rd-1',
        modules,
      };
    },
    /** Provisions one tenant, remembers it in state.tenants, returns it with the time taken (ms). */
    async provisionTenant(modules) {
      const input = ctx.tenantInput(modules);
      const t0 = now();
      const { tenantId } = await provisioner.provision(input);
      const ms = msSince(t0);
      const tenant = { tenantId, adminEmail: input.adminEmail, adminPassword: input.adminPassword };
      ctx.state.tenants.push(tenant);
      return { tenant, ms };
    },
    /** Makes sure at least `count` tenants exist (created `concurrency` at a time); returns how long it took. */
    async ensureTenants(count, concurrency = defaults.seedConcurrency) {
      const missing = Math.max(0, count - ctx.state.tenants.length);
      const t0 = now();
      await pool(missing, concurrency, () => ctx.provisionTenant());
      return { created: missing, ms: msSince(t0) };
    },
    /** Signs in as a tenant's admin through the real API and returns the access token. */
    async login(tenant) {
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: tenant.adminEmail, password: tenant.adminPassword }),
      });
      const body = await res.json();
      if (res.status !== 200 || !body.accessToken) throw new Error(`login ${tenant.adminEmail} failed: ${res.status} ${JSON.stringify(body)}`);
      return body.accessToken;
    },
  };

  const failed = [];
  const t0 = now();
  for (const section of sections) {
    if (only && !only.has(section.id)) continue;
    heading(`${section.title}  [${section.id}]`);
    const ts = now();
    try {
      await section.run(ctx);
    } catch (e) {
      failed.push(section.id);
      console.log(`  FAILED: ${e?.stack ?? e}`);
    }
    console.log(`  (section took ${fmt(msSince(ts) / 1000, 1)} s; load average now ${loadavg()})`);
  }
  console.log(`\nDone in ${fmt(msSince(t0) / 1000, 1)} s${failed.length ? `; failed sections: ${failed.join(', ')}` : ''}.`);
  return failed.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(e?.stack ?? e);
} finally {
  await cleanup();
}
process.exit(code);

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bootstrapPlatform, Database, workcloudDefinition, type TenantMigration } from '@workcloud/backend';
import { createTestDatabase } from '../../backend/test/support/database';
import { nextInn } from '../../backend/test/support/stack';
import { Provisioner, PROVISION_STEPS } from '../src/provisioner';

const run = promisify(execFile);
const cli = path.resolve(__dirname, '../dist/cli.js');

let url: string;
let db: Database;

beforeAll(async () => {
  url = await createTestDatabase('provisioner');
  db = await Database.open(url, 8);
  await bootstrapPlatform(db, { ownerEmail: 'owner@p.test', ownerPassword: 'Owner-Passw0rd' }, workcloudDefinition().modules);
});
afterAll(() => db?.close());

async function runCli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', [cli, ...args], { env: { ...process.env, DATABASE_URL: url, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function countsFor(tenantIdOrInn: { inn: string }) {
  const tenants = await db.knex('platform.tenants').where({ inn: tenantIdOrInn.inn });
  const tenant = tenants[0];
  const members = tenant ? await db.knex('platform.memberships').where({ tenant_id: tenant.id }) : [];
  const hasSchema = tenant && (await db.knex('pg_tables').where({ schemaname: tenant.schema_name, tablename: 'roles' }).first());
  const roles = hasSchema ? await db.knex(`${tenant.schema_name}.roles`) : [];
  const adminLinks = hasSchema ? await db.knex(`${tenant.schema_name}.user_roles`) : [];
  const modules = tenant ? await db.knex('platform.tenant_modules').where({ tenant_id: tenant.id }) : [];
  return { tenants: tenants.length, status: tenant?.status, members: members.length, roles: roles.length, adminLinks: adminLinks.length, modules: modules.length };
}

describe('provision', () => {
  // Fifteen real CLI processes: allow for a busy machine.
  test.skipIf(!existsSync(cli))('killed after any step, re-running the same request finishes it once, without duplicates', { timeout: 300_000 }, async () => {
    for (const step of PROVISION_STEPS) {
      const inn = nextInn();
      const args = ['provision', '--request-id', `crash-${step}`, '--name', `Крах после ${step}`, '--inn', inn, '--admin-email', `admin-${step}@crash.ru`, '--admin-password', 'Crash-Passw0rd-1', '--modules', 'trade'];
      const crashed = await runCli(args, { WORKCLOUD_PROVISION_CRASH_AFTER: step });
      expect(crashed.code, `crash after ${step}`).toBe(137);
      const half = await countsFor({ inn });
      expect(half.status === 'trial').toBe(step === 'activate');

      const again = await runCli(args);
      expect(again.code, again.stderr).toBe(0);
      const third = await runCli(args);
      expect(third.code).toBe(0);
      expect(JSON.parse(third.stdout.trim().split('\n').pop()!).steps).toEqual([...PROVISION_STEPS]);
      expect(await countsFor({ inn })).toEqual({ tenants: 1, status: 'trial', members: 1, roles: 5, adminLinks: 1, modules: 1 });
    }
  });

  test('the same request id for a different company is refused', async () => {
    const p = new Provisioner(db, workcloudDefinition());
    await p.provision({ requestId: 'reuse-1', name: 'Первая', inn: nextInn(), adminEmail: 'first@reuse.ru', adminPassword: 'Reuse-Passw0rd-1' });
    await expect(p.provision({ requestId: 'reuse-1', name: 'Вторая', inn: nextInn(), adminEmail: 'second@reuse.ru', adminPassword: 'Reuse-Passw0rd-1' })).rejects.toMatchObject({ status: 409 });
  });

  test('a company with the same ИНН and КПП cannot be connected twice', async () => {
    const p = new Provisioner(db, workcloudDefinition());
    const inn = nextInn();
    await p.provision({ requestId: 'twice-1', name: 'Дубль', inn, kpp: '770101001', adminEmail: 'a@twice.ru', adminPassword: 'Twice-Passw0rd-1' });
    await expect(p.provision({ requestId: 'twice-2', name: 'Дубль 2', inn, kpp: '770101001', adminEmail: 'b@twice.ru', adminPassword: 'Twice-Passw0rd-1' })).rejects.toMatchObject({ status: 409 });
  });
});

describe('migrate-all', () => {
  test('upgrades every tenant, reports and skips the broken one; dry run changes nothing; re-run is a no-op', async () => {
    const base = new Provisioner(db, workcloudDefinition());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await base.provision({ requestId: `mig-${i}`, name: `Клиент ${i}`, inn: nextInn(), adminEmail: `admin${i}@mig.ru`, adminPassword: 'Migrate-Passw0rd-1' });
      ids.push(r.tenantId);
    }
    // Break one tenant: its schema already has a table the next migration wants to create.
    const broken = await db.knex('platform.tenants').where({ id: ids[2] }).first();
    await db.knex.raw(`CREATE TABLE "${broken.schema_name}".notes (wrong int)`);

    const next: TenantMigration = {
      version: 100,
      name: 'notes',
      up: async (trx, s) => {
        await trx.raw(`CREATE TABLE ${s}.notes (id serial PRIMARY KEY, text text NOT NULL)`);
      },
    };
    const upgraded = new Provisioner(db, workcloudDefinition({ migrations: [next] }));

    const dry = await upgraded.migrateAll({ dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.upgraded).toBeGreaterThanOrEqual(5);
    const current = (await db.knex('platform.tenants').where({ id: ids[0] }).first()).schema_version;
    expect(current).toBeLessThan(100);

    const progress: string[] = [];
    const report = await upgraded.migrateAll({ concurrency: 3, onProgress: (e) => progress.push(`${e.index}/${e.total} ${e.outcome.kind}`) });
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ tenantId: ids[2], name: 'Клиент 2' });
    expect(report.failed[0].error).toMatch(/notes/);
    expect(progress).toHaveLength(report.total);
    for (const id of ids.filter((x) => x !== ids[2])) {
      const t = await db.knex('platform.tenants').where({ id }).first();
      expect(t.schema_version).toBe(100);
      expect(await db.knex(`${t.schema_name}.notes`).count('* as c')).toEqual([{ c: '0' }]);
    }
    // The broken tenant is left exactly as it was (its migration rolled back).
    expect((await db.knex('platform.tenants').where({ id: ids[2] }).first()).schema_version).toBe(current);

    const again = await upgraded.migrateAll();
    expect(again.upgraded).toBe(0);
    expect(again.failed.map((f) => f.tenantId)).toEqual([ids[2]]);
  });

  test.skipIf(!existsSync(cli))('the CLI shows progress and exits 2 when a tenant failed', async () => {
    const res = await runCli(['migrate-all', '--dry-run', '--concurrency', '2']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/\[\d+\/\d+\] .+: актуален/);
  });
});

describe('suspend, export, restore, delete', () => {
  test('export → restore into a new tenant keeps roles and people; delete needs confirmation', async () => {
    const p = new Provisioner(db, workcloudDefinition());
    const { tenantId } = await p.provision({ requestId: 'exp-1', name: 'Экспорт', inn: nextInn(), adminEmail: 'admin@export.ru', adminPassword: 'Export-Passw0rd-1', modules: ['trade'] });
    const t = await db.knex('platform.tenants').where({ id: tenantId }).first();
    await db.knex(`${t.schema_name}.roles`).insert({ id: '00000000-0000-4000-8000-000000000001', name: 'Своя роль', rules: JSON.stringify([{ action: 'read', subject: 'User' }]) });

    expect(await p.suspend(tenantId)).toEqual({ tenantId, status: 'suspended' });
    expect(await p.resume(tenantId)).toEqual({ tenantId, status: 'active' });

    const dir = mkdtempSync(path.join(os.tmpdir(), 'wc-export-'));
    const file = path.join(dir, 'export.json');
    if (existsSync(cli)) {
      const res = await runCli(['export', '--tenant', tenantId, '--out', file]);
      expect(res.code, res.stderr).toBe(0);
    }
    const data = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : await p.exportTenant(tenantId);
    expect(data.tables.roles.map((r: { name: string }) => r.name)).toContain('Своя роль');
    expect(data.members.map((m: { email: string }) => m.email)).toEqual(['admin@export.ru']);

    const restored = await p.restoreTenant(data, { name: 'Экспорт (копия)' });
    const r = await db.knex('platform.tenants').where({ id: restored.tenantId }).first();
    expect(r.name).toBe('Экспорт (копия)');
    expect(r.schema_name).not.toBe(t.schema_name);
    expect((await db.knex(`${r.schema_name}.roles`).pluck('name')).sort()).toEqual((await db.knex(`${t.schema_name}.roles`).pluck('name')).sort());
    expect(await db.knex(`${r.schema_name}.user_roles`).count('* as c')).toEqual([{ c: '1' }]);
    expect(await db.knex('platform.tenant_modules').where({ tenant_id: restored.tenantId }).pluck('module_code')).toEqual(['trade']);

    await expect(p.deleteTenant(restored.tenantId, 'yes')).rejects.toMatchObject({ status: 400 });
    await p.deleteTenant(restored.tenantId, restored.tenantId);
    expect(await db.knex('platform.tenants').where({ id: restored.tenantId }).first()).toBeUndefined();
    const schemas = await db.knex('information_schema.schemata').where({ schema_name: r.schema_name });
    expect(schemas).toHaveLength(0);
    // The original is untouched.
    expect(await db.knex(`${t.schema_name}.roles`).count('* as c')).toEqual([{ c: '6' }]);
  });
});

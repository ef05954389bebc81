import { randomUUID } from 'node:crypto';
import {
  Database,
  hashPassword,
  innSchema,
  kppSchema,
  passwordSchema,
  Problem,
  quoteSchema,
  schemaNameFor,
  type WorkcloudDefinition,
} from '@workcloud/backend';
import { z } from 'zod';

export const provisionRequestSchema = z.object({
  /** Idempotency key: the same request id always means the same tenant. */
  requestId: z.string().min(1).max(200),
  name: z.string().trim().min(2, 'Укажите название компании').max(300),
  inn: innSchema,
  kpp: kppSchema.optional(),
  adminEmail: z.string().trim().toLowerCase().email('Укажите e-mail администратора компании'),
  adminPassword: passwordSchema,
  adminFullName: z.string().trim().max(200).optional(),
  modules: z.array(z.string()).default([]),
  trialDays: z.number().int().min(0).max(365).default(14),
});
export type ProvisionRequest = z.input<typeof provisionRequestSchema>;

export const PROVISION_STEPS = ['tenant-row', 'schema', 'admin-user', 'modules', 'activate'] as const;
export type ProvisionStep = (typeof PROVISION_STEPS)[number];

export interface MigrateAllOptions {
  concurrency?: number;
  dryRun?: boolean;
  /** Only tenants whose id sorts after this one (resume point of an interrupted run). */
  after?: string;
  limit?: number;
  onProgress?: (event: { index: number; total: number; tenantId: string; name: string; outcome: TenantOutcome }) => void;
}

export type TenantOutcome =
  | { kind: 'upgraded'; from: number; to: number; applied: string[] }
  | { kind: 'up-to-date' }
  | { kind: 'would-upgrade'; pending: string[] }
  | { kind: 'failed'; error: string };

export interface MigrateAllReport {
  total: number;
  upgraded: number;
  upToDate: number;
  failed: { tenantId: string; name: string; error: string }[];
  dryRun: boolean;
  lastTenantId: string | null;
}

/**
 * The tenant lifecycle: create, upgrade, suspend, export, restore, delete. Used by the HTTP API
 * (server.ts) and the CLI (cli.ts). Every step is safe to repeat, so a crash is fixed by re-running.
 */
export class Provisioner {
  constructor(
    private readonly db: Database,
    private readonly definition: WorkcloudDefinition,
    /** Called after each recorded step; the CLI uses it to simulate a crash in tests. */
    private readonly afterStep?: (step: ProvisionStep, tenantId: string) => void | Promise<void>,
  ) {}

  async provision(input: ProvisionRequest): Promise<{ tenantId: string; status: string; steps: string[] }> {
    const req = provisionRequestSchema.parse(input);
    const k = this.db.knex;
    this.checkModules(req.modules, await k('platform.modules').whereIn('code', req.modules).where({ owner_only: false, always_included: false, available: true }).pluck('code'));

    // The job row remembers the tenant id chosen for this request and which steps are done.
    // The password is kept only as a hash, so a re-run after a crash needs nothing from the caller.
    const { adminPassword, ...rest } = req;
    await k('platform.provision_jobs')
      .insert({ request_id: req.requestId, tenant_id: randomUUID(), request: JSON.stringify({ ...rest, adminPasswordHash: await hashPassword(adminPassword) }) })
      .onConflict('request_id')
      .ignore();
    const job = await k('platform.provision_jobs').where({ request_id: req.requestId }).first();
    const stored = job.request as typeof rest & { adminPasswordHash: string };
    if (stored.inn !== req.inn || stored.adminEmail !== req.adminEmail)
      throw Problem.conflict('Этот ключ запроса (requestId) уже использован для другой компании. Отправьте новый запрос с новым ключом.');
    const tenantId: string = job.tenant_id;
    const schema = schemaNameFor(tenantId);
    const done = new Set<string>(job.steps);

    const run = async (step: ProvisionStep, work: () => Promise<void>) => {
      if (done.has(step)) return;
      await work();
      done.add(step);
      await k('platform.provision_jobs').where({ request_id: req.requestId }).update({ steps: JSON.stringify([...done]), updated_at: k.fn.now() });
      await this.afterStep?.(step, tenantId);
    };

    try {
      await run('tenant-row', async () => {
        const clash = await k('platform.tenants').where({ inn: stored.inn, kpp: stored.kpp ?? null }).whereNot({ id: tenantId }).whereNot({ status: 'archived' }).first('name');
        if (clash) throw Problem.conflict(`Компания с ИНН ${stored.inn}${stored.kpp ? ' и КПП ' + stored.kpp : ''} уже подключена («${clash.name}»).`);
        await k('platform.tenants').insert({ id: tenantId, name: stored.name, inn: stored.inn, kpp: stored.kpp ?? null, status: 'provisioning', schema_name: schema }).onConflict('id').ignore();
      });
      await run('schema', async () => {
        await this.definition.migrator.migrate(k, tenantId, schema);
      });
      await run('admin-user', async () => {
        await k.transaction(async (trx) => {
          await trx('platform.users')
            .insert({ id: randomUUID(), email: stored.adminEmail, full_name: stored.adminFullName ?? 'Администратор', password_hash: stored.adminPasswordHash })
            .onConflict(trx.raw('(lower(email))'))
            .ignore();
          const user = await trx('platform.users').whereRaw('lower(email) = ?', [stored.adminEmail]).first('id');
          await trx('platform.memberships').insert({ user_id: user.id, tenant_id: tenantId }).onConflict(['user_id', 'tenant_id']).ignore();
          await trx.raw(`INSERT INTO ${quoteSchema(schema)}.user_roles (user_id, role_id) SELECT ?, id FROM ${quoteSchema(schema)}.roles WHERE code = 'admin' ON CONFLICT DO NOTHING`, [user.id]);
        });
      });
      await run('modules', async () => {
        // The bought modules and their tables, together: a module is never listed without its tables.
        await k.transaction(async (trx) => {
          for (const code of stored.modules) await this.definition.migrator.install(trx, tenantId, schema, code);
          if (stored.modules.length)
            await trx('platform.tenant_modules').insert(stored.modules.map((module_code) => ({ tenant_id: tenantId, module_code }))).onConflict(['tenant_id', 'module_code']).ignore();
        });
      });
      await run('activate', async () => {
        await k('platform.tenants')
          .where({ id: tenantId, status: 'provisioning' })
          .update({ status: 'trial', trial_ends_on: k.raw(`current_date + ?::int`, [stored.trialDays ?? 14]), updated_at: k.fn.now() });
      });
    } catch (e) {
      await k('platform.provision_jobs').where({ request_id: req.requestId }).update({ error: String((e as Error).message ?? e), updated_at: k.fn.now() });
      throw e;
    }
    await k('platform.provision_jobs').where({ request_id: req.requestId }).update({ status: 'done', error: null, updated_at: k.fn.now() });
    const tenant = await k('platform.tenants').where({ id: tenantId }).first('status');
    return { tenantId, status: tenant.status, steps: [...done] };
  }

  /** Only modules this build has, built (backend and UI), sold, with the modules they depend on. */
  private checkModules(requested: string[], sellableRows: string[]) {
    const byCode = new Map(this.definition.modules.map((m) => [m.code, m]));
    const unknown = requested.filter((c) => !sellableRows.includes(c) || !byCode.get(c)?.built || byCode.get(c)?.kind !== 'business');
    if (unknown.length) throw Problem.badRequest(`Эти модули не продаются: ${unknown.join(', ')}. Выберите из каталога модулей.`);
    for (const code of requested) {
      const missing = byCode.get(code)!.depends.filter((d) => !requested.includes(d));
      if (missing.length)
        throw Problem.badRequest(`Модуль «${byCode.get(code)!.title}» работает только вместе с: ${missing.map((d) => `«${byCode.get(d)?.title ?? d}»`).join(', ')}. Добавьте ${missing.length > 1 ? 'их' : 'его'} в список модулей.`);
    }
  }

  /**
   * Brings every tenant schema to the latest version: the core, then each module the tenant has. A
   * failing tenant (or module of a tenant) is reported and skipped; the others are upgraded.
   */
  async migrateAll(options: MigrateAllOptions = {}): Promise<MigrateAllReport> {
    const k = this.db.knex;
    const q = k('platform.tenants').whereNot({ status: 'archived' }).orderBy('id').select('id', 'name', 'schema_name', 'schema_version', 'declarations_hash');
    if (options.after) q.where('id', '>', options.after);
    if (options.limit) q.limit(options.limit);
    const tenants = await q;
    const report: MigrateAllReport = { total: tenants.length, upgraded: 0, upToDate: 0, failed: [], dryRun: !!options.dryRun, lastTenantId: null };
    const migrator = this.definition.migrator;
    const states = await migrator.states(k, tenants.map((t) => t.id));
    let next = 0;
    let finished = 0;
    const worker = async () => {
      while (next < tenants.length) {
        const t = tenants[next++];
        let outcome: TenantOutcome;
        try {
          const pending = migrator.pendingWork(t, states.get(t.id) ?? []);
          if (!pending.length) outcome = { kind: 'up-to-date' };
          else if (options.dryRun) outcome = { kind: 'would-upgrade', pending };
          else {
            const result = await migrator.migrate(k, t.id, t.schema_name);
            outcome = result.failed.length
              ? { kind: 'failed', error: result.failed.map((f) => `модуль «${f.module}»: ${f.error}`).join('; ') }
              : { kind: 'upgraded', from: result.from, to: result.to, applied: result.applied };
          }
        } catch (e) {
          outcome = { kind: 'failed', error: (e as Error).message };
        }
        if (outcome.kind === 'upgraded' || outcome.kind === 'would-upgrade') report.upgraded++;
        else if (outcome.kind === 'up-to-date') report.upToDate++;
        else report.failed.push({ tenantId: t.id, name: t.name, error: outcome.error });
        if (!report.lastTenantId || t.id > report.lastTenantId) report.lastTenantId = t.id;
        options.onProgress?.({ index: ++finished, total: tenants.length, tenantId: t.id, name: t.name, outcome });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, 32)) }, worker));
    return report;
  }

  private async setStatus(tenantId: string, status: 'suspended' | 'active', allowedFrom: string[]) {
    const k = this.db.knex;
    const tenant = await k('platform.tenants').where({ id: tenantId }).first('id', 'status');
    if (!tenant) throw Problem.notFound('Клиент не найден.');
    if (tenant.status === status) return { tenantId, status };
    if (!allowedFrom.includes(tenant.status)) throw Problem.unprocessable(`Клиента в статусе «${tenant.status}» нельзя перевести в «${status}».`);
    await k('platform.tenants').where({ id: tenantId }).update({ status, updated_at: k.fn.now() });
    return { tenantId, status };
  }

  suspend(tenantId: string) {
    return this.setStatus(tenantId, 'suspended', ['trial', 'active', 'past_due']);
  }

  resume(tenantId: string) {
    return this.setStatus(tenantId, 'active', ['suspended', 'past_due', 'trial']);
  }

  /** Everything of one tenant in one JSON document: the platform rows and every table of its schema. */
  async exportTenant(tenantId: string): Promise<TenantExport> {
    const k = this.db.knex;
    const tenant = await k('platform.tenants').where({ id: tenantId }).first();
    if (!tenant) throw Problem.notFound('Клиент не найден.');
    const modules = await k('platform.tenant_modules').where({ tenant_id: tenantId }).select('module_code', 'ui_version_pin');
    const moduleTables = await k('platform.tenant_module_schemas').where({ tenant_id: tenantId }).pluck('module_code');
    const members = await k('platform.memberships as m')
      .join('platform.users as u', 'u.id', 'm.user_id')
      .where('m.tenant_id', tenantId)
      .select('u.id', 'u.email', 'u.full_name', 'u.password_hash', 'm.status');
    const tables: Record<string, unknown[]> = {};
    for (const table of await this.tablesInDependencyOrder(tenant.schema_name)) {
      tables[table] = await k(`${tenant.schema_name}.${table}`).select();
    }
    return {
      format: 'workcloud-tenant-export',
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      tenant: { id: tenant.id, name: tenant.name, inn: tenant.inn, kpp: tenant.kpp, status: tenant.status, schemaVersion: tenant.schema_version },
      modules,
      moduleTables,
      members,
      tables,
    };
  }

  /** Restores an export into a NEW tenant (new id and schema); people are matched by e-mail. */
  async restoreTenant(data: TenantExport, options: { name?: string } = {}): Promise<{ tenantId: string }> {
    if (data?.format !== 'workcloud-tenant-export' || data.formatVersion !== 1) throw Problem.badRequest('Это не файл выгрузки WorkCloud (format workcloud-tenant-export, версия 1).');
    const k = this.db.knex;
    const tenantId = randomUUID();
    const schema = schemaNameFor(tenantId);
    await k('platform.tenants').insert({
      id: tenantId,
      name: options.name ?? data.tenant.name,
      inn: data.tenant.inn,
      kpp: data.tenant.kpp,
      status: 'provisioning',
      schema_name: schema,
    });
    try {
      await this.definition.migrator.migrate(k, tenantId, schema);
      await k.transaction(async (trx) => {
        // The modules whose tables the export holds (older exports: the bought ones).
        for (const code of data.moduleTables ?? data.modules.map((m) => m.module_code)) await this.definition.migrator.install(trx, tenantId, schema, code);
        const userIds = new Map<string, string>();
        for (const m of data.members) {
          await trx('platform.users').insert({ id: randomUUID(), email: m.email, full_name: m.full_name, password_hash: m.password_hash }).onConflict(trx.raw('(lower(email))')).ignore();
          const user = await trx('platform.users').whereRaw('lower(email) = lower(?)', [m.email]).first('id');
          userIds.set(m.id, user.id);
          await trx('platform.memberships').insert({ user_id: user.id, tenant_id: tenantId, status: m.status });
        }
        if (data.modules.length) await trx('platform.tenant_modules').insert(data.modules.map((m) => ({ tenant_id: tenantId, module_code: m.module_code, ui_version_pin: m.ui_version_pin })));
        // What the migration seeded (default roles, settings) is replaced by the exported rows.
        const ordered = await this.tablesInDependencyOrder(schema, trx);
        for (const table of [...ordered].reverse()) await trx(`${schema}.${table}`).delete();
        const existing = new Set(ordered);
        for (const [table, rows] of Object.entries(data.tables)) {
          if (!existing.has(table) || rows.length === 0) continue;
          const mapped = rows.map((r) => remapUserIds(r as Record<string, unknown>, userIds));
          for (let i = 0; i < mapped.length; i += 500) await trx(`${schema}.${table}`).insert(mapped.slice(i, i + 500));
        }
        const status = data.tenant.status === 'provisioning' ? 'active' : data.tenant.status;
        await trx('platform.tenants').where({ id: tenantId }).update({ status });
      });
    } catch (e) {
      await this.dropTenant(tenantId, schema);
      throw e;
    }
    return { tenantId };
  }

  /** Deletes a tenant and all its data. `confirm` must repeat the tenant's id. */
  async deleteTenant(tenantId: string, confirm: string): Promise<void> {
    const tenant = await this.db.knex('platform.tenants').where({ id: tenantId }).first('id', 'schema_name');
    if (!tenant) throw Problem.notFound('Клиент не найден.');
    if (confirm !== tenantId) throw Problem.badRequest('Удаление необратимо: для подтверждения передайте confirm, равный идентификатору клиента.');
    await this.dropTenant(tenant.id, tenant.schema_name);
  }

  private async dropTenant(tenantId: string, schema: string) {
    await this.db.knex.transaction(async (trx) => {
      await trx.raw(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await trx('platform.refresh_tokens').where({ tenant_id: tenantId }).delete();
      await trx('platform.tenants').where({ id: tenantId }).delete();
    });
  }

  /** Tables of a schema, parents before children (by foreign keys), so rows can be inserted in order. */
  private async tablesInDependencyOrder(schema: string, trx = this.db.knex): Promise<string[]> {
    const tables: string[] = await trx('pg_tables').where({ schemaname: schema }).orderBy('tablename').pluck('tablename');
    const { rows } = await trx.raw(
      `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = ?`,
      [schema],
    );
    const strip = (s: string) => s.split('.').pop()!.replace(/"/g, '');
    const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
    for (const r of rows as { child: string; parent: string }[]) if (strip(r.child) !== strip(r.parent)) parents.get(strip(r.child))?.add(strip(r.parent));
    const ordered: string[] = [];
    const visit = (t: string, path: Set<string>) => {
      if (ordered.includes(t) || path.has(t)) return;
      path.add(t);
      for (const p of parents.get(t) ?? []) visit(p, path);
      ordered.push(t);
    };
    for (const t of tables) visit(t, new Set());
    return ordered;
  }
}

export interface TenantExport {
  format: 'workcloud-tenant-export';
  formatVersion: 1;
  exportedAt: string;
  tenant: { id: string; name: string; inn: string; kpp: string | null; status: string; schemaVersion: number };
  modules: { module_code: string; ui_version_pin: string | null }[];
  /** Modules whose tables the tenant's schema holds (bought, or kept after removal). */
  moduleTables?: string[];
  members: { id: string; email: string; full_name: string; password_hash: string; status: string }[];
  tables: Record<string, unknown[]>;
}

/** Columns that hold a person's id point to the platform user; a restored tenant may map them anew. */
function remapUserIds(row: Record<string, unknown>, ids: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const isUserColumn = key === 'user_id' || key.endsWith('_user_id');
    out[key] = isUserColumn && typeof value === 'string' ? (ids.get(value) ?? value) : value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value;
  }
  return out;
}

import type { Knex } from '@mikro-orm/postgresql';
import { coreTenantMigrations, type SchemaContributor, type TenantMigration } from './tenant-migrations';
import { quoteSchema } from './tenant-schema';

/** The tables one module adds to the tenants that have it. */
export interface ModuleSchema {
  code: string;
  /** Modules whose tables this one references: installed first. */
  depends: string[];
  /** Upgrade steps of existing tables (skipped on a fresh install: the declarations create the current shape). */
  migrations: TenantMigration[];
  /** The declared tables (additive changes applied on every upgrade). */
  tables: SchemaContributor;
  /** Runs once, when a tenant gets the module (seed data such as a chart of accounts). */
  seed?: ModuleSeed;
}

/** The company's requisites as given at onboarding (platform.tenants), for what a module seeds from them. */
export interface CompanyRequisites {
  name: string;
  inn: string;
  kpp: string | null;
}

/** A module's seed: in the install transaction, the tenant's schema (quoted) and the company's requisites. */
export type ModuleSeed = (trx: Knex.Transaction, schema: string, company: CompanyRequisites) => Promise<void>;

/** A module's state in one tenant: `platform.tenant_module_schemas`. */
export interface ModuleState {
  module_code: string;
  version: number;
  shape_hash: string | null;
}

export interface TenantRow {
  id: string;
  schema_name: string;
  schema_version: number;
  declarations_hash: string | null;
}

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
  /** Modules whose upgrade failed in this tenant (each rolled back alone; the rest is upgraded). */
  failed: { module: string; error: string }[];
}

/** Schemas migrated before modules had tables of their own: their hash starts with the declarations' part. */
const isLegacy = (hash: string | null) => !!hash?.startsWith('decl:');

const latest = (ms: TenantMigration[]) => ms.reduce((max, m) => Math.max(max, m.version), 0);
/**
 * pg_trgm, once per database: the trigram indexes of the engine's tables (the search's fragments of
 * numbers and codes) use it. The lock is taken only while it is missing, so two tenants migrated at
 * once on a new database do not both try to create it.
 */
async function ensureTrigrams(trx: Knex.Transaction): Promise<void> {
  if (await trx('pg_extension').where({ extname: 'pg_trgm' }).first()) return;
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('workcloud:pg_trgm'))`);
  await trx.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
}

const after = (ms: TenantMigration[], version: number) => ms.filter((m) => m.version > version).sort((a, b) => a.version - b.version);

/**
 * Creates and upgrades tenant schemas. The core (roles, number series, custom fields) is in every
 * tenant; a module's tables exist only in the tenants that have it (bought, or kept read-only after
 * removal), each module upgraded in a transaction of its own so a failing module never blocks the
 * others — nor the tenants that do not have it.
 */
export class TenantMigrator {
  private readonly byCode: Map<string, ModuleSchema>;

  constructor(
    readonly migrations: TenantMigration[] = coreTenantMigrations,
    /** Applied to every tenant after the core migrations (the default roles). */
    readonly contributors: SchemaContributor[] = [],
    readonly modules: ModuleSchema[] = [],
  ) {
    this.byCode = new Map(modules.map((m) => [m.code, m]));
  }

  get latestVersion(): number {
    return latest(this.migrations);
  }

  /** Identifies the core's current shape. */
  get declarationsHash(): string {
    return this.contributors.map((c) => c.hash()).join('+');
  }

  pending(currentVersion: number): TenantMigration[] {
    return after(this.migrations, currentVersion);
  }

  private moduleHash(m: ModuleSchema): string {
    return `${m.tables.hash()}@${latest(m.migrations)}`;
  }

  /** What an upgrade of this tenant would do (empty: up to date). */
  pendingWork(tenant: TenantRow, states: ModuleState[]): string[] {
    const work = this.pending(tenant.schema_version).map((m) => `${m.version}: ${m.name}`);
    if (tenant.declarations_hash !== this.declarationsHash) work.push('core');
    if (isLegacy(tenant.declarations_hash)) work.push('modules: record the tables the schema holds');
    for (const s of states) {
      const m = this.byCode.get(s.module_code);
      if (!m) continue; // a module this build no longer has: its tables stay as they are
      for (const step of after(m.migrations, s.version)) work.push(`${m.code} ${step.version}: ${step.name}`);
      if (s.shape_hash !== this.moduleHash(m)) work.push(`${m.code}: tables`);
    }
    return work;
  }

  /** Module states of many tenants in one query, for migrate-all. */
  async states(knex: Knex, tenantIds: string[]): Promise<Map<string, ModuleState[]>> {
    const rows = await knex('platform.tenant_module_schemas').whereIn('tenant_id', tenantIds).select('tenant_id', 'module_code', 'version', 'shape_hash');
    const out = new Map<string, ModuleState[]>();
    for (const r of rows) out.set(r.tenant_id, [...(out.get(r.tenant_id) ?? []), r]);
    return out;
  }

  /** Creates the schema if needed, upgrades the core, then every module the tenant has. */
  async migrate(knex: Knex, tenantId: string, schema: string): Promise<MigrationResult> {
    const s = quoteSchema(schema);
    const core = await knex.transaction(async (trx) => {
      // Lock the tenant row: two migrators on one tenant would apply a step twice.
      const tenant = await trx('platform.tenants').where({ id: tenantId }).forUpdate().first('schema_version', 'declarations_hash');
      if (!tenant) throw new Error(`Tenant ${tenantId} does not exist`);
      await ensureTrigrams(trx);
      await trx.raw(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      const applied: string[] = [];
      for (const m of this.pending(tenant.schema_version)) {
        await m.up(trx, s);
        applied.push(`${m.version}: ${m.name}`);
      }
      for (const c of this.contributors) await c.apply(trx, s);
      if (isLegacy(tenant.declarations_hash)) await this.adoptExistingTables(trx, tenantId, schema);
      const to = Math.max(tenant.schema_version, this.latestVersion);
      await trx('platform.tenants').where({ id: tenantId }).update({ schema_version: to, declarations_hash: this.declarationsHash, updated_at: trx.fn.now() });
      return { from: tenant.schema_version as number, to, applied };
    });
    const failed: MigrationResult['failed'] = [];
    const installed = (await knex('platform.tenant_module_schemas').where({ tenant_id: tenantId }).pluck('module_code')) as string[];
    for (const code of this.inDependencyOrder(installed)) {
      try {
        await knex.transaction(async (trx) => core.applied.push(...(await this.upgradeModule(trx, tenantId, s, this.byCode.get(code)!))));
      } catch (e) {
        failed.push({ module: code, error: (e as Error).message });
      }
    }
    return { ...core, failed };
  }

  /**
   * Gives a tenant a module's tables (and first those of the modules it depends on), in the caller's
   * transaction: buying a module makes it usable within the same request. Does nothing when present.
   */
  async install(trx: Knex.Transaction, tenantId: string, schema: string, code: string): Promise<string[]> {
    const m = this.byCode.get(code);
    if (!m) return [];
    const done: string[] = [];
    for (const dep of m.depends) done.push(...(await this.install(trx, tenantId, schema, dep)));
    const s = quoteSchema(schema);
    const state = await trx('platform.tenant_module_schemas').where({ tenant_id: tenantId, module_code: code }).forUpdate().first('version');
    if (state) return [...done, ...(await this.upgradeModule(trx, tenantId, s, m))];
    await m.tables.apply(trx, s);
    if (m.seed) await m.seed(trx, s, await trx('platform.tenants').where({ id: tenantId }).first('name', 'inn', 'kpp'));
    await trx('platform.tenant_module_schemas').insert({ tenant_id: tenantId, module_code: code, version: latest(m.migrations), shape_hash: this.moduleHash(m) });
    return [...done, `${code}: installed`];
  }

  private async upgradeModule(trx: Knex.Transaction, tenantId: string, s: string, m: ModuleSchema): Promise<string[]> {
    const state = await trx('platform.tenant_module_schemas').where({ tenant_id: tenantId, module_code: m.code }).forUpdate().first('version', 'shape_hash');
    if (state.shape_hash === this.moduleHash(m) && state.version >= latest(m.migrations)) return [];
    const applied: string[] = [];
    for (const step of after(m.migrations, state.version)) {
      await step.up(trx, s);
      applied.push(`${m.code} ${step.version}: ${step.name}`);
    }
    await m.tables.apply(trx, s);
    await trx('platform.tenant_module_schemas')
      .where({ tenant_id: tenantId, module_code: m.code })
      .update({ version: Math.max(state.version, latest(m.migrations)), shape_hash: this.moduleHash(m), updated_at: trx.fn.now() });
    return [...applied, `${m.code}: tables`];
  }

  /**
   * Tenants created before modules had tables of their own hold every module's tables: record the
   * modules whose tables are there, so they are upgraded (and kept) like installed ones.
   */
  private async adoptExistingTables(trx: Knex.Transaction, tenantId: string, schema: string) {
    const tables = new Set((await trx('information_schema.tables').where({ table_schema: schema }).pluck('table_name')) as string[]);
    for (const m of this.modules) {
      const prefix = [`c_${m.code}_`, `d_${m.code}_`, `r_${m.code}_`];
      if ([...tables].some((t) => prefix.some((p) => t.startsWith(p))))
        await trx('platform.tenant_module_schemas').insert({ tenant_id: tenantId, module_code: m.code, version: 0, shape_hash: null }).onConflict(['tenant_id', 'module_code']).ignore();
    }
  }

  /** Installed modules, each after the modules it depends on. */
  private inDependencyOrder(codes: string[]): string[] {
    const out: string[] = [];
    const visit = (code: string) => {
      const m = this.byCode.get(code);
      if (!m || out.includes(code)) return;
      m.depends.forEach(visit);
      if (codes.includes(code)) out.push(code);
    };
    codes.forEach(visit);
    return out;
  }
}

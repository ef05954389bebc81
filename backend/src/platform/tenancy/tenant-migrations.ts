import type { Knex } from '@mikro-orm/postgresql';
import { quoteSchema } from './tenant-schema';

/**
 * One step of a tenant schema's history. `up` receives the quoted schema name and runs inside the
 * tenant's migration transaction. Never edit a shipped migration — add the next version.
 */
export interface TenantMigration {
  version: number;
  name: string;
  up(trx: Knex.Transaction, schema: string): Promise<void>;
}

/** The platform's own tables in every tenant schema; business tables come from declarations. */
export const coreTenantMigrations: TenantMigration[] = [
  {
    version: 1,
    name: 'roles and role assignments',
    async up(trx, s) {
      await trx.raw(`
        CREATE TABLE ${s}.roles (
          id uuid PRIMARY KEY,
          code text UNIQUE,
          name text NOT NULL,
          description text NOT NULL DEFAULT '',
          rules jsonb NOT NULL DEFAULT '[]',
          is_system boolean NOT NULL DEFAULT false,
          -- A default role the company changed is no longer re-derived by migrate-all.
          customized boolean NOT NULL DEFAULT false,
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE UNIQUE INDEX roles_name_uq ON ${s}.roles (lower(name));
        CREATE TABLE ${s}.user_roles (
          user_id uuid NOT NULL,
          role_id uuid NOT NULL REFERENCES ${s}.roles(id) ON DELETE CASCADE,
          PRIMARY KEY (user_id, role_id)
        );`);
    },
  },
  {
    version: 2,
    name: 'configuration engine: number series, closed period, custom fields',
    async up(trx, s) {
      await trx.raw(`
        CREATE TABLE ${s}.number_series (
          series text NOT NULL,
          year integer NOT NULL,
          last_number integer NOT NULL,
          PRIMARY KEY (series, year)
        );
        -- One row: documents dated on or before closed_through cannot be changed, posted or cancelled.
        CREATE TABLE ${s}.period_lock (
          id boolean PRIMARY KEY DEFAULT true CHECK (id),
          closed_through date,
          updated_at timestamptz NOT NULL DEFAULT now(),
          updated_by uuid
        );
        INSERT INTO ${s}.period_lock (id) VALUES (true);
        CREATE TABLE ${s}.custom_fields (
          id uuid PRIMARY KEY,
          target text NOT NULL,
          code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,40}$'),
          title text NOT NULL,
          type text NOT NULL CHECK (type IN ('string','integer','decimal','date','boolean','enum','ref')),
          values jsonb,
          ref text,
          required boolean NOT NULL DEFAULT false,
          created_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (target, code)
        );`);
    },
  },
];

export interface TenantSchemaState {
  schema: string;
  version: number;
}

/** What the declarations (configuration engine) contribute to a tenant schema, applied after core migrations. */
export interface SchemaContributor {
  /** Identifies the current shape, so a migrate-all can skip tenants that already have it. */
  hash(): string;
  /** Additive, idempotent changes (CREATE TABLE IF NOT EXISTS, ADD COLUMN IF NOT EXISTS…). */
  apply(trx: Knex.Transaction, schema: string): Promise<void>;
}

/**
 * Brings one tenant schema to the latest version: pending core migrations, then the declarations.
 * Runs in one transaction, so a failing tenant is left exactly as it was.
 */
export class TenantMigrator {
  constructor(
    readonly migrations: TenantMigration[] = coreTenantMigrations,
    readonly contributors: SchemaContributor[] = [],
  ) {}

  get latestVersion(): number {
    return this.migrations.reduce((max, m) => Math.max(max, m.version), 0);
  }

  get declarationsHash(): string {
    return this.contributors.map((c) => c.hash()).join('+');
  }

  pending(currentVersion: number): TenantMigration[] {
    return this.migrations.filter((m) => m.version > currentVersion).sort((a, b) => a.version - b.version);
  }

  needsWork(tenant: { schema_version: number; declarations_hash: string | null }): boolean {
    return this.pending(tenant.schema_version).length > 0 || tenant.declarations_hash !== this.declarationsHash;
  }

  /** Creates the schema if needed and migrates it; records the new version on the tenant row. */
  async migrate(knex: Knex, tenantId: string, schema: string): Promise<{ from: number; to: number; applied: string[] }> {
    const s = quoteSchema(schema);
    return knex.transaction(async (trx) => {
      // Lock the tenant row: two migrators on one tenant would apply a step twice.
      const tenant = await trx('platform.tenants').where({ id: tenantId }).forUpdate().first('schema_version');
      if (!tenant) throw new Error(`Tenant ${tenantId} does not exist`);
      await trx.raw(`CREATE SCHEMA IF NOT EXISTS ${s}`);
      const applied: string[] = [];
      for (const m of this.pending(tenant.schema_version)) {
        await m.up(trx, s);
        applied.push(`${m.version}: ${m.name}`);
      }
      for (const c of this.contributors) await c.apply(trx, s);
      await trx('platform.tenants')
        .where({ id: tenantId })
        .update({ schema_version: Math.max(tenant.schema_version, this.latestVersion), declarations_hash: this.declarationsHash, updated_at: trx.fn.now() });
      return { from: tenant.schema_version, to: Math.max(tenant.schema_version, this.latestVersion), applied };
    });
  }
}

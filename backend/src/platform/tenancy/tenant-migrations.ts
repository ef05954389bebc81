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
  {
    version: 3,
    name: 'configuration engine: each user\'s main items («Основные значения для подстановки»)',
    async up(trx, s) {
      await trx.raw(`
        -- catalog: the subject, e.g. trade.organizations; a new document's fields of that catalog take item_id.
        CREATE TABLE ${s}.user_defaults (
          user_id uuid NOT NULL,
          catalog text NOT NULL,
          item_id uuid NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (user_id, catalog)
        );`);
    },
  },
];

/** What the declarations (configuration engine) or the platform contribute to a tenant schema after its migrations. */
export interface SchemaContributor {
  /** Identifies the current shape, so a migrate-all can skip tenants that already have it. */
  hash(): string;
  /** Additive, idempotent changes (CREATE TABLE IF NOT EXISTS, ADD COLUMN IF NOT EXISTS…). */
  apply(trx: Knex.Transaction, schema: string): Promise<void>;
}

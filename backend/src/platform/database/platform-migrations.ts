import type { Knex } from '@mikro-orm/postgresql';

/**
 * The `platform` schema: what WorkCloud knows about its clients (tenants), people, modules and money.
 * Each migration runs once, in order, inside a transaction; never edit one that has shipped — add a new one.
 */
export const platformMigrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'tenants, users, modules, sessions, journals',
    sql: `
      CREATE TABLE platform.tenants (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        inn text NOT NULL,
        kpp text,
        status text NOT NULL DEFAULT 'trial' CHECK (status IN ('provisioning','trial','active','past_due','suspended','archived')),
        schema_name text NOT NULL UNIQUE CHECK (schema_name ~ '^t_[0-9a-f]{32}$'),
        schema_version integer NOT NULL DEFAULT 0,
        declarations_hash text,
        trial_ends_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE platform.users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        full_name text NOT NULL DEFAULT '',
        password_hash text NOT NULL,
        is_owner boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_uq ON platform.users (lower(email));
      CREATE TABLE platform.memberships (
        user_id uuid NOT NULL REFERENCES platform.users(id),
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','deactivated')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, tenant_id)
      );
      CREATE INDEX memberships_tenant_idx ON platform.memberships (tenant_id);
      CREATE TABLE platform.modules (
        code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
        title text NOT NULL,
        title_en text NOT NULL,
        description text NOT NULL DEFAULT '',
        monthly_price_kopecks bigint NOT NULL DEFAULT 0 CHECK (monthly_price_kopecks >= 0),
        -- Modules every tenant has (the company admin) are not sold separately.
        always_included boolean NOT NULL DEFAULT false,
        owner_only boolean NOT NULL DEFAULT false,
        sort_order integer NOT NULL DEFAULT 100
      );
      CREATE TABLE platform.module_ui_versions (
        module_code text NOT NULL REFERENCES platform.modules(code) ON DELETE CASCADE,
        version text NOT NULL,
        remote_entry text NOT NULL,
        remote_name text NOT NULL,
        exposed_module text NOT NULL DEFAULT './App',
        is_current boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (module_code, version)
      );
      CREATE UNIQUE INDEX module_ui_current_uq ON platform.module_ui_versions (module_code) WHERE is_current;
      CREATE TABLE platform.tenant_modules (
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        module_code text NOT NULL REFERENCES platform.modules(code),
        enabled_at timestamptz NOT NULL DEFAULT now(),
        -- A tenant can be pinned to a UI version of a module to try a release first.
        ui_version_pin text,
        PRIMARY KEY (tenant_id, module_code)
      );
      CREATE TABLE platform.refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES platform.users(id),
        tenant_id uuid REFERENCES platform.tenants(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        replaced_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX refresh_tokens_family_idx ON platform.refresh_tokens (family_id);
      CREATE TABLE platform.login_journal (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        email text NOT NULL,
        user_id uuid,
        tenant_id uuid,
        ip text,
        success boolean NOT NULL,
        reason text NOT NULL
      );
      CREATE INDEX login_journal_user_idx ON platform.login_journal (user_id, at DESC);
      CREATE TABLE platform.audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        tenant_id uuid,
        user_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb
      );
      CREATE INDEX audit_log_tenant_idx ON platform.audit_log (tenant_id, at DESC);
      CREATE TABLE platform.provision_jobs (
        request_id text PRIMARY KEY,
        tenant_id uuid NOT NULL,
        request jsonb NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','failed')),
        steps jsonb NOT NULL DEFAULT '[]',
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'outbox of business events',
    sql: `
      -- Written in the same transaction as the change it describes; delivered at least once, in order.
      CREATE TABLE platform.outbox (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        tenant_id uuid NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL
      );
      CREATE INDEX outbox_tenant_idx ON platform.outbox (tenant_id, id);
      -- Which subscriber has handled which event; written in the subscriber's own transaction, so a
      -- database subscriber's effect and its delivery mark commit together (idempotent by construction).
      -- A mark per event (not a cursor) because ids of concurrent transactions may commit out of order.
      CREATE TABLE platform.outbox_deliveries (
        subscriber text NOT NULL,
        event_id bigint NOT NULL REFERENCES platform.outbox(id) ON DELETE CASCADE,
        delivered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscriber, event_id)
      );
      CREATE TABLE platform.outbox_failures (
        subscriber text NOT NULL,
        event_id bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        last_error text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscriber, event_id)
      );
    `,
  },
];

/** Applies pending platform migrations. A PostgreSQL advisory lock keeps two processes from racing. */
export async function migratePlatform(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(4242001)');
    await trx.raw('CREATE SCHEMA IF NOT EXISTS platform');
    await trx.raw(`CREATE TABLE IF NOT EXISTS platform.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set<number>((await trx('platform.schema_migrations').select('version')).map((r) => r.version));
    for (const m of platformMigrations) {
      if (done.has(m.version)) continue;
      await trx.raw(m.sql);
      await trx('platform.schema_migrations').insert({ version: m.version, name: m.name });
    }
  });
}

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
  {
    version: 3,
    name: 'billing: settings, accounts, invoices, acts, payments, webhooks, events, NPS',
    sql: `
      -- One row: the owner's billing rules. Changing them affects what happens from then on.
      CREATE TABLE platform.billing_settings (
        id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        trial_days integer NOT NULL DEFAULT 14 CHECK (trial_days BETWEEN 0 AND 365),
        payment_due_days integer NOT NULL DEFAULT 10 CHECK (payment_due_days BETWEEN 0 AND 90),
        grace_days integer NOT NULL DEFAULT 14 CHECK (grace_days BETWEEN 0 AND 365),
        reminder_every_days integer NOT NULL DEFAULT 3 CHECK (reminder_every_days BETWEEN 1 AND 60),
        retention_days integer NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 0 AND 3650),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO platform.billing_settings (id) VALUES (1);

      -- A tenant as a paying client. The tenant's status (trial/active/past_due/suspended/archived)
      -- stays in platform.tenants, where the access guard reads it.
      CREATE TABLE platform.billing_accounts (
        tenant_id uuid PRIMARY KEY REFERENCES platform.tenants(id) ON DELETE CASCADE,
        trial_started_on date NOT NULL,
        -- The first day not yet invoiced; starts as the day after the trial.
        next_period_start date NOT NULL,
        first_paid_at timestamptz,
        canceled_on date,
        retain_until date,
        archived_on date,
        deletion_due_on date,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Module changes made mid-period, waiting for the next invoice (negative = credit for a removed module).
      CREATE TABLE platform.billing_charges (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        module_code text NOT NULL,
        on_date date NOT NULL,
        amount_kopecks bigint NOT NULL,
        description text NOT NULL,
        invoice_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX billing_charges_pending_idx ON platform.billing_charges (tenant_id) WHERE invoice_id IS NULL;

      CREATE SEQUENCE platform.billing_invoice_number_seq;
      CREATE TABLE platform.billing_invoices (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        period_start date NOT NULL,
        period_end date NOT NULL,
        issued_on date NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','paid','void')),
        vat_rate text NOT NULL,
        total_kopecks bigint NOT NULL CHECK (total_kopecks > 0),
        vat_kopecks bigint NOT NULL,
        paid_kopecks bigint NOT NULL DEFAULT 0,
        paid_at timestamptz,
        -- Requisites as printed, frozen at issue: later changes of names or accounts never alter an issued Счёт.
        seller jsonb NOT NULL,
        buyer jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- The cycle may run twice a day or after a restart: one invoice per tenant and period.
        UNIQUE (tenant_id, period_start)
      );
      CREATE INDEX billing_invoices_open_idx ON platform.billing_invoices (due_on) WHERE status = 'open';
      CREATE TABLE platform.billing_invoice_lines (
        id bigserial PRIMARY KEY,
        invoice_id uuid NOT NULL REFERENCES platform.billing_invoices(id) ON DELETE CASCADE,
        -- 'monthly': a module for (part of) the period; 'adjustment': a mid-period add or removal.
        kind text NOT NULL CHECK (kind IN ('monthly','adjustment')),
        module_code text NOT NULL,
        description text NOT NULL,
        days integer,
        days_in_month integer,
        monthly_price_kopecks bigint,
        amount_kopecks bigint NOT NULL,
        vat_kopecks bigint NOT NULL
      );
      CREATE INDEX billing_invoice_lines_invoice_idx ON platform.billing_invoice_lines (invoice_id);

      CREATE SEQUENCE platform.billing_act_number_seq;
      CREATE TABLE platform.billing_acts (
        id uuid PRIMARY KEY,
        number text NOT NULL UNIQUE,
        invoice_id uuid NOT NULL UNIQUE REFERENCES platform.billing_invoices(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        issued_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE platform.billing_bank_statements (
        id uuid PRIMARY KEY,
        imported_at timestamptz NOT NULL DEFAULT now(),
        imported_by uuid,
        period_start date,
        period_end date,
        documents integer NOT NULL,
        credited integer NOT NULL,
        matched integer NOT NULL
      );

      -- Money in. An online payment is created 'pending' when the payer is sent to the bank;
      -- a bank transfer arrives 'succeeded' from an imported statement, maybe without an invoice yet.
      CREATE TABLE platform.billing_payments (
        id uuid PRIMARY KEY,
        tenant_id uuid REFERENCES platform.tenants(id) ON DELETE SET NULL,
        invoice_id uuid REFERENCES platform.billing_invoices(id) ON DELETE SET NULL,
        method text NOT NULL CHECK (method IN ('yookassa','tbank','sber','sbp','bank')),
        -- Which adapter talks about it (СБП goes through Т-Банк); 'bank' for transfers.
        provider text NOT NULL CHECK (provider IN ('yookassa','tbank','sber','bank')),
        provider_payment_id text,
        idempotence_key text,
        status text NOT NULL CHECK (status IN ('pending','succeeded','canceled')),
        amount_kopecks bigint NOT NULL CHECK (amount_kopecks > 0),
        refunded_kopecks bigint NOT NULL DEFAULT 0,
        confirmation_url text,
        paid_at timestamptz,
        paid_on date,
        payer_name text,
        payer_inn text,
        purpose text,
        document_number text,
        statement_id uuid REFERENCES platform.billing_bank_statements(id),
        matched_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, provider_payment_id)
      );
      CREATE INDEX billing_payments_tenant_idx ON platform.billing_payments (tenant_id, created_at DESC);
      CREATE INDEX billing_payments_unmatched_idx ON platform.billing_payments (created_at) WHERE invoice_id IS NULL AND status = 'succeeded';

      CREATE TABLE platform.billing_refunds (
        id uuid PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES platform.billing_payments(id) ON DELETE CASCADE,
        amount_kopecks bigint NOT NULL CHECK (amount_kopecks > 0),
        refunded_on date NOT NULL,
        reason text NOT NULL,
        -- Set for refunds a provider notified us about (its event key), so a repeat is not counted twice.
        provider_event_key text UNIQUE,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- Every webhook as it arrived, written in its own transaction before anything else is done,
      -- so a crash mid-processing leaves a row a re-delivery (or the cycle) completes.
      CREATE TABLE platform.billing_webhook_inbox (
        id bigserial PRIMARY KEY,
        provider text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        ip text NOT NULL,
        headers jsonb NOT NULL,
        body jsonb,
        query jsonb,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received','processed','duplicate','rejected','failed')),
        event_key text,
        error text,
        processed_at timestamptz
      );
      CREATE INDEX billing_webhook_inbox_pending_idx ON platform.billing_webhook_inbox (received_at) WHERE status IN ('received','failed');
      -- The idempotency guard: one row per provider event, inserted in the transaction that credits the money.
      CREATE TABLE platform.billing_payment_events (
        provider text NOT NULL,
        event_key text NOT NULL,
        payment_id uuid REFERENCES platform.billing_payments(id) ON DELETE SET NULL,
        inbox_id bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, event_key)
      );

      -- What happened to a client, for its card and for reminders (kind 'reminder' is a notification to send).
      CREATE TABLE platform.billing_events (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        on_date date NOT NULL,
        kind text NOT NULL,
        invoice_id uuid,
        message text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX billing_events_tenant_idx ON platform.billing_events (tenant_id, id DESC);

      CREATE TABLE platform.nps_responses (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        tenant_id uuid REFERENCES platform.tenants(id) ON DELETE CASCADE,
        score integer NOT NULL CHECK (score BETWEEN 0 AND 10),
        comment text NOT NULL DEFAULT '',
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX nps_responses_user_idx ON platform.nps_responses (user_id, at DESC);
    `,
  },
  {
    version: 4,
    name: 'billing documents outlive a deleted tenant',
    sql: `
      -- Invoices, acts and payments are the platform's own accounting records (kept 5 years by law):
      -- deleting a client's data through the provisioner must not delete them. tenant_id stays as a
      -- plain id; the buyer's requisites are frozen in billing_invoices.buyer.
      ALTER TABLE platform.billing_invoices DROP CONSTRAINT billing_invoices_tenant_id_fkey;
      ALTER TABLE platform.billing_acts DROP CONSTRAINT billing_acts_tenant_id_fkey;
      ALTER TABLE platform.billing_payments DROP CONSTRAINT billing_payments_tenant_id_fkey;
      CREATE INDEX billing_invoices_tenant_idx ON platform.billing_invoices (tenant_id, period_start);
    `,
  },
  {
    version: 5,
    name: 'mail outbox',
    sql: `
      -- E-mails to send (platform/mail). Written in the same transaction as the event a mail announces,
      -- sent by MailDispatcher at least once. One row per recipient; the same event never mails the same
      -- address twice (event_key is the event, e.g. 'billing.invoice_issued:<invoice id>').
      CREATE TABLE platform.mail_outbox (
        id bigserial PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        event_key text NOT NULL,
        kind text NOT NULL,
        -- Plain ids (no foreign keys): the record of what was sent outlives a deleted tenant or person.
        tenant_id uuid,
        user_id uuid,
        recipient text NOT NULL CHECK (recipient = lower(recipient) AND recipient LIKE '%_@_%'),
        subject text NOT NULL,
        text text NOT NULL,
        html text NOT NULL,
        -- References to files built when sending, e.g. [{"source":"billing.invoice_pdf","id":"<invoice id>"}]:
        -- the PDF is rendered from the stored document, so the row stays small and the file is the one the UI gives.
        attachments jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        message_id text,
        sent_at timestamptz,
        UNIQUE (event_key, recipient)
      );
      CREATE INDEX mail_outbox_due_idx ON platform.mail_outbox (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX mail_outbox_status_idx ON platform.mail_outbox (status, id DESC);
      CREATE INDEX mail_outbox_tenant_idx ON platform.mail_outbox (tenant_id, id DESC);
    `,
  },
  {
    version: 6,
    name: 'billing refunds sent to the payment provider: status, provider refund id, error',
    sql: `
      -- A refund of a card/СБП payment is a row 'pending' before the bank is asked, then 'succeeded' or
      -- 'failed' (with the bank's message). Refunds recorded before (bank transfers, provider notifications) succeeded.
      ALTER TABLE platform.billing_refunds
        ADD COLUMN status text NOT NULL DEFAULT 'succeeded' CHECK (status IN ('pending','succeeded','failed')),
        ADD COLUMN provider_refund_id text,
        ADD COLUMN error text,
        -- The 54-ФЗ refund receipt (чек возврата прихода) sent with it, as the billing module describes it.
        ADD COLUMN receipt jsonb;
      CREATE INDEX billing_refunds_payment_idx ON platform.billing_refunds (payment_id);
    `,
  },
  {
    version: 8,
    name: 'module tables per tenant: which modules a tenant schema holds, at which version',
    sql: `
      -- A module's tables exist only in the schemas of tenants that have it (bought, or kept read-only
      -- after it was removed). One row per module a tenant schema holds; migrate-all upgrades only these.
      CREATE TABLE platform.tenant_module_schemas (
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        module_code text NOT NULL,
        -- The last of the module's own migration steps applied; shape_hash: the declared tables applied.
        version integer NOT NULL DEFAULT 0,
        shape_hash text,
        installed_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, module_code)
      );
    `,
  },
  {
    version: 9,
    name: 'module prices by date, module availability',
    sql: `
      -- The owner changes a module's price from a date; billing takes the price valid on the day a charge
      -- is for. Issued invoices keep their own amounts (billing_invoice_lines). A price never changes in
      -- the past: the owner console refuses dates before today.
      CREATE TABLE platform.module_prices (
        module_code text NOT NULL REFERENCES platform.modules(code) ON DELETE CASCADE,
        valid_from date NOT NULL,
        monthly_price_kopecks bigint NOT NULL CHECK (monthly_price_kopecks >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid REFERENCES platform.users(id),
        PRIMARY KEY (module_code, valid_from)
      );
      INSERT INTO platform.module_prices (module_code, valid_from, monthly_price_kopecks)
        SELECT code, DATE '2000-01-01', monthly_price_kopecks FROM platform.modules;
      -- The one definition of "the price of a module on a date": the latest price from that date or
      -- earlier; a module without any price row (added to the catalogue later) costs its catalogue price.
      CREATE FUNCTION platform.module_price_on(p_code text, p_on date) RETURNS bigint
        LANGUAGE sql STABLE AS $$
          SELECT coalesce(
            (SELECT p.monthly_price_kopecks FROM platform.module_prices p
              WHERE p.module_code = p_code AND p.valid_from <= p_on ORDER BY p.valid_from DESC LIMIT 1),
            (SELECT m.monthly_price_kopecks FROM platform.modules m WHERE m.code = p_code))
        $$;
      -- An unavailable module is no longer offered (onboarding, the company admin's modules);
      -- companies that have it keep it.
      ALTER TABLE platform.modules ADD COLUMN available boolean NOT NULL DEFAULT true;
    `,
  },
  {
    version: 10,
    name: 'tenant time zone',
    sql: `
      -- The IANA time zone whose calendar day is «today» for the company: the default date of its documents
      -- and reports (a company in Владивосток starts its day 7 hours before Москва). The API accepts only
      -- names Intl knows (shared-core's canonicalTimeZone); billing keeps the platform's zone, Moscow.
      ALTER TABLE platform.tenants ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Moscow'
        CHECK (time_zone ~ '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$');
    `,
  },
  {
    version: 11,
    name: 'people owned by no tenant: invitations, password tokens, known devices, password policy',
    sql: `
      -- A company invites a person who already has an account; the person accepts after signing in.
      CREATE TABLE platform.invitations (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        role_ids uuid[] NOT NULL DEFAULT '{}',
        invited_by uuid REFERENCES platform.users(id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','accepted','declined')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        responded_at timestamptz
      );
      CREATE UNIQUE INDEX invitations_pending_uq ON platform.invitations (tenant_id, user_id) WHERE status = 'pending';
      CREATE INDEX invitations_user_idx ON platform.invitations (user_id, status);
      -- Links that set a password (reset, or the first password of an invited person): one use, stored hashed.
      CREATE TABLE platform.password_tokens (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('reset','invite')),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX password_tokens_user_idx ON platform.password_tokens (user_id);
      -- Browsers a person has signed in from (the device cookie, stored hashed): failures elsewhere do not lock them out.
      CREATE TABLE platform.known_devices (
        token_hash text NOT NULL,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (token_hash, user_id)
      );
      -- A company may demand longer passwords of its people than the platform's 10 characters.
      ALTER TABLE platform.tenants ADD COLUMN password_min_length integer NOT NULL DEFAULT 10
        CHECK (password_min_length BETWEEN 10 AND 64);
      ALTER TABLE platform.users ADD COLUMN password_changed_at timestamptz;
    `,
  },
  {
    version: 12,
    name: 'billing: amount asked vs received (owner attention), credits refer to the invoice line they reverse',
    sql: `
      -- What WorkCloud asked the bank for; amount_kopecks is what the bank says arrived. A payment whose
      -- amount differs is shown to the owner («Требуют внимания») until he marks it resolved.
      ALTER TABLE platform.billing_payments
        ADD COLUMN requested_kopecks bigint,
        ADD COLUMN attention text,
        ADD COLUMN attention_resolved_at timestamptz;
      CREATE INDEX billing_payments_attention_idx ON platform.billing_payments (created_at) WHERE attention IS NOT NULL;
      -- A charge keeps the monthly price it was computed from; a credit names the invoice line (or the
      -- charge not yet invoiced) whose days it gives back, and is prorated at that line's price.
      ALTER TABLE platform.billing_charges
        ADD COLUMN monthly_price_kopecks bigint,
        ADD COLUMN reverses_line_id bigint REFERENCES platform.billing_invoice_lines(id) ON DELETE SET NULL,
        ADD COLUMN reverses_charge_id bigint REFERENCES platform.billing_charges(id) ON DELETE SET NULL;
      ALTER TABLE platform.billing_invoice_lines
        ADD COLUMN charge_id bigint REFERENCES platform.billing_charges(id) ON DELETE SET NULL,
        ADD COLUMN reverses_line_id bigint REFERENCES platform.billing_invoice_lines(id) ON DELETE SET NULL;
    `,
  },
  {
    version: 13,
    name: 'sign-in security: TOTP second factor, recovery codes, 2FA requirement, sessions, login journal details',
    sql: `
      -- A person's authenticator (TOTP, RFC 6238). The secret is encrypted (AES-256-GCM, auth/secret-box.ts);
      -- confirmed_at is null while enrolling; last_step is the time step of the last accepted code (no replay).
      CREATE TABLE platform.two_factor (
        user_id uuid PRIMARY KEY REFERENCES platform.users(id) ON DELETE CASCADE,
        secret_encrypted text NOT NULL,
        confirmed_at timestamptz,
        last_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- One-time recovery codes, stored as SHA-256 only.
      CREATE TABLE platform.recovery_codes (
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      );
      -- A company may require the second factor of everybody ('all') or of people with chosen roles ('roles').
      ALTER TABLE platform.tenants
        ADD COLUMN two_factor_required text NOT NULL DEFAULT 'none' CHECK (two_factor_required IN ('none','all','roles')),
        ADD COLUMN two_factor_role_ids uuid[] NOT NULL DEFAULT '{}';
      -- A session is a refresh-token family: where and with what it was opened, when it was last refreshed.
      CREATE TABLE platform.sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        tenant_id uuid REFERENCES platform.tenants(id) ON DELETE CASCADE,
        ip text,
        user_agent text,
        factor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      );
      CREATE INDEX sessions_user_idx ON platform.sessions (user_id, created_at DESC);
      ALTER TABLE platform.login_journal ADD COLUMN user_agent text, ADD COLUMN factor text;
      CREATE INDEX login_journal_tenant_idx ON platform.login_journal (tenant_id, at DESC);
    `,
  },
  {
    version: 14,
    name: 'API keys, outgoing webhooks, hash-chained append-only audit log',
    sql: `
      -- A company's API keys: shown once, kept as SHA-256 of the key; act with the rules of one role.
      CREATE TABLE platform.api_keys (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        name text NOT NULL,
        role_id uuid NOT NULL,
        key_hash text NOT NULL UNIQUE,
        key_prefix text NOT NULL,
        allowed_cidrs text[] NOT NULL DEFAULT '{}',
        requests_per_minute integer NOT NULL CHECK (requests_per_minute > 0),
        expires_at timestamptz NOT NULL,
        created_by uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz,
        last_used_ip text
      );
      CREATE INDEX api_keys_tenant_idx ON platform.api_keys (tenant_id, created_at DESC);

      -- Outgoing webhooks: engine events of the company POSTed to its URL, signed with the secret.
      CREATE TABLE platform.webhooks (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[] NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by uuid REFERENCES platform.users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhooks_tenant_idx ON platform.webhooks (tenant_id) WHERE active;
      -- One row per (webhook, event): what was sent, the receiver's last answer, when to try again.
      CREATE TABLE platform.webhook_deliveries (
        id bigserial PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES platform.webhooks(id) ON DELETE CASCADE,
        tenant_id uuid NOT NULL,
        event_id bigint,
        event_type text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        last_attempt_at timestamptz,
        response_status integer,
        response_body text,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (webhook_id, event_id)
      );
      CREATE INDEX webhook_deliveries_due_idx ON platform.webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_hook_idx ON platform.webhook_deliveries (webhook_id, id DESC);

      -- Audit: the API key that acted, the caller's address, and a hash chain per company ('platform' for
      -- rows without one): hash = SHA-256(prev_hash || canonical row). audit_chains holds each chain's head;
      -- its row lock serialises concurrent writers, and it tells a deleted last row from a short chain.
      ALTER TABLE platform.audit_log
        ADD COLUMN api_key_id uuid,
        ADD COLUMN ip text,
        ADD COLUMN seq bigint,
        ADD COLUMN prev_hash text,
        ADD COLUMN hash text;
      CREATE TABLE platform.audit_chains (
        chain text PRIMARY KEY,
        seq bigint NOT NULL,
        hash text NOT NULL
      );
      -- Mirrored by audit/chain.ts (canonicalAuditRow): change both together.
      CREATE FUNCTION platform.audit_canonical(chain text, seq bigint, at timestamptz, user_id uuid, api_key_id uuid, ip text,
                                               action text, entity text, entity_id text, before jsonb, after jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE AS $f$
          SELECT string_agg(CASE WHEN v IS NULL THEN '-' ELSE length(v) || ':' || v END, '|' ORDER BY n)
            FROM unnest(ARRAY[chain, seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), user_id::text,
                              api_key_id::text, ip, action, entity, entity_id, before::text, after::text]) WITH ORDINALITY AS f(v, n)
        $f$;
      CREATE FUNCTION platform.audit_chain_row() RETURNS trigger LANGUAGE plpgsql AS $f$
        DECLARE
          chain_key text := coalesce(NEW.tenant_id::text, 'platform');
          head record;
        BEGIN
          INSERT INTO platform.audit_chains (chain, seq, hash) VALUES (chain_key, 0, '') ON CONFLICT (chain) DO NOTHING;
          SELECT seq, hash INTO head FROM platform.audit_chains WHERE chain = chain_key FOR UPDATE;
          NEW.seq := head.seq + 1;
          NEW.prev_hash := head.hash;
          NEW.hash := encode(sha256(convert_to(head.hash || platform.audit_canonical(chain_key, NEW.seq, NEW.at, NEW.user_id,
            NEW.api_key_id, NEW.ip, NEW.action, NEW.entity, NEW.entity_id, NEW.before, NEW.after), 'UTF8')), 'hex');
          UPDATE platform.audit_chains SET seq = NEW.seq, hash = NEW.hash WHERE chain = chain_key;
          RETURN NEW;
        END
      $f$;
      -- Rows written before the chain existed join it in their order.
      DO $f$
        DECLARE r record; head record; chain_key text; h text;
        BEGIN
          FOR r IN SELECT * FROM platform.audit_log ORDER BY id LOOP
            chain_key := coalesce(r.tenant_id::text, 'platform');
            INSERT INTO platform.audit_chains (chain, seq, hash) VALUES (chain_key, 0, '') ON CONFLICT (chain) DO NOTHING;
            SELECT seq, hash INTO head FROM platform.audit_chains WHERE chain = chain_key;
            h := encode(sha256(convert_to(head.hash || platform.audit_canonical(chain_key, head.seq + 1, r.at, r.user_id,
              r.api_key_id, r.ip, r.action, r.entity, r.entity_id, r.before, r.after), 'UTF8')), 'hex');
            UPDATE platform.audit_log SET seq = head.seq + 1, prev_hash = head.hash, hash = h WHERE id = r.id;
            UPDATE platform.audit_chains SET seq = head.seq + 1, hash = h WHERE chain = chain_key;
          END LOOP;
        END
      $f$;
      ALTER TABLE platform.audit_log ALTER COLUMN seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
      CREATE UNIQUE INDEX audit_log_chain_idx ON platform.audit_log ((coalesce(tenant_id::text, 'platform')), seq);
      CREATE TRIGGER audit_log_chain BEFORE INSERT ON platform.audit_log FOR EACH ROW EXECUTE FUNCTION platform.audit_chain_row();
      -- Append-only: the application never changes or removes audit rows.
      CREATE FUNCTION platform.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          RAISE EXCEPTION 'platform.audit_log is append-only: % refused', TG_OP;
        END
      $f$;
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON platform.audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_append_only();
    `,
  },
  {
    version: 15,
    name: 'billing: how the owner settled a payment that needs attention, per-client test clocks, saved cards for automatic payment, ВТБ',
    sql: `
      -- «Требуют внимания»: what the owner did (a note, a refund of the excess, the excess carried to the
      -- next Счёт) and why. carry_kopecks: excess of this payment waiting for the client's next Счёт.
      ALTER TABLE platform.billing_payments
        ADD COLUMN attention_resolution text CHECK (attention_resolution IN ('noted','refunded','carried')),
        ADD COLUMN attention_comment text,
        ADD COLUMN attention_resolved_by uuid,
        ADD COLUMN carry_kopecks bigint NOT NULL DEFAULT 0 CHECK (carry_kopecks >= 0),
        ADD COLUMN carried_to_invoice_id uuid REFERENCES platform.billing_invoices(id) ON DELETE SET NULL,
        -- The admin asked to keep the card for automatic payment; automatic: made without the admin (a saved card).
        ADD COLUMN save_method boolean NOT NULL DEFAULT false,
        ADD COLUMN automatic boolean NOT NULL DEFAULT false;
      ALTER TABLE platform.billing_payments DROP CONSTRAINT billing_payments_method_check,
        ADD CONSTRAINT billing_payments_method_check CHECK (method IN ('yookassa','tbank','sber','vtb','sbp','bank'));
      ALTER TABLE platform.billing_payments DROP CONSTRAINT billing_payments_provider_check,
        ADD CONSTRAINT billing_payments_provider_check CHECK (provider IN ('yookassa','tbank','sber','vtb','bank'));

      -- A client's test clock (never read in production): billing's "now" for this client only.
      CREATE TABLE platform.billing_test_clocks (
        tenant_id uuid PRIMARY KEY REFERENCES platform.tenants(id) ON DELETE CASCADE,
        now_at timestamptz NOT NULL,
        set_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- A card saved at the bank for automatic payment: ЮKassa payment_method.id or Т-Банк RebillId
      -- (with its CustomerKey). One in force per client; «Отвязать карту» sets removed_at.
      CREATE TABLE platform.billing_saved_methods (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        provider text NOT NULL CHECK (provider IN ('yookassa','tbank')),
        token text NOT NULL,
        customer_key text,
        title text NOT NULL,
        saved_from_payment_id uuid REFERENCES platform.billing_payments(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz
      );
      CREATE UNIQUE INDEX billing_saved_methods_in_force ON platform.billing_saved_methods (tenant_id) WHERE removed_at IS NULL;
      -- Automatic payment of a Счёт: attempts made and the day of the next one (1, 3, 5 days after a failure).
      ALTER TABLE platform.billing_invoices
        ADD COLUMN autopay_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN autopay_next_on date;
    `,
  },
  {
    version: 16,
    name: 'data encryption: a data key per tenant (and one of the platform), wrapped by the master key',
    sql: `
      -- Envelope encryption (platform/crypto): each scope's random data key (a tenant's id, or 'platform'),
      -- sealed with the master key of the configuration (DATA_ENCRYPTION_KEY) and bound to its scope;
      -- master_kid names the master key that sealed it.
      CREATE TABLE platform.data_keys (
        scope text PRIMARY KEY,
        master_kid text NOT NULL,
        wrapped_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 17,
    name: 'sign-in through a company identity provider (OpenID Connect)',
    sql: `
      -- A company's identity provider (auth/sso.service.ts): the client registered there (the secret sealed with the
      -- company's data key), the e-mail domain whose people are offered it, whether others may still use a password,
      -- and the role given to a new person signing in (null: only existing members get in).
      CREATE TABLE platform.sso_providers (
        tenant_id uuid PRIMARY KEY REFERENCES platform.tenants(id) ON DELETE CASCADE,
        display_name text NOT NULL,
        issuer text NOT NULL,
        client_id text NOT NULL,
        client_secret_sealed text NOT NULL,
        email_domain text NOT NULL CHECK (email_domain = lower(email_domain)),
        password_sign_in boolean NOT NULL DEFAULT true,
        jit_role_id uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sso_providers_domain_idx ON platform.sso_providers (email_domain);
    `,
  },
  {
    version: 18,
    name: 'billing: promo codes and per-client discounts (invoice lines at the discounted price), reminders before the due date',
    sql: `
      -- A promo code the owner creates: percent or a fixed amount off each month, for months Счета (null:
      -- forever), on some modules (null: all), applicable until valid_until, by at most max_uses clients.
      CREATE TABLE platform.billing_promo_codes (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code = upper(code)),
        percent integer CHECK (percent BETWEEN 1 AND 100),
        amount_kopecks bigint CHECK (amount_kopecks > 0),
        months integer CHECK (months > 0),
        modules text[],
        valid_until date,
        max_uses integer CHECK (max_uses > 0),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((percent IS NULL) <> (amount_kopecks IS NULL))
      );

      -- The discount a client has: from a promo code, or personal (set by the owner, promo_code_id null).
      -- One in force per client (ended_on null). Its months are counted by the Счета whose lines name it.
      CREATE TABLE platform.billing_discounts (
        id bigserial PRIMARY KEY,
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        promo_code_id uuid REFERENCES platform.billing_promo_codes(id),
        percent integer CHECK (percent BETWEEN 1 AND 100),
        amount_kopecks bigint CHECK (amount_kopecks > 0),
        months integer CHECK (months > 0),
        modules text[],
        applied_on date NOT NULL,
        ended_on date,
        comment text NOT NULL DEFAULT '',
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((percent IS NULL) <> (amount_kopecks IS NULL))
      );
      CREATE UNIQUE INDEX billing_discounts_in_force ON platform.billing_discounts (tenant_id) WHERE ended_on IS NULL;
      CREATE INDEX billing_discounts_promo_idx ON platform.billing_discounts (promo_code_id);

      -- A discounted line: monthly_price_kopecks is the price after the discount (what credits and MRR
      -- read), list_price_kopecks the catalogue price before it, discount_id the discount applied.
      ALTER TABLE platform.billing_invoice_lines
        ADD COLUMN list_price_kopecks bigint,
        ADD COLUMN discount_id bigint REFERENCES platform.billing_discounts(id);
      CREATE INDEX billing_invoice_lines_discount_idx ON platform.billing_invoice_lines (discount_id) WHERE discount_id IS NOT NULL;

      -- Reminders before a Счёт is due: remind_before_days before the due date (0: none) and on it.
      ALTER TABLE platform.billing_settings
        ADD COLUMN remind_before_days integer NOT NULL DEFAULT 3 CHECK (remind_before_days BETWEEN 0 AND 30);
    `,
  },
  {
    version: 19,
    name: 'workplace: favorites and page visits of each person in each company',
    sql: `
      -- In the platform schema, not the tenant's: they belong to a person in a company (like memberships),
      -- go with the company or the person (cascade), and need no step in every tenant schema.
      CREATE TABLE platform.favorites (
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        path text NOT NULL,
        title text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, user_id, path)
      );
      -- The latest visit of each page (the shell records them); «История» adds the audit log's changes.
      CREATE TABLE platform.page_visits (
        tenant_id uuid NOT NULL REFERENCES platform.tenants(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        path text NOT NULL,
        title text NOT NULL,
        visited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, user_id, path)
      );
      CREATE INDEX page_visits_recent_idx ON platform.page_visits (tenant_id, user_id, visited_at DESC);
      CREATE INDEX audit_log_user_idx ON platform.audit_log (tenant_id, user_id, at DESC);
    `,
  },
  {
    version: 20,
    name: '152-ФЗ: a person asks to erase their personal data; erased people keep a numbered pseudonym',
    sql: `
      -- A person's request to erase their data (personal-data/erasure.service.ts); a company admin of one of their
      -- companies or the platform owner processes it. One pending request per person.
      CREATE TABLE platform.erasure_requests (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        requested_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        processed_by uuid REFERENCES platform.users(id),
        processed_in uuid REFERENCES platform.tenants(id) ON DELETE SET NULL
      );
      CREATE UNIQUE INDEX erasure_requests_pending_uq ON platform.erasure_requests (user_id) WHERE processed_at IS NULL;
      -- The row stays (documents and the audit log refer to it) under «Удалённый пользователь №<erased_no>».
      CREATE SEQUENCE platform.erased_user_no;
      ALTER TABLE platform.users ADD COLUMN erased_at timestamptz, ADD COLUMN erased_no bigint UNIQUE;
    `,
  },
  {
    version: 21,
    name: 'a company sign-in link by slug (/login/<slug>), passkeys (WebAuthn)',
    sql: `
      -- The company's own sign-in address /login/<slug> (auth/sign-in-link.controller.ts) starts its SSO.
      ALTER TABLE platform.tenants ADD COLUMN slug text CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$');
      CREATE UNIQUE INDEX tenants_slug_uq ON platform.tenants (slug);
      -- A person's passkeys (auth/passkeys.service.ts): the credential's id (base64url) and COSE public key as the
      -- authenticator registered them, its signature counter, and a name the person recognises.
      CREATE TABLE platform.passkeys (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        backed_up boolean NOT NULL DEFAULT false,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      );
      CREATE INDEX passkeys_user_idx ON platform.passkeys (user_id);
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
    // By version, whatever order the list was appended in.
    for (const m of [...platformMigrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await trx.raw(m.sql);
      await trx('platform.schema_migrations').insert({ version: m.version, name: m.name });
    }
  });
}

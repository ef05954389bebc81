import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { Database } from '../database/database';

export interface AuditEntry {
  tenantId: string | null;
  userId: string | null;
  /** What happened, e.g. `create`, `update`, `post`, `suspend`. */
  action: string;
  /** What it happened to, e.g. `User`, `Role`, `trade.Sale`. */
  entity: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  /** The API key that made the call (the person in userId issued it). */
  apiKeyId?: string | null;
  /** The caller's address. */
  ip?: string | null;
}

/**
 * Every write leaves a row: who, when, what, before and after. Pass the transaction so both commit together.
 * The database chains the rows per company (hash of the previous row + this one) and refuses to change or
 * delete them; see chain.ts for the check.
 */
@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async record(entry: AuditEntry, trx?: Knex | Knex.Transaction): Promise<void> {
    await (trx ?? this.db.knex)('platform.audit_log').insert(auditRow(entry));
  }
}

/** The `platform.audit_log` row of an entry, for callers that insert it together with other rows. */
export function auditRow(entry: AuditEntry) {
  return {
    tenant_id: entry.tenantId,
    user_id: entry.userId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(stripSecrets(entry.before)),
    after: entry.after === undefined ? null : JSON.stringify(stripSecrets(entry.after)),
    api_key_id: entry.apiKeyId ?? null,
    ip: entry.ip ?? null,
  };
}

/** Password hashes and tokens never go into the audit log. */
function stripSecrets(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(stripSecrets);
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !/password|token_hash|secret/i.test(k))
      .map(([k, v]) => [k, stripSecrets(v)]),
  );
}

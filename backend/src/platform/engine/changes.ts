import type { Knex } from '@mikro-orm/postgresql';
import type { TenantRequestContext } from '../access/request-context';
import { auditRow } from '../audit/audit.service';
import { outboxRow } from './events';
import { subjectOf } from './registry';

/** An outbox event and its audit entry, as rows ready to insert (see `writeChanges`). */
export interface Change {
  event: ReturnType<typeof outboxRow>;
  audit: ReturnType<typeof auditRow>;
}

/** An event and its audit entry, serialised now (later changes to `before`/`after` do not leak in). */
export function change(ctx: TenantRequestContext, decl: { module: string; code: string }, type: string, id: string, before: unknown, after: unknown): Change {
  return {
    event: outboxRow({ tenantId: ctx.tenant.id, aggregateType: subjectOf(decl), aggregateId: id, type, payload: { id, userId: ctx.principal.userId, before: before ?? null, after: after ?? null } }),
    audit: auditRow({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, apiKeyId: ctx.apiKeyId, ip: ctx.ip, action: type.split('.')[1], entity: subjectOf(decl), entityId: id, before, after }),
  };
}

/** Outbox events and audit entries, in their order, in one statement of the caller's transaction. */
export async function writeChanges(trx: Knex.Transaction, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  await trx
    .with('events', trx('platform.outbox').insert(changes.map((c) => c.event)))
    .insert(changes.map((c) => c.audit))
    .into('platform.audit_log');
}

/** One change (event + audit entry) written in the caller's transaction. */
export function recordChange(trx: Knex.Transaction, ctx: TenantRequestContext, decl: { module: string; code: string }, type: string, id: string, before: unknown, after: unknown): Promise<void> {
  return writeChanges(trx, [change(ctx, decl, type, id, before, after)]);
}

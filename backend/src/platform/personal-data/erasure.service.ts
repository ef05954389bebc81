import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { SessionService } from '../auth/sessions.service';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { TenantContextService } from '../tenancy/tenant-context.service';

/** The name an erased person keeps where records must stay (documents' author, the audit log). */
export const pseudonymOf = (no: number | string) => `Удалённый пользователь №${no}`;
/** A request that is not pending (or, for an admin, not of the company's people) — also a malformed id. */
export const NO_SUCH_REQUEST = 'Такого запроса на удаление данных нет или он уже выполнен. Обновите список.';
/** An address that can receive no mail and that nobody can register (RFC 2606 `.invalid`). */
const pseudonymEmail = (no: number | string) => `erased-${no}@erased.invalid`;

export interface ErasureRequestView {
  id: string;
  requestedAt: string;
  person: { id: string; email: string; fullName: string };
}

/**
 * 152-ФЗ erasure (ст. 14, 21): a person asks; an admin of one of their companies or the platform owner processes
 * the request. The person's row stays — documents, ledgers and the append-only audit log refer to its id and tax law
 * keeps them — but its name and e-mail become a numbered pseudonym, the password unusable, and everything else about
 * the person (second factor, devices, sessions' addresses, favorites, the login journal's addresses) is removed.
 * The request is the authority: no company can erase a person who has not asked.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly tenants: TenantContextService,
  ) {}

  /** The person's pending request, or null. */
  async pendingOf(userId: string): Promise<{ id: string; requestedAt: string } | null> {
    const row = await this.db.knex('platform.erasure_requests').where({ user_id: userId }).whereNull('processed_at').first('id', 'requested_at');
    return row ? { id: row.id, requestedAt: new Date(row.requested_at).toISOString() } : null;
  }

  /** The person asks to erase their data; asking twice answers the pending request. */
  async request(userId: string, tenantId: string | null, ip: string): Promise<{ id: string; requestedAt: string }> {
    const user = await this.db.knex('platform.users').where({ id: userId }).first('is_owner');
    if (user?.is_owner) throw Problem.conflict('Учётную запись владельца платформы удалить нельзя: сначала передайте владение другому человеку.');
    const pending = await this.pendingOf(userId);
    if (pending) return pending;
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.erasure_requests').insert({ id: randomUUID(), user_id: userId }).onConflict(trx.raw('(user_id) WHERE processed_at IS NULL')).ignore();
      await this.audit.record({ tenantId, userId, ip, action: 'erasure_request', entity: 'Person', entityId: userId }, trx);
    });
    return (await this.pendingOf(userId))!;
  }

  /** Pending requests of the company's people (any status of membership). */
  async pendingInTenant(tenantId: string): Promise<ErasureRequestView[]> {
    return this.pendingQuery().whereExists((q) => q.select(1).from('platform.memberships as m').whereRaw('m.user_id = r.user_id').where('m.tenant_id', tenantId)).then(toViews);
  }

  /** Every pending request (the platform owner's list). */
  async pendingAll(): Promise<ErasureRequestView[]> {
    return this.pendingQuery().then(toViews);
  }

  private pendingQuery() {
    return this.db
      .knex('platform.erasure_requests as r')
      .join('platform.users as u', 'u.id', 'r.user_id')
      .whereNull('r.processed_at')
      .orderBy('r.requested_at')
      .select('r.id', 'r.requested_at', 'u.id as user_id', 'u.email', 'u.full_name');
  }

  /**
   * Processes a pending request: erases the person who made it. `tenantId` is the processing admin's company (the
   * person must be its member) or null for the platform owner. Returns the pseudonym.
   */
  async erase(requestId: string, by: { userId: string; tenantId: string | null; ip: string }): Promise<{ id: string; fullName: string; email: string }> {
    const k = this.db.knex;
    const erased = await k.transaction(async (trx) => {
      const request = await trx('platform.erasure_requests').where({ id: requestId }).whereNull('processed_at').forUpdate().first('id', 'user_id');
      const member = request && (!by.tenantId || (await trx('platform.memberships').where({ user_id: request.user_id, tenant_id: by.tenantId }).first('user_id')));
      if (!member) throw Problem.notFound(NO_SUCH_REQUEST);
      const personId: string = request.user_id;
      const user = await trx('platform.users').where({ id: personId }).first('id', 'email', 'is_owner');
      if (user.is_owner) throw Problem.conflict('Учётную запись владельца платформы удалить нельзя.');
      const { no } = (await trx.raw(`SELECT nextval('platform.erased_user_no') AS no`)).rows[0];
      const pseudonym = { fullName: pseudonymOf(no), email: pseudonymEmail(no) };
      // A hash argon2 never produces: every password check fails.
      await trx('platform.users').where({ id: personId }).update({ full_name: pseudonym.fullName, email: pseudonym.email, password_hash: '!erased', erased_at: trx.fn.now(), erased_no: no });
      await trx('platform.memberships').where({ user_id: personId }).update({ status: 'deactivated' });
      for (const table of ['two_factor', 'recovery_codes', 'passkeys', 'known_devices', 'password_tokens', 'favorites', 'page_visits']) await trx(`platform.${table}`).where({ user_id: personId }).delete();
      await trx('platform.invitations').where({ user_id: personId, status: 'pending' }).update({ status: 'declined', responded_at: trx.fn.now() });
      await trx('platform.sessions').where({ user_id: personId }).update({ ip: null, user_agent: null });
      await trx('platform.login_journal')
        .where((w) => w.where({ user_id: personId }).orWhereRaw('lower(email) = lower(?)', [user.email]))
        .update({ email: pseudonym.email, ip: null, user_agent: null });
      await trx('platform.erasure_requests').where({ id: request.id }).update({ processed_at: trx.fn.now(), processed_by: by.userId, processed_in: by.tenantId });
      // No personal data in the entry: the id and the pseudonym say whose data went.
      await this.audit.record({ tenantId: by.tenantId, userId: by.userId, ip: by.ip, action: 'erase', entity: 'Person', entityId: personId, after: { fullName: pseudonym.fullName, requestId: request.id } }, trx);
      return { id: personId, ...pseudonym };
    });
    await this.sessions.endAll(erased.id);
    for (const tenantId of await k('platform.memberships').where({ user_id: erased.id }).pluck('tenant_id')) await this.tenants.invalidatePermissions(tenantId);
    return erased;
  }
}

function toViews(rows: { id: string; requested_at: Date; user_id: string; email: string; full_name: string }[]): ErasureRequestView[] {
  return rows.map((r) => ({ id: r.id, requestedAt: new Date(r.requested_at).toISOString(), person: { id: r.user_id, email: r.email, fullName: r.full_name } }));
}

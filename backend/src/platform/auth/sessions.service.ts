import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { describeUserAgent } from './user-agent';

export interface SessionView {
  id: string;
  current: boolean;
  device: string;
  userAgent: string | null;
  ip: string | null;
  tenant: { id: string; name: string } | null;
  factor: string;
  createdAt: string;
  lastUsedAt: string;
}

/**
 * A session is one sign-in: a refresh-token family (the id is the access token's `sid`). Ending it revokes its
 * refresh tokens at once and marks its id revoked in the KV store, which the access guard checks on every request,
 * so its access token stops working on the next call too.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly db: Database,
    private readonly tenantContext: TenantContextService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async open(s: { id: string; userId: string; tenantId: string | null; ip: string; userAgent?: string; factor: string }): Promise<void> {
    await this.db.knex('platform.sessions').insert({ id: s.id, user_id: s.userId, tenant_id: s.tenantId, ip: s.ip, user_agent: s.userAgent?.slice(0, 500) ?? null, factor: s.factor });
  }

  /** A refresh: the session was used now (from this address). */
  async touch(id: string, ip: string): Promise<void> {
    await this.db.knex('platform.sessions').where({ id }).update({ last_used_at: this.db.knex.fn.now(), ip });
  }

  /** The person's live sessions, newest use first. */
  async list(userId: string, currentId: string): Promise<SessionView[]> {
    const k = this.db.knex;
    const rows = await k('platform.sessions as s')
      .leftJoin('platform.tenants as t', 't.id', 's.tenant_id')
      .where('s.user_id', userId)
      .whereNull('s.ended_at')
      .where('s.last_used_at', '>', new Date(Date.now() - this.config.refreshTokenTtlSeconds * 1000))
      .orderBy('s.last_used_at', 'desc')
      .select('s.*', 't.name as tenant_name');
    return rows.map((r) => ({
      id: r.id,
      current: r.id === currentId,
      device: describeUserAgent(r.user_agent),
      userAgent: r.user_agent,
      ip: r.ip,
      tenant: r.tenant_id ? { id: r.tenant_id, name: r.tenant_name } : null,
      factor: r.factor,
      createdAt: new Date(r.created_at).toISOString(),
      lastUsedAt: new Date(r.last_used_at).toISOString(),
    }));
  }

  /** Ends one of the person's own sessions; a session that is not theirs is "not found". */
  async endOwn(userId: string, sessionId: string): Promise<void> {
    const row = await this.db.knex('platform.sessions').where({ id: sessionId, user_id: userId }).whereNull('ended_at').first('id');
    if (!row) throw Problem.notFound('Такой сессии нет или она уже завершена. Обновите список.');
    await this.end([sessionId]);
  }

  /** Ends the person's sessions: all but `keep`, only those in `tenantId` when given. Returns how many. */
  async endAll(userId: string, options: { keep?: string; tenantId?: string } = {}): Promise<number> {
    const k = this.db.knex;
    const families = k('platform.refresh_tokens').where({ user_id: userId }).whereNull('revoked_at');
    if (options.tenantId) families.where({ tenant_id: options.tenantId });
    if (options.keep) families.whereNot('family_id', options.keep);
    const ids: string[] = await families.distinct('family_id').pluck('family_id');
    await this.end(ids);
    return ids.length;
  }

  /** Revokes the families' refresh tokens and their live access tokens. */
  async end(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const k = this.db.knex;
    await k('platform.refresh_tokens').whereIn('family_id', ids).whereNull('revoked_at').update({ revoked_at: k.fn.now() });
    await k('platform.sessions').whereIn('id', ids).whereNull('ended_at').update({ ended_at: k.fn.now() });
    // Access tokens of a session stay valid until they expire unless the revocation is remembered.
    for (const id of ids) await this.tenantContext.revokeSession(id, this.config.accessTokenTtlSeconds);
  }
}

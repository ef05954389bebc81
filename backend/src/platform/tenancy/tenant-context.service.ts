import { Inject, Injectable } from '@nestjs/common';
import type { RoleRule } from '../access/ability';
import type { TenantContext } from '../access/request-context';
import { KV_STORE } from '../cache/tokens';
import type { KvStore } from '../cache/kv-store';
import { Database } from '../database/database';
import { quoteSchema } from './tenant-schema';

const TENANT_TTL = 60;
const RULES_TTL = 300;

/**
 * Loads what a request needs about its tenant and user, through the cache.
 * Any change to a tenant (status, modules) or to permissions calls the matching `invalidate…`,
 * so a change takes effect on the very next request, on every backend instance sharing Redis.
 */
@Injectable()
export class TenantContextService {
  constructor(
    private readonly db: Database,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  async tenant(tenantId: string): Promise<TenantContext | null> {
    const cached = await this.kv.get(`tenant:${tenantId}`);
    if (cached) return JSON.parse(cached);
    const row = await this.db.knex('platform.tenants as t')
      .where('t.id', tenantId)
      .first(
        't.id',
        't.name',
        't.schema_name as schema',
        't.status',
        't.time_zone as timeZone',
        this.db.knex.raw('array(SELECT module_code FROM platform.tenant_modules tm WHERE tm.tenant_id = t.id ORDER BY 1) AS modules'),
        // Modules removed but whose tables (data) the schema keeps: readable, not writable.
        this.db.knex.raw(
          'array(SELECT ms.module_code FROM platform.tenant_module_schemas ms WHERE ms.tenant_id = t.id AND ms.module_code NOT IN (SELECT module_code FROM platform.tenant_modules tm WHERE tm.tenant_id = t.id) ORDER BY 1) AS "keptModules"',
        ),
      );
    if (!row) return null;
    await this.kv.set(`tenant:${tenantId}`, JSON.stringify(row), TENANT_TTL);
    return row;
  }

  /** The user's rules in this tenant, or null when the user is not an active member. */
  async rules(tenant: TenantContext, userId: string): Promise<RoleRule[] | null> {
    const version = (await this.kv.get(`permv:${tenant.id}`)) ?? '0';
    const key = `rules:${tenant.id}:${userId}:${version}`;
    const cached = await this.kv.get(key);
    if (cached) return JSON.parse(cached);
    const s = quoteSchema(tenant.schema);
    const { rows } = await this.db.knex.raw(
      `SELECT m.status, coalesce(jsonb_agg(r.rules) FILTER (WHERE r.id IS NOT NULL), '[]') AS rule_sets
         FROM platform.memberships m
         LEFT JOIN ${s}.user_roles ur ON ur.user_id = m.user_id
         LEFT JOIN ${s}.roles r ON r.id = ur.role_id
        WHERE m.tenant_id = ? AND m.user_id = ?
        GROUP BY m.status`,
      [tenant.id, userId],
    );
    const rules: RoleRule[] | null = rows[0]?.status === 'active' ? (rows[0].rule_sets as RoleRule[][]).flat() : null;
    await this.kv.set(key, JSON.stringify(rules), RULES_TTL);
    return rules;
  }

  async invalidateTenant(tenantId: string): Promise<void> {
    await this.kv.del(`tenant:${tenantId}`);
  }

  /** Roles or memberships changed: every cached rule set of this tenant is stale. */
  async invalidatePermissions(tenantId: string): Promise<void> {
    await this.kv.incr(`permv:${tenantId}`, 30 * 24 * 3600);
  }

  async isSessionRevoked(sessionId: string): Promise<boolean> {
    return (await this.kv.get(`revoked:${sessionId}`)) !== null;
  }

  async revokeSession(sessionId: string, forSeconds: number): Promise<void> {
    await this.kv.set(`revoked:${sessionId}`, '1', forSeconds);
  }
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RoleRule } from '../access/ability';
import type { TenantContext, TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/tokens';
import type { KvStore } from '../cache/kv-store';
import { KV_STORE } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { tenantTable } from '../tenancy/tenant-schema';
import { addressAllowed, plainAddress } from './addresses';

/** Every key starts so: the guard tells a key from a session token by it. */
export const API_KEY_PREFIX = 'wc_';
export const isApiKey = (token: string) => token.startsWith(API_KEY_PREFIX);

/** 32 random bytes: SHA-256 without a salt is enough for a secret nobody can guess. */
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A key that passed the checks of `authenticate`. */
export interface ApiKeyCaller {
  id: string;
  tenantId: string;
  roleId: string;
  principal: Principal;
}

export interface IssueInput {
  name: string;
  roleId: string;
  expiresAt: Date;
  allowedCidrs: string[];
  requestsPerMinute: number;
}

/**
 * A company's API keys: issued by its admin with one role, an expiry and optionally the networks it may be
 * used from; stored as a SHA-256 hash (the key itself is shown once). A call with a key acts as the person who
 * issued it, with the rules of the key's role only; it is counted per minute in the KV store (Redis when
 * configured) and leaves an audit row naming the key.
 */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly db: Database,
    private readonly tenants: TenantContextService,
    private readonly audit: AuditService,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  list(tenantId: string) {
    return this.db
      .knex('platform.api_keys as k')
      .leftJoin('platform.users as u', 'u.id', 'k.created_by')
      .where('k.tenant_id', tenantId)
      .orderBy('k.created_at', 'desc')
      .select(
        'k.id',
        'k.name',
        'k.key_prefix as prefix',
        'k.role_id as roleId',
        'k.allowed_cidrs as allowedCidrs',
        'k.requests_per_minute as requestsPerMinute',
        'k.expires_at as expiresAt',
        'k.created_at as createdAt',
        'u.email as createdBy',
        'k.revoked_at as revokedAt',
        'k.last_used_at as lastUsedAt',
        'k.last_used_ip as lastUsedIp',
        this.db.knex.raw(`CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked' WHEN k.expires_at <= now() THEN 'expired' ELSE 'active' END AS status`),
      );
  }

  /** The company's keys with their roles' names (null: the role was deleted). */
  async listWithRoles(tenant: TenantContext) {
    const roles = new Map<string, string>((await this.db.knex(tenantTable(tenant.schema, 'roles')).select('id', 'name')).map((r) => [r.id, r.name]));
    return (await this.list(tenant.id)).map((k) => ({ ...k, roleName: roles.get(k.roleId) ?? null }));
  }

  async issue(ctx: TenantRequestContext, input: IssueInput) {
    const role = await this.db.knex(tenantTable(ctx.tenant.schema, 'roles')).where({ id: input.roleId }).first('id');
    if (!role) throw Problem.unprocessable('Такой роли в компании нет. Выберите роль из списка «Роли».');
    const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
    const id = randomUUID();
    const row = {
      id,
      tenant_id: ctx.tenant.id,
      name: input.name,
      role_id: input.roleId,
      key_hash: hashKey(key),
      key_prefix: key.slice(0, 10),
      allowed_cidrs: input.allowedCidrs,
      requests_per_minute: input.requestsPerMinute,
      expires_at: input.expiresAt,
      created_by: ctx.principal.userId,
    };
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.api_keys').insert(row);
      const { key_hash: _, ...shown } = row;
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, apiKeyId: ctx.apiKeyId, ip: ctx.ip, action: 'create', entity: 'ApiKey', entityId: id, after: shown }, trx);
    });
    const issued = (await this.listWithRoles(ctx.tenant)).find((k) => k.id === id)!;
    return { ...issued, key };
  }

  async revoke(ctx: TenantRequestContext, id: string) {
    await this.db.knex.transaction(async (trx) => {
      const updated = await trx('platform.api_keys').where({ id, tenant_id: ctx.tenant.id }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() }).returning('id');
      if (!updated.length) {
        const exists = await trx('platform.api_keys').where({ id, tenant_id: ctx.tenant.id }).first('id');
        if (!exists) throw Problem.notFound('Такого API-ключа в компании нет.');
        return; // already revoked: nothing changes
      }
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, apiKeyId: ctx.apiKeyId, ip: ctx.ip, action: 'revoke', entity: 'ApiKey', entityId: id }, trx);
    });
    return (await this.listWithRoles(ctx.tenant)).find((k) => k.id === id)!;
  }

  /** Checks a presented key (known, not revoked, not expired, from an allowed address, within its rate) and notes its use. */
  async authenticate(key: string, ip: string): Promise<ApiKeyCaller> {
    const row = await this.db
      .knex('platform.api_keys as k')
      .join('platform.users as u', 'u.id', 'k.created_by')
      .where('k.key_hash', hashKey(key))
      .first('k.*', 'u.email', this.db.knex.raw('k.expires_at <= now() AS expired'));
    if (!row) throw Problem.unauthorized('API-ключ не найден. Проверьте ключ или выпустите новый в разделе «API-ключи».');
    if (row.revoked_at) throw Problem.unauthorized('API-ключ отозван администратором компании. Выпустите новый в разделе «API-ключи».');
    if (row.expired) throw Problem.unauthorized('Срок действия API-ключа истёк. Выпустите новый в разделе «API-ключи».');
    if (!addressAllowed(row.allowed_cidrs, ip))
      throw Problem.forbidden(`С адреса ${plainAddress(ip)} этот API-ключ не принимается: адрес не входит в разрешённые для ключа сети.`);
    const minute = Math.floor(Date.now() / 60_000);
    const calls = await this.kv.incr(`apikey:rate:${row.id}:${minute}`, 60);
    if (calls > row.requests_per_minute)
      throw Problem.tooManyRequests(`Превышен предел API-ключа: ${row.requests_per_minute} запросов в минуту. Повторите через минуту.`, 60 - (Math.floor(Date.now() / 1000) % 60));
    // "Last used" to the minute is enough, and keeps a busy key from writing on every call.
    await this.db
      .knex('platform.api_keys')
      .where({ id: row.id })
      .andWhere((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', this.db.knex.raw("now() - interval '1 minute'")))
      .update({ last_used_at: this.db.knex.fn.now(), last_used_ip: plainAddress(ip) });
    return {
      id: row.id,
      tenantId: row.tenant_id,
      roleId: row.role_id,
      principal: { userId: row.created_by, email: row.email, tenantId: row.tenant_id, isOwner: false, sessionId: `api-key:${row.id}` },
    };
  }

  /** The rules of the key's role, or null when the role is gone or its issuer no longer works in the company. */
  async rules(caller: ApiKeyCaller, tenant: TenantContext): Promise<RoleRule[] | null> {
    if (!(await this.tenants.rules(tenant, caller.principal.userId))) return null;
    const role = await this.db.knex(tenantTable(tenant.schema, 'roles')).where({ id: caller.roleId }).first('rules');
    return role ? (role.rules as RoleRule[]) : null;
  }

  /** One audit row per call with a key: the route, and whether it was let through or refused (with the status). */
  async recordCall(caller: ApiKeyCaller, call: { method: string; route: string; ip: string }, outcome: { allowed: true } | { allowed: false; status: number }) {
    await this.audit.record({
      tenantId: caller.tenantId,
      userId: caller.principal.userId,
      apiKeyId: caller.id,
      ip: plainAddress(call.ip),
      action: 'api_call',
      entity: 'ApiKey',
      entityId: caller.id,
      after: { method: call.method, route: call.route, ...outcome },
    });
  }
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { SsoSettings, SsoSettingsInput } from '@workcloud/shared-core';
import type { Knex } from '@mikro-orm/postgresql';
import type { AppConfig } from '../../config';
import type { TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import type { KvStore } from '../cache/kv-store';
import { APP_CONFIG, KV_STORE } from '../cache/tokens';
import { DataEncryption } from '../crypto';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { tenantTable } from '../tenancy/tenant-schema';
import { AuthService, type LoginClient, type LoginOutcome } from './auth.service';
import { hashPassword } from './passwords';
import { authorizationUrl, discover, newAuthorization, redeemCode, type OidcClient } from './sso-oidc';
import { addMembership, setUserRoles } from './users';

/** A provider offered on the sign-in page. */
export interface SsoOffer {
  tenantId: string;
  name: string;
  companyName: string;
}

/** The state of one sign-in between the redirect to the provider and its callback, in the KV store (one use). */
interface PendingSignIn {
  tenantId: string;
  nonce: string;
  codeVerifier: string;
}

/** The browser's copy of the state: a callback is taken only from the browser that started the sign-in (no login CSRF). */
export const SSO_STATE_COOKIE = 'wc_sso';
const PENDING_SECONDS = 10 * 60;
const pendingKey = (state: string) => `sso:pending:${createHash('sha256').update(state).digest('hex')}`;

const refused = (detail: string) => Problem.forbidden(detail);

/**
 * Sign-in through a company's identity provider (OpenID Connect, authorization code + PKCE; sso-oidc.ts). The provider
 * vouches for the person's e-mail; WorkCloud lets them into that one company if they are its active member (or, when the
 * admin chose a role for newcomers, makes them one). The provider is the factor: no TOTP step follows.
 */
@Injectable()
export class SsoService {
  constructor(
    private readonly db: Database,
    private readonly encryption: DataEncryption,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly tenants: TenantContextService,
    @Inject(KV_STORE) private readonly kv: KvStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get redirectUri(): string {
    return `${this.config.publicWebUrl}/api/auth/sso/callback`;
  }

  async settings(tenantId: string): Promise<SsoSettings> {
    const row = await this.db.knex('platform.sso_providers').where({ tenant_id: tenantId }).first();
    if (!row) return { configured: false, displayName: '', issuer: '', clientId: '', clientSecretSet: false, emailDomain: '', passwordSignIn: true, jitRoleId: null, redirectUri: this.redirectUri };
    return {
      configured: true,
      displayName: row.display_name,
      issuer: row.issuer,
      clientId: row.client_id,
      clientSecretSet: true,
      emailDomain: row.email_domain,
      passwordSignIn: row.password_sign_in,
      jitRoleId: row.jit_role_id,
      redirectUri: this.redirectUri,
    };
  }

  async save(ctx: TenantRequestContext, input: SsoSettingsInput): Promise<SsoSettings> {
    this.assertIssuerScheme(input.issuer);
    if (input.jitRoleId && !(await this.db.knex(tenantTable(ctx.tenant.schema, 'roles')).where({ id: input.jitRoleId }).first('id')))
      throw Problem.badRequest('Роль для новых сотрудников не найдена. Обновите список ролей.', { errors: [{ field: 'jitRoleId', message: 'Роль не найдена' }] });
    const before = await this.settings(ctx.tenant.id);
    if (!before.configured && !input.clientSecret)
      throw Problem.badRequest('Укажите секрет клиента (client secret), выданный поставщиком входа.', { errors: [{ field: 'clientSecret', message: 'Укажите секрет клиента' }] });
    const row = {
      display_name: input.displayName,
      issuer: input.issuer,
      client_id: input.clientId,
      email_domain: input.emailDomain,
      password_sign_in: input.passwordSignIn,
      jit_role_id: input.jitRoleId,
      updated_at: this.db.knex.fn.now(),
      ...(input.clientSecret ? { client_secret_sealed: await this.encryption.encrypt(input.clientSecret, ctx.tenant.id) } : {}),
    };
    await this.db.knex.transaction(async (trx) => {
      if (before.configured) await trx('platform.sso_providers').where({ tenant_id: ctx.tenant.id }).update(row);
      else await trx('platform.sso_providers').insert({ tenant_id: ctx.tenant.id, ...row });
      const { clientSecret: _secret, ...after } = input;
      await this.audit.record(
        { tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'SsoSettings', before: before.configured ? { ...before, redirectUri: undefined } : null, after: { ...after, clientSecretChanged: !!input.clientSecret } },
        trx,
      );
    });
    return this.settings(ctx.tenant.id);
  }

  async remove(ctx: TenantRequestContext): Promise<void> {
    const deleted = await this.db.knex('platform.sso_providers').where({ tenant_id: ctx.tenant.id }).delete();
    if (!deleted) throw Problem.notFound('Вход через SSO в компании не настроен.');
    await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'delete', entity: 'SsoSettings' });
  }

  /** «Проверить подключение»: the provider's discovery document, read afresh. */
  async testConnection(issuer: string): Promise<{ detail: string }> {
    this.assertIssuerScheme(issuer);
    const provider = await discover(issuer, { fresh: true });
    return { detail: `Поставщик ${provider.issuer} отвечает: вход — ${provider.authorizationEndpoint}, выдача токенов — ${provider.tokenEndpoint}.` };
  }

  /** The providers to offer on the sign-in page: of the e-mail's domain, or of one company (a company's own sign-in link). */
  async offers(by: { email?: string; tenantId?: string }): Promise<SsoOffer[]> {
    const q = this.db.knex('platform.sso_providers as s').join('platform.tenants as t', 't.id', 's.tenant_id').whereNotIn('t.status', ['archived', 'provisioning']);
    if (by.tenantId) q.where('s.tenant_id', by.tenantId);
    else q.where('s.email_domain', by.email!.trim().toLowerCase().split('@').pop()!);
    const rows = await q.orderBy('t.name').select('s.tenant_id', 's.display_name', 't.name');
    return rows.map((r) => ({ tenantId: r.tenant_id, name: r.display_name, companyName: r.name }));
  }

  /** The redirect to the provider, and the state the browser keeps in its cookie until the callback. */
  async start(tenantId: string, loginHint?: string): Promise<{ location: string; state: string }> {
    const client = await this.clientOf(tenantId);
    if (!client) throw Problem.notFound('В этой компании вход через SSO не настроен. Войдите по e-mail и паролю.');
    const provider = await discover(client.issuer);
    const a = newAuthorization();
    await this.kv.set(pendingKey(a.state), JSON.stringify({ tenantId, nonce: a.nonce, codeVerifier: a.codeVerifier } satisfies PendingSignIn), PENDING_SECONDS);
    return { location: authorizationUrl(provider, client, a, loginHint), state: a.state };
  }

  /** The provider sent the browser back: check it all, then sign the person into the company (or say in Russian why not). */
  async callback(query: { code?: string; state?: string; error?: string; error_description?: string }, cookieState: string | undefined, client: LoginClient): Promise<LoginOutcome> {
    if (query.error) throw refused(`Поставщик входа не подтвердил вход: ${query.error_description || query.error}. Начните вход заново.`);
    if (!query.state || !query.code) throw Problem.badRequest('В ответе поставщика входа нет code и state. Начните вход заново со страницы входа WorkCloud.');
    if (query.state !== cookieState)
      throw refused('Ответ поставщика входа относится к другому входу (state не совпадает) или вход начат в другом браузере. Начните вход заново со страницы входа WorkCloud.');
    const raw = await this.kv.get(pendingKey(query.state));
    await this.kv.del(pendingKey(query.state));
    if (!raw) throw refused('Время на вход через SSO истекло (10 минут) или этот ответ уже использован. Начните вход заново.');
    const pending = JSON.parse(raw) as PendingSignIn;
    const oidcClient = await this.clientOf(pending.tenantId);
    if (!oidcClient) throw refused('Вход через SSO в компании только что отключён. Войдите по e-mail и паролю.');
    const identity = await redeemCode(await discover(oidcClient.issuer), oidcClient, query.code, pending);
    const journalRefusal = async (reason: string, detail: string, userId?: string) => {
      await this.auth.journal({ email: identity.email, userId, tenantId: pending.tenantId, client, success: false, reason, factor: 'sso' });
      return refused(detail);
    };
    const tenant = await this.db.knex('platform.tenants as t').join('platform.sso_providers as s', 's.tenant_id', 't.id').where('t.id', pending.tenantId).first('t.name', 't.schema_name', 't.status', 's.email_domain', 's.jit_role_id');
    if (!identity.emailVerified) throw await journalRefusal('sso_unverified_email', `Поставщик входа не подтвердил адрес ${identity.email}. Подтвердите его у поставщика и войдите снова.`);
    if (!identity.email.endsWith('@' + tenant.email_domain))
      throw await journalRefusal('sso_domain', `Адрес ${identity.email} не из домена ${tenant.email_domain}, для которого компания «${tenant.name}» настроила вход через SSO. Войдите под рабочей учётной записью.`);
    if (['archived', 'provisioning'].includes(tenant.status)) throw await journalRefusal('sso_refused', `Компания «${tenant.name}» сейчас недоступна.`);

    let user = await this.db.knex('platform.users').whereRaw('lower(email) = ?', [identity.email]).first('id', 'email');
    const membership = user ? await this.db.knex('platform.memberships').where({ user_id: user.id, tenant_id: pending.tenantId }).first('status') : undefined;
    if (membership?.status === 'deactivated')
      throw await journalRefusal('sso_refused', `Доступ ${identity.email} к компании «${tenant.name}» отключён. Обратитесь к администратору компании.`, user.id);
    if (!membership) {
      if (!tenant.jit_role_id)
        throw await journalRefusal('sso_refused', `${identity.email} — не сотрудник компании «${tenant.name}» в WorkCloud. Попросите администратора компании пригласить вас.`, user?.id);
      user = await this.joinByProvider(pending.tenantId, tenant.schema_name, tenant.jit_role_id, identity, user?.id);
    }
    return this.auth.signIn({ userId: user.id, email: user.email, tenantId: pending.tenantId, isOwner: false }, client, 'sso');
  }

  /** Just-in-time membership: the provider vouched for the e-mail of the company's domain; the admin's role is given. */
  private async joinByProvider(tenantId: string, schema: string, roleId: string, identity: { email: string; name: string }, existingUserId?: string): Promise<{ id: string; email: string }> {
    const user = await this.db.knex.transaction(async (trx: Knex.Transaction) => {
      let id = existingUserId;
      if (!id) {
        // No password is known to anybody: the person signs in through the provider (or sets one by «Забыли пароль»).
        id = randomUUID();
        await trx('platform.users').insert({ id, email: identity.email, full_name: identity.name, password_hash: await hashPassword(randomBytes(32).toString('base64url')) });
      }
      await addMembership(trx, id, tenantId);
      const roleExists = await trx(tenantTable(schema, 'roles')).where({ id: roleId }).first('id');
      await setUserRoles(trx, schema, id, roleExists ? [roleId] : []);
      await this.audit.record({ tenantId, userId: id, action: 'join_by_sso', entity: 'User', entityId: id, after: { email: identity.email, roleIds: roleExists ? [roleId] : [] } }, trx);
      return { id, email: identity.email };
    });
    await this.tenants.invalidatePermissions(tenantId);
    return user;
  }

  private async clientOf(tenantId: string): Promise<OidcClient | null> {
    const row = await this.db.knex('platform.sso_providers').where({ tenant_id: tenantId }).first('issuer', 'client_id', 'client_secret_sealed');
    if (!row) return null;
    return { issuer: row.issuer, clientId: row.client_id, clientSecret: await this.encryption.decrypt(row.client_secret_sealed, tenantId), redirectUri: this.redirectUri };
  }

  /** Production talks to providers over TLS only; a development or test start may use a local http provider. */
  private assertIssuerScheme(issuer: string): void {
    if (this.config.production && !issuer.startsWith('https://'))
      throw Problem.badRequest('Адрес поставщика входа (issuer) должен начинаться с https://.', { errors: [{ field: 'issuer', message: 'Нужен https://' }] });
  }
}

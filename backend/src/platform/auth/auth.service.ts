import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { knownDevice, rememberDevice } from './devices';
import { InvitationService } from './invitations.service';
import { LoginThrottle, type LoginAttempt } from './login-throttle';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { hashRefreshToken, newRefreshToken, type Principal, TokenService } from './tokens';
import { randomUUID } from 'node:crypto';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface TenantChoice {
  tenantRequired: true;
  tenants: { id: string; name: string }[];
}

/** Where a sign-in comes from: the client's address (as TRUST_PROXY allows) and the browser's device cookie. */
export interface LoginClient {
  ip: string;
  deviceToken?: string;
}

/** A sign-in's answer, and the device token to set as a cookie when the password was right. */
export interface LoginOutcome {
  body: TokenPair | TenantChoice;
  deviceToken?: string;
}

const WRONG_CREDENTIALS = 'Неверный e-mail или пароль. Проверьте раскладку клавиатуры и Caps Lock.';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly tenantContext: TenantContextService,
    private readonly invitations: InvitationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async journal(entry: { email: string; userId?: string; tenantId?: string | null; ip: string; success: boolean; reason: string }) {
    await this.db.knex('platform.login_journal').insert({
      email: entry.email,
      user_id: entry.userId ?? null,
      tenant_id: entry.tenantId ?? null,
      ip: entry.ip,
      success: entry.success,
      reason: entry.reason,
    });
  }

  async login(input: { email: string; password: string; tenantId?: string; invitationId?: string }, client: LoginClient): Promise<LoginOutcome> {
    const email = input.email.trim().toLowerCase();
    const ip = client.ip;
    const user = await this.db.knex('platform.users').whereRaw('lower(email) = ?', [email]).first();
    const attempt: LoginAttempt = { email, ip, knownDevice: await knownDevice(this.db.knex, user?.id, client.deviceToken) };
    try {
      await this.throttle.assertAllowed(attempt);
    } catch (e) {
      await this.journal({ email, ip, success: false, reason: 'throttled' });
      throw e;
    }
    const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
    if (!user || !passwordOk) {
      await this.throttle.recordFailure(attempt);
      await this.journal({ email, userId: user?.id, tenantId: input.tenantId, ip, success: false, reason: user ? 'wrong_password' : 'unknown_email' });
      throw Problem.unauthorized(WRONG_CREDENTIALS);
    }
    // The password is right: this browser becomes (stays) a known device of the person.
    await this.throttle.recordSuccess(attempt);
    const deviceToken = await rememberDevice(this.db.knex, user.id, client.deviceToken);

    if (user.is_owner && !input.tenantId && !input.invitationId) {
      await this.journal({ email, userId: user.id, ip, success: true, reason: 'owner' });
      return { body: await this.issue({ userId: user.id, email: user.email, tenantId: null, isOwner: true }), deviceToken };
    }

    // Accepting an invitation while signing in (the only way in for a person with no company yet).
    if (input.invitationId) input.tenantId = (await this.invitations.accept(user.id, input.invitationId)).tenant.id;
    const tenants: { id: string; name: string }[] = await this.db.knex('platform.memberships as m')
      .join('platform.tenants as t', 't.id', 'm.tenant_id')
      .where({ 'm.user_id': user.id, 'm.status': 'active' })
      .whereNotIn('t.status', ['archived', 'provisioning'])
      .orderBy('t.name')
      .select('t.id', 't.name');
    let tenantId = input.tenantId;
    if (!tenantId) {
      if (tenants.length === 0) {
        await this.journal({ email, userId: user.id, ip, success: false, reason: 'no_tenant' });
        const invitations = (await this.invitations.pendingFor(user.id)).map((i) => ({ id: i.id, tenant: i.tenant, roles: i.roles, invitedBy: i.invitedBy }));
        if (invitations.length)
          throw Problem.forbidden('Вы ещё не работаете ни в одной компании, но вас пригласили. Примите приглашение, чтобы войти.', { invitations });
        throw Problem.forbidden('У вашей учётной записи нет доступа ни к одной компании. Обратитесь к администратору компании.');
      }
      if (tenants.length > 1) return { body: { tenantRequired: true, tenants }, deviceToken };
      tenantId = tenants[0].id;
    } else if (!tenants.some((t) => t.id === tenantId)) {
      await this.journal({ email, userId: user.id, tenantId: null, ip, success: false, reason: 'not_a_member' });
      throw Problem.forbidden('У вас нет доступа к выбранной компании.');
    }
    await this.journal({ email, userId: user.id, tenantId, ip, success: true, reason: 'ok' });
    return { body: await this.issue({ userId: user.id, email: user.email, tenantId, isOwner: false }), deviceToken };
  }

  /** Starts a session: a new refresh-token family and an access token bound to it. */
  private async issue(who: Omit<Principal, 'sessionId'>, familyId: string = randomUUID()): Promise<TokenPair> {
    const refresh = newRefreshToken();
    await this.db.knex('platform.refresh_tokens').insert({
      id: refresh.id,
      family_id: familyId,
      user_id: who.userId,
      tenant_id: who.tenantId,
      token_hash: refresh.hash,
      expires_at: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
    });
    const accessToken = await this.tokens.signAccess({ ...who, sessionId: familyId });
    return { accessToken, refreshToken: refresh.token, tokenType: 'Bearer', expiresIn: this.config.accessTokenTtlSeconds };
  }

  /**
   * Rotates a refresh token: the old one is spent, a new one is issued in the same family. A spent
   * token presented again means it was stolen — the whole family (session) is revoked.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const k = this.db.knex;
    const row = await k('platform.refresh_tokens').where({ token_hash: hashRefreshToken(refreshToken) }).first();
    if (!row) throw Problem.unauthorized('Токен обновления недействителен. Войдите заново.');
    const spent = await k('platform.refresh_tokens').where({ id: row.id }).whereNull('revoked_at').update({ revoked_at: k.fn.now() }).returning('id');
    if (spent.length === 0) {
      await this.revokeFamily(row.family_id);
      throw Problem.unauthorized('Этот токен обновления уже использован — сессия завершена в целях безопасности. Войдите заново.');
    }
    if (new Date(row.expires_at).getTime() < Date.now()) throw Problem.unauthorized('Сессия истекла. Войдите заново.');
    const user = await k('platform.users').where({ id: row.user_id }).first('id', 'email', 'is_owner');
    if (row.tenant_id) {
      const member = await k('platform.memberships').where({ user_id: row.user_id, tenant_id: row.tenant_id, status: 'active' }).first();
      if (!member) throw Problem.unauthorized('Доступ к компании отключён. Войдите заново.');
    }
    const pair = await this.issue({ userId: user.id, email: user.email, tenantId: row.tenant_id, isOwner: user.is_owner && !row.tenant_id }, row.family_id);
    await k('platform.refresh_tokens').where({ id: row.id }).update({ replaced_by: k('platform.refresh_tokens').where({ token_hash: hashRefreshToken(pair.refreshToken) }).select('id') });
    return pair;
  }

  async logout(principal: Principal): Promise<void> {
    await this.revokeFamily(principal.sessionId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.db.knex('platform.refresh_tokens').where({ family_id: familyId }).whereNull('revoked_at').update({ revoked_at: this.db.knex.fn.now() });
    // Access tokens of the session stay valid until they expire unless we remember the revocation.
    await this.tenantContext.revokeSession(familyId, this.config.accessTokenTtlSeconds);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { KV_STORE } from '../cache/tokens';
import type { KvStore } from '../cache/kv-store';
import { enqueueAccountMail } from './account-mail';
import { knownDevice, rememberDevice } from './devices';
import { InvitationService } from './invitations.service';
import { createChallenge, endChallenge, failChallenge, readChallenge, type LoginChallenge } from './login-challenge';
import { LoginThrottle, type LoginAttempt } from './login-throttle';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { SessionService } from './sessions.service';
import { assertPasswordSignInAllowed } from './sso-password';
import { hashRefreshToken, newRefreshToken, type Principal, TokenService } from './tokens';
import { TwoFactorService, type Enrolment } from './two-factor.service';
import { describeUserAgent } from './user-agent';

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

/** The password was right; a second step is needed: a code (`code`), or setting up an authenticator first (`enrol`). */
export interface SecondFactorStep {
  secondFactor: 'code' | 'enrol';
  challengeToken: string;
  expiresIn: number;
}

/** Where a sign-in comes from: the client's address (as TRUST_PROXY allows), its User-Agent and the browser's device cookie. */
export interface LoginClient {
  ip: string;
  deviceToken?: string;
  userAgent?: string;
}

/** A sign-in's answer, and the device token to set as a cookie when the person got in. */
export interface LoginOutcome {
  body: TokenPair | TenantChoice | SecondFactorStep | (TokenPair & { recoveryCodes: string[] });
  deviceToken?: string;
}

/** Who signs in, once the password (and the company) are settled. */
type Signing = Omit<Principal, 'sessionId'>;

/** The factor a sign-in was completed with, as the login journal and the session keep it. */
type Factor = 'password' | 'totp' | 'recovery_code' | 'sso' | 'passkey';

const WRONG_CREDENTIALS = 'Неверный e-mail или пароль. Проверьте раскладку клавиатуры и Caps Lock.';
/** How long after a rotation a browser's retry with the spent cookie is taken for a lost answer (see answerWasLost). */
const LOST_ANSWER_SECONDS = 20;
const WRONG_CODE = 'Код не подходит. Введите 6 цифр из приложения-аутентификатора (или один из кодов восстановления). Каждый код действует один раз.';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly invitations: InvitationService,
    private readonly twoFactor: TwoFactorService,
    private readonly sessions: SessionService,
    @Inject(KV_STORE) private readonly kv: KvStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async journal(entry: { email: string; userId?: string; tenantId?: string | null; client: LoginClient; success: boolean; reason: string; factor?: Factor }) {
    await this.db.knex('platform.login_journal').insert({
      email: entry.email,
      user_id: entry.userId ?? null,
      tenant_id: entry.tenantId ?? null,
      ip: entry.client.ip,
      user_agent: entry.client.userAgent?.slice(0, 500) ?? null,
      success: entry.success,
      reason: entry.reason,
      factor: entry.factor ?? null,
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
      await this.journal({ email, userId: user?.id, tenantId: input.tenantId, client, success: false, reason: 'throttled' });
      throw e;
    }
    const passwordOk = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
    if (!user || !passwordOk) {
      await this.throttle.recordFailure(attempt);
      await this.journal({ email, userId: user?.id, tenantId: input.tenantId, client, success: false, reason: user ? 'wrong_password' : 'unknown_email', factor: 'password' });
      throw Problem.unauthorized(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(attempt);

    if (user.is_owner && !input.tenantId && !input.invitationId) return this.secondStepOrIn({ userId: user.id, email: user.email, tenantId: null, isOwner: true }, client);

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
        await this.journal({ email, userId: user.id, client, success: false, reason: 'no_tenant', factor: 'password' });
        const invitations = (await this.invitations.pendingFor(user.id)).map((i) => ({ id: i.id, tenant: i.tenant, roles: i.roles, invitedBy: i.invitedBy }));
        if (invitations.length)
          throw Problem.forbidden('Вы ещё не работаете ни в одной компании, но вас пригласили. Примите приглашение, чтобы войти.', { invitations });
        throw Problem.forbidden('У вашей учётной записи нет доступа ни к одной компании. Обратитесь к администратору компании.');
      }
      if (tenants.length > 1) return { body: { tenantRequired: true, tenants } };
      tenantId = tenants[0].id;
    } else if (!tenants.some((t) => t.id === tenantId)) {
      await this.journal({ email, userId: user.id, tenantId: null, client, success: false, reason: 'not_a_member', factor: 'password' });
      throw Problem.forbidden('У вас нет доступа к выбранной компании.');
    }
    try {
      await assertPasswordSignInAllowed(this.db.knex, tenantId, user.id);
    } catch (e) {
      await this.journal({ email, userId: user.id, tenantId, client, success: false, reason: 'sso_only', factor: 'password' });
      throw e;
    }
    return this.secondStepOrIn({ userId: user.id, email: user.email, tenantId, isOwner: false }, client);
  }

  /** After the password: a code is asked when the person has an authenticator or the company requires one. */
  private async secondStepOrIn(who: Signing, client: LoginClient): Promise<LoginOutcome> {
    const purpose: LoginChallenge['purpose'] | null = (await this.twoFactor.isEnabled(who.userId)) ? 'verify' : (await this.twoFactor.requiredBy(who.tenantId, who.userId)) ? 'enrol' : null;
    if (!purpose) return this.signIn(who, client, 'password');
    const challenge = await createChallenge(this.kv, { ...who, purpose });
    return { body: { secondFactor: purpose === 'verify' ? 'code' : 'enrol', challengeToken: challenge.token, expiresIn: challenge.expiresIn } };
  }

  /** The QR code and secret of the authenticator a company requires, for a person in the middle of signing in. */
  async enrolDuringLogin(challengeToken: string): Promise<Enrolment> {
    const challenge = await readChallenge(this.kv, challengeToken);
    if (challenge.purpose !== 'enrol') throw Problem.conflict('Приложение-аутентификатор уже подключено: введите код из него.');
    return this.twoFactor.startEnrolment({ id: challenge.userId, email: challenge.email });
  }

  /** The second step: a TOTP code or a recovery code (or, when enrolling, the app's first code). */
  async completeSecondFactor(input: { challengeToken: string; code?: string; recoveryCode?: string }, client: LoginClient): Promise<LoginOutcome> {
    const challenge = await readChallenge(this.kv, input.challengeToken);
    const who: Signing = { userId: challenge.userId, email: challenge.email, tenantId: challenge.tenantId, isOwner: challenge.isOwner };
    const attempt: LoginAttempt = { email: challenge.email.toLowerCase(), ip: client.ip, knownDevice: await knownDevice(this.db.knex, who.userId, client.deviceToken) };
    const failed = async (reason: string) => {
      await failChallenge(this.kv, input.challengeToken);
      await this.throttle.recordFailure(attempt);
      await this.journal({ email: attempt.email, userId: who.userId, tenantId: who.tenantId, client, success: false, reason, factor: input.recoveryCode ? 'recovery_code' : 'totp' });
    };
    try {
      await this.throttle.assertAllowed(attempt);
    } catch (e) {
      await this.journal({ email: attempt.email, userId: who.userId, tenantId: who.tenantId, client, success: false, reason: 'throttled' });
      throw e;
    }
    if (challenge.purpose === 'enrol') {
      if (!input.code) throw Problem.badRequest('Введите 6 цифр из приложения-аутентификатора, чтобы подключить его.', { errors: [{ field: 'code', message: 'Введите код' }] });
      let recoveryCodes: string[];
      try {
        ({ recoveryCodes } = await this.twoFactor.confirmEnrolment(who.userId, input.code, who.tenantId));
      } catch (e) {
        if (e instanceof Problem && e.getStatus() === 400) await failed('two_factor_failed');
        throw e;
      }
      await endChallenge(this.kv, input.challengeToken);
      const outcome = await this.signIn(who, client, 'totp');
      return { ...outcome, body: { ...(outcome.body as TokenPair), recoveryCodes } };
    }
    const factor = await this.twoFactor.verify(who.userId, input);
    if (!factor) {
      await failed('two_factor_failed');
      throw Problem.unauthorized(WRONG_CODE);
    }
    await endChallenge(this.kv, input.challengeToken);
    return this.signIn(who, client, factor);
  }

  /** The person is in: the browser becomes a known device, the journal and a new session record it. */
  async signIn(who: Signing, client: LoginClient, factor: Factor): Promise<LoginOutcome> {
    const k = this.db.knex;
    const wasKnown = await knownDevice(k, who.userId, client.deviceToken);
    const hadDevices = !!(await k('platform.known_devices').where({ user_id: who.userId }).first('user_id'));
    const deviceToken = await rememberDevice(k, who.userId, client.deviceToken);
    await this.journal({ email: who.email, userId: who.userId, tenantId: who.tenantId, client, success: true, reason: who.isOwner ? 'owner' : 'ok', factor });
    const sessionId = randomUUID();
    await this.sessions.open({ id: sessionId, userId: who.userId, tenantId: who.tenantId, ip: client.ip, userAgent: client.userAgent, factor });
    const pair = await this.issue(who, sessionId);
    // The first browser of a new account is expected; any later unknown one is worth a letter.
    if (!wasKnown && hadDevices) await this.newDeviceMail(who, client, sessionId);
    return { body: pair, deviceToken };
  }

  private async newDeviceMail(who: Signing, client: LoginClient, sessionId: string): Promise<void> {
    const person = await this.db.knex('platform.users').where({ id: who.userId }).first('full_name');
    await enqueueAccountMail(this.db.knex, {
      eventKey: `auth.new_device:${sessionId}`,
      kind: 'auth.new_device',
      to: who.email,
      userId: who.userId,
      tenantId: who.tenantId,
      fullName: person?.full_name,
      subject: 'Вход в WorkCloud с нового устройства',
      paragraphs: [
        `В вашу учётную запись ${who.email} вошли с устройства, с которого раньше не входили: ${describeUserAgent(client.userAgent)}, адрес ${client.ip}, ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC.`,
        'Если это были не вы, завершите этот сеанс в профиле и смените пароль.',
      ],
      link: { text: 'Открыть сеансы', href: `${this.config.publicWebUrl}/profile/security` },
      footer: 'Если это были вы, ничего делать не нужно.',
    });
  }

  /** An access token bound to the session and a new refresh token of its family. */
  private async issue(who: Signing, familyId: string): Promise<TokenPair> {
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
   * token presented again means it was stolen — the whole family (session) is revoked — except a browser's
   * quick retry with its cookie after a lost answer (answerWasLost).
   */
  async refresh(refreshToken: string, ip: string, options: { viaCookie?: boolean } = {}): Promise<TokenPair> {
    const k = this.db.knex;
    const row = await k('platform.refresh_tokens').where({ token_hash: hashRefreshToken(refreshToken) }).first();
    if (!row) throw Problem.unauthorized('Токен обновления недействителен. Войдите заново.');
    const spent = await k('platform.refresh_tokens').where({ id: row.id }).whereNull('revoked_at').update({ revoked_at: k.fn.now() }).returning('id');
    // A spent token presented again ends the session, unless a browser is retrying a refresh whose answer it lost.
    if (spent.length === 0 && !(options.viaCookie && (await this.answerWasLost(row)))) {
      await this.sessions.end([row.family_id]);
      throw Problem.unauthorized('Этот токен обновления уже использован или сессия завершена. Войдите заново.');
    }
    if (new Date(row.expires_at).getTime() < Date.now()) throw Problem.unauthorized('Сессия истекла. Войдите заново.');
    const user = await k('platform.users').where({ id: row.user_id }).first('id', 'email', 'is_owner');
    if (row.tenant_id) {
      const member = await k('platform.memberships').where({ user_id: row.user_id, tenant_id: row.tenant_id, status: 'active' }).first();
      if (!member) throw Problem.unauthorized('Доступ к компании отключён. Войдите заново.');
    }
    const pair = await this.issue({ userId: user.id, email: user.email, tenantId: row.tenant_id, isOwner: user.is_owner && !row.tenant_id }, row.family_id);
    await k('platform.refresh_tokens').where({ id: row.id }).update({ replaced_by: k('platform.refresh_tokens').where({ token_hash: hashRefreshToken(pair.refreshToken) }).select('id') });
    await this.sessions.touch(row.family_id, ip);
    return pair;
  }

  /**
   * A page reloaded while its refresh was under way never stores the new cookie, and presents the spent one on the
   * next load. That is a retry, not theft, when it comes within seconds of the rotation and the token that replaced
   * it was never used (and the session was not ended, which revokes every token of the family).
   */
  private async answerWasLost(row: { revoked_at: Date | null; replaced_by: string | null }): Promise<boolean> {
    if (!row.revoked_at || !row.replaced_by || Date.now() - new Date(row.revoked_at).getTime() > LOST_ANSWER_SECONDS * 1000) return false;
    return !!(await this.db.knex('platform.refresh_tokens').where({ id: row.replaced_by }).whereNull('revoked_at').first('id'));
  }

  async logout(principal: Principal): Promise<void> {
    await this.sessions.end([principal.sessionId]);
  }
}

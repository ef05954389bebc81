import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { AppConfig } from '../../config';
import { AuditService } from '../audit/audit.service';
import type { KvStore } from '../cache/kv-store';
import { APP_CONFIG, KV_STORE } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { AuthService, type LoginClient, type LoginOutcome } from './auth.service';
import { knownDevice } from './devices';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';
import { assertPasswordSignInAllowed } from './sso-password';

const CEREMONY_SECONDS = 300;
const regKey = (userId: string) => `passkey:reg:${userId}`;
const authKey = (id: string) => `passkey:auth:${id}`;

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/**
 * Passkeys (WebAuthn, @simplewebauthn/server): a person registers one in their profile (after the current password)
 * and signs in with it instead of a password — user verification required, so it counts as both factors and no TOTP
 * code is asked. The relying party is the web app's address (WEB_BASE_URL): its host is the RP ID, its origin the
 * only origin accepted. Challenges live in the KV store for 5 minutes and are used once.
 */
@Injectable()
export class PasskeyService {
  constructor(
    private readonly db: Database,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    @Inject(KV_STORE) private readonly kv: KvStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get rp() {
    const url = new URL(this.config.publicWebUrl);
    return { rpID: url.hostname, origin: url.origin };
  }

  async list(userId: string): Promise<PasskeyView[]> {
    const rows = await this.db.knex('platform.passkeys').where({ user_id: userId }).orderBy('created_at').select('id', 'name', 'created_at', 'last_used_at');
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at).toISOString(), lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null }));
  }

  /** The options for the browser's navigator.credentials.create(), once the current password is confirmed. */
  async registrationOptions(userId: string, password: string) {
    const user = await this.db.knex('platform.users').where({ id: userId }).first('id', 'email', 'full_name', 'password_hash');
    if (!(await verifyPassword(user.password_hash, password))) throw Problem.badRequest('Текущий пароль не подходит.', { errors: [{ field: 'password', message: 'Неверный пароль' }] });
    const existing = await this.db.knex('platform.passkeys').where({ user_id: userId }).select('id', 'transports');
    const options = await generateRegistrationOptions({
      rpName: 'WorkCloud',
      rpID: this.rp.rpID,
      userName: user.email,
      userDisplayName: user.full_name || user.email,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await this.kv.set(regKey(userId), options.challenge, CEREMONY_SECONDS);
    return options;
  }

  /** Checks the authenticator's answer and keeps the passkey. */
  async register(userId: string, input: { response: RegistrationResponseJSON; name: string }, meta: { tenantId: string | null; ip: string }): Promise<PasskeyView> {
    const challenge = await this.kv.get(regKey(userId));
    await this.kv.del(regKey(userId));
    if (!challenge) throw Problem.conflict('Время на добавление ключа доступа истекло (5 минут). Начните заново.');
    let verified;
    try {
      verified = await verifyRegistrationResponse({ response: input.response, expectedChallenge: challenge, expectedOrigin: this.rp.origin, expectedRPID: this.rp.rpID, requireUserVerification: true });
    } catch (e) {
      throw Problem.badRequest(`Ключ доступа не прошёл проверку: ${(e as Error).message}. Попробуйте ещё раз.`);
    }
    if (!verified.verified || !verified.registrationInfo) throw Problem.badRequest('Ключ доступа не прошёл проверку. Попробуйте ещё раз.');
    const { credential, credentialBackedUp } = verified.registrationInfo;
    await this.db.knex.transaction(async (trx) => {
      const taken = await trx('platform.passkeys').where({ id: credential.id }).first('id');
      if (taken) throw Problem.conflict('Этот ключ доступа уже добавлен.');
      await trx('platform.passkeys').insert({
        id: credential.id,
        user_id: userId,
        public_key: Buffer.from(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        backed_up: credentialBackedUp,
        name: input.name,
      });
      await this.audit.record({ tenantId: meta.tenantId, userId, ip: meta.ip, action: 'create', entity: 'Passkey', entityId: credential.id, after: { name: input.name } }, trx);
    });
    return (await this.list(userId)).find((p) => p.id === credential.id)!;
  }

  async remove(userId: string, id: string, meta: { tenantId: string | null; ip: string }): Promise<void> {
    await this.db.knex.transaction(async (trx) => {
      const row = await trx('platform.passkeys').where({ id, user_id: userId }).first('name');
      if (!row) throw Problem.notFound('Такого ключа доступа нет. Обновите список.');
      await trx('platform.passkeys').where({ id }).delete();
      await this.audit.record({ tenantId: meta.tenantId, userId, ip: meta.ip, action: 'delete', entity: 'Passkey', entityId: id, before: { name: row.name } }, trx);
    });
  }

  /** The options for navigator.credentials.get(): any passkey of this site (the browser offers the person's own). */
  async authenticationOptions() {
    const options = await generateAuthenticationOptions({ rpID: this.rp.rpID, userVerification: 'required' });
    const challengeId = randomBytes(24).toString('base64url');
    await this.kv.set(authKey(challengeId), options.challenge, CEREMONY_SECONDS);
    return { challengeId, options };
  }

  /** Signs in with a passkey: the company as with a password (a choice when the person works in several). */
  async signIn(input: { challengeId: string; response: AuthenticationResponseJSON; tenantId?: string }, client: LoginClient): Promise<LoginOutcome> {
    const k = this.db.knex;
    const challenge = await this.kv.get(authKey(input.challengeId));
    await this.kv.del(authKey(input.challengeId));
    if (!challenge) throw Problem.unauthorized('Время на вход с ключом доступа истекло (5 минут). Нажмите «Войти с ключом доступа» ещё раз.');
    const passkey = await k('platform.passkeys as p').join('platform.users as u', 'u.id', 'p.user_id').where('p.id', input.response.id).first('p.*', 'u.email', 'u.is_owner');
    if (!passkey) throw Problem.unauthorized('Этот ключ доступа не зарегистрирован в WorkCloud (или удалён). Войдите по паролю и добавьте ключ в профиле.');
    const email = String(passkey.email).toLowerCase();
    const attempt = { email, ip: client.ip, knownDevice: await knownDevice(k, passkey.user_id, client.deviceToken) };
    await this.throttle.assertAllowed(attempt);
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response: input.response,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpID,
        credential: { id: passkey.id, publicKey: new Uint8Array(passkey.public_key), counter: Number(passkey.counter), transports: passkey.transports },
        requireUserVerification: true,
      });
    } catch {
      verified = { verified: false } as const;
    }
    if (!verified.verified) {
      await this.throttle.recordFailure(attempt);
      await this.auth.journal({ email, userId: passkey.user_id, tenantId: input.tenantId ?? null, client, success: false, reason: 'passkey_failed', factor: 'passkey' });
      throw Problem.unauthorized('Ключ доступа не подтвердил вход. Попробуйте ещё раз или войдите по паролю.');
    }
    await k('platform.passkeys').where({ id: passkey.id }).update({ counter: verified.authenticationInfo.newCounter, last_used_at: k.fn.now() });
    await this.throttle.recordSuccess(attempt);

    if (passkey.is_owner && !input.tenantId) return this.auth.signIn({ userId: passkey.user_id, email: passkey.email, tenantId: null, isOwner: true }, client, 'passkey');
    const tenants: { id: string; name: string }[] = await k('platform.memberships as m')
      .join('platform.tenants as t', 't.id', 'm.tenant_id')
      .where({ 'm.user_id': passkey.user_id, 'm.status': 'active' })
      .whereNotIn('t.status', ['archived', 'provisioning'])
      .orderBy('t.name')
      .select('t.id', 't.name');
    const tenantId = input.tenantId ?? (tenants.length === 1 ? tenants[0].id : undefined);
    if (!tenantId) {
      if (tenants.length > 1) return { body: { tenantRequired: true, tenants } };
      throw Problem.forbidden('У вашей учётной записи нет доступа ни к одной компании. Обратитесь к администратору компании.');
    }
    if (!tenants.some((t) => t.id === tenantId)) throw Problem.forbidden('У вас нет доступа к выбранной компании.');
    // A company that signs its people in only through its identity provider does not take passkeys either.
    await assertPasswordSignInAllowed(k, tenantId, passkey.user_id);
    return this.auth.signIn({ userId: passkey.user_id, email: passkey.email, tenantId, isOwner: false }, client, 'passkey');
  }
}

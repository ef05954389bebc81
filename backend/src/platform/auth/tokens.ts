import { createHash, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, jwtVerify, errors as joseErrors } from 'jose';
import { Problem } from '../http/problem';
import { ConfigError, type JwtKey } from './secrets';

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  userId: string;
  email: string;
  /** The tenant this session works in; null for the platform owner's session. */
  tenantId: string | null;
  isOwner: boolean;
  /** Refresh-token family of the session, so logout can end it. */
  sessionId: string;
}

const ISSUER = 'workcloud';

export class TokenService {
  // Imported once: passing raw bytes would make jose import the key on every verification.
  private readonly keys = new Map<string, KeyObject>();
  private readonly signing: { kid: string; key: KeyObject };

  /** `keys[0]` signs; every key verifies the tokens that name it in `kid` (so a secret can be rotated). */
  constructor(keys: JwtKey[], private readonly accessTtlSeconds: number) {
    if (!keys.length) throw new ConfigError('Нет ни одного ключа подписи токенов (JWT_SECRET или JWT_KEYS).');
    for (const k of keys) this.keys.set(k.kid, createSecretKey(Buffer.from(k.secret, 'utf8')));
    this.signing = { kid: keys[0].kid, key: this.keys.get(keys[0].kid)! };
  }

  async signAccess(p: Principal): Promise<string> {
    return new SignJWT({ email: p.email, tid: p.tenantId, own: p.isOwner, sid: p.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: this.signing.kid })
      .setSubject(p.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.accessTtlSeconds}s`)
      .sign(this.signing.key);
  }

  /** The key a token names; a token without `kid` (signed before keys had ids) is checked with the signing key only. */
  private keyFor(token: string): KeyObject {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw Problem.unauthorized('Токен доступа недействителен. Войдите заново.');
    }
    const key = kid === undefined ? this.signing.key : typeof kid === 'string' ? this.keys.get(kid) : undefined;
    if (!key) throw Problem.unauthorized('Токен доступа подписан неизвестным ключом. Войдите заново.');
    return key;
  }

  /** Verifies signature (HS256 only — `alg: none` and others are refused), issuer and expiry. */
  async verifyAccess(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.keyFor(token), { algorithms: ['HS256'], issuer: ISSUER });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw Problem.unauthorized('Токен доступа недействителен. Войдите заново.');
      return {
        userId: payload.sub,
        email: String(payload.email ?? ''),
        tenantId: typeof payload.tid === 'string' ? payload.tid : null,
        isOwner: payload.own === true,
        sessionId: payload.sid,
      };
    } catch (e) {
      if (e instanceof Problem) throw e;
      if (e instanceof joseErrors.JWTExpired) throw Problem.unauthorized('Сессия истекла. Обновите токен или войдите заново.');
      throw Problem.unauthorized('Токен доступа недействителен. Войдите заново.');
    }
  }
}

/** Refresh tokens are random strings; only their SHA-256 is stored, so a database leak does not leak sessions. */
export function newRefreshToken(): { token: string; hash: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token), id: randomUUID() };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

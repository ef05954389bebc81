import { createHash, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Problem } from '../http/problem';

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
  private readonly key: KeyObject;

  constructor(secret: string, private readonly accessTtlSeconds: number) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async signAccess(p: Principal): Promise<string> {
    return new SignJWT({ email: p.email, tid: p.tenantId, own: p.isOwner, sid: p.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(p.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.accessTtlSeconds}s`)
      .sign(this.key);
  }

  /** Verifies signature (HS256 only — `alg: none` and others are refused), issuer and expiry. */
  async verifyAccess(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw Problem.unauthorized();
      return {
        userId: payload.sub,
        email: String(payload.email ?? ''),
        tenantId: typeof payload.tid === 'string' ? payload.tid : null,
        isOwner: payload.own === true,
        sessionId: payload.sid,
      };
    } catch (e) {
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

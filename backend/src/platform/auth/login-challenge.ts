import { createHash, randomBytes } from 'node:crypto';
import type { KvStore } from '../cache/kv-store';
import { Problem } from '../http/problem';

/**
 * Between a right password and the second factor: a random challenge token kept (hashed) in the KV store for five
 * minutes, naming who signs in to which company. It opens nothing but the second step of sign-in (and, when the
 * company requires a second factor the person has not set up yet, the enrolment of one). Five wrong codes end it.
 */
export interface LoginChallenge {
  userId: string;
  email: string;
  tenantId: string | null;
  isOwner: boolean;
  /** verify: the person has an authenticator; enrol: the company requires one and the person must set it up now. */
  purpose: 'verify' | 'enrol';
}

const TTL_SECONDS = 5 * 60;
const MAX_WRONG_CODES = 5;
const key = (token: string) => `login:challenge:${createHash('sha256').update(token).digest('hex')}`;
const EXPIRED = 'Время на ввод кода истекло или попыток было слишком много. Войдите заново с паролем.';

export async function createChallenge(kv: KvStore, challenge: LoginChallenge): Promise<{ token: string; expiresIn: number }> {
  const token = randomBytes(32).toString('base64url');
  await kv.set(key(token), JSON.stringify(challenge), TTL_SECONDS);
  return { token, expiresIn: TTL_SECONDS };
}

export async function readChallenge(kv: KvStore, token: string): Promise<LoginChallenge> {
  const raw = await kv.get(key(token));
  if (!raw) throw Problem.unauthorized(EXPIRED);
  return JSON.parse(raw) as LoginChallenge;
}

/** A wrong code: counted; the fifth ends the challenge. */
export async function failChallenge(kv: KvStore, token: string): Promise<void> {
  if ((await kv.incr(`${key(token)}:wrong`, TTL_SECONDS)) >= MAX_WRONG_CODES) await kv.del(key(token));
}

/** Spent: one challenge signs in once. */
export async function endChallenge(kv: KvStore, token: string): Promise<void> {
  await kv.del(key(token));
}

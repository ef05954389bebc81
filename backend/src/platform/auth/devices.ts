import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * The device cookie: a random token set at a successful sign-in and kept by the browser for a year. Only its
 * SHA-256 is stored (platform.known_devices, per person), so a database leak gives no cookies. A browser that has
 * it for an account is a "known device" there: other people's failed attempts do not block it (LoginThrottle).
 */
export const DEVICE_COOKIE = 'wc_device';
const DEVICE_MAX_AGE_SECONDS = 365 * 24 * 3600;

export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The device token from a Cookie header (a well-formed one only). */
export function deviceTokenFrom(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === DEVICE_COOKIE && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}

/** Set-Cookie for the token: not readable by scripts, sent only to the sign-in routes of this site. */
export function deviceCookie(token: string, secure: boolean): string {
  return `${DEVICE_COOKIE}=${token}; Max-Age=${DEVICE_MAX_AGE_SECONDS}; Path=/api/auth; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** Whether the browser's token is a known device of the person; returns its hash when it is. */
export async function knownDevice(knex: Knex, userId: string | undefined, token: string | undefined): Promise<string | null> {
  if (!userId || !token) return null;
  const hash = hashDeviceToken(token);
  const row = await knex('platform.known_devices').where({ token_hash: hash, user_id: userId }).first('token_hash');
  return row ? hash : null;
}

/** After a correct password: the browser's token (or a new one) becomes a known device of the person. Returns the token to set. */
export async function rememberDevice(knex: Knex, userId: string, token: string | undefined): Promise<string> {
  const kept = token ?? randomBytes(32).toString('base64url');
  await knex('platform.known_devices')
    .insert({ token_hash: hashDeviceToken(kept), user_id: userId })
    .onConflict(['token_hash', 'user_id'])
    .merge({ last_seen_at: knex.fn.now() });
  return kept;
}

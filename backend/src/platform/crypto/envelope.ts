import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing and the keyed hash of a value, as pure functions of a key. A sealed value is
 * `v1.<iv>.<ciphertext>.<tag>` (base64url): a fresh 96-bit IV every time, the 128-bit tag checked on
 * opening. `aad` binds a value to where it belongs (a wrapped data key to its tenant): opened
 * elsewhere it fails.
 */

const VERSION = 'v1';

export function seal(key: Buffer, plaintext: Buffer | string, aad?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function open(key: Buffer, sealed: string, aad?: string): Buffer {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag) throw new Error('Not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  if (aad) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}

/** The two keys of one data key: one encrypts, the other hashes for search (never the same key for both). */
export function deriveKeys(dataKey: Buffer): { encryption: Buffer; search: Buffer } {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, 32));
  return { encryption: derive('workcloud field encryption'), search: derive('workcloud blind index') };
}

/** What two spellings of one value share: «112-233-445 95» and «11223344595» hash alike. */
export const normalizeForSearch = (value: string) => value.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** HMAC-SHA256 of the normalized value (128 bits, base64url): equal values give equal hashes, nothing else is learnt. */
export const blindIndex = (searchKey: Buffer, value: string) => createHmac('sha256', searchKey).update(normalizeForSearch(value)).digest().subarray(0, 16).toString('base64url');

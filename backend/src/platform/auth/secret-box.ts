import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './secrets';

/**
 * Small secrets kept at rest encrypted (TOTP secrets): AES-256-GCM, a random 12-byte nonce per value, stored as
 * `v1.<nonce>.<tag>.<ciphertext>` (base64url). The key is TWO_FACTOR_KEY (any long random string; hashed to 32
 * bytes) or, when unset, a random key generated once into `<dataDir>/two-factor.key` (0600). Losing the key makes
 * every enrolled authenticator unusable (people then sign in with recovery codes), so keep it with the backups.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static from(env: NodeJS.ProcessEnv, dataDir: string): SecretBox {
    const configured = env.TWO_FACTOR_KEY?.trim();
    if (configured !== undefined && configured !== '' && configured.length < 32) throw new ConfigError('TWO_FACTOR_KEY: нужно не меньше 32 случайных символов (openssl rand -base64 48).');
    return new SecretBox(createHash('sha256').update(configured || generatedKey(dataDir)).digest());
  }

  seal(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', nonce, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  open(sealed: string): string {
    const [version, nonce, tag, body] = sealed.split('.');
    if (version !== 'v1' || !body) throw new Error('Unknown sealed secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** The data directory's key, written whole (aside, then hard-linked) so two processes starting at once agree. */
function generatedKey(dataDir: string): string {
  const file = path.join(dataDir, 'two-factor.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    try {
      linkSync(aside, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(aside);
    }
  }
  if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new ConfigError(`${file} повреждён. Восстановите его из резервной копии (иначе подключённые приложения-аутентификаторы перестанут подходить).`);
  return key;
}

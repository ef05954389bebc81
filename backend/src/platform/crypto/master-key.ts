import { createHash, randomBytes } from 'node:crypto';
import { ConfigError, generatedFile } from '../auth/secrets';

/** A key that wraps data keys; `kid` is stored with each wrapped key, so a wrong master key is named, not a garbled decrypt. */
export interface MasterKey {
  kid: string;
  key: Buffer;
}

/** The configured master keys: the key that wraps new data keys (its own kid and key), and every key that may unwrap, it first. */
export interface MasterKeyRing extends MasterKey {
  keys: MasterKey[];
}

const kidOf = (key: Buffer) => 'm' + createHash('sha256').update(key).digest('hex').slice(0, 10);

/** 32 bytes given as base64 (openssl rand -base64 32) or 64 hex digits. */
function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new ConfigError(`${where}: ожидается ключ из 32 байт — base64 (openssl rand -base64 32) или 64 шестнадцатеричные цифры.`);
  return key;
}

/**
 * DATA_ENCRYPTION_KEY: one key («base64»), or several «kid1:base64,kid2:base64» — the first wraps new data keys,
 * the others only unwrap the data keys they wrapped until `npm run keys:rewrap -w backend` moves them to the first.
 * A key given without a kid gets one derived from the key (base64 and hex have no «:»).
 */
function parseKeys(value: string): MasterKey[] {
  const keys = value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const at = part.indexOf(':');
    if (at < 0) {
      const key = parseKey(part, 'DATA_ENCRYPTION_KEY');
      return { kid: kidOf(key), key };
    }
    const kid = part.slice(0, at).trim();
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(kid))
      throw new ConfigError('DATA_ENCRYPTION_KEY: ожидается «ключ» или «id1:ключ1,id2:ключ2» (id — латиница, цифры, . _ -; первый ключ шифрует, остальные только расшифровывают).');
    return { kid, key: parseKey(part.slice(at + 1), `DATA_ENCRYPTION_KEY (${kid})`) };
  });
  if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new ConfigError('DATA_ENCRYPTION_KEY: id ключей повторяются.');
  return keys;
}

/** Development only: a master key made at random on the first start, kept in `<dataDir>/data-encryption.key` (0600). */
function localMasterKey(dataDir: string): Buffer {
  const { file, content } = generatedFile(dataDir, 'data-encryption.key', () => randomBytes(32).toString('base64') + '\n');
  return parseKey(content, `${file} повреждён (удалите его, только если зашифрованных данных ещё нет)`);
}

/**
 * The master keys of encryption at rest: DATA_ENCRYPTION_KEY; without it, outside production, the generated
 * key of the data directory. Production refuses to run without DATA_ENCRYPTION_KEY: losing it loses the data.
 */
export function masterKeyFrom(env: NodeJS.ProcessEnv, production: boolean, dataDir: string): MasterKeyRing {
  let keys: MasterKey[];
  if (env.DATA_ENCRYPTION_KEY?.trim()) keys = parseKeys(env.DATA_ENCRYPTION_KEY);
  else if (production)
    throw new ConfigError('NODE_ENV=production, а DATA_ENCRYPTION_KEY не задан: персональные данные шифруются ключом из настроек. Задайте DATA_ENCRYPTION_KEY (openssl rand -base64 32) и храните его отдельно от резервных копий базы.');
  else {
    const key = localMasterKey(dataDir);
    keys = [{ kid: kidOf(key), key }];
  }
  return { ...keys[0], keys };
}

/** The configured key of a kid, or an error that names the missing kid and the configured ones. */
export function masterKeyOf(ring: MasterKeyRing, kid: string, scope: string): MasterKey {
  const found = ring.keys.find((k) => k.kid === kid);
  if (!found)
    throw new Error(
      `Ключ данных «${scope}» зашифрован мастер-ключом ${kid}, а в DATA_ENCRYPTION_KEY его нет (заданы: ${ring.keys.map((k) => k.kid).join(', ')}). ` +
        `Добавьте ${kid} в DATA_ENCRYPTION_KEY вторым ключом и выполните npm run keys:rewrap -w backend.`,
    );
  return found;
}

import { createHash, randomBytes } from 'node:crypto';
import { ConfigError, generatedFile } from '../auth/secrets';

/** The key that wraps every data key; `kid` is stored with each wrapped key, so a wrong master key is named, not a garbled decrypt. */
export interface MasterKey {
  kid: string;
  key: Buffer;
}

const kidOf = (key: Buffer) => 'm' + createHash('sha256').update(key).digest('hex').slice(0, 10);

/** 32 bytes given as base64 (openssl rand -base64 32) or 64 hex digits. */
function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new ConfigError(`${where}: ожидается ключ из 32 байт — base64 (openssl rand -base64 32) или 64 шестнадцатеричные цифры.`);
  return key;
}

/** Development only: a master key made at random on the first start, kept in `<dataDir>/data-encryption.key` (0600). */
function localMasterKey(dataDir: string): Buffer {
  const { file, content } = generatedFile(dataDir, 'data-encryption.key', () => randomBytes(32).toString('base64') + '\n');
  return parseKey(content, `${file} повреждён (удалите его, только если зашифрованных данных ещё нет)`);
}

/**
 * The master key of personal-data encryption: DATA_ENCRYPTION_KEY; without it, outside production, the generated
 * key of the data directory. Production refuses to run without DATA_ENCRYPTION_KEY: losing it loses the data.
 */
export function masterKeyFrom(env: NodeJS.ProcessEnv, production: boolean, dataDir: string): MasterKey {
  let key: Buffer;
  if (env.DATA_ENCRYPTION_KEY?.trim()) key = parseKey(env.DATA_ENCRYPTION_KEY, 'DATA_ENCRYPTION_KEY');
  else if (production)
    throw new ConfigError('NODE_ENV=production, а DATA_ENCRYPTION_KEY не задан: персональные данные шифруются ключом из настроек. Задайте DATA_ENCRYPTION_KEY (openssl rand -base64 32) и храните его отдельно от резервных копий базы.');
  else key = localMasterKey(dataDir);
  return { kid: kidOf(key), key };
}

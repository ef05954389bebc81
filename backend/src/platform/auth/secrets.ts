import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A start-up setting that makes running unsafe or impossible: the process prints the message and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** One key that signs (the first) or verifies access tokens; `kid` goes into the JWT header. */
export interface JwtKey {
  kid: string;
  secret: string;
}

/** Values that shipped in the source once: never accepted in production. */
const KNOWN_DEFAULTS = new Set(['workcloud-local-development-secret-change-me', 'workcloud-local-provisioner-token']);
const MIN_PRODUCTION_SECRET = 32;

/** The key id of a secret given without one (JWT_SECRET, JWT_PREVIOUS_SECRET): a short fingerprint, the same in every process. */
export function kidOf(secret: string): string {
  return 'k' + createHash('sha256').update(secret).digest('hex').slice(0, 10);
}

interface LocalSecrets {
  jwtSecret: string;
  provisionerToken: string;
}

/**
 * A file of the data directory written once with what `make` gives and read ever after (mode 0600): the
 * generated secrets of a development start. Two processes starting at once agree: the file appears whole
 * (written aside, then hard-linked into place) and the loser reads the winner's.
 */
export function generatedFile(dataDir: string, name: string, make: () => string): { file: string; content: string } {
  const file = path.join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, make(), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(aside, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(aside);
    }
  }
  if (statSync(file).mode & 0o077) chmodSync(file, 0o600);
  return { file, content: readFileSync(file, 'utf8') };
}

/**
 * Development only: secrets made at random on the first start and kept in `<dataDir>/local-secrets.json`,
 * so the backend, the provisioner and later starts use the same ones.
 */
export function localSecrets(dataDir: string): LocalSecrets {
  const { file, content } = generatedFile(dataDir, 'local-secrets.json', () => {
    const fresh: LocalSecrets = { jwtSecret: randomBytes(48).toString('base64url'), provisionerToken: randomBytes(32).toString('hex') };
    return JSON.stringify(fresh, null, 2) + '\n';
  });
  const stored = JSON.parse(content) as Partial<LocalSecrets>;
  if (typeof stored.jwtSecret !== 'string' || stored.jwtSecret.length < MIN_PRODUCTION_SECRET || typeof stored.provisionerToken !== 'string' || !stored.provisionerToken)
    throw new ConfigError(`${file} повреждён: удалите его, и при следующем запуске будут созданы новые секреты (все выйдут из системы).`);
  return stored as LocalSecrets;
}

function productionSecret(name: string, value: string): void {
  if (KNOWN_DEFAULTS.has(value)) throw new ConfigError(`${name}: это значение было в исходном коде WorkCloud и известно всем. Задайте свой случайный секрет (openssl rand -base64 48).`);
  if (value.length < MIN_PRODUCTION_SECRET) throw new ConfigError(`${name}: секрет короче ${MIN_PRODUCTION_SECRET} символов. Задайте случайный секрет (openssl rand -base64 48).`);
}

/**
 * The access-token keys, the first of which signs:
 *   JWT_KEYS="kid1:secret1,kid2:secret2"            explicit ids (rotation: put the new key first, keep the old one
 *                                                    until the longest access token signed with it has expired)
 *   JWT_SECRET (+ JWT_PREVIOUS_SECRET)               the same with ids derived from the secrets
 *   neither, not in production                       a random secret kept in WORKCLOUD_DATA_DIR (localSecrets)
 * In production (NODE_ENV=production) one of the first two is required, every secret at least 32 characters.
 */
export function jwtKeysFrom(env: NodeJS.ProcessEnv, production: boolean, dataDir: string): JwtKey[] {
  let keys: JwtKey[];
  if (env.JWT_KEYS?.trim()) {
    keys = env.JWT_KEYS.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
      const at = part.indexOf(':');
      const kid = part.slice(0, at).trim();
      const secret = part.slice(at + 1).trim();
      if (at < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(kid) || !secret)
        throw new ConfigError('JWT_KEYS: ожидается «id1:секрет1,id2:секрет2» (id — латиница, цифры, . _ -; первый ключ подписывает, остальные только проверяют).');
      return { kid, secret };
    });
    if (new Set(keys.map((k) => k.kid)).size !== keys.length) throw new ConfigError('JWT_KEYS: id ключей повторяются.');
    if (env.JWT_SECRET || env.JWT_PREVIOUS_SECRET) throw new ConfigError('Заданы и JWT_KEYS, и JWT_SECRET/JWT_PREVIOUS_SECRET: оставьте что-то одно.');
  } else if (env.JWT_SECRET) {
    keys = [env.JWT_SECRET, env.JWT_PREVIOUS_SECRET].filter((s): s is string => !!s).map((secret) => ({ kid: kidOf(secret), secret }));
  } else if (production) {
    throw new ConfigError('NODE_ENV=production, а JWT_SECRET (или JWT_KEYS) не задан: WorkCloud не запускается без своего секрета подписи токенов. Задайте JWT_SECRET (openssl rand -base64 48).');
  } else {
    const secret = localSecrets(dataDir).jwtSecret;
    keys = [{ kid: kidOf(secret), secret }];
  }
  if (production) keys.forEach((k, i) => productionSecret(env.JWT_KEYS ? `JWT_KEYS (${k.kid})` : i === 0 ? 'JWT_SECRET' : 'JWT_PREVIOUS_SECRET', k.secret));
  return keys;
}

/** The shared secret of backend → provisioner calls: PROVISIONER_TOKEN, required in production; otherwise the local one. */
export function provisionerTokenFrom(env: NodeJS.ProcessEnv, production: boolean, dataDir: string): string {
  const token = env.PROVISIONER_TOKEN;
  if (token) {
    if (production) productionSecret('PROVISIONER_TOKEN', token);
    return token;
  }
  if (production) throw new ConfigError('NODE_ENV=production, а PROVISIONER_TOKEN не задан: без него провижинер принял бы вызовы от кого угодно. Задайте PROVISIONER_TOKEN (openssl rand -hex 32) одинаковым у бэкенда и провижинера.');
  return localSecrets(dataDir).provisionerToken;
}

/**
 * TRUST_PROXY: whom to believe about the client's address (X-Forwarded-For). Unset — nobody: the address is the
 * peer's. A number — that many proxies in front (hops); otherwise a comma-separated list of the proxies' addresses
 * or CIDR ranges (also Fastify's names loopback, linklocal, uniquelocal). `true` (believe anyone) is refused: a
 * client could then pick its own address and escape the sign-in limits.
 */
export function trustProxyFrom(value: string | undefined): false | number | string[] {
  const v = value?.trim() ?? '';
  if (!v || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true')
    throw new ConfigError('TRUST_PROXY=true больше не принимается: клиент мог бы сам назвать свой адрес в X-Forwarded-For. Укажите адреса прокси (например, TRUST_PROXY=10.0.0.0/8 или loopback) или их число (TRUST_PROXY=1).');
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of list) {
    const [address, bits, extra] = item.split('/');
    const family = net.isIP(address);
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(item);
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!named && (!family || !bitsOk || extra !== undefined))
      throw new ConfigError(`TRUST_PROXY: «${item}» — не адрес и не CIDR. Ожидается список вида «10.0.0.0/8, 127.0.0.1» или число прокси.`);
  }
  return list;
}

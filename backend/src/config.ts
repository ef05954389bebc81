import path from 'node:path';
import { jwtKeysFrom, provisionerTokenFrom, trustProxyFrom, type JwtKey } from './platform/auth/secrets';
import { masterKeyFrom, type MasterKeyRing } from './platform/crypto/master-key';
import { loadMailConfig, type MailConfig } from './platform/mail/config';
import { loadWebhookConfig, type WebhookConfig } from './platform/webhooks/config';
import { loadExposureConfig, type ExposureConfig } from './platform/http/exposure';

/** Everything the backend reads from the environment, in one typed place (documented in README). */
export interface AppConfig {
  /** PostgreSQL URL; when absent, main.ts starts an embedded PostgreSQL and fills it in. */
  databaseUrl?: string;
  dataDir: string;
  port: number;
  /** Redis for caches and rate limits; an in-process store is used when absent. */
  redisUrl?: string;
  kafkaBrokers?: string[];
  /** NODE_ENV=production: no secret falls back to a generated one, and missing ones stop the start. */
  production: boolean;
  /**
   * Access-token keys (JWT_KEYS, or JWT_SECRET + JWT_PREVIOUS_SECRET; in development a random secret kept in the
   * data directory): the first signs, all verify (by `kid`). Read on first use — the provisioner never needs them.
   */
  jwtKeys: JwtKey[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  ownerEmail: string;
  ownerPassword: string;
  /** Where the tenant provisioner listens, and the shared secret for calling it (read on first use: the CLI never needs it). */
  provisionerUrl: string;
  provisionerToken: string;
  /** Whom to believe about client addresses (TRUST_PROXY: proxy addresses/CIDRs or a hop count; never everybody). */
  trustProxy: false | number | string[];
  /** Absolute address of the web app, for links in e-mails (WEB_BASE_URL, default http://localhost:WEB_PORT). */
  publicWebUrl: string;
  /** Base URL under which module UIs are served (remote entries are relative to it). */
  webBaseUrl: string;
  /**
   * The master keys of encryption at rest (DATA_ENCRYPTION_KEY, the first wraps and the others only unwrap; in development
   * a random key kept in the data directory). Read on first use, and by requireBackendSecrets at the backend's start:
   * production without it does not start.
   */
  masterKey: MasterKeyRing;
  /** Outgoing e-mail: SMTP_URL (unset = nothing is sent, mails wait), MAIL_FROM, MAIL_MAX_ATTEMPTS, MAIL_DISPATCH_SECONDS. */
  mail: MailConfig;
  /** Outgoing webhooks: WEBHOOKS_ALLOW_PRIVATE, WEBHOOKS_DISPATCH_SECONDS. */
  webhooks: WebhookConfig;
  /** /metrics and /api/docs: METRICS_TOKEN, API_DOCS. */
  exposure: ExposureConfig;
}

const repoRoot = path.resolve(__dirname, '..', '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = env.WORKCLOUD_DATA_DIR || path.join(repoRoot, '.data');
  const config = {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    port: Number(env.PORT || 3000),
    redisUrl: env.REDIS_URL || undefined,
    kafkaBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((s) => s.trim()) : undefined,
    production,
    accessTokenTtlSeconds: Number(env.ACCESS_TOKEN_TTL_SECONDS || 900),
    refreshTokenTtlSeconds: Number(env.REFRESH_TOKEN_TTL_SECONDS || 30 * 24 * 3600),
    ownerEmail: (env.WORKCLOUD_OWNER_EMAIL || 'owner@workcloud.local').toLowerCase(),
    ownerPassword: env.WORKCLOUD_OWNER_PASSWORD || 'Owner-Passw0rd',
    provisionerUrl: env.PROVISIONER_URL || 'http://127.0.0.1:3100',
    trustProxy: trustProxyFrom(env.TRUST_PROXY),
    webBaseUrl: env.WEB_BASE_URL || '',
    publicWebUrl: (env.WEB_BASE_URL || `http://localhost:${env.WEB_PORT || 8080}`).replace(/\/+$/, ''),
    mail: loadMailConfig(env),
    webhooks: loadWebhookConfig(env),
    exposure: loadExposureConfig(env),
  } as AppConfig;
  // The secrets are resolved when first read: the backend needs both, the provisioner only its token, the CLI
  // neither — so a migration job in production is not refused for a secret it does not use.
  lazy(config, 'jwtKeys', () => jwtKeysFrom(env, production, dataDir));
  lazy(config, 'provisionerToken', () => provisionerTokenFrom(env, production, dataDir));
  lazy(config, 'masterKey', () => masterKeyFrom(env, production, dataDir));
  return config;
}

/** Reads (and in production checks) every secret the backend needs, so a bad setting stops the start with its message. */
export function requireBackendSecrets(config: AppConfig): void {
  void config.jwtKeys;
  void config.provisionerToken;
  void config.masterKey;
}

function lazy<K extends keyof AppConfig>(config: AppConfig, key: K, compute: () => AppConfig[K]): void {
  let value: AppConfig[K] | undefined;
  let known = false;
  Object.defineProperty(config, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!known) {
        value = compute();
        known = true;
      }
      return value;
    },
    set: (v: AppConfig[K]) => {
      value = v;
      known = true;
    },
  });
}

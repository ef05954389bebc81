import path from 'node:path';
import { loadMailConfig, type MailConfig } from './platform/mail/config';

/** Everything the backend reads from the environment, in one typed place (documented in README). */
export interface AppConfig {
  /** PostgreSQL URL; when absent, main.ts starts an embedded PostgreSQL and fills it in. */
  databaseUrl?: string;
  dataDir: string;
  port: number;
  /** Redis for caches and rate limits; an in-process store is used when absent. */
  redisUrl?: string;
  kafkaBrokers?: string[];
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  ownerEmail: string;
  ownerPassword: string;
  /** Where the tenant provisioner listens, and the shared secret for calling it. */
  provisionerUrl: string;
  provisionerToken: string;
  /** Base URL under which module UIs are served (remote entries are relative to it). */
  webBaseUrl: string;
  /** Outgoing e-mail: SMTP_URL (unset = nothing is sent, mails wait), MAIL_FROM, MAIL_MAX_ATTEMPTS, MAIL_DISPATCH_SECONDS. */
  mail: MailConfig;
}

const repoRoot = path.resolve(__dirname, '..', '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.WORKCLOUD_DATA_DIR || path.join(repoRoot, '.data'),
    port: Number(env.PORT || 3000),
    redisUrl: env.REDIS_URL || undefined,
    kafkaBrokers: env.KAFKA_BROKERS ? env.KAFKA_BROKERS.split(',').map((s) => s.trim()) : undefined,
    // The local default is only for `npm start` on a developer machine; production sets JWT_SECRET.
    jwtSecret: env.JWT_SECRET || 'workcloud-local-development-secret-change-me',
    accessTokenTtlSeconds: Number(env.ACCESS_TOKEN_TTL_SECONDS || 900),
    refreshTokenTtlSeconds: Number(env.REFRESH_TOKEN_TTL_SECONDS || 30 * 24 * 3600),
    ownerEmail: (env.WORKCLOUD_OWNER_EMAIL || 'owner@workcloud.local').toLowerCase(),
    ownerPassword: env.WORKCLOUD_OWNER_PASSWORD || 'Owner-Passw0rd',
    provisionerUrl: env.PROVISIONER_URL || 'http://127.0.0.1:3100',
    provisionerToken: env.PROVISIONER_TOKEN || 'workcloud-local-provisioner-token',
    webBaseUrl: env.WEB_BASE_URL || '',
    mail: loadMailConfig(env),
  };
}

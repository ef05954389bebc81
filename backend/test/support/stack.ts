import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildProvisionerServer } from '../../../tenant-provisioner/src/server';
import { createApp } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config';
import { workcloudDefinition, type WorkcloudDefinition } from '../../src/index';
import { bootstrapPlatform } from '../../src/platform/bootstrap';
import { createKvStore, type KvStore } from '../../src/platform/cache/kv-store';
import { Database } from '../../src/platform/database/database';
import type { WorkcloudModule } from '../../src/platform/modules/define-module';
import { createTestDatabase } from './database';
import { standInModules } from './modules';

export const OWNER = { email: 'owner@test.workcloud', password: 'Owner-Test-Passw0rd' };

/** A whole WorkCloud on loopback: a fresh database, the provisioner and the backend, over real HTTP. */
export interface TestStack {
  url: string;
  databaseUrl: string;
  db: Database;
  kv: KvStore;
  config: AppConfig;
  definition: WorkcloudDefinition;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

export async function startStack(
  options: {
    label?: string;
    redisUrl?: string;
    controllers?: Type[];
    /** The whole definition; by default WorkcloudDefinition with the stand-in modules and `modules`. */
    definition?: WorkcloudDefinition;
    /** More modules (a sample module of a test), added to the default definition. */
    modules?: WorkcloudModule[];
    /** More environment for loadConfig (e.g. SMTP_URL, MAIL_FROM). */
    env?: Record<string, string>;
  } = {},
): Promise<TestStack> {
  const databaseUrl = await createTestDatabase(options.label ?? 'stack');
  const db = await Database.open(databaseUrl, 5);
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    WORKCLOUD_OWNER_EMAIL: OWNER.email,
    WORKCLOUD_OWNER_PASSWORD: OWNER.password,
    JWT_SECRET: 'test-secret-' + Math.random(),
    PROVISIONER_TOKEN: 'test-provisioner-token',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
  });
  const definition = options.definition ?? workcloudDefinition({ modules: [...standInModules, ...(options.modules ?? [])] });
  await bootstrapPlatform(db, config, definition.modules);
  const provisioner = await buildProvisionerServer({ db, token: config.provisionerToken, definition });
  await provisioner.listen({ port: 0, host: '127.0.0.1' });
  const addr = provisioner.server.address() as { port: number };
  config.provisionerUrl = `http://127.0.0.1:${addr.port}`;
  // Each stack gets its own key prefix, so parallel test files sharing one Redis never collide.
  const kv = createKvStore(config.redisUrl, `wc-test-${Math.random().toString(36).slice(2)}:`);
  const app = await createApp({ config, db, kv, definition, controllers: options.controllers, logger: process.env.WORKCLOUD_TEST_LOG === '1' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = await app.getUrl();
  return {
    url: url.replace('[::1]', '127.0.0.1'),
    databaseUrl,
    db,
    kv,
    config,
    definition,
    app,
    async close() {
      await app.close();
      await provisioner.close();
      await kv.close();
      await db.close();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  contentType: string;
}

/** A tiny HTTP client for tests: JSON in, JSON out, with an optional bearer token. */
export function client(baseUrl: string, token?: string) {
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, contentType: res.headers.get('content-type') ?? '' };
  };
  return {
    get: <T = any>(p: string, h?: Record<string, string>) => call<T>('GET', p, undefined, h),
    post: <T = any>(p: string, b?: unknown, h?: Record<string, string>) => call<T>('POST', p, b ?? {}, h),
    put: <T = any>(p: string, b?: unknown) => call<T>('PUT', p, b ?? {}),
    patch: <T = any>(p: string, b?: unknown) => call<T>('PATCH', p, b ?? {}),
    delete: <T = any>(p: string) => call<T>('DELETE', p),
    raw: call,
  };
}

export async function login(baseUrl: string, email: string, password: string, tenantId?: string): Promise<string> {
  const res = await client(baseUrl).post('/api/auth/login', { email, password, tenantId });
  if (res.status !== 200 || !res.body.accessToken) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

let innCounter = 0;
/** A valid 10-digit ИНН (checksum computed), different on every call. */
export function nextInn(): string {
  const base = String(770000000 + ((Date.now() + innCounter++ * 7919) % 99999999)).slice(0, 9).padStart(9, '7');
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = w.reduce((s, wi, i) => s + wi * Number(base[i]), 0);
  return base + ((sum % 11) % 10);
}

/** Onboards a tenant through the owner API and returns its id and admin's token. */
export async function onboardTenant(stack: TestStack, ownerToken: string, input: { name: string; adminEmail: string; modules?: string[]; adminPassword?: string }) {
  const adminPassword = input.adminPassword ?? 'Admin-Passw0rd-1';
  const res = await client(stack.url, ownerToken).post('/api/owner/tenants', { name: input.name, inn: nextInn(), adminEmail: input.adminEmail, adminPassword, modules: input.modules ?? [] });
  if (res.status !== 201) throw new Error(`onboard failed: ${res.status} ${JSON.stringify(res.body)}`);
  const adminToken = await login(stack.url, input.adminEmail, adminPassword);
  return { tenantId: res.body.id as string, adminToken, adminPassword };
}

/**
 * Access-token keys: no key in the source, a random local one kept in the data directory when none is set,
 * two keys at once for rotation (`kid`), and a production start refused without explicit secrets.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../src/app';
import { loadConfig, requireBackendSecrets } from '../../src/config';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
const OLD_SOURCE_DEFAULT = 'workcloud-local-development-secret-change-me';

async function forge(claims: Record<string, unknown>, secret: string, kid?: string) {
  return new SignJWT(claims).setProtectedHeader(kid ? { alg: 'HS256', kid } : { alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode(secret));
}

describe('without JWT_SECRET: a random key kept in the data directory', () => {
  let stack: TestStack;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'wc-keys-'));
    stack = await startStack({ label: 'keys_local', env: { JWT_SECRET: '', PROVISIONER_TOKEN: '', WORKCLOUD_DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await stack?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a token signed with the key that used to be in the source does not open the owner API', async () => {
    const real = await login(stack.url, OWNER.email, OWNER.password);
    expect((await client(stack.url, real).get('/api/owner/tenants')).status).toBe(200);
    const claims = decodeJwt(real);
    for (const token of [await forge({ ...claims }, OLD_SOURCE_DEFAULT), await forge({ ...claims }, OLD_SOURCE_DEFAULT, decodeProtectedHeader(real).kid)]) {
      const res = await client(stack.url, token).get('/api/owner/tenants');
      expect(res.status).toBe(401);
    }
  });

  test('the secret file is private, reused on the next start, and shared with the provisioner', async () => {
    const file = path.join(dataDir, 'local-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadConfig({ WORKCLOUD_DATA_DIR: dataDir });
    expect(again.jwtKeys).toEqual(stack.config.jwtKeys);
    expect(again.provisionerToken).toBe(stack.config.provisionerToken);
    expect(stack.config.jwtKeys[0].secret).not.toBe(OLD_SOURCE_DEFAULT);
    expect(stack.config.jwtKeys[0].secret.length).toBeGreaterThanOrEqual(48);
    // The provisioner started by the stack accepts exactly that token.
    const health = await fetch(`${stack.config.provisionerUrl}/tenants/00000000-0000-0000-0000-000000000000/export`, { headers: { authorization: `Bearer ${again.provisionerToken}` } });
    expect(health.status).not.toBe(401);
    // Another data directory gets other secrets.
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'wc-keys-'));
    expect(loadConfig({ WORKCLOUD_DATA_DIR: otherDir }).jwtKeys[0].secret).not.toBe(stack.config.jwtKeys[0].secret);
    rmSync(otherDir, { recursive: true, force: true });
  });
});

describe('rotation: the previous key keeps sessions alive while the new one signs', () => {
  let stack: TestStack;
  const oldSecret = 'old-secret-' + 'x'.repeat(40);
  const newSecret = 'new-secret-' + 'y'.repeat(40);
  beforeAll(async () => {
    stack = await startStack({ label: 'keys_rotation', env: { JWT_SECRET: oldSecret } });
  });
  afterAll(() => stack?.close());

  async function appWith(env: Record<string, string>) {
    const config = loadConfig({ DATABASE_URL: stack.databaseUrl, PROVISIONER_TOKEN: 'test-provisioner-token', ...env });
    const app = await createApp({ config, db: stack.db, kv: stack.kv, definition: stack.definition, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  test('JWT_SECRET + JWT_PREVIOUS_SECRET: old tokens still work, new ones carry the new kid; dropping the old key ends them', async () => {
    const oldToken = await login(stack.url, OWNER.email, OWNER.password);
    const rotated = await appWith({ JWT_SECRET: newSecret, JWT_PREVIOUS_SECRET: oldSecret });
    try {
      expect((await client(rotated.url, oldToken).get('/api/owner/tenants')).status).toBe(200);
      const newToken = await login(rotated.url, OWNER.email, OWNER.password);
      expect(decodeProtectedHeader(newToken).kid).not.toBe(decodeProtectedHeader(oldToken).kid);
      expect((await client(rotated.url, newToken).get('/api/owner/tenants')).status).toBe(200);
      // The old instance does not know the new key yet — that is why the previous key is kept during a rollout.
      expect((await client(stack.url, newToken).get('/api/me')).status).toBe(401);
    } finally {
      await rotated.app.close();
    }
    const done = await appWith({ JWT_SECRET: newSecret });
    try {
      expect((await client(done.url, oldToken).get('/api/me')).status).toBe(401);
    } finally {
      await done.app.close();
    }
  });

  test('JWT_KEYS with explicit ids: the first signs, the others verify, an unknown kid is refused', async () => {
    const app = await appWith({ JWT_KEYS: `k2026:${newSecret},k2025:${oldSecret}` });
    try {
      const token = await login(app.url, OWNER.email, OWNER.password);
      expect(decodeProtectedHeader(token).kid).toBe('k2026');
      const claims = decodeJwt(token);
      const byOld = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', kid: 'k2025' }).sign(new TextEncoder().encode(oldSecret));
      expect((await client(app.url, byOld).get('/api/me')).status).toBe(200);
      const unknownKid = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', kid: 'k1999' }).sign(new TextEncoder().encode(oldSecret));
      expect((await client(app.url, unknownKid).get('/api/me')).status).toBe(401);
      // A kid naming one key with the signature of another does not pass.
      const mixed = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', kid: 'k2026' }).sign(new TextEncoder().encode(oldSecret));
      expect((await client(app.url, mixed).get('/api/me')).status).toBe(401);
    } finally {
      await app.app.close();
    }
  });
});

describe('production refuses to start without its own secrets', () => {
  const base = { NODE_ENV: 'production', PATH: process.env.PATH ?? '', WORKCLOUD_DATA_DIR: path.join(os.tmpdir(), 'wc-prod-never-created') };
  const strong = 's'.repeat(48);
  const masterKey = Buffer.alloc(32, 7).toString('base64');

  async function start(script: string, env: Record<string, string>) {
    try {
      await run(process.execPath, [path.join(repoRoot, script)], { env: { ...base, ...env }, timeout: 30_000 });
      return { code: 0, stderr: '' };
    } catch (e) {
      const err = e as { code: number; stderr: string };
      return { code: err.code, stderr: err.stderr };
    }
  }

  test('the backend process exits with a message naming the missing variable', async () => {
    const noJwt = await start('backend/dist/main.js', { PROVISIONER_TOKEN: strong, DATA_ENCRYPTION_KEY: masterKey });
    expect(noJwt.code).toBe(1);
    expect(noJwt.stderr).toContain('JWT_SECRET');
    const noToken = await start('backend/dist/main.js', { JWT_SECRET: strong, DATA_ENCRYPTION_KEY: masterKey });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('PROVISIONER_TOKEN');
    const oldDefault = await start('backend/dist/main.js', { JWT_SECRET: OLD_SOURCE_DEFAULT, PROVISIONER_TOKEN: strong, DATA_ENCRYPTION_KEY: masterKey });
    expect(oldDefault.code).toBe(1);
    expect(oldDefault.stderr).toMatch(/JWT_SECRET: это значение было в исходном коде/);
    const trustAll = await start('backend/dist/main.js', { JWT_SECRET: strong, PROVISIONER_TOKEN: strong, DATA_ENCRYPTION_KEY: masterKey, TRUST_PROXY: 'true' });
    expect(trustAll.code).toBe(1);
    expect(trustAll.stderr).toContain('TRUST_PROXY=true');
  });

  test('production with JWT_SECRET and PROVISIONER_TOKEN but no DATA_ENCRYPTION_KEY: the start refuses, naming DATA_ENCRYPTION_KEY', async () => {
    const noMasterKey = await start('backend/dist/main.js', { JWT_SECRET: strong, PROVISIONER_TOKEN: strong });
    expect(noMasterKey.code).toBe(1);
    expect(noMasterKey.stderr).toContain('DATA_ENCRYPTION_KEY');
    // The same in the configuration, before any use of the key; a malformed key is refused as well.
    const env = { NODE_ENV: 'production', WORKCLOUD_DATA_DIR: base.WORKCLOUD_DATA_DIR, JWT_SECRET: strong, PROVISIONER_TOKEN: strong };
    expect(() => requireBackendSecrets(loadConfig(env))).toThrow(/DATA_ENCRYPTION_KEY не задан/);
    expect(() => requireBackendSecrets(loadConfig({ ...env, DATA_ENCRYPTION_KEY: 'short' }))).toThrow(/DATA_ENCRYPTION_KEY: ожидается ключ из 32 байт/);
    expect(() => requireBackendSecrets(loadConfig({ ...env, DATA_ENCRYPTION_KEY: masterKey }))).not.toThrow();
  });

  test('the same rules in the configuration: short secrets refused, the CLI (no secrets used) not refused', () => {
    const env = { NODE_ENV: 'production', WORKCLOUD_DATA_DIR: base.WORKCLOUD_DATA_DIR, DATA_ENCRYPTION_KEY: masterKey };
    expect(() => requireBackendSecrets(loadConfig({ ...env, JWT_SECRET: 'short', PROVISIONER_TOKEN: strong }))).toThrow(/короче 32/);
    expect(() => requireBackendSecrets(loadConfig({ ...env, JWT_SECRET: strong, PROVISIONER_TOKEN: 'workcloud-local-provisioner-token' }))).toThrow(/PROVISIONER_TOKEN/);
    expect(() => loadConfig({ ...env }).provisionerToken).toThrow(/PROVISIONER_TOKEN/);
    expect(() => requireBackendSecrets(loadConfig({ ...env, JWT_SECRET: strong, JWT_PREVIOUS_SECRET: strong + '2', PROVISIONER_TOKEN: strong }))).not.toThrow();
    // A migration job reads neither secret: loading its configuration is fine.
    expect(loadConfig({ ...env }).ownerEmail).toBeTruthy();
    expect(() => loadConfig({ JWT_KEYS: 'bad key:x' }).jwtKeys).toThrow(/JWT_KEYS/);
  });
});

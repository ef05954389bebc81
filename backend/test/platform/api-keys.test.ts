import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fillPath, hasRealIds, openApiRoutes, probeWorld, type ProbeWorld, type Route } from '../support/routes';
import { client, onboardTenant, startStack, type TestStack } from '../support/stack';

/**
 * API keys against the running backend (with Redis, as in production): issued by the company admin with a
 * role, an expiry and an address list, shown once, stored hashed, revocable, rate-limited, audited per call —
 * and a probe of every OpenAPI route with keys that must not open anything.
 */
let stack: TestStack;
let world: ProbeWorld;
let routes: Route[];
let admin: ReturnType<typeof client>;
let roleId: (code: string) => string;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const issue = async (body: Record<string, unknown>) => {
  const res = await admin.post('/api/admin/api-keys', { name: 'Интеграция', expiresAt: inDays(30), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; key: string };
};

beforeAll(async () => {
  stack = await startStack({ label: 'api_keys', redisUrl: 'redis://127.0.0.1:6379' });
  world = await probeWorld(stack);
  routes = await openApiRoutes(stack);
  admin = client(stack.url, world.adminToken);
  const roles = (await admin.get('/api/admin/roles')).body as { id: string; code: string | null }[];
  roleId = (code) => roles.find((r) => r.code === code)!.id;
}, 180_000);
afterAll(() => stack?.close());

describe('an API key', () => {
  test('is shown once, stored as its SHA-256, and acts with the rules of its role only', async () => {
    const { id, key } = await issue({ roleId: roleId('viewer') });
    expect(key).toMatch(/^wc_[A-Za-z0-9_-]{40,}$/);
    const listed = (await admin.get('/api/admin/api-keys')).body as Record<string, unknown>[];
    expect(JSON.stringify(listed)).not.toContain(key);
    const stored = await stack.db.knex('platform.api_keys').where({ id }).first('key_hash');
    expect(stored.key_hash).toBe(createHash('sha256').update(key).digest('hex'));

    const api = client(stack.url, key);
    expect((await api.get('/api/trade/catalogs/products')).status).toBe(200);
    const write = await api.post('/api/trade/catalogs/products', { name: 'Ключом' });
    expect(write.status).toBe(403);
    expect(write.body.detail).toMatch(/Недостаточно прав/);
    // Sign-in, sessions and the account are not for keys, whatever the role.
    expect((await api.get('/api/me')).status).toBe(403);

    const shown = ((await admin.get('/api/admin/api-keys')).body as { id: string; lastUsedAt: string | null; lastUsedIp: string | null; status: string }[]).find((k) => k.id === id)!;
    expect(shown.lastUsedAt).not.toBeNull();
    expect(shown.lastUsedIp).toBe('127.0.0.1');
    expect(shown.status).toBe('active');
    // Each call is audited with the key as the actor, refusals too.
    const calls = await stack.db.knex('platform.audit_log').where({ api_key_id: id, action: 'api_call' }).orderBy('id').select('after');
    expect(calls.map((c) => [c.after.route, c.after.allowed])).toEqual([
      ['/api/:module/catalogs/:code', true],
      ['/api/:module/catalogs/:code', false],
      ['/api/me', false],
    ]);
  });

  test('writes as the person who issued it, with the key named in the audit row', async () => {
    const { id, key } = await issue({ roleId: roleId('admin') });
    const created = await client(stack.url, key).post('/api/trade/catalogs/products', { name: 'Создан ключом' });
    expect(created.status).toBe(201);
    const row = await stack.db.knex('platform.audit_log').where({ entity_id: created.body.id, action: 'created' }).first('api_key_id', 'user_id');
    expect(row.api_key_id).toBe(id);
  });

  test('is refused once revoked, after its expiry, from an address outside its list, and above its rate', async () => {
    const revoked = await issue({ roleId: roleId('admin') });
    expect((await client(stack.url, revoked.key).get('/api/trade/catalogs/products')).status).toBe(200);
    expect((await admin.post(`/api/admin/api-keys/${revoked.id}/revoke`)).body.status).toBe('revoked');
    const afterRevoke = await client(stack.url, revoked.key).get('/api/trade/catalogs/products');
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.detail).toMatch(/отозван/);

    const expired = await issue({ roleId: roleId('admin') });
    await stack.db.knex('platform.api_keys').where({ id: expired.id }).update({ expires_at: stack.db.knex.raw("now() - interval '1 second'") });
    expect((await client(stack.url, expired.key).get('/api/trade/catalogs/products')).body.detail).toMatch(/истёк/);

    const elsewhere = await issue({ roleId: roleId('admin'), allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'] });
    const refused = await client(stack.url, elsewhere.key).get('/api/trade/catalogs/products');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/127\.0\.0\.1/);
    const here = await issue({ roleId: roleId('admin'), allowedCidrs: ['127.0.0.0/8'] });
    expect((await client(stack.url, here.key).get('/api/trade/catalogs/products')).status).toBe(200);

    const limited = await issue({ roleId: roleId('admin'), requestsPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await client(stack.url, limited.key).get('/api/trade/catalogs/products')).status);
    // A minute boundary may fall inside the loop and reset the count: then the last call is allowed.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[3] === 429 || new Date().getSeconds() < 2).toBe(true);
  });

  test('bad input is refused in Russian', async () => {
    const res = await admin.post('/api/admin/api-keys', { name: 'x', roleId: roleId('admin'), expiresAt: '2020-01-01T00:00:00Z', allowedCidrs: ['10.0.0.0/33'] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/в будущем/);
    expect(JSON.stringify(res.body)).toMatch(/203\.0\.113/);
    const another = await issue({ roleId: roleId('admin') });
    expect((await client(stack.url, another.key).post('/api/admin/api-keys', { name: 'Ещё', roleId: roleId('admin'), expiresAt: inDays(1) })).status).toBe(403);
  });
});

describe('a probe of every OpenAPI route', () => {
  test('no route answers 2xx to a missing, unknown, revoked, expired or wrong-address key, nor writes with a read-only key, nor serves another company\'s records', async () => {
    const revoked = await issue({ roleId: roleId('admin') });
    await admin.post(`/api/admin/api-keys/${revoked.id}/revoke`);
    const expired = await issue({ roleId: roleId('admin') });
    await stack.db.knex('platform.api_keys').where({ id: expired.id }).update({ expires_at: stack.db.knex.raw("now() - interval '1 second'") });
    const wrongAddress = await issue({ roleId: roleId('admin'), allowedCidrs: ['198.51.100.0/24'] });
    const viewer = await issue({ roleId: roleId('viewer'), requestsPerMinute: 10_000 });
    const other = await onboardTenant(stack, world.ownerToken, { name: 'ООО «Чужая»', adminEmail: 'admin@foreign-keys.ru', modules: ['trade'] });
    const otherRoles = (await client(stack.url, other.adminToken).get('/api/admin/roles')).body as { id: string; code: string }[];
    const foreign = (await client(stack.url, other.adminToken).post('/api/admin/api-keys', { name: 'Чужой', roleId: otherRoles.find((r) => r.code === 'admin')!.id, expiresAt: inDays(1), requestsPerMinute: 10_000 })).body.key as string;

    const credentials: [string, string | undefined][] = [
      ['missing', undefined],
      ['unknown', 'wc_' + 'A'.repeat(43)],
      ['revoked', revoked.key],
      ['expired', expired.key],
      ['wrong address', wrongAddress.key],
    ];
    const leaks: string[] = [];
    // The routes anyone may call (sign-in, a passkey sign-in's challenge, password reset, health, metrics): a key changes nothing there.
    const isPublic = (r: Route) => /^\/api\/auth\/(login|refresh|passkey\/options|password\/(forgot|reset))|^\/api\/health$|^\/metrics$/.test(r.template);
    const probe = async (what: string, key: string | undefined, r: Route) => {
      const res = await client(stack.url, key).raw(r.method, fillPath(r, world), r.method === 'GET' ? undefined : {});
      if (res.status < 300) leaks.push(`${what}: ${r.method} ${r.template} → ${res.status}`);
    };
    const probeRoute = (r: Route) => {
      const calls = credentials.map(([what, key]) => probe(what, key, r));
      // `…/compute` previews a document's totals and writes nothing: reading is enough for it.
      if (r.method !== 'GET' && !r.template.endsWith('/compute')) calls.push(probe('read-only key', viewer.key, r));
      if (r.params.some((p) => p !== 'module' && p !== 'code') && hasRealIds(r, world)) calls.push(probe("other company's key", foreign, r));
      return Promise.all(calls);
    };
    // A few routes at a time: every probe is refused, so none of them changes what another sees.
    const probed = routes.filter((x) => !isPublic(x));
    for (let i = 0; i < probed.length; i += 4) await Promise.all(probed.slice(i, i + 4).map(probeRoute));
    expect(leaks).toEqual([]);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ label: 'onboarding' });
});
afterAll(() => stack?.close());

describe('owner onboards a client, its admin signs in', () => {
  test('health, OpenAPI and metrics answer', async () => {
    const api = client(stack.url);
    const health = await api.get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', database: 'ok' });
    const openapi = await api.get('/api/openapi.json');
    expect(openapi.status).toBe(200);
    for (const path of ['/api/auth/login', '/api/me', '/api/owner/tenants', '/api/admin/users', '/api/admin/roles', '/api/health']) expect(Object.keys(openapi.body.paths)).toContain(path);
    const metrics = await api.get('/metrics');
    expect(metrics.body).toContain('workcloud_http_request_duration_seconds');
  });

  test('onboarding creates the tenant with its schema, roles, admin and modules', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const owner = client(stack.url, ownerToken);
    const inn = nextInn();
    const res = await owner.post('/api/owner/tenants', { name: 'ООО «Ромашка»', inn, kpp: '770101001', adminEmail: 'Admin@Romashka.ru', adminPassword: 'Romashka-2026', modules: ['trade'] });
    expect(res.status).toBe(201);
    const tenantId = res.body.id;
    expect(res.body.status).toBe('trial');

    const tenant = await stack.db.knex('platform.tenants').where({ id: tenantId }).first();
    expect(tenant.schema_name).toBe('t_' + tenantId.replace(/-/g, ''));
    expect(tenant.inn).toBe(inn);
    const roles = await stack.db.knex(`${tenant.schema_name}.roles`).orderBy('name').pluck('name');
    expect(roles).toEqual(['Администратор', 'Бухгалтер', 'Кладовщик', 'Менеджер по продажам', 'Только просмотр']);

    const token = await login(stack.url, 'admin@romashka.ru', 'Romashka-2026');
    const me = await client(stack.url, token).get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.tenant).toMatchObject({ id: tenantId, name: 'ООО «Ромашка»', status: 'trial' });
    expect(me.body.roles.map((r: { name: string }) => r.name)).toEqual(['Администратор']);
    expect(me.body.modules.map((m: { code: string }) => m.code)).toEqual(['admin', 'trade']);
    expect(me.body.modules[0].remote).toMatchObject({ name: 'admin', entry: '/mf/admin/remoteEntry.js', exposedModule: './App' });
    expect(me.body.isOwner).toBe(false);

    const list = await owner.get('/api/owner/tenants?q=Ромашка');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ modules: ['trade'], userCount: 1, monthlyKopecks: 190000 });
  });

  test('bad onboarding input is refused with a Russian problem+json and creates nothing', async () => {
    const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
    const before = await stack.db.knex('platform.tenants').count('* as c').first();
    const res = await owner.post('/api/owner/tenants', { name: 'ООО Ошибка', inn: '7707083894', adminEmail: 'not-an-email', adminPassword: 'short', modules: ['nope'] });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['inn', 'adminEmail', 'adminPassword']));
    expect(res.body.detail).toMatch(/ИНН/);
    const after = await stack.db.knex('platform.tenants').count('* as c').first();
    expect(after).toEqual(before);

    const malformed = await owner.raw('POST', '/api/owner/tenants', '{"name": "x",', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.contentType).toContain('application/problem+json');
    expect(malformed.body.detail).toMatch(/JSON/);
  });
});

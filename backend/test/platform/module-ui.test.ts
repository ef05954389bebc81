import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let owner: ReturnType<typeof client>;
let a: { tenantId: string; adminToken: string };
let b: { tenantId: string; adminToken: string };

beforeAll(async () => {
  stack = await startStack({ label: 'moduleui' });
  owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  a = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'Пилот', adminEmail: 'admin@pilot.ru', modules: ['trade'] });
  b = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'Все остальные', adminEmail: 'admin@rest.ru', modules: ['trade'] });
});
afterAll(() => stack?.close());

const tradeEntry = async (token: string) => (await client(stack.url, token).get('/api/me')).body.modules.find((m: any) => m.code === 'trade').remote;

describe('module UI versions in the catalogue', () => {
  test('a new deployment registered by the owner reaches users on their next /api/me; a pinned tenant keeps its version', async () => {
    expect(await tradeEntry(a.adminToken)).toMatchObject({ version: '0.1.0', entry: '/mf/trade/remoteEntry.js' });
    const registered = await owner.post('/api/owner/modules/trade/ui-versions', { version: '0.2.0', remoteEntry: 'https://cdn.example.ru/trade/0.2.0/remoteEntry.js', makeCurrent: true });
    expect(registered.status).toBe(201);
    expect(registered.body.uiVersions.find((v: any) => v.isCurrent).version).toBe('0.2.0');

    const pin = await owner.put(`/api/owner/tenants/${a.tenantId}/modules/trade/ui-pin`, { version: '0.1.0' });
    expect(pin.status).toBe(200);
    expect(await tradeEntry(a.adminToken)).toMatchObject({ version: '0.1.0', entry: '/mf/trade/remoteEntry.js', name: 'trade' });
    expect(await tradeEntry(b.adminToken)).toMatchObject({ version: '0.2.0', entry: 'https://cdn.example.ru/trade/0.2.0/remoteEntry.js', name: 'trade' });

    await owner.put(`/api/owner/tenants/${a.tenantId}/modules/trade/ui-pin`, { version: null });
    expect((await tradeEntry(a.adminToken)).version).toBe('0.2.0');
  });

  test('pinning to a version that does not exist, or a module the tenant lacks, is refused', async () => {
    expect((await owner.put(`/api/owner/tenants/${a.tenantId}/modules/trade/ui-pin`, { version: '9.9.9' })).status).toBe(400);
    expect((await owner.put(`/api/owner/tenants/${a.tenantId}/modules/notes/ui-pin`, { version: null })).status).toBe(404);
    const bad = await owner.post('/api/owner/modules/trade/ui-versions', { version: '1.0', remoteEntry: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
  });

  test('the owner changes a module price; the tenant admin sees it', async () => {
    expect((await owner.put('/api/owner/modules/trade', { monthlyPriceKopecks: 249000 })).body.monthlyPriceKopecks).toBe(249000);
    const mods = (await client(stack.url, a.adminToken).get('/api/admin/modules')).body;
    expect(mods.find((m: any) => m.code === 'trade')).toMatchObject({ monthlyPriceKopecks: 249000, enabled: true });
    expect(mods.find((m: any) => m.code === 'notes')).toMatchObject({ enabled: false });
    expect((await owner.put('/api/owner/modules/trade', { monthlyPriceKopecks: 12.5 })).status).toBe(400);
  });
});

test('a module added to the catalogue after start is known without a restart', async () => {
  await stack.db.knex('platform.modules').insert({ code: 'late', title: 'Поздний модуль', title_en: 'Late', monthly_price_kopecks: 100 });
  await new Promise((r) => setTimeout(r, 5100)); // the catalogue re-reads unknown codes at most every 5 s
  const res = await owner.post('/api/owner/modules/late/ui-versions', { version: '1.0.0', remoteEntry: '/mf/late/remoteEntry.js', makeCurrent: true });
  expect(res.status).toBe(201);
  expect((await client(stack.url, a.adminToken).get('/api/late/meta')).body.missingModule).toBe('late');
}, 20_000);

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { platformClock } from '../../src/platform/time/clock';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { createItem } from '../trade/support';

let stack: TestStack;
let ownerToken: string;

beforeAll(async () => {
  stack = await startStack({ label: 'time-zone' });
  ownerToken = await login(stack.url, OWNER.email, OWNER.password);
});
afterEach(() => platformClock.set(null));
afterAll(() => stack?.close());

describe("a company's time zone", () => {
  test('Moscow by default; the admin sets an IANA zone (in /api/me at once); an unknown zone is a Russian 400; others may not change it', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'ООО «Восток»', adminEmail: 'admin@vostok.ru' });
    const admin = client(stack.url, t.adminToken);
    platformClock.set(new Date('2026-03-31T15:30:00Z'));
    expect((await admin.get('/api/admin/company/time-zone')).body).toEqual({ timeZone: 'Europe/Moscow', today: '2026-03-31' });
    expect((await admin.get('/api/me')).body.tenant.timeZone).toBe('Europe/Moscow');

    for (const bad of ['Mars/Olympus', '+10:00', 'MSK', '']) {
      const res = await admin.put('/api/admin/company/time-zone', { timeZone: bad });
      expect(res.status, bad).toBe(400);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(res.body.errors[0].field).toBe('timeZone');
    }
    const unknown = await admin.put('/api/admin/company/time-zone', { timeZone: 'Mars/Olympus' });
    expect(unknown.body.detail).toContain('Часовой пояс «Mars/Olympus» неизвестен');

    // The letter case is corrected; the answer says what «today» now is there.
    const set = await admin.put('/api/admin/company/time-zone', { timeZone: 'asia/vladivostok' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ timeZone: 'Asia/Vladivostok', today: '2026-04-01' });
    // The cached tenant context was dropped: the very next request sees the new zone.
    expect((await admin.get('/api/me')).body.tenant.timeZone).toBe('Asia/Vladivostok');
    expect((await stack.db.knex('platform.tenants').where({ id: t.tenantId }).first('time_zone')).time_zone).toBe('Asia/Vladivostok');
    const audit = await stack.db.knex('platform.audit_log').where({ tenant_id: t.tenantId, entity: 'CompanySettings' }).first('before', 'after');
    expect(audit).toMatchObject({ before: { timeZone: 'Europe/Moscow' }, after: { timeZone: 'Asia/Vladivostok' } });

    // A member without the right reads the zone but cannot change it.
    const roles = (await admin.get('/api/admin/roles')).body as Array<{ id: string; code: string }>;
    const viewer = roles.find((r) => r.code === 'viewer')!;
    const invited = await admin.post('/api/admin/users', { email: 'viewer@vostok.ru', fullName: 'Вера Смотрова', password: 'Smotr-Passw0rd-7', roleIds: [viewer.id] });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const member = client(stack.url, await login(stack.url, 'viewer@vostok.ru', 'Smotr-Passw0rd-7'));
    expect((await member.get('/api/admin/company/time-zone')).body.timeZone).toBe('Asia/Vladivostok');
    const denied = await member.put('/api/admin/company/time-zone', { timeZone: 'Europe/Moscow' });
    expect(denied.status).toBe(403);
    expect(denied.body.missingPermission).toEqual({ action: 'update', subject: 'CompanySettings' });
  });

  test('a document saved without a date takes today of its company: already 1 April in Владивосток, still 31 March in Москва', async () => {
    const vladivostok = await onboardTenant(stack, ownerToken, { name: 'ООО «Приморье»', adminEmail: 'admin@primorye.ru', modules: ['trade'] });
    const moscow = await onboardTenant(stack, ownerToken, { name: 'ООО «Арбат»', adminEmail: 'admin@arbat.ru', modules: ['trade'] });
    expect((await client(stack.url, vladivostok.adminToken).put('/api/admin/company/time-zone', { timeZone: 'Asia/Vladivostok' })).status).toBe(200);

    // 15:30 UTC: 18:30 on 31 March in Москва (UTC+3), 01:30 on 1 April in Владивосток (UTC+10).
    platformClock.set(new Date('2026-03-31T15:30:00Z'));
    const moneyInWithoutDate = async (token: string) => {
      const api = client(stack.url, token);
      const organization = await createItem(api, 'organizations', { name: 'Организация', inn: nextInn() });
      const counterparty = await createItem(api, 'counterparties', { name: 'Покупатель', inn: nextInn() });
      const res = await api.post('/api/trade/documents/money_in', { organization, counterparty, kind: 'bank', amount: 100000 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    expect((await moneyInWithoutDate(vladivostok.adminToken)).date).toBe('2026-04-01');
    expect((await moneyInWithoutDate(moscow.adminToken)).date).toBe('2026-03-31');

    // The form's live computation (POST …/compute) dates an unsaved document the same way.
    const compute = await client(stack.url, vladivostok.adminToken).post('/api/trade/documents/money_in/compute', { kind: 'bank', amount: 100 });
    expect(compute.status, JSON.stringify(compute.body)).toBe(200);
    expect(compute.body.date).toBe('2026-04-01');
  });
});

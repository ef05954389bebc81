import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let tenant: { tenantId: string; adminToken: string };

beforeAll(async () => {
  stack = await startStack({ label: 'roles' });
  tenant = await onboardTenant(stack, await login(stack.url, OWNER.email, OWNER.password), { name: 'Гамма', adminEmail: 'admin@gamma.ru' });
});
afterAll(() => stack?.close());

describe('roles and permissions', () => {
  test('a role without a permission gets 403; granting it takes effect on the next request', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const role = await admin.post('/api/admin/roles', { name: 'Кадровик', description: 'Видит сотрудников', rules: [{ action: 'read', subject: 'User' }] });
    expect(role.status).toBe(201);
    const invited = await admin.post('/api/admin/users', { email: 'hr@gamma.ru', fullName: 'Ирина Кадрова', password: 'Kadry-Passw0rd', roleIds: [role.body.id] });
    expect(invited.status).toBe(201);

    const hr = client(stack.url, await login(stack.url, 'hr@gamma.ru', 'Kadry-Passw0rd'));
    expect((await hr.get('/api/admin/users')).status).toBe(200);
    const denied = await hr.post('/api/admin/users', { email: 'x@gamma.ru', fullName: 'Икс', password: 'Xxxxx-Passw0rd' });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toBe('Недостаточно прав: нужно право «создание» на «Пользователи». Попросите администратора компании добавить его в вашу роль.');
    expect((await hr.get('/api/admin/roles')).status).toBe(403);

    const granted = await admin.put(`/api/admin/roles/${role.body.id}`, { name: 'Кадровик', rules: [{ action: 'read', subject: 'User' }, { action: 'create', subject: 'User' }] });
    expect(granted.status).toBe(200);
    const allowed = await hr.post('/api/admin/users', { email: 'x@gamma.ru', fullName: 'Икс', password: 'Xxxxx-Passw0rd' });
    expect(allowed.status).toBe(201);

    // And taking it away works just as fast.
    await admin.put(`/api/admin/roles/${role.body.id}`, { name: 'Кадровик', rules: [] });
    expect((await hr.get('/api/admin/users')).status).toBe(403);
  });

  test('list endpoints filter rows in SQL by the role’s conditions', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const role = await admin.post('/api/admin/roles', { name: 'Видит только активных', rules: [{ action: 'read', subject: 'User', conditions: { status: 'active' } }] });
    await admin.post('/api/admin/users', { email: 'viewer@gamma.ru', fullName: 'Вера Видящая', password: 'Vera-Passw0rd-1', roleIds: [role.body.id] });
    const gone = await admin.post('/api/admin/users', { email: 'gone@gamma.ru', fullName: 'Уволенный', password: 'Left-Passw0rd1' });
    await admin.post(`/api/admin/users/${gone.body.id}/deactivate`);

    const viewer = client(stack.url, await login(stack.url, 'viewer@gamma.ru', 'Vera-Passw0rd-1'));
    const seen = (await viewer.get('/api/admin/users')).body;
    expect(seen.items.map((u: { email: string }) => u.email)).not.toContain('gone@gamma.ru');
    expect(seen.total).toBe(seen.items.length);
    const all = (await admin.get('/api/admin/users')).body.items.map((u: { email: string }) => u.email);
    expect(all).toContain('gone@gamma.ru');
    expect((await viewer.get(`/api/admin/users/${gone.body.id}`)).status).toBe(404);
  });

  test('rules naming unknown subjects, actions or fields are refused with a clear message', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const badSubject = await admin.post('/api/admin/roles', { name: 'Плохая', rules: [{ action: 'read', subject: 'Spaceship' }] });
    expect(badSubject.status).toBe(400);
    expect(badSubject.body.detail).toContain('неизвестный объект «Spaceship»');
    const badField = await admin.post('/api/admin/roles', { name: 'Плохая', rules: [{ action: 'read', subject: 'User', conditions: { salary: 1 } }] });
    expect(badField.body.detail).toContain('нет полей salary');
    const badAction = await admin.post('/api/admin/roles', { name: 'Плохая', rules: [{ action: 'fly', subject: 'User' }] });
    expect(badAction.status).toBe(400);
  });

  test('the administrator role cannot be weakened, system roles cannot be deleted, you cannot deactivate yourself', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const roles = (await admin.get('/api/admin/roles')).body;
    const adminRole = roles.find((r: { code: string }) => r.code === 'admin');
    expect((await admin.put(`/api/admin/roles/${adminRole.id}`, { name: 'Администратор', rules: [] })).status).toBe(422);
    expect((await admin.delete(`/api/admin/roles/${adminRole.id}`)).status).toBe(422);
    const me = (await admin.get('/api/me')).body;
    expect((await admin.post(`/api/admin/users/${me.user.id}/deactivate`)).status).toBe(422);
  });

  test('a deactivated user is refused at once, even with a live access token', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const password = 'Vremenny-Passw0rd-5';
    const u = await admin.post('/api/admin/users', { email: 'temp@gamma.ru', fullName: 'Временный', password });
    expect(u.status).toBe(201);
    const token = await login(stack.url, 'temp@gamma.ru', password);
    expect((await client(stack.url, token).get('/api/me')).status).toBe(200);
    await admin.post(`/api/admin/users/${u.body.id}/deactivate`);
    expect((await client(stack.url, token).get('/api/me')).status).toBe(403);
    const relogin = await client(stack.url).post('/api/auth/login', { email: 'temp@gamma.ru', password });
    expect(relogin.status).toBe(403);
  });

  test('every write is in the audit log with who, what, before and after', async () => {
    const admin = client(stack.url, tenant.adminToken);
    const items = (await admin.get('/api/admin/audit?entity=Role')).body.items;
    const update = items.find((e: { action: string }) => e.action === 'update');
    expect(update.userEmail).toBe('admin@gamma.ru');
    expect(update.before.rules).toBeDefined();
    expect(update.after.rules).toBeDefined();
    const userAudit = (await admin.get('/api/admin/audit?entity=User')).body.items;
    expect(JSON.stringify(userAudit)).not.toMatch(/password/i);
  });
});

/**
 * A person (one e-mail, many companies) belongs to no company: a company admin changes only the membership
 * (roles, active), invites existing accounts by an invitation the person accepts, and the invitation answer does
 * not tell whether the e-mail has an account. The person changes their own name.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let alfa: { tenantId: string; adminToken: string };
let beta: { tenantId: string; adminToken: string };

beforeAll(async () => {
  stack = await startStack({ label: 'people' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  alfa = await onboardTenant(stack, ownerToken, { name: 'Альфа', adminEmail: 'admin@alfa.ru' });
  beta = await onboardTenant(stack, ownerToken, { name: 'Бета', adminEmail: 'admin@beta.ru' });
});
afterAll(() => stack?.close());

const nameOf = async (email: string) => (await stack.db.knex('platform.users').whereRaw('lower(email) = ?', [email]).first('full_name')).full_name;

describe('people are not owned by a company', () => {
  test('inviting another company’s admin or the owner changes nothing about them and answers like a new e-mail', async () => {
    const admin = client(stack.url, alfa.adminToken);
    const roles = (await admin.get('/api/admin/roles')).body as { id: string; code: string }[];
    const viewer = roles.find((r) => r.code === 'viewer')!.id;
    const betaAdminName = await nameOf('admin@beta.ru');
    const ownerName = await nameOf(OWNER.email);

    const existing = await admin.post('/api/admin/users', { email: 'admin@beta.ru', fullName: 'Взломано', password: 'Hijack-Passw0rd-77', roleIds: [viewer] });
    const owner = await admin.post('/api/admin/users', { email: OWNER.email, fullName: 'Взломано', roleIds: [viewer] });
    const fresh = await admin.post('/api/admin/users', { email: 'new.person@alfa.ru', fullName: 'Новый Сотрудник', password: 'Novichok-Passw0rd-7', roleIds: [viewer] });
    const freshNoPassword = await admin.post('/api/admin/users', { email: 'other.person@alfa.ru', fullName: 'Другой Сотрудник', roleIds: [viewer] });
    for (const res of [existing, owner, fresh, freshNoPassword]) {
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['email', 'id', 'status']);
      expect(res.body.status).toBe('invited');
    }
    // The existing accounts are untouched: name, password, and no membership until they accept.
    expect(await nameOf('admin@beta.ru')).toBe(betaAdminName);
    expect(await nameOf(OWNER.email)).toBe(ownerName);
    expect((await client(stack.url).post('/api/auth/login', { email: 'admin@beta.ru', password: 'Hijack-Passw0rd-77' })).status).toBe(401);
    const list = (await admin.get('/api/admin/users')).body.items.map((u: { email: string }) => u.email);
    expect(list).toContain('new.person@alfa.ru');
    expect(list).not.toContain('admin@beta.ru');
    expect(list).not.toContain(OWNER.email);
    // The company's audit log records the same for both kinds of invitation.
    const audit = (await admin.get('/api/admin/audit?entity=User')).body.items.filter((e: { after: { email?: string } }) => ['admin@beta.ru', 'new.person@alfa.ru'].includes(e.after?.email ?? ''));
    expect(audit.map((e: { action: string; after: object }) => [e.action, Object.keys(e.after).sort()])).toEqual([
      ['invite', ['email', 'roleIds']],
      ['invite', ['email', 'roleIds']],
    ]);
    // Everybody invited gets a letter; the new person without a password gets a link to set one.
    const mails = await stack.db.knex('platform.mail_outbox').where({ kind: 'auth.invitation' }).select('recipient', 'text');
    expect(mails.map((m) => m.recipient).sort()).toEqual(['admin@beta.ru', 'new.person@alfa.ru', OWNER.email, 'other.person@alfa.ru'].sort());
    expect(mails.find((m) => m.recipient === 'other.person@alfa.ru')!.text).toMatch(/\/reset-password#token=/);
    expect(mails.find((m) => m.recipient === 'admin@beta.ru')!.text).not.toMatch(/token=/);
  });

  test('an admin cannot rename, re-address or re-password a member; the person renames themself', async () => {
    const betaAdmin = client(stack.url, beta.adminToken);
    const [invitation] = (await betaAdmin.get('/api/me/invitations')).body;
    expect(invitation.tenant.name).toBe('Альфа');
    expect(invitation.roles).toEqual(['Только просмотр']);
    const accepted = await betaAdmin.post(`/api/me/invitations/${invitation.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.tenant.id).toBe(alfa.tenantId);
    expect((await betaAdmin.get('/api/me/invitations')).body).toEqual([]);
    // Now a member of Альфа (with the offered role), signing in there needs the choice of company.
    const inAlfa = await login(stack.url, 'admin@beta.ru', 'Admin-Passw0rd-1', alfa.tenantId);
    expect((await client(stack.url, inAlfa).get('/api/me')).body.roles.map((r: { code: string }) => r.code)).toEqual(['viewer']);

    const admin = client(stack.url, alfa.adminToken);
    const member = (await admin.get('/api/admin/users', undefined)).body.items.find((u: { email: string }) => u.email === 'admin@beta.ru');
    const before = await nameOf('admin@beta.ru');
    for (const body of [{ fullName: 'Взломано' }, { email: 'evil@alfa.ru' }, { password: 'Evil-Passw0rd-123' }]) {
      const res = await admin.patch(`/api/admin/users/${member.id}`, body);
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/принадлежат самому сотруднику/);
    }
    expect(await nameOf('admin@beta.ru')).toBe(before);
    // The membership is the company's: roles and deactivation work.
    const roles = (await admin.get('/api/admin/roles')).body as { id: string; code: string }[];
    expect((await admin.patch(`/api/admin/users/${member.id}`, { roleIds: [roles.find((r) => r.code === 'accountant')!.id] })).status).toBe(200);

    const self = await betaAdmin.patch('/api/me/profile', { fullName: 'Борис Бетов' });
    expect(self.status).toBe(200);
    expect(self.body.fullName).toBe('Борис Бетов');
    expect((await betaAdmin.get('/api/me')).body.user.fullName).toBe('Борис Бетов');
    expect((await betaAdmin.patch('/api/me/profile', { fullName: '' })).status).toBe(400);
  });

  test('the owner declines; an answered or foreign invitation cannot be answered again', async () => {
    const ownerApi = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
    const [invitation] = (await ownerApi.get('/api/me/invitations')).body;
    expect((await ownerApi.post(`/api/me/invitations/${invitation.id}/decline`)).status).toBe(204);
    expect((await ownerApi.post(`/api/me/invitations/${invitation.id}/accept`)).status).toBe(404);
    expect(await stack.db.knex('platform.memberships').where({ tenant_id: alfa.tenantId }).whereIn('user_id', stack.db.knex('platform.users').where({ is_owner: true }).select('id')).first()).toBeUndefined();
    // Another person's invitation id is not theirs to answer.
    const admin = client(stack.url, beta.adminToken);
    await admin.post('/api/admin/users', { email: 'new.person@alfa.ru', fullName: 'Кто-то', roleIds: [] });
    const theirs = await stack.db.knex('platform.invitations').where({ tenant_id: beta.tenantId, status: 'pending' }).first('id');
    expect((await ownerApi.post(`/api/me/invitations/${theirs.id}/accept`)).status).toBe(404);
    expect((await ownerApi.post('/api/me/invitations/not-a-uuid/accept')).status).toBe(400);
  });

  test('a person with no company left accepts an invitation while signing in', async () => {
    const admin = client(stack.url, alfa.adminToken);
    const created = await admin.post('/api/admin/users', { email: 'leaver@alfa.ru', fullName: 'Ушедший', password: 'Ushedshy-Passw0rd-3', roleIds: [] });
    await admin.post(`/api/admin/users/${created.body.id}/deactivate`);
    await client(stack.url, beta.adminToken).post('/api/admin/users', { email: 'leaver@alfa.ru', fullName: 'Не важно', roleIds: [] });

    const refused = await client(stack.url).post('/api/auth/login', { email: 'leaver@alfa.ru', password: 'Ushedshy-Passw0rd-3' });
    expect(refused.status).toBe(403);
    expect(refused.body.invitations).toHaveLength(1);
    expect(refused.body.invitations[0].tenant.name).toBe('Бета');
    // Nobody learns about invitations without the password.
    const wrong = await client(stack.url).post('/api/auth/login', { email: 'leaver@alfa.ru', password: 'Wrong-Passw0rd-3' });
    expect(wrong.body.invitations).toBeUndefined();
    const joined = await client(stack.url).post('/api/auth/login', { email: 'leaver@alfa.ru', password: 'Ushedshy-Passw0rd-3', invitationId: refused.body.invitations[0].id });
    expect(joined.status).toBe(200);
    expect((await client(stack.url, joined.body.accessToken).get('/api/me')).body.tenant.id).toBe(beta.tenantId);
  });
});

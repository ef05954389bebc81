import { Controller, Get, Param, Post } from '@nestjs/common';
import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ctx, ForModule, type TenantRequestContext } from '../../src/platform/access/request-context';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/** A stand-in for a business module's routes: the CRM module, which tenant A buys and B does not. */
@ForModule('crm')
@Controller('api/crm/deals')
class CrmDealsController {
  @Get()
  list(@Ctx() ctx: TenantRequestContext) {
    return { tenant: ctx.tenant.id, items: [] };
  }
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }
  @Post()
  create() {
    return { created: true };
  }
}

let stack: TestStack;
let a: { tenantId: string; adminToken: string };
let b: { tenantId: string; adminToken: string };

beforeAll(async () => {
  stack = await startStack({ label: 'isolation', controllers: [CrmDealsController] });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  a = await onboardTenant(stack, ownerToken, { name: 'Альфа', adminEmail: 'admin@alfa.ru', modules: ['crm', 'trade'] });
  // A tenant name that tries SQL injection is just a name: the schema comes from the generated id.
  b = await onboardTenant(stack, ownerToken, { name: `Бета"; DROP SCHEMA platform CASCADE; --`, adminEmail: 'admin@beta.ru', modules: ['trade'] });
});
afterAll(() => stack?.close());

describe('one tenant can never read or change another tenant’s data', () => {
  test('malicious tenant names do not reach SQL and schemas are id-derived', async () => {
    const rows = await stack.db.knex('platform.tenants').select('name', 'schema_name');
    for (const r of rows) expect(r.schema_name).toMatch(/^t_[0-9a-f]{32}$/);
    expect(rows.map((r) => r.name)).toContain(`Бета"; DROP SCHEMA platform CASCADE; --`);
    const me = await client(stack.url, b.adminToken).get('/api/me');
    expect(me.body.tenant.name).toBe(`Бета"; DROP SCHEMA platform CASCADE; --`);
  });

  test('foreign user and role ids are not found, not readable, not changeable', async () => {
    const apiA = client(stack.url, a.adminToken);
    const apiB = client(stack.url, b.adminToken);
    const bUsers = (await apiB.get('/api/admin/users')).body.items;
    const bRoles = (await apiB.get('/api/admin/roles')).body;
    const bUser = bUsers[0].id;
    const bRole = bRoles[0].id;

    expect((await apiA.get(`/api/admin/users/${bUser}`)).status).toBe(404);
    // Names belong to the person, never to a company: refused before the id is even looked at.
    expect((await apiA.patch(`/api/admin/users/${bUser}`, { fullName: 'Взломано' })).status).toBe(403);
    expect((await apiA.post(`/api/admin/users/${bUser}/deactivate`)).status).toBe(404);
    expect((await apiA.get(`/api/admin/roles/${bRole}`)).status).toBe(404);
    expect((await apiA.put(`/api/admin/roles/${bRole}`, { name: 'Икс', rules: [] })).status).toBe(404);
    expect((await apiA.delete(`/api/admin/roles/${bRole}`)).status).toBe(404);
    // Assigning B's role to a user of A is refused too.
    const aUser = (await apiA.get('/api/admin/users')).body.items[0].id;
    expect((await apiA.patch(`/api/admin/users/${aUser}`, { roleIds: [bRole] })).status).toBe(400);

    const listA = (await apiA.get('/api/admin/users')).body.items.map((u: { email: string }) => u.email);
    expect(listA).toEqual(['admin@alfa.ru']);
    const auditA = (await apiA.get('/api/admin/audit')).body.items;
    expect(auditA.every((e: { entityId: string }) => e.entityId !== bUser)).toBe(true);
    // B's data is intact.
    expect((await apiB.get(`/api/admin/users/${bUser}`)).body.fullName).not.toBe('Взломано');
  });

  test('the tenant comes from the verified token, never from headers or body', async () => {
    const res = await client(stack.url, a.adminToken).get('/api/me', { 'x-tenant-id': b.tenantId });
    expect(res.body.tenant.id).toBe(a.tenantId);
    const invite = await client(stack.url, a.adminToken).post('/api/admin/users', { email: 'sneaky@x.ru', fullName: 'Хитрый', tenantId: b.tenantId, password: 'Hidden-Passw0rd' });
    expect(invite.status).toBe(201);
    const bList = (await client(stack.url, b.adminToken).get('/api/admin/users')).body.items.map((u: { email: string }) => u.email);
    expect(bList).not.toContain('sneaky@x.ru');
  });

  test('tampered tokens are refused: changed tenant claim, alg none, wrong key, expired', async () => {
    const claims = decodeJwt(a.adminToken);
    const [header, , signature] = a.adminToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, tid: b.tenantId })).toString('base64url');
    const changedTenant = `${header}.${forgedPayload}.${signature}`;
    const algNone = new UnsecuredJWT({ ...claims, tid: b.tenantId }).setSubject(String(claims.sub)).setIssuer('workcloud').setExpirationTime('10m').encode();
    const wrongKey = await new SignJWT({ ...claims, tid: b.tenantId }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('guessed-secret'));
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }).setProtectedHeader({ alg: 'HS256', kid: stack.config.jwtKeys[0].kid }).sign(new TextEncoder().encode(stack.config.jwtKeys[0].secret));
    for (const token of [changedTenant, algNone, wrongKey, expired, 'garbage', '']) {
      const res = await client(stack.url, token).get('/api/admin/users');
      expect(res.status, `token ${token.slice(0, 20)}`).toBe(401);
      expect(res.contentType).toContain('application/problem+json');
    }
    const expiredRes = await client(stack.url, expired).get('/api/me');
    expect(expiredRes.body.detail).toMatch(/истекла/);
  });

  test('a token of a tenant where the person is not a member is refused', async () => {
    // A valid signature with a tenant the user does not belong to (e.g. a leaked signing key is NOT assumed;
    // this is the membership check behind the signature).
    const claims = decodeJwt(a.adminToken);
    const token = await new SignJWT({ ...claims, tid: b.tenantId }).setProtectedHeader({ alg: 'HS256', kid: stack.config.jwtKeys[0].kid }).sign(new TextEncoder().encode(stack.config.jwtKeys[0].secret));
    const res = await client(stack.url, token).get('/api/admin/users');
    expect(res.status).toBe(403);
  });
});

describe('module entitlement', () => {
  test('every route of a module the tenant has not bought answers 403 naming the module', async () => {
    const apiB = client(stack.url, b.adminToken);
    for (const res of [await apiB.get('/api/crm/deals'), await apiB.get('/api/crm/deals/1'), await apiB.post('/api/crm/deals', {})]) {
      expect(res.status).toBe(403);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.missingModule).toBe('crm');
      expect(res.body.detail).toContain('«CRM» не подключён');
    }
    const apiA = client(stack.url, a.adminToken);
    expect((await apiA.get('/api/crm/deals')).body).toEqual({ tenant: a.tenantId, items: [] });
  });

  test('the owner session cannot call tenant modules', async () => {
    const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
    expect((await owner.get('/api/crm/deals')).status).toBe(403);
    expect((await owner.get('/api/admin/users')).status).toBe(403);
  });

  test('tenant users cannot call owner routes', async () => {
    const res = await client(stack.url, a.adminToken).get('/api/owner/tenants');
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/владельцу/);
  });
});

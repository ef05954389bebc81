/**
 * 152-ФЗ: a person exports everything WorkCloud keeps about them across their companies, and asks for erasure; an
 * admin of one of their companies (or the owner) processes it: name and e-mail become «Удалённый пользователь №…»
 * where records stay (the catalog item they made, the audit log), sessions end, sign-in fails. Each step is audited.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let alfa: { tenantId: string; adminToken: string };
let beta: { tenantId: string; adminToken: string };
let gamma: { tenantId: string; adminToken: string };
let ownerToken: string;
const WORKER = { email: 'worker@alfa.ru', password: 'Ivanova-Kassa-2026!' };

beforeAll(async () => {
  stack = await startStack({ label: 'personal-data' });
  ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  alfa = await onboardTenant(stack, ownerToken, { name: 'Альфа', adminEmail: 'admin@alfa.ru', modules: ['trade'] });
  beta = await onboardTenant(stack, ownerToken, { name: 'Бета', adminEmail: 'admin@beta.ru' });
  gamma = await onboardTenant(stack, ownerToken, { name: 'Гамма', adminEmail: 'admin@gamma.ru' });
  const roleId = async (token: string, code: string) => ((await client(stack.url, token).get('/api/admin/roles')).body as { id: string; code: string }[]).find((r) => r.code === code)!.id;
  expect((await client(stack.url, alfa.adminToken).post('/api/admin/users', { email: WORKER.email, fullName: 'Иванова Анна', password: WORKER.password, roleIds: [await roleId(alfa.adminToken, 'admin')] })).status).toBe(201);
  expect((await client(stack.url, beta.adminToken).post('/api/admin/users', { email: WORKER.email, fullName: 'x', roleIds: [await roleId(beta.adminToken, 'viewer')] })).status).toBe(201);
}, 240_000);
afterAll(() => stack?.close());

test('a person exports their data, asks for erasure, and an admin of one of their companies erases it', async () => {
  const workerToken = await login(stack.url, WORKER.email, WORKER.password, alfa.tenantId);
  const worker = client(stack.url, workerToken);
  const [invitation] = (await worker.get('/api/me/invitations')).body;
  expect((await worker.post(`/api/me/invitations/${invitation.id}/accept`)).status).toBe(200);
  const product = await worker.post('/api/trade/catalogs/products', { name: 'Товар Ивановой' });
  expect(product.status).toBe(201);
  const workerId = product.body.created_by as string;

  // The export: one JSON file with every company, its roles, the sessions, the journal and what the person did.
  const res = await fetch(`${stack.url}/api/me/personal-data`, { headers: { authorization: `Bearer ${workerToken}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.json"$/);
  const text = await res.text();
  const data = JSON.parse(text);
  expect(data.person).toMatchObject({ id: workerId, email: WORKER.email, fullName: 'Иванова Анна', twoFactor: null });
  expect(data.companies.map((c: { company: { name: string }; roles: string[] }) => [c.company.name, c.roles.length])).toEqual([
    ['Альфа', 1],
    ['Бета', 1],
  ]);
  expect(data.sessions[0]).toMatchObject({ company: 'Альфа', ip: '127.0.0.1', factor: 'password' });
  expect(data.loginJournal.some((j: { success: boolean; company: string }) => j.success && j.company === 'Альфа')).toBe(true);
  expect(data.actions).toContainEqual(expect.objectContaining({ company: 'Альфа', entity: 'trade.products', entityId: product.body.id }));
  expect(data.invitations).toEqual([expect.objectContaining({ company: 'Бета', status: 'accepted' })]);
  expect(data.passkeys).toEqual([]);
  expect(text).not.toMatch(/argon2|password_hash|secret/i);
  const exported = await client(stack.url, alfa.adminToken).get('/api/admin/audit-log?action=personal_data_export');
  expect(exported.body.items).toEqual([expect.objectContaining({ userId: workerId, entity: 'Person', entityId: workerId })]);

  // Nobody erases a person who has not asked; the owner cannot ask.
  const betaAdmin = client(stack.url, beta.adminToken);
  expect((await betaAdmin.get('/api/admin/erasure-requests')).body).toEqual([]);
  expect((await client(stack.url, ownerToken).post('/api/me/erasure-request')).status).toBe(409);

  const asked = await worker.post('/api/me/erasure-request');
  expect(asked.status).toBe(200);
  expect((await worker.post('/api/me/erasure-request')).body.id).toBe(asked.body.id);
  expect((await worker.get('/api/me/erasure-request')).body).toEqual(asked.body);
  expect((await betaAdmin.get('/api/admin/erasure-requests')).body).toEqual([expect.objectContaining({ id: asked.body.id, person: { id: workerId, email: WORKER.email, fullName: 'Иванова Анна' } })]);
  expect((await client(stack.url, alfa.adminToken).get('/api/admin/audit-log?action=erasure_request')).body.total).toBe(1);

  // A company the person does not work in cannot process it (nor see it).
  const gammaAdmin = client(stack.url, gamma.adminToken);
  expect((await gammaAdmin.get('/api/admin/erasure-requests')).body).toEqual([]);
  const foreign = await gammaAdmin.post(`/api/admin/erasure-requests/${asked.body.id}/process`);
  expect(foreign.status).toBe(404);
  expect(foreign.contentType).toMatch(/problem\+json/);

  const erased = await betaAdmin.post(`/api/admin/erasure-requests/${asked.body.id}/process`);
  expect(erased.status).toBe(200);
  expect(erased.body).toMatchObject({ id: workerId, fullName: expect.stringMatching(/^Удалённый пользователь №\d+$/) });
  const pseudonym = erased.body.fullName as string;
  expect((await betaAdmin.post(`/api/admin/erasure-requests/${asked.body.id}/process`)).status).toBe(404);

  // The login journal keeps the attempts, not the e-mail or the addresses (checked before the next attempt adds one).
  expect(await stack.db.knex('platform.login_journal').whereRaw('lower(email) = ?', [WORKER.email]).orWhere({ user_id: workerId }).whereNotNull('ip').count('* as n').first()).toEqual({ n: '0' });
  // Signed out everywhere, and the password no longer opens anything.
  expect((await worker.get('/api/me')).status).toBe(401);
  expect((await client(stack.url).post('/api/auth/login', WORKER)).status).toBe(401);

  // Records stay under the pseudonym: the item they made, its audit entry, the company's list of people.
  const alfaAdmin = client(stack.url, alfa.adminToken);
  expect((await alfaAdmin.get(`/api/trade/catalogs/products/${product.body.id}`)).body.created_by).toBe(workerId);
  const created = (await alfaAdmin.get(`/api/admin/audit-log?entity=trade.products&entityId=${product.body.id}`)).body.items[0];
  expect(created).toMatchObject({ userId: workerId, userName: pseudonym });
  expect(created.userEmail).not.toContain('alfa.ru');
  const people = (await alfaAdmin.get('/api/admin/users?status=deactivated')).body.items;
  expect(people).toEqual([expect.objectContaining({ id: workerId, fullName: pseudonym, status: 'deactivated' })]);

  // Nothing of the person is left to find by their e-mail, and the erasure is in the processing company's log.
  const k = stack.db.knex;
  expect(await k('platform.users').whereRaw('lower(email) = ?', [WORKER.email]).first()).toBeUndefined();
  expect(await k('platform.sessions').where({ user_id: workerId }).whereNotNull('ip').count('* as n').first()).toEqual({ n: '0' });
  const log = (await betaAdmin.get('/api/admin/audit-log?action=erase')).body.items;
  expect(log).toEqual([expect.objectContaining({ entity: 'Person', entityId: workerId, after: { fullName: pseudonym, requestId: asked.body.id } })]);
  expect(JSON.stringify(log)).not.toContain(WORKER.email);
}, 180_000);

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { BillingService } from '../../src/modules/billing';
import { billingTime } from './support';

/** Permissions, the NPS survey, cancellation with retention and archiving. */
let stack: TestStack;
let time: ReturnType<typeof billingTime>;
let ownerToken: string;

beforeAll(async () => {
  // ЮKassa configured with its real sender ranges only (no test networks): loopback is not ЮKassa.
  Object.assign(process.env, { YOOKASSA_SHOP_ID: 'shop', YOOKASSA_SECRET_KEY: 'secret', YOOKASSA_API_URL: 'http://127.0.0.1:9/v3' });
  delete process.env.YOOKASSA_TRUSTED_NETWORKS;
  stack = await startStack({ label: 'billing_lifecycle' });
  time = billingTime(stack);
  ownerToken = await login(stack.url, OWNER.email, OWNER.password);
});
afterAll(() => stack?.close());

describe('who may do what', () => {
  test('an accountant reads invoices but cannot pay or change modules; the owner has no company pages', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'ООО «Сигма»', adminEmail: 'admin@sigma.ru', modules: ['trade'] });
    const admin = client(stack.url, t.adminToken);
    const roles = (await admin.get('/api/admin/roles')).body as { id: string; code: string }[];
    const accountantRole = roles.find((r) => r.code === 'accountant')!.id;
    expect((await admin.post('/api/admin/users', { email: 'buh@sigma.ru', fullName: 'Бухгалтер', password: 'Ledger-Passw0rd-9', roleIds: [accountantRole] })).status).toBe(201);
    const accountant = client(stack.url, await login(stack.url, 'buh@sigma.ru', 'Ledger-Passw0rd-9'));

    expect((await accountant.get('/api/admin/billing/invoices')).status).toBe(200);
    expect((await accountant.get('/api/admin/subscription')).status).toBe(200);
    const add = await accountant.post('/api/admin/subscription/modules/notes');
    expect(add.status).toBe(403);
    expect(add.body.missingPermission).toEqual({ action: 'update', subject: 'Subscription' });
    expect((await accountant.post('/api/admin/billing/invoices/00000000-0000-4000-8000-000000000000/pay', { provider: 'tbank' })).status).toBe(403);

    const owner = client(stack.url, ownerToken);
    expect((await owner.get('/api/admin/billing/invoices')).status).toBe(403);
    // A provider without configuration is refused in Russian, not with a crash (no bank env in this file).
    const unknownProvider = await admin.post('/api/admin/billing/invoices/00000000-0000-4000-8000-000000000000/pay', { provider: 'paypal' });
    expect(unknownProvider.status).toBe(400);
  });
});

describe('webhook senders', () => {
  test('a ЮKassa notification from outside its published ranges is refused and logged, whatever X-Forwarded-For says', async () => {
    const body = { type: 'notification', event: 'payment.succeeded', object: { id: '2f4b0c1e-000f-5000-9000-1b2c3d4e5f60' } };
    // TRUST_PROXY is off here, so the header is not believed: the sender is the socket's address.
    const res = await client(stack.url).post('/api/billing/webhooks/yookassa', body, { 'x-forwarded-for': '185.71.76.1' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('опубликованных диапазонах ЮKassa');
    const logged = await stack.db.knex('platform.billing_webhook_inbox').where({ provider: 'yookassa' }).first('status', 'ip');
    expect(logged).toMatchObject({ status: 'rejected' });
    // A provider without credentials on this platform is refused before anything is stored.
    expect((await client(stack.url).post('/api/billing/webhooks/tbank', { TerminalKey: 'x' })).status).toBe(422);
    expect((await client(stack.url).post('/api/billing/webhooks/paypal', {})).status).toBe(404);
  });
});

describe('NPS survey', () => {
  test('first asked after 14 days of use, then at most every 90 days; answers count once per period', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'ООО «Тау»', adminEmail: 'admin@tau.ru' });
    const user = client(stack.url, t.adminToken);
    await stack.db.knex('platform.users').where({ email: 'admin@tau.ru' }).update({ created_at: '2026-03-18T09:00:00Z' });
    time.setDay('2026-03-31');
    expect((await user.get('/api/me/nps/due')).body).toMatchObject({ due: false, askAfter: '2026-04-01' });
    expect((await user.post('/api/me/nps', { score: 9 })).status).toBe(409);
    time.setDay('2026-04-01');
    expect((await user.get('/api/me/nps/due')).body).toMatchObject({ due: true });
    const answer = await user.post('/api/me/nps', { score: 9, comment: 'Удобно выставлять УПД' });
    expect(answer.status).toBe(201);
    expect((await user.get('/api/me/nps/due')).body).toMatchObject({ due: false, askAfter: '2026-06-30' });
    expect((await user.post('/api/me/nps', { score: 10 })).status).toBe(409);
    expect((await user.post('/api/me/nps', { score: 11 })).status).toBe(400);
    time.setDay('2026-06-30');
    expect((await user.get('/api/me/nps/due')).body.due).toBe(true);
    expect((await client(stack.url, ownerToken).get('/api/me/nps/due')).status).toBe(403);
  });
});

describe('cancellation', () => {
  test('stops work and billing, keeps data for the retention period, then the owner archives', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'ООО «Омега»', adminEmail: 'admin@omega.ru', modules: ['notes'] });
    await stack.db.knex('platform.tenants').where({ id: t.tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
    const admin = client(stack.url, t.adminToken);
    const owner = client(stack.url, ownerToken);

    // Trial 2…15 March; the first Счёт: 16…31 March = 16 of 31 days of 120000 = 61935.48… → 61935.
    await time.cycle('2026-03-16');
    const [first] = (await admin.get('/api/admin/billing/invoices')).body.items;
    expect(first.totalKopecks).toBe(61935);
    time.setDay('2026-03-20');
    const cancel = await admin.post('/api/admin/subscription/cancel');
    expect(cancel.status).toBe(200);
    // Retention 90 days (default): 20 March + 90 = 18 June. The unused 20…31 March of the open Счёт are
    // credited: 120000 × 12/31 = 46451.61… → 46452 (the client owes 61935 − 46452 = 15483).
    expect(cancel.body).toEqual({ canceledOn: '2026-03-20', retainUntil: '2026-06-18', creditKopecks: 46452 });
    expect((await admin.get('/api/me')).body.tenant.status).toBe('suspended');
    expect((await admin.post('/api/admin/subscription/cancel')).status).toBe(403); // read-only now

    // Nothing more is invoiced.
    expect((await time.cycle('2026-04-01')).invoicesIssued).toBe(0);

    time.setDay('2026-06-18');
    const early = await owner.post(`/api/owner/billing/clients/${t.tenantId}/archive`, {});
    expect(early.status).toBe(422);
    expect(early.body.detail).toContain('18.06.2026');
    time.setDay('2026-06-19');
    const archived = await owner.post(`/api/owner/billing/clients/${t.tenantId}/archive`, {});
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({ archivedOn: '2026-06-19', deletionDueOn: '2026-06-19' });
    expect((await admin.get('/api/me')).status).toBe(403);
    const card = await owner.get(`/api/owner/billing/clients/${t.tenantId}`);
    expect(card.body).toMatchObject({ status: 'archived', account: { canceledOn: '2026-03-20', retainUntil: '2026-06-18', deletionDueOn: '2026-06-19' } });

    // The provisioner exports and deletes the data; the platform's invoices stay (its own accounting).
    const deleted = await fetch(`${stack.config.provisionerUrl}/tenants/${t.tenantId}?confirm=${t.tenantId}`, { method: 'DELETE', headers: { authorization: `Bearer ${stack.config.provisionerToken}` } });
    expect(deleted.status).toBe(204);
    const kept = (await owner.get('/api/owner/billing/invoices')).body.items.filter((i: { tenantId: string }) => i.tenantId === t.tenantId);
    expect(kept).toEqual([expect.objectContaining({ tenantName: 'ООО «Омега»', totalKopecks: 61935 })]);
    expect((await owner.get(`/api/owner/billing/invoices/${first.id}/pdf`)).status).toBe(200);
  });
});

describe('the timer', () => {
  test('two instances running the cycle at once: one works, the other skips', async () => {
    const billing = stack.app.get(BillingService);
    const at = new Date('2026-07-01T06:00:00Z');
    const results = await Promise.all([billing.runCycleExclusively(at), billing.runCycleExclusively(at)]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.find((r) => r !== null)).toMatchObject({ today: '2026-07-01' });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sberChecksum } from '../../src/modules/billing/providers/sber';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { onboardMarchClient, SBER, startFakeBanks, VTB, type Fakes } from './support';

/**
 * ВТБ internet acquiring: the gateway client shared with Сбер, configured with ВТБ's address and
 * credentials, against ВТБ's own local gateway: a payment, callbacks with ВТБ's checksum (a callback
 * signed with Сбер's token is forged here), and a refund through refund.do.
 * The client was created on 2 March 2026 with «Торговля и склад» and CRM; its first Счёт is for 16…31 March.
 */
let stack: TestStack;
let fakes: Fakes;
let owner: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let tenantId: string;

beforeAll(async () => {
  fakes = await startFakeBanks();
  stack = await startStack({ label: 'billing_vtb' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  ({ id: tenantId, admin } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Платит через ВТБ»', adminEmail: 'admin@vtb.billing.ru' }));
  expect((await owner.post(`/api/owner/billing/clients/${tenantId}/test-clock`, { date: '2026-03-20' })).status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

const callback = (params: Record<string, string>) => client(stack.url).get(`/api/billing/webhooks/vtb?${new URLSearchParams(params)}`);
const invoice = async () => (await admin.get('/api/admin/billing/invoices')).body.items[0] as { id: string; totalKopecks: number; paidKopecks: number; status: string };
const paymentRow = (id: string) => stack.db.knex('platform.billing_payments').where({ id }).first('provider', 'method', 'provider_payment_id', 'status', 'amount_kopecks', 'refunded_kopecks', 'paid_on');

describe('ВТБ: the shared gateway at ВТБ’s address with ВТБ’s credentials', () => {
  let paymentId: string;
  let orderId: string;

  test('payment: register.do at ВТБ, the callback with ВТБ’s checksum credits the Счёт once', async () => {
    const before = await invoice();
    const pay = await admin.post(`/api/admin/billing/invoices/${before.id}/pay`, { provider: 'vtb' });
    expect(pay.status).toBe(200);
    expect(pay.body.confirmationUrl).toContain(new URL(fakes.vtb.url).host);
    paymentId = pay.body.paymentId;
    const row = await paymentRow(paymentId);
    expect(row).toMatchObject({ provider: 'vtb', method: 'vtb', status: 'pending', amount_kopecks: String(before.totalKopecks) });
    orderId = row.provider_payment_id;

    fakes.vtb.pay(orderId);
    const params = fakes.vtb.notificationFor(orderId);
    // The same callback signed with Сбер's token is not ВТБ's: refused, nothing credited.
    const { checksum: _c, ...fields } = params;
    const forged = await callback({ ...fields, checksum: sberChecksum(fields, SBER.callbackToken) });
    expect(forged.status).toBe(400);
    expect(forged.contentType).toContain('application/problem+json');
    expect((await invoice()).status).toBe('open');

    expect((await callback(params)).status).toBe(200);
    expect((await callback(params)).status).toBe(200); // re-delivered
    expect(await invoice()).toMatchObject({ status: 'paid', paidKopecks: before.totalKopecks });
    expect(await paymentRow(paymentId)).toMatchObject({ status: 'succeeded', paid_on: '2026-03-20' });
    // Сбер's gateway saw none of it.
    expect(() => fakes.sber.notificationFor(orderId)).toThrow();
  });

  test('refund: refund.do at ВТБ with ВТБ’s login; its callback is not counted twice', async () => {
    const res = await owner.post(`/api/owner/billing/payments/${paymentId}/refunds`, { amountKopecks: 10000, reason: 'Компенсация за простой' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'succeeded', amountKopecks: 10000 });
    expect(fakes.vtb.refunds().map((r) => ({ userName: r.form.userName, orderId: r.form.orderId, amount: r.form.amount, errorCode: r.answer.errorCode }))).toEqual([
      { userName: VTB.userName, orderId, amount: '10000', errorCode: '0' },
    ]);
    expect(fakes.sber.refunds()).toEqual([]);
    expect((await callback(fakes.vtb.refundNotificationFor(orderId, 0))).status).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({ refunded_kopecks: '10000' });
  });
});

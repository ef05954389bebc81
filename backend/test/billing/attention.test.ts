import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tbankToken } from '../../src/modules/billing/providers/tbank';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { billingTime, onboardMarchClient, startFakeBanks, TBANK, type Fakes } from './support';

/**
 * «Требуют внимания»: what the owner does about a payment of another amount than the Счёт's — a note
 * with a comment, the excess refunded through the bank, or the excess carried to the next Счёт.
 *
 * Clients onboarded on 2 March 2026 with «Торговля и склад» (1 900,00 ₽) and CRM (1 200,00 ₽), 14 days of
 * trial: the first Счёт is for 16…31 March, then 3 100,00 ₽ (310000) for April.
 */
let stack: TestStack;
let fakes: Fakes;
let time: ReturnType<typeof billingTime>;
let owner: ReturnType<typeof client>;
const tenants: Record<'refund' | 'carry' | 'short', { id: string; admin: ReturnType<typeof client> }> = {} as never;

beforeAll(async () => {
  fakes = await startFakeBanks();
  stack = await startStack({ label: 'billing_attention' });
  time = billingTime(stack);
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  for (const key of ['refund', 'carry', 'short'] as const) {
    tenants[key] = await onboardMarchClient(stack, ownerToken, { name: `ООО «Внимание ${key}»`, adminEmail: `admin@${key}.attention.ru` });
  }
  await time.cycle('2026-03-16');
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

type Tenant = (typeof tenants)['refund'];
const invoiceOf = async (t: Tenant, period: string) => (await t.admin.get('/api/admin/billing/invoices')).body.items.find((i: { periodStart: string }) => i.periodStart === period);
const balance = async (t: Tenant) => (await owner.get('/api/owner/billing/clients')).body.items.find((c: { id: string }) => c.id === t.id).balanceKopecks as number;
const attentionIds = async () => (await owner.get('/api/owner/billing/payments/attention')).body.items.map((i: { id: string }) => i.id);

/** The admin pays the March Счёт by Т-Банк, and Т-Банк reports `received` kopecks arrived (signed as Т-Банк signs). */
async function payWithAmount(t: Tenant, received: (asked: number) => number) {
  const invoice = await invoiceOf(t, '2026-03-16');
  const pay = await t.admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
  expect(pay.status).toBe(200);
  const row = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('provider_payment_id');
  fakes.tbank.pay(row.provider_payment_id);
  const { Token: _t, ...fields } = { ...fakes.tbank.notificationFor(row.provider_payment_id), Amount: received(pay.body.amountKopecks) };
  expect((await client(stack.url).post('/api/billing/webhooks/tbank', { ...fields, Token: tbankToken(fields, TBANK.password) })).body).toBe('OK');
  return { paymentId: pay.body.paymentId as string, asked: pay.body.amountKopecks as number, invoice };
}

describe('«Требуют внимания»: each payment settled by the owner', () => {
  test('a comment is required; a short payment cannot be refunded or carried, only noted', async () => {
    const t = tenants.short;
    const p = await payWithAmount(t, (asked) => asked - 10000);
    const noComment = await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { action: 'note' });
    expect(noComment.status).toBe(400);
    expect(noComment.contentType).toContain('application/problem+json');
    const refund = await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { action: 'refund', comment: 'Вернуть' });
    expect(refund.status).toBe(422);
    expect(refund.body.detail).toContain('недоплата 100,00 ₽');
    const noted = await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { action: 'note', comment: 'Клиент доплатит остаток' });
    expect(noted.status).toBe(200);
    expect(noted.body).toMatchObject({ resolution: 'noted', comment: 'Клиент доплатит остаток' });
    expect(await attentionIds()).not.toContain(p.paymentId);
    expect((await invoiceOf(t, '2026-03-16')).status).toBe('open');
  });

  test('refund the excess: Т-Банк Cancel for exactly the excess, the balance back to zero', async () => {
    const t = tenants.refund;
    const p = await payWithAmount(t, (asked) => asked + 7050);
    expect(await balance(t)).toBe(7050);
    const cancelsBefore = fakes.tbank.cancels().length;
    const res = await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { action: 'refund', comment: 'Лишнее вернули на карту' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resolution: 'refunded', refundId: expect.any(String) });
    const cancels = fakes.tbank.cancels().slice(cancelsBefore);
    expect(cancels.map((c) => c.body.Amount)).toEqual([7050]);
    expect(await balance(t)).toBe(0);
    expect((await invoiceOf(t, '2026-03-16')).status).toBe('paid');
    expect(await attentionIds()).not.toContain(p.paymentId);
  });

  test('carry the excess: the next Счёт is issued with the excess already paid on it', async () => {
    const t = tenants.carry;
    const p = await payWithAmount(t, (asked) => asked + 50000);
    const res = await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { action: 'carry', comment: 'Зачесть в апрель' });
    expect(res.status).toBe(200);
    // No April Счёт yet: the excess waits; March keeps exactly its total.
    expect(res.body).toMatchObject({ resolution: 'carried', carriedToInvoiceId: null });
    const march = await invoiceOf(t, '2026-03-16');
    expect(march).toMatchObject({ status: 'paid', paidKopecks: march.totalKopecks });
    expect(await balance(t)).toBe(50000);

    await time.cycle('2026-04-01');
    // April: 310000, of which 50000 paid by the carried excess; 260000 left to pay.
    const april = await invoiceOf(t, '2026-04-01');
    expect(april).toMatchObject({ totalKopecks: 310000, paidKopecks: 50000, status: 'open' });
    const pay = await t.admin.post(`/api/admin/billing/invoices/${april.id}/pay`, { provider: 'tbank' });
    expect(pay.body.amountKopecks).toBe(260000);
    // Balance = received (March + 500,00) − invoiced (March + 3 100,00) = −2 600,00: what April still asks.
    expect(await balance(t)).toBe(-260000);
    const again = await owner.post(`/api/owner/billing/payments/${p.paymentId}/attention/resolve`, { action: 'carry', comment: 'Ещё раз' });
    expect(again.status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { onboardMarchClient, startFakeBanks, type Fakes } from './support';

/**
 * Automatic payment with a card saved when the admin paid once (against the local ЮKassa and Т-Банк
 * fakes), moved through the months with each client's test clock.
 *
 * Clients created on 2 March 2026 with «Торговля и склад» (1 900,00 ₽) and CRM (1 200,00 ₽), 14 days of
 * trial: the March Счёт is for 16…31 March, April's and May's are 3 100,00 ₽ (310000), issued on the 1st.
 */
let stack: TestStack;
let fakes: Fakes;
let owner: ReturnType<typeof client>;
const clients: Record<'yookassa' | 'tbank', { id: string; admin: ReturnType<typeof client> }> = {} as never;

beforeAll(async () => {
  fakes = await startFakeBanks();
  stack = await startStack({ label: 'billing_autopay' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  for (const key of ['yookassa', 'tbank'] as const) {
    clients[key] = await onboardMarchClient(stack, ownerToken, { name: `ООО «Автоплатёж ${key}»`, adminEmail: `admin@${key}.autopay.ru` });
  }
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

type Client = (typeof clients)['tbank'];
const onDay = async (c: Client, date: string) => {
  const res = await owner.post(`/api/owner/billing/clients/${c.id}/test-clock`, { date });
  expect(res.status).toBe(200);
  return res.body as { invoicesIssued: number; autopaid: number };
};
const invoiceOf = async (c: Client, period: string) => (await c.admin.get('/api/admin/billing/invoices')).body.items.find((i: { periodStart: string }) => i.periodStart === period);
const failureMails = (c: Client) => stack.db.knex('platform.mail_outbox').where({ tenant_id: c.id, kind: 'billing.autopay_failed' }).orderBy('id').select('recipient', 'subject', 'text');

/** The admin pays the March Счёт once by card and ticks «save the card». */
async function payOnceSavingCard(c: Client, provider: 'yookassa' | 'tbank') {
  await onDay(c, '2026-03-16');
  const march = await invoiceOf(c, '2026-03-16');
  const pay = await c.admin.post(`/api/admin/billing/invoices/${march.id}/pay`, { provider, saveCard: true });
  expect(pay.status).toBe(200);
  const { provider_payment_id: providerPaymentId } = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('provider_payment_id');
  fakes[provider].pay(providerPaymentId);
  const notification = fakes[provider].notificationFor(providerPaymentId);
  expect((await client(stack.url).post(`/api/billing/webhooks/${provider}`, notification)).status).toBe(200);
  return notification as Record<string, unknown>;
}

describe('automatic payment with a saved card', () => {
  test('ЮKassa: save_payment_method on the first payment, then payment_method_id on the issue day', async () => {
    const c = clients.yookassa;
    const notification = await payOnceSavingCard(c, 'yookassa');
    const methodId = (notification.object as { payment_method: { id: string } }).payment_method.id;
    expect((await c.admin.get('/api/admin/billing/saved-card')).body.method).toMatchObject({ provider: 'yookassa', title: 'Bank card *4477' });

    expect(await onDay(c, '2026-04-01')).toMatchObject({ invoicesIssued: 1, autopaid: 1 });
    expect(await invoiceOf(c, '2026-04-01')).toMatchObject({ totalKopecks: 310000, paidKopecks: 310000, status: 'paid', actId: expect.any(String) });
    const [charge] = fakes.yookassa.autopayments();
    expect(charge).toMatchObject({ payment_method_id: methodId, capture: true, amount: { value: '3100.00', currency: 'RUB' } });
    expect(charge).not.toHaveProperty('confirmation');
    // The 54-ФЗ receipt goes with the automatic payment too, to the admin who saved the card.
    expect(charge!.receipt).toMatchObject({ customer: { email: 'admin@yookassa.autopay.ru' } });

    // «Отвязать карту»: May's Счёт waits for the admin.
    expect((await c.admin.delete('/api/admin/billing/saved-card')).body).toEqual({ method: null });
    expect(await onDay(c, '2026-05-01')).toMatchObject({ invoicesIssued: 1, autopaid: 0 });
    expect(fakes.yookassa.autopayments()).toHaveLength(1);
    expect((await invoiceOf(c, '2026-05-01')).status).toBe('open');
    expect((await c.admin.delete('/api/admin/billing/saved-card')).status).toBe(404);
  });

  test('Т-Банк: Recurrent=Y + CustomerKey, then Init + Charge with the RebillId; refusals retried after 1, 3, 5 days with an e-mail each', async () => {
    const c = clients.tbank;
    const notification = await payOnceSavingCard(c, 'tbank');
    expect(notification.RebillId).toEqual(expect.any(Number));
    expect((await c.admin.get('/api/admin/billing/saved-card')).body.method).toMatchObject({ provider: 'tbank', title: 'Карта 430000******0777' });

    expect(await onDay(c, '2026-04-01')).toMatchObject({ autopaid: 1 });
    expect((await invoiceOf(c, '2026-04-01')).status).toBe('paid');
    expect(fakes.tbank.charges().map((b) => String(b.RebillId))).toEqual([String(notification.RebillId)]);

    fakes.tbank.declineCharges('Недостаточно средств на карте');
    expect(await onDay(c, '2026-05-01')).toMatchObject({ invoicesIssued: 1, autopaid: 0 });
    for (const day of ['2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08']) await onDay(c, day);
    // Attempts on 1 May (issue day), then 2, 4 and 6 May; none after.
    expect(fakes.tbank.charges()).toHaveLength(1 + 4);
    const mails = await failureMails(c);
    expect(mails).toHaveLength(4);
    expect(mails.map((m) => m.recipient)).toEqual(Array(4).fill('admin@tbank.autopay.ru'));
    expect(mails[0]!.text).toContain('Следующая попытка: 02.05.2026');
    expect(mails[2]!.text).toContain('Следующая попытка: 06.05.2026');
    expect(mails[3]!.text).toContain('не будет — оплатите счёт сами');
    expect(mails[3]!.text).toContain('Недостаточно средств на карте');
    const may = await invoiceOf(c, '2026-05-01');
    expect(may).toMatchObject({ status: 'open', paidKopecks: 0 });
    // The refused attempts are canceled payments, nothing credited.
    expect(await stack.db.knex('platform.billing_payments').where({ invoice_id: may.id, automatic: true }).pluck('status')).toEqual(Array(4).fill('canceled'));
  });
});

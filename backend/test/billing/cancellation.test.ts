import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { onboardMarchClient, startFakeBanks, type Fakes } from './support';

/**
 * Cancelling mid-month gives back the unused days of the invoiced month, on the test clock of one client.
 *
 * Created 2 March 2026 with «Торговля и склад» (1 900,00 ₽) and «Заметки» (1 200,00 ₽), 14 days of trial.
 *   16 Mar  Счёт 16…31 March 160000, paid 20 March;  1 Apr  Счёт for April 310000, paid 3 April
 *   11 Apr  ЭДО (900,00 ₽) added: 11…30 April = 20 of 30 days → +60000 (waits for the May Счёт)
 *   21 Apr  the admin cancels. Each module is credited as if removed that day, 21…30 April = 10 of 30 days,
 *           at the price that charged it, half-up per module:
 *             trade  −190000 × 10/30 = −63333.33… → −63333 (the April line)
 *             notes  −120000 × 10/30 = −40000              (the April line)
 *             edo     −90000 × 10/30 = −30000              (the addition's charge)
 *           credit 133333. No Счёт follows, so the pending +60000 − 133333 = −73333 is the client's balance:
 *           received 470000 − invoiced 470000 + 73333 = 73333 owed to the client.
 *   The owner refunds it from the April payment on request → balance 0.
 */
let stack: TestStack;
let fakes: Fakes;
let owner: ReturnType<typeof client>;
let admin: ReturnType<typeof client>;
let tenantId: string;

beforeAll(async () => {
  fakes = await startFakeBanks();
  stack = await startStack({ label: 'billing_cancellation' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  ({ id: tenantId, admin } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Уходим»', adminEmail: 'admin@cancel.billing.ru' }));
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

const advance = async (date: string) => {
  const res = await owner.post(`/api/owner/billing/clients/${tenantId}/test-clock`, { date });
  expect(res.status).toBe(200);
  return res.body as { today: string; invoicesIssued: number };
};
const invoiceOf = async (period: string) => ((await admin.get('/api/admin/billing/invoices')).body.items as Array<{ id: string; periodStart: string; lines: Array<{ lineId: number; module: string }> }>).find((i) => i.periodStart === period)!;
const balance = async () => ((await owner.get('/api/owner/billing/clients')).body.items as Array<{ id: string; balanceKopecks: number }>).find((c) => c.id === tenantId)!.balanceKopecks;

async function payByTBank(period: string) {
  const invoice = await invoiceOf(period);
  const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
  expect(pay.status).toBe(200);
  const row = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('provider_payment_id');
  fakes.tbank.pay(row.provider_payment_id);
  expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(row.provider_payment_id))).body).toBe('OK');
  return pay.body.paymentId as string;
}

describe('cancellation credit', () => {
  test('the unused days of the invoiced month go to the balance, shown to the owner, and can be refunded', async () => {
    await advance('2026-03-16');
    await advance('2026-03-20');
    await payByTBank('2026-03-16');
    await advance('2026-04-01');
    await advance('2026-04-03');
    const aprilPayment = await payByTBank('2026-04-01');
    await advance('2026-04-11');
    expect((await admin.post('/api/admin/subscription/modules/edo')).body.chargeKopecks).toBe(60000);
    expect(await balance()).toBe(0); // an active client's pending charge waits for its Счёт

    await advance('2026-04-21');
    const cancel = await admin.post('/api/admin/subscription/cancel');
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ canceledOn: '2026-04-21', creditKopecks: 133333 });

    // Each credit names what it gives back: the April Счёт's line, or the addition not yet invoiced.
    const april = await invoiceOf('2026-04-01');
    const lineOf = (module: string) => april.lines.find((l) => l.module === module)!.lineId;
    const credits = await stack.db.knex('platform.billing_charges').where({ tenant_id: tenantId }).where('amount_kopecks', '<', 0).orderBy('module_code').select('module_code', 'amount_kopecks', 'monthly_price_kopecks', 'reverses_line_id', 'reverses_charge_id');
    const edoCharge = await stack.db.knex('platform.billing_charges').where({ tenant_id: tenantId, module_code: 'edo' }).where('amount_kopecks', '>', 0).first('id');
    expect(credits.map((c) => [c.module_code, Number(c.amount_kopecks), Number(c.monthly_price_kopecks), c.reverses_line_id && Number(c.reverses_line_id), c.reverses_charge_id && Number(c.reverses_charge_id)])).toEqual([
      ['edo', -30000, 90000, null, Number(edoCharge.id)],
      ['notes', -40000, 120000, lineOf('notes'), null],
      ['trade', -63333, 190000, lineOf('trade'), null],
    ]);

    // The owner sees it: the balance in the list and on the card, the credits and the event.
    expect(await balance()).toBe(73333);
    const card = (await owner.get(`/api/owner/billing/clients/${tenantId}`)).body;
    expect(card.balanceKopecks).toBe(73333);
    expect(card.subscription.pendingCharges).toContainEqual(expect.objectContaining({
      module: 'trade',
      amountKopecks: -63333,
      description: 'Отмена подписки (возврат за неиспользованные дни): модуль «Торговля и склад» с 21.04.2026 по 30.04.2026, 10 из 30 дн.',
    }));
    expect(card.events.map((e: { message: string }) => e.message)).toContainEqual(expect.stringContaining('к возврату за неиспользованные дни 1333,33 ₽'));

    // No Счёт follows a cancellation, so the credit stays on the balance.
    expect((await advance('2026-05-01')).invoicesIssued).toBe(0);
    expect(await balance()).toBe(73333);

    // Refunded on request from the April payment: the balance is settled.
    const refund = await owner.post(`/api/owner/billing/payments/${aprilPayment}/refunds`, { amountKopecks: 73333, reason: 'Возврат за неиспользованные дни после отмены подписки' });
    expect(refund.status).toBe(201);
    expect(await balance()).toBe(0);
  }, 180_000);
});

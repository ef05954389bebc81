import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';
import { onboardMarchClient, startFakeBanks, type Fakes } from './support';

/**
 * Promo codes and personal discounts, on the owner's test clock. Clients created on 2 March 2026 with
 * «Торговля и склад» (1 900,00 ₽) and «Заметки» (1 200,00 ₽), 14 days of trial: first Счёт for 16…31 March.
 * Prices include VAT 22 % (2026); VAT of a line = 22/122 of it, half-up. A discount lowers the monthly price:
 *
 * VESNA20, 20 % for 3 months, all modules: trade 190000 − 38000 = 152000, «Заметки» 120000 − 24000 = 96000.
 *   16 Mar  16…31 March: 152000 × 16/31 = 78451.6 → 78452 (VAT 14147.1 → 14147),
 *           96000 × 16/31 = 49548.4 → 49548 (VAT 8934.9 → 8935); total 128000, VAT 23082
 *    1 Apr  152000 + 96000 = 248000, VAT 27409.8 → 27410 + 17311.5 → 17311 = 44721
 *    1 May  the same (the third Счёт)
 *    1 Jun  no discount: 310000, VAT 34262 + 21639 = 55901
 *   MRR (monthly prices on the Счета): April 248000, May 248000, June 310000.
 *
 * Personal discount of 500,00 ₽ a month on «Заметки» only, for ever: «Заметки» 120000 − 50000 = 70000.
 *   16 Mar  trade 190000 × 16/31 = 98064.5 → 98065 (VAT 17683.8 → 17684), «Заметки» 70000 × 16/31 = 36129.0 → 36129
 *           (VAT 6515.1 → 6515); total 134194, VAT 24199
 */
let stack: TestStack;
let fakes: Fakes;
let owner: ReturnType<typeof client>;
let ownerToken: string;

beforeAll(async () => {
  fakes = await startFakeBanks();
  stack = await startStack({ label: 'billing_discounts' });
  ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
});
afterAll(async () => {
  await stack?.close();
  await fakes?.close();
});

type Invoice = { id: string; periodStart: string; totalKopecks: number; vatKopecks: number; status: string; lines: Array<{ module: string; description: string; monthlyPriceKopecks: number; listPriceKopecks: number | null; amountKopecks: number; vatKopecks: number }> };

async function marchClient(name: string, adminEmail: string) {
  const c = await onboardMarchClient(stack, ownerToken, { name, adminEmail });
  return {
    ...c,
    async clockTo(date: string) {
      expect((await owner.post(`/api/owner/billing/clients/${c.id}/test-clock`, { date })).status).toBe(200);
    },
    async invoice(period: string): Promise<Invoice> {
      return ((await c.admin.get('/api/admin/billing/invoices')).body.items as Invoice[]).find((i) => i.periodStart === period)!;
    },
    /** Pays the Счёт by Т-Банк (a card, with a 54-ФЗ receipt) and returns the receipt's item amounts. */
    async payByTBank(invoice: Invoice): Promise<number[]> {
      const pay = await c.admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
      expect(pay.status).toBe(200);
      const row = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('provider_payment_id');
      fakes.tbank.pay(row.provider_payment_id);
      expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(row.provider_payment_id))).body).toBe('OK');
      return fakes.tbank.receiptOf(row.provider_payment_id)!.Items.map((i) => i.Amount as number);
    },
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('promo codes', () => {
  test('20 % for 3 months on two modules: three Счета discounted, the fourth not, receipts to the kopeck, MRR discounted', async () => {
    const created = await owner.post('/api/owner/billing/promo-codes', { code: 'vesna20', percent: 20, months: 3, validUntil: '2026-03-31', maxUses: 1 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'VESNA20', percent: 20, amountKopecks: null, months: 3, modules: null, validUntil: '2026-03-31', maxUses: 1, uses: 0 });

    // Applied by the owner when the client is onboarded (its clock on 5 March, before the code expires).
    const c = await marchClient('ООО «Весна»', 'admin@vesna.discounts.ru');
    await c.clockTo('2026-03-05');
    const applied = await owner.post(`/api/owner/billing/clients/${c.id}/discount/promo-code`, { code: 'Vesna20' });
    expect(applied.status).toBe(200);
    expect(applied.body.discount).toMatchObject({ percent: 20, months: 3, monthsUsed: 0, label: 'скидка 20 % по промокоду VESNA20' });
    expect((await c.admin.get('/api/admin/billing/discount')).body.discount).toMatchObject({ label: 'скидка 20 % по промокоду VESNA20' });

    await c.clockTo('2026-03-16');
    const march = await c.invoice('2026-03-16');
    expect(march).toMatchObject({ totalKopecks: 128000, vatKopecks: 23082 });
    expect(march.lines.map((l) => [l.module, l.listPriceKopecks, l.monthlyPriceKopecks, l.amountKopecks, l.vatKopecks])).toEqual([
      ['trade', 190000, 152000, 78452, 14147],
      ['notes', 120000, 96000, 49548, 8935],
    ]);
    expect(march.lines[0]!.description).toContain('скидка 20 % по промокоду VESNA20: 1900,00 − 380,00 = 1520,00 ₽ в месяц');
    // The Счёт (and its Акт, printed from the same lines) and the receipt add up to what is paid.
    expect(sum(march.lines.map((l) => l.amountKopecks))).toBe(128000);
    expect(await c.payByTBank(march)).toEqual([78452, 49548]);
    expect((await c.invoice('2026-03-16')).status).toBe('paid');

    for (const period of ['2026-04-01', '2026-05-01']) {
      await c.clockTo(period);
      const inv = await c.invoice(period);
      expect(inv).toMatchObject({ totalKopecks: 248000, vatKopecks: 44721 });
      expect(inv.lines.map((l) => [l.amountKopecks, l.vatKopecks])).toEqual([[152000, 27410], [96000, 17311]]);
      const items = await c.payByTBank(inv);
      expect(items).toEqual([152000, 96000]);
      expect(sum(items)).toBe(248000);
    }
    // Three Счета used the code: it is over.
    expect((await c.admin.get('/api/admin/billing/discount')).body).toEqual({ discount: null });

    await c.clockTo('2026-06-01');
    const june = await c.invoice('2026-06-01');
    expect(june).toMatchObject({ totalKopecks: 310000, vatKopecks: 55901 });
    expect(june.lines.map((l) => [l.listPriceKopecks, l.amountKopecks])).toEqual([[null, 190000], [null, 120000]]);
    expect(await c.payByTBank(june)).toEqual([190000, 120000]);

    const metrics = await owner.get('/api/owner/billing/metrics?from=2026-04&to=2026-06');
    expect(metrics.body.months.map((m: { month: string; mrrKopecks: number }) => [m.month, m.mrrKopecks])).toEqual([
      ['2026-04', 248000],
      ['2026-05', 248000],
      ['2026-06', 310000],
    ]);
    expect((await owner.get('/api/owner/billing/promo-codes')).body.items.find((p: { code: string }) => p.code === 'VESNA20')).toMatchObject({ uses: 1 });
  });

  test('an expired, used-up or unknown code is refused in Russian; a bad code form too', async () => {
    expect((await owner.post('/api/owner/billing/promo-codes', { code: 'ZIMA10', percent: 10, validUntil: '2026-02-28' })).status).toBe(201);
    const c = await marchClient('ООО «Опоздавшие»', 'admin@late.discounts.ru');
    await c.clockTo('2026-03-06');

    const refused = async (code: string, status: number, detail: string) => {
      const res = await c.admin.post('/api/admin/billing/discount/promo-code', { code });
      expect(res.status).toBe(status);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.detail).toBe(detail);
    };
    await refused('zima10', 422, 'Срок действия промокода ZIMA10 истёк 28.02.2026.');
    await refused('VESNA20', 422, 'Промокод VESNA20 уже использован 1 раз — больше его применить нельзя.');
    await refused('LETO', 404, 'Промокода LETO нет. Проверьте, как он написан.');
    expect((await c.admin.get('/api/admin/billing/discount')).body).toEqual({ discount: null });

    const both = await owner.post('/api/owner/billing/promo-codes', { code: 'BOTH', percent: 10, amountKopecks: 1000 });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('Укажите либо процент скидки (percent), либо сумму в копейках (amountKopecks)');
    const again = await owner.post('/api/owner/billing/promo-codes', { code: 'VESNA20', percent: 5 });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('Промокод VESNA20 уже есть: придумайте другой.');
  });
});

describe('a personal discount', () => {
  test('500,00 ₽ a month off «Заметки» only, set by the owner, on the Счёт and the receipt', async () => {
    const c = await marchClient('ООО «Постоянный клиент»', 'admin@loyal.discounts.ru');
    await c.clockTo('2026-03-10');
    const set = await owner.put(`/api/owner/billing/clients/${c.id}/discount`, { amountKopecks: 50000, modules: ['notes'], comment: 'Клиент с 2019 года' });
    expect(set.status).toBe(200);
    expect(set.body.discount).toMatchObject({ amountKopecks: 50000, months: null, modules: ['notes'], label: 'персональная скидка 500,00 ₽ в месяц', comment: 'Клиент с 2019 года' });
    // The owner's list of clients' discounts in force names it.
    const listed = async () => ((await owner.get('/api/owner/billing/discounts')).body.items as Array<{ tenantId: string }>).filter((d) => d.tenantId === c.id);
    expect(await listed()).toEqual([expect.objectContaining({ tenantName: 'ООО «Постоянный клиент»', label: 'персональная скидка 500,00 ₽ в месяц', monthsUsed: 0, comment: 'Клиент с 2019 года' })]);

    await c.clockTo('2026-03-16');
    const march = await c.invoice('2026-03-16');
    expect(march).toMatchObject({ totalKopecks: 134194, vatKopecks: 24199 });
    expect(march.lines.map((l) => [l.module, l.listPriceKopecks, l.monthlyPriceKopecks, l.amountKopecks, l.vatKopecks])).toEqual([
      ['trade', null, 190000, 98065, 17684],
      ['notes', 120000, 70000, 36129, 6515],
    ]);
    expect(await c.payByTBank(march)).toEqual([98065, 36129]);

    // A promo code does not add to it.
    expect((await owner.post('/api/owner/billing/promo-codes', { code: 'OSEN15', percent: 15 })).status).toBe(201);
    const res = await c.admin.post('/api/admin/billing/discount/promo-code', { code: 'OSEN15' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('У компании уже действует персональная скидка 500,00 ₽ в месяц; скидки не суммируются.');

    // Ended by the owner: April at full price.
    expect((await owner.delete(`/api/owner/billing/clients/${c.id}/discount`)).body).toEqual({ discount: null });
    expect(await listed()).toEqual([]);
    await c.clockTo('2026-04-01');
    expect((await c.invoice('2026-04-01')).totalKopecks).toBe(310000);
  });
});

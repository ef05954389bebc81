import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeBankExchange, type BankParty, type PaymentOrder } from '../../src/platform/ru/bank-exchange';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { billingTime } from './support';

/**
 * Bank transfers: three clients on trial from 5 January 2026 (14 days: billing from 19 January).
 * The cycle first runs on 1 February and catches up: a Счёт for 19…31 January (13 of 31 days) and one
 * for February, both issued 01.02.2026, due 11.02.2026.
 *   trade 190000 × 13/31 = 79677.41… → 79677   notes 120000 × 13/31 = 50322.58… → 50323   edo 90000 × 13/31 = 37741.93… → 37742
 */
const SELLER: BankParty = { name: 'ООО «ВоркКлауд Тест»', inn: '7707083893', kpp: '770701001', account: '40702810938000099999', bankName: 'ПАО СБЕРБАНК', bankCity: 'г. Москва', bik: '044525225', corrAccount: '30101810400000000225' };
const party = (name: string, inn: string, account: string): BankParty => ({ name, inn, kpp: '', account, bankName: 'АО «Банк»', bankCity: 'г. Москва', bik: '044525311', corrAccount: '30101810000000000311' });
const order = (number: string, payer: BankParty, payee: BankParty, amountKopecks: number, purpose: string): PaymentOrder => ({ kind: 'Платежное поручение', number, date: '2026-02-03', creditedOn: '2026-02-03', amountKopecks, payer, payee, purpose });

let stack: TestStack;
let owner: ReturnType<typeof client>;
const clients: Record<'b' | 'c' | 'd', { id: string; inn: string }> = {} as never;

beforeAll(async () => {
  Object.assign(process.env, { WORKCLOUD_SELLER_INN: SELLER.inn, WORKCLOUD_SELLER_ACCOUNT: SELLER.account });
  stack = await startStack({ label: 'billing_bank' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  owner = client(stack.url, ownerToken);
  for (const [key, module] of [['b', 'trade'], ['c', 'notes'], ['d', 'archive']] as const) {
    const t = await onboardTenant(stack, ownerToken, { name: `ООО «Клиент ${key.toUpperCase()}»`, adminEmail: `admin@${key}-client.ru`, modules: [module] });
    await stack.db.knex('platform.tenants').where({ id: t.tenantId }).update({ created_at: '2026-01-05T07:00:00Z' });
    clients[key] = { id: t.tenantId, inn: (await stack.db.knex('platform.tenants').where({ id: t.tenantId }).first('inn')).inn };
  }
  const report = await billingTime(stack).cycle('2026-02-01');
  expect(report.invoicesIssued).toBe(6);
});
afterAll(() => stack?.close());

/** The statement goes as the raw file bytes (windows-1251), as a browser would upload it. */
async function upload(bytes: Buffer) {
  const token = await login(stack.url, OWNER.email, OWNER.password);
  const res = await fetch(`${stack.url}/api/owner/billing/bank-statements`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.json() };
}

const invoicesOf = async (tenantId: string) => (await owner.get(`/api/owner/billing/invoices?tenantId=${tenantId}`)).body.items.sort((a: { periodStart: string }, b: { periodStart: string }) => a.periodStart.localeCompare(b.periodStart));

describe('bank statement import and matching', () => {
  test('the catch-up issued January (13 days) and February for each client', async () => {
    const b = await invoicesOf(clients.b.id);
    expect(b.map((i: { periodStart: string; totalKopecks: number; dueOn: string }) => [i.periodStart, i.totalKopecks, i.dueOn])).toEqual([
      ['2026-01-19', 79677, '2026-02-11'],
      ['2026-02-01', 190000, '2026-02-11'],
    ]);
    expect((await invoicesOf(clients.c.id)).map((i: { totalKopecks: number }) => i.totalKopecks)).toEqual([50323, 120000]);
    expect((await invoicesOf(clients.d.id)).map((i: { totalKopecks: number }) => i.totalKopecks)).toEqual([37742, 90000]);
  });

  let file: Buffer;
  let unmatchedFromD: string;

  test('payments are matched by number + ИНН, else by ИНН + exact amount; the rest is listed', async () => {
    const janB = (await invoicesOf(clients.b.id))[0];
    file = writeBankExchange([
      // 1. B quotes the number (written without leading zeros) → matched by number.
      order('101', party('ООО «Клиент B»', clients.b.inn, '40702810100000000101'), SELLER, 79677, `Оплата по счёту № ${janB.number.replace('WC-0000', 'WC ')} за WorkCloud, в т.ч. НДС 22 %`),
      // 2. C gives no number, but exactly what one of its invoices owes (February, 120000) → matched by ИНН + amount.
      order('202', party('ООО «Клиент C»', clients.c.inn, '40702810100000000202'), SELLER, 120000, 'Оплата за «Заметки»'),
      // 3. D pays 500,00 ₽, matching no invoice → unmatched (but known to be D).
      order('303', party('ООО «Клиент D»', clients.d.inn, '40702810100000000303'), SELLER, 50000, 'Оплата услуг'),
      // 4. Somebody unknown → unmatched.
      order('404', party('ИП Незнакомов', '500100732259', '40802810100000000404'), SELLER, 10000, 'Оплата по счёту № WC-999999'),
      // 5. Money leaving the platform's account → not a payment to us, ignored.
      order('505', SELLER, party('ООО «Поставщик»', '7728168971', '40702810100000000505'), 300000, 'Оплата аренды'),
    ]);
    const res = await upload(file);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ documents: 5, credited: 4, duplicates: 0 });
    expect(res.body.matched.map((m: { invoiceNumber: string; by: string; amountKopecks: number }) => [m.by, m.amountKopecks])).toEqual([
      ['number', 79677],
      ['inn_amount', 120000],
    ]);
    expect(res.body.matched[0].invoiceNumber).toBe(janB.number);
    expect(res.body.unmatched.map((u: { amountKopecks: number }) => u.amountKopecks)).toEqual([50000, 10000]);
    unmatchedFromD = res.body.unmatched[0].paymentId;

    expect((await invoicesOf(clients.b.id))[0]).toMatchObject({ status: 'paid', paidKopecks: 79677 });
    expect((await invoicesOf(clients.c.id))[1]).toMatchObject({ status: 'paid', paidKopecks: 120000 });
    // First payment ends the trial.
    const statuses = await stack.db.knex('platform.tenants').whereIn('id', [clients.b.id, clients.c.id, clients.d.id]).select('id', 'status');
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [clients.b.id]: 'active', [clients.c.id]: 'active', [clients.d.id]: 'trial' });

    const unmatched = await owner.get('/api/owner/billing/payments?unmatched=true');
    expect(unmatched.body.items.map((p: { amountKopecks: number; tenantId: string | null }) => [p.amountKopecks, p.tenantId])).toEqual(expect.arrayContaining([[50000, clients.d.id], [10000, null]]));
  });

  test('importing the same statement again credits nothing', async () => {
    const res = await upload(file);
    expect(res.body).toMatchObject({ credited: 0, duplicates: 4, matched: [], unmatched: [] });
    expect((await invoicesOf(clients.b.id))[0].paidKopecks).toBe(79677);
  });

  test('manual matching, then a refund of the overpayment', async () => {
    const janD = (await invoicesOf(clients.d.id))[0];
    const matched = await owner.post(`/api/owner/billing/payments/${unmatchedFromD}/match`, { invoiceId: janD.id });
    expect(matched.status).toBe(200);
    // 50000 paid against 37742 owed → paid, 12258 over.
    expect((await invoicesOf(clients.d.id))[0]).toMatchObject({ status: 'paid', paidKopecks: 50000 });
    expect((await owner.post(`/api/owner/billing/payments/${unmatchedFromD}/match`, { invoiceId: janD.id })).status).toBe(409);

    const tooMuch = await owner.post(`/api/owner/billing/payments/${unmatchedFromD}/refunds`, { amountKopecks: 50001, reason: 'Переплата' });
    expect(tooMuch.status).toBe(422);
    const refund = await owner.post(`/api/owner/billing/payments/${unmatchedFromD}/refunds`, { amountKopecks: 12258, reason: 'Возврат переплаты по п/п № 303' });
    expect(refund.status).toBe(201);
    const d = (await owner.get('/api/owner/billing/clients')).body.items.find((c: { id: string }) => c.id === clients.d.id);
    // received 50000 − refunded 12258 − invoiced (37742 + 90000) = −90000: exactly February still owed
    expect(d.balanceKopecks).toBe(-90000);
    expect(d.status).toBe('active');
    const card = await owner.get(`/api/owner/billing/clients/${clients.d.id}`);
    expect(card.body.refunds).toEqual([expect.objectContaining({ amountKopecks: 12258 })]);
    expect((await owner.get('/api/owner/billing/refunds')).body.items).toEqual([expect.objectContaining({ tenantId: clients.d.id, amountKopecks: 12258, method: 'bank' })]);

    // The owner writes February off: D owes nothing more (−90000 + 90000 = 0).
    const febD = (await invoicesOf(clients.d.id))[1];
    expect((await owner.post(`/api/owner/billing/invoices/${febD.id}/void`, { reason: 'Скидка за первый месяц' })).status).toBe(200);
    expect((await owner.post(`/api/owner/billing/invoices/${febD.id}/void`, { reason: 'Повтор' })).status).toBe(409);
    const after = (await owner.get('/api/owner/billing/clients')).body.items.find((c: { id: string }) => c.id === clients.d.id);
    expect(after.balanceKopecks).toBe(0);
    // A paid Счёт cannot be voided.
    expect((await owner.post(`/api/owner/billing/invoices/${(await invoicesOf(clients.b.id))[0].id}/void`, { reason: 'Ошибка' })).status).toBe(409);
  });

  test('a file that is not a statement is refused in Russian', async () => {
    const res = await upload(Buffer.from('hello'));
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.detail).toContain('1CClientBankExchange');
  });
});

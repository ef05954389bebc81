import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { vatParts } from '../../src/modules/accounting/ens/accrual';
import { isDayOff, paymentDay } from '../../src/modules/accounting/working-days';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, postAccounting, report, startAccountingCompany } from './support';

/**
 * Единый налоговый счёт: the quarter's taxes moved to 68.90 by «Начисление налогов на ЕНС» — НДС from the return,
 * НДФЛ as it stands on 68.01, the УСН advance — the ЕНП paid (a Списание денег with «ЕНП» in its purpose) against
 * them, and «Расчёты по ЕНС». I квартал 2026, figures by hand in the comments (kopecks). НДС is due in three equal
 * parts by the 28th of April, May and June (п. 1 ст. 174 НК РФ), each on 68.90 on its due date.
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const BANK = '40702810300180001774';
const post = (code: string, body: Record<string, unknown>) => postDocument(api, code, body);
const entriesOf = async (docId: string) => (await report(api, 'entries_journal', { from: '2026-01-01', to: '2026-12-31', document: docId })).items.map((r) => [r.debit_account, r.credit_account, r.amount]);
const datedEntriesOf = async (docId: string) => (await report(api, 'entries_journal', { from: '2026-01-01', to: '2026-12-31', document: docId })).items.map((r) => [r.date, r.debit_account, r.credit_account, r.amount]);
const nb = (s: string) => s.replace(/\u00a0/g, ' ');

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-ens', { name: 'ЕНС', adminEmail: 'admin@ens.ru' });
  stack = t.stack;
  api = t.api;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Налоги»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: BANK });
  id.usn = await createItem(api, 'organizations', { name: 'ООО «Упрощёнка»', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), kpp: '770101001', is_supplier: true });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), kpp: '770101001', is_customer: true });
  id.fns = await createItem(api, 'counterparties', { name: 'Казначейство России (ФНС России)', inn: '7727406020', kpp: '770801001' });
  id.buy = await createItem(api, 'contracts', { name: 'Поставка', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.sell = await createItem(api, 'contracts', { name: 'Продажа', owner_id: id.customer, organization: id.org, kind: 'customer' });
  id.usnSell = await createItem(api, 'contracts', { name: 'Продажа УСН', owner_id: id.customer, organization: id.usn, kind: 'customer' });
  id.budget = await createItem(api, 'contracts', { name: 'ЕНС', owner_id: id.fns, organization: id.org, kind: 'other' });
  const employee = await api.post('/api/accounting/catalogs/employees', { name: 'Иванов Иван Иванович', organization: id.org });
  expect(employee.status).toBe(201);
  id.employee = employee.body.id;
});
afterAll(() => stack?.close());

describe('ЕНС', () => {
  test('I квартал: НДС 1 100,00 from the return in three parts and НДФЛ 130,00 go to 68.90; a second accrual is refused', async () => {
    // Bought 10 × 1 220,00 with the supplier's invoice: 2 200,00 deducted. Sold 5 × 3 660,00 = 18 300,00: 3 300,00 accrued.
    await post('receipt', { date: '2026-01-15', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, incoming_number: '77', incoming_date: '2026-01-15', goods: [{ product: id.kettle, quantity: '10', price: 122_000 }] });
    await post('sale', { date: '2026-02-10', organization: id.org, warehouse: id.main, counterparty: id.customer, contract: id.sell, goods: [{ product: id.kettle, quantity: '5', price: 366_000 }] });
    // НДФЛ withheld from a salary (a manual entry stands in for payroll): Дт 70 Кт 68.01 130,00.
    await postAccounting(api, 'operation', { organization: id.org, date: '2026-03-31', lines: [{ dt_account: acc['70'], dt_subconto1: id.employee, kt_account: acc['68.01'], kt_subconto1: 'tax', amount: 13_000, content: 'НДФЛ удержан' }] });
    const accrual = await postAccounting(api, 'tax_accrual', { organization: id.org, year: 2026, quarter: '1' });
    // 3 300,00 − 2 200,00 = 1 100,00 НДС к уплате; 130,00 НДФЛ.
    expect(accrual).toMatchObject({ date: '2026-03-31', total: 123_000 });
    // НДФЛ at the quarter's end; НДС 110 000 kopecks / 3 = 36 666 and 2 left over: 366,68 by 28 April, 366,66 by 28 May and by
    // 28 June — a Sunday, so by Monday 29 June (п. 7 ст. 6.1 НК РФ).
    expect(await datedEntriesOf(accrual.id)).toEqual([
      ['2026-03-31', '68.01', '68.90', 13_000],
      ['2026-04-28', '68.02', '68.90', 36_668],
      ['2026-05-28', '68.02', '68.90', 36_666],
      ['2026-06-29', '68.02', '68.90', 36_666],
    ]);
    const again = await api.post('/api/accounting/documents/tax_accrual?post=true', { organization: id.org, year: 2026, quarter: '1' });
    expect(again.status).toBe(422);
    expect(again.body.detail).toContain(`уже начислены на ЕНС документом ${accrual.number}`);
  });

  test('the ЕНП of 1 500,00: Дт 68.90 Кт 51; «Расчёты по ЕНС» shows what is due by each month', async () => {
    const payment = await post('money_out', { date: '2026-04-28', organization: id.org, counterparty: id.fns, contract: id.budget, amount: 150_000, purpose: 'Единый налоговый платеж (ЕНП) за I квартал 2026 г.', allocation: [{ contract: id.budget, amount: 150_000 }] });
    expect(await entriesOf(payment.id)).toEqual([['68.90', '51', 150_000]]);
    const ens = await report(api, 'ens_settlements', { organization: id.org, from: '2026-01-01', to: '2026-04-30' });
    expect(ens.items.map((r) => [r.indicator, r.accrued ?? null, r.paid ?? null, r.balance ? nb(r.balance) : null])).toEqual([
      ['Сальдо на начало периода', null, null, '0,00'],
      // Through April only the first part of НДС is due.
      ['НДС', 36_668, 0, null],
      ['НДФЛ', 13_000, 0, null],
      ['Единый налоговый платёж', 0, 150_000, null],
      // 1 500,00 − 366,68 − 130,00 = 1 003,32.
      ['Сальдо на конец периода', null, null, '1 003,32 — переплата (положительное сальдо)'],
    ]);
    expect(ens.totals).toMatchObject({ accrued: 49_668, paid: 150_000 });
    // Through June all three parts: 1 500,00 − 1 100,00 − 130,00 = 270,00.
    const half = await report(api, 'ens_settlements', { organization: id.org, from: '2026-01-01', to: '2026-06-30' });
    expect(half.items.find((r) => r.indicator === 'НДС')?.accrued).toBe(110_000);
    expect(half.items.at(-1)?.balance).toBe('270,00 — переплата (положительное сальдо)');
  });

  test('the parts of a IV quarter fall in the next year; a sum divisible by 3 splits evenly', () => {
    // 1,00 ₽ = 34 + 33 + 33 kopecks: the remainder in the first part. 28.02.2027 and 28.03.2027 are Sundays: 1 and 29 March.
    expect(vatParts(2026, 4, 100)).toEqual([
      { date: '2027-01-28', amount: 34 },
      { date: '2027-03-01', amount: 33 },
      { date: '2027-03-29', amount: 33 },
    ]);
    // IV quarter 2025: 28.02.2026 and 28.03.2026 are Saturdays.
    expect(vatParts(2025, 4, 300).map((p) => p.date)).toEqual(['2026-01-28', '2026-03-02', '2026-03-30']);
    expect(vatParts(2026, 2, 90_000).map((p) => [p.date, p.amount])).toEqual([
      ['2026-07-28', 30_000],
      ['2026-08-28', 30_000],
      ['2026-09-28', 30_000],
    ]);
  });

  test('УСН «доходы»: the I квартал advance 600,00 accrued Дт 99 Кт 68.12 and moved to the ЕНС', async () => {
    await post('money_in', { date: '2026-02-05', organization: id.usn, counterparty: id.customer, contract: id.usnSell, amount: 1_000_000, allocation: [{ contract: id.usnSell, amount: 1_000_000 }] });
    const accrual = await postAccounting(api, 'tax_accrual', { organization: id.usn, year: 2026, quarter: '1' });
    // 10 000,00 × 6 % = 600,00.
    expect(await entriesOf(accrual.id)).toEqual([
      ['99', '68.12', 60_000],
      ['68.12', '68.90', 60_000],
    ]);
    const ens = await report(api, 'ens_settlements', { organization: id.usn, from: '2026-01-01', to: '2026-03-31' });
    expect(ens.items.at(-1)?.balance).toBe('600,00 — задолженность (отрицательное сальдо)');
  });
});

test('the production calendar 2026 (Постановление № 1466): 247 work days; a payment due on a day off moves to the next work day', () => {
  const days = (from: string, to: string) => {
    const list: string[] = [];
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) list.push(d.toISOString().slice(0, 10));
    return list;
  };
  const work = (from: string, to: string) => days(from, to).filter((d) => !isDayOff(d)).length;
  // As staff's «Производственный календарь»: 247 in the year, January 15, March 21, May 19, November 20, December 22.
  expect(work('2026-01-01', '2026-12-31')).toBe(247);
  expect([work('2026-01-01', '2026-01-31'), work('2026-03-01', '2026-03-31'), work('2026-05-01', '2026-05-31'), work('2026-11-01', '2026-11-30'), work('2026-12-01', '2026-12-31')]).toEqual([15, 21, 19, 20, 22]);
  expect(
    ['2026-04-28', '2026-11-28', '2026-03-08', '2026-05-09', '2026-01-03', '2026-06-12'].map(paymentDay),
  ).toEqual([
    '2026-04-28', // a Tuesday: as it is
    '2026-11-30', // Saturday → Monday
    '2026-03-10', // 8 March a Sunday: Monday 9 March is the holiday's day off
    '2026-05-12', // 9 May a Saturday: Monday 11 May off
    '2026-01-12', // the New Year holidays and 9 January (decreed)
    '2026-06-15', // Friday 12 June, then the weekend
  ]);
});

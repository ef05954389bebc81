import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, report, sheetRows, startAccountingCompany } from './support';

/**
 * Реформация баланса in December's «Закрытие месяца» (2026): the year's result gathered on 99 by the
 * monthly closings goes to 84 — a profit to 84.01, a loss to 84.02 — dated 31 December, so 99 is empty at
 * the year's end; the balance sheet's 1370 does not change, ф. 2 does not see it; closing December again
 * changes nothing.
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const BANK = '40702810300180001774';
const DECEMBER = { from: '2026-12-01', to: '2026-12-31' };

const nb = (s: string) => s.replace(/\u00a0/g, ' ');
const row = async (code: string, organization = id.org) => sheetRows((await report(api, 'turnover_balance_sheet', { ...DECEMBER, organization })).items).find((r) => r[0] === code);

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-year-end', { name: 'ООО «Год»', adminEmail: 'admin@god.ru' });
  stack = t.stack;
  api = t.api;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Год»', inn: '7707083893', bik: '044525311', account: BANK });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn() });
  id.landlord = await createItem(api, 'counterparties', { name: 'ООО «Арендодатель»', inn: nextInn() });
  id.rent = (await itemsOf(api, 'cost_items'))['Аренда'];
  id.fees = (await itemsOf(api, 'income_expense_items'))['Расходы на услуги банков'];
  await postAccounting(api, 'opening_balances', {
    organization: id.org,
    date: '2026-10-31',
    lines: [
      { account: acc['51'], subconto1: BANK, debit: 10_000_000 },
      { account: acc['84.01'], credit: 10_000_000 },
    ],
  });
  // November: a service sold for 12 200,00 incl. VAT 2 200,00, bank fees 500,00 — profit 10 000,00 − 500,00 = 9 500,00.
  await postAccounting(api, 'operation', {
    organization: id.org,
    date: '2026-11-16',
    lines: [
      { dt_account: acc['62.01'], dt_subconto1: id.customer, kt_account: acc['90.01.1'], amount: 1_220_000 },
      { dt_account: acc['90.03'], kt_account: acc['68.02'], kt_subconto1: 'tax', amount: 220_000 },
      { dt_account: acc['91.02'], dt_subconto1: id.fees, kt_account: acc['51'], kt_subconto1: BANK, amount: 50_000 },
    ],
  });
  // December: rent 3 000,00 — a loss of 3 000,00.
  await postAccounting(api, 'operation', {
    organization: id.org,
    date: '2026-12-10',
    lines: [{ dt_account: acc['44.01'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 300_000 }],
  });
  const november = await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-11-01' });
  expect(november.result).toBe(950_000);
  // Only December reforms the balance.
  expect(november.steps).not.toContain('Реформация');
});
afterAll(() => stack?.close());

describe('December closing reforms the balance', () => {
  test('the year’s profit 6 500,00 leaves 99 for 84.01 on 31 December', async () => {
    const december = await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-12-01' });
    // December's own result stays the month's: the 3 000,00 rent.
    expect(december.result).toBe(-300_000);
    // 99: Кт 9 500,00 (November) − Дт 3 000,00 (December) = Кт 6 500,00 → Дт 99 Кт 84.01.
    expect(nb(december.steps).split('\n')).toEqual([
      'Закрытие месяца: декабрь 2026, проводки от 31.12.2026',
      '1. Амортизация основных средств: основных средств в эксплуатации нет',
      '2. Закрытие счетов 20 и 26: остатка нет',
      '3. НДС к вычету: на счёте 19 нет НДС по зарегистрированным счетам-фактурам',
      '4. Списание издержек обращения (расходов на продажу) (Дт 90.07.1 Кт 44.01): 3 000,00 ₽',
      '5. Закрытие субсчёта 90.07.1 «Расходы на продажу по деятельности с основной системой налогообложения» (Дт 90.09 Кт 90.07.1): 3 000,00 ₽',
      '6. Закрытие субсчетов счёта 91: оборотов нет',
      '7. Убыток от продаж (Дт 99 Кт 90.09): 3 000,00 ₽',
      '8. Сальдо прочих доходов и расходов: равно нулю',
      '9. Реформация баланса: чистая прибыль 2026 года (Дт 99 Кт 84.01): 6 500,00 ₽',
      'Финансовый результат месяца: убыток 3 000,00 ₽',
    ]);
    // December's ОСВ: 99 opens with Кт 9 500,00, takes Дт 3 000,00 + 6 500,00, ends empty; 84 ends with 100 000,00 + 6 500,00.
    expect(await row('99')).toEqual(['99', 0, 950_000, 950_000, 0, 0, 0]);
    expect(await row('84')).toEqual(['84', 0, 10_000_000, 0, 650_000, 0, 10_650_000]);
    expect(await row('90')).toEqual(['90', 0, 0, 600_000, 600_000, 0, 0]);
  });

  test('the balance sheet at 31.12: 1370 is all on 84 now, the same 107 thousand; ф. 2 does not see the reformation', async () => {
    const sheet = (await report(api, 'balance_sheet', { date: '2026-12-31', organization: id.org })).items;
    const l1370 = sheet.find((r) => r.line === '1370');
    // 106 500,00 → 107 (half up).
    expect([l1370.current, l1370.amount, nb(l1370.decoding)]).toEqual([107, 10_650_000, 'Кт 84.01 106 500,00 = 106 500,00 ₽']);
    expect(sheet.find((r) => r.level === 'check').ok).toBe(true);
    const year = (await report(api, 'financial_results', { from: '2026-01-01', to: '2026-12-31', organization: id.org })).items;
    // 10 000,00 − 3 000,00 − 500,00 = 6 500,00 net profit, as reformed.
    expect(year.find((r) => r.line === '2400').amount).toBe(650_000);
  });

  test('closing December again changes nothing', async () => {
    const closing = (await api.get(`/api/accounting/documents/month_closing?month=2026-12-01&organization=${id.org}`)).body.items[0];
    const before = await report(api, 'entries_journal', { ...DECEMBER, document: closing.id });
    const again = await api.post(`/api/accounting/documents/month_closing/${closing.id}/post`);
    expect(again.status).toBe(200);
    expect(again.body.steps).toBe(closing.steps);
    expect((await report(api, 'entries_journal', { ...DECEMBER, document: closing.id })).items).toEqual(before.items);
    expect(await row('99')).toEqual(['99', 0, 950_000, 950_000, 0, 0, 0]);
  });

  test('a year with a loss: Дт 84.02 Кт 99', async () => {
    const other = await createItem(api, 'organizations', { name: 'ООО «Убыток»', inn: nextInn() });
    await postAccounting(api, 'operation', {
      organization: other,
      date: '2026-12-20',
      lines: [{ dt_account: acc['91.02'], dt_subconto1: id.fees, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 120_000 }],
    });
    const december = await postAccounting(api, 'month_closing', { organization: other, month: '2026-12-01' });
    expect(nb(december.steps)).toContain('9. Реформация баланса: непокрытый убыток 2026 года (Дт 84.02 Кт 99): 1 200,00 ₽');
    expect(await row('99', other)).toEqual(['99', 0, 0, 120_000, 120_000, 0, 0]);
    expect(await row('84', other)).toEqual(['84', 0, 0, 120_000, 0, 120_000, 0]);
  });
});

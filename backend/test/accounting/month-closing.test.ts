import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, report, sheetRows, startAccountingCompany } from './support';

/**
 * Закрытие месяца for a month of hand-entered operations, March 2026: 44 is written off to 90.07.1, the
 * sub-accounts of 90 and 91 closed to 90.09 / 91.09, and the results moved to 99. Closing again changes
 * nothing; a second closing of the month is refused; re-posting after a late entry picks it up.
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const BANK = '40702810300180001774';
let closing: Record<string, any>;

const nb = (s: string) => s.replace(/\u00a0/g, ' ');
const sheet = async () => report(api, 'turnover_balance_sheet', { ...MARCH, organization: id.org });
const row = (items: Record<string, any>[], code: string) => sheetRows(items).find((r) => r[0] === code);

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-closing', { name: 'ООО «Итог»', adminEmail: 'admin@itog.ru' });
  stack = t.stack;
  api = t.api;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Итог»', inn: '7707083893', bik: '044525311', account: BANK });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn() });
  id.carrier = await createItem(api, 'counterparties', { name: 'ООО «Перевозчик»', inn: nextInn() });
  id.landlord = await createItem(api, 'counterparties', { name: 'ООО «Арендодатель»', inn: nextInn() });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  const cost = await itemsOf(api, 'cost_items');
  const other = await itemsOf(api, 'income_expense_items');
  id.rent = cost['Аренда'];
  id.transport = cost['Транспортные расходы'];
  id.surplus = other['Излишки, выявленные при инвентаризации'];
  id.bankFees = other['Расходы на услуги банков'];

  // 15 kettles for 15 000,00 at the start of March.
  await postAccounting(api, 'opening_balances', {
    organization: id.org,
    date: '2026-02-28',
    lines: [
      { account: acc['41.01'], subconto1: id.kettle, subconto2: id.main, debit: 1_500_000, quantity: '15' },
      { account: acc['84.01'], credit: 1_500_000 },
    ],
  });
  const goods = { kt_subconto1: id.kettle, kt_subconto2: id.main };
  await postAccounting(api, 'operation', {
    organization: id.org,
    date: '2026-03-10',
    content: 'Продажа 10 чайников',
    lines: [
      // Revenue 24 400,00 incl. VAT 24 400,00 × 22/122 = 4 400,00; the 10 kettles cost 10 000,00.
      { dt_account: acc['62.01'], dt_subconto1: id.customer, kt_account: acc['90.01.1'], amount: 2_440_000 },
      { dt_account: acc['90.03'], kt_account: acc['68.02'], kt_subconto1: 'tax', amount: 440_000 },
      { dt_account: acc['90.02.1'], kt_account: acc['41.01'], ...goods, kt_quantity: '10', amount: 1_000_000 },
    ],
  });
  await postAccounting(api, 'operation', {
    organization: id.org,
    date: '2026-03-20',
    content: 'Расходы марта',
    lines: [
      // 44.01: rent 3 000,00 and transport 1 000,00 = 4 000,00.
      { dt_account: acc['44.01'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 300_000 },
      { dt_account: acc['44.01'], dt_subconto1: id.transport, kt_account: acc['60.01'], kt_subconto1: id.carrier, amount: 100_000 },
      // 91: a kettle found, 500,00 income; bank fees 1 200,00 expense.
      { dt_account: acc['41.01'], dt_subconto1: id.kettle, dt_subconto2: id.main, dt_quantity: '1', kt_account: acc['91.01'], kt_subconto1: id.surplus, amount: 50_000 },
      { dt_account: acc['91.02'], dt_subconto1: id.bankFees, kt_account: acc['51'], kt_subconto1: BANK, amount: 120_000 },
    ],
  });
});
afterAll(() => stack?.close());

describe('closing March', () => {
  test('an empty month closes with nothing to do and a zero result', async () => {
    const feb = await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-02-01' });
    expect(feb).toMatchObject({ date: '2026-02-28', month: '2026-02-01', result: 0, status: 'posted' });
    expect(nb(feb.steps).split('\n')).toEqual([
      'Закрытие месяца: февраль 2026, проводки от 28.02.2026',
      '1. Амортизация основных средств: основных средств в эксплуатации нет',
      '2. Закрытие счетов 20 и 26: остатка нет',
      '3. НДС к вычету: на счёте 19 нет НДС по зарегистрированным счетам-фактурам',
      '4. Списание издержек обращения (расходов на продажу): остатка на счёте 44 нет',
      '5. Закрытие субсчетов счёта 90: оборотов нет',
      '6. Закрытие субсчетов счёта 91: оборотов нет',
      '7. Финансовый результат от продаж: равен нулю',
      '8. Сальдо прочих доходов и расходов: равно нулю',
      'Финансовый результат месяца: прибыль 0,00 ₽',
    ]);
    expect((await report(api, 'entries_journal', { from: '2026-02-01', to: '2026-02-28', document: feb.id })).items).toEqual([]);
  });

  test('the steps and the result: profit from sales 6 000,00, loss on other items 700,00, 5 300,00 to 99', async () => {
    closing = await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-03-15' });
    // The month is its first day, the document dated its last.
    expect(closing).toMatchObject({ month: '2026-03-01', date: '2026-03-31', result: 530_000 });
    // 90.09: −24 400,00 + 10 000,00 + 4 400,00 + 4 000,00 = −6 000,00 (a credit balance: profit).
    // 91.09: −500,00 + 1 200,00 = +700,00 (a debit balance: loss). 6 000,00 − 700,00 = 5 300,00.
    expect(nb(closing.steps).split('\n')).toEqual([
      'Закрытие месяца: март 2026, проводки от 31.03.2026',
      '1. Амортизация основных средств: основных средств в эксплуатации нет',
      '2. Закрытие счетов 20 и 26: остатка нет',
      '3. НДС к вычету: на счёте 19 нет НДС по зарегистрированным счетам-фактурам',
      '4. Списание издержек обращения (расходов на продажу) (Дт 90.07.1 Кт 44.01): 4 000,00 ₽',
      '5. Закрытие субсчёта 90.01.1 «Выручка по деятельности с основной системой налогообложения» (Дт 90.01.1 Кт 90.09): 24 400,00 ₽',
      '5. Закрытие субсчёта 90.02.1 «Себестоимость продаж по деятельности с основной системой налогообложения» (Дт 90.09 Кт 90.02.1): 10 000,00 ₽',
      '5. Закрытие субсчёта 90.03 «Налог на добавленную стоимость» (Дт 90.09 Кт 90.03): 4 400,00 ₽',
      '5. Закрытие субсчёта 90.07.1 «Расходы на продажу по деятельности с основной системой налогообложения» (Дт 90.09 Кт 90.07.1): 4 000,00 ₽',
      '6. Закрытие субсчёта 91.01 «Прочие доходы» (Дт 91.01 Кт 91.09): 500,00 ₽',
      '6. Закрытие субсчёта 91.02 «Прочие расходы» (Дт 91.09 Кт 91.02): 1 200,00 ₽',
      '7. Прибыль от продаж (Дт 90.09 Кт 99): 6 000,00 ₽',
      '8. Убыток по прочим доходам и расходам (Дт 99 Кт 91.09): 700,00 ₽',
      'Финансовый результат месяца: прибыль 5 300,00 ₽',
    ]);
  });

  test('each step leads to the card of the account it closed, each check to the report it read', async () => {
    const steps = (await report(api, 'closing_steps', { month: '2026-03-01', organization: id.org })).items;
    // One row per step and pair of accounts, as the steps' text: 44.01's two cost items make one row of 4 000,00.
    expect(steps.map((s) => [s.entry, s.amount, s.link_label])).toEqual([
      ['Дт 90.07.1 Кт 44.01', 400_000, 'Карточка счёта 44.01 за март 2026'],
      ['Дт 90.01.1 Кт 90.09', 2_440_000, 'Карточка счёта 90.01.1 за март 2026'],
      ['Дт 90.09 Кт 90.02.1', 1_000_000, 'Карточка счёта 90.02.1 за март 2026'],
      ['Дт 90.09 Кт 90.03', 440_000, 'Карточка счёта 90.03 за март 2026'],
      ['Дт 90.09 Кт 90.07.1', 400_000, 'Карточка счёта 90.07.1 за март 2026'],
      ['Дт 91.01 Кт 91.09', 50_000, 'Карточка счёта 91.01 за март 2026'],
      ['Дт 91.09 Кт 91.02', 120_000, 'Карточка счёта 91.02 за март 2026'],
      ['Дт 90.09 Кт 99', 600_000, 'Карточка счёта 90.09 за март 2026'],
      ['Дт 99 Кт 91.09', 70_000, 'Карточка счёта 91.09 за март 2026'],
    ]);
    expect(steps[0]).toMatchObject({ step: 'Списание издержек обращения (расходов на продажу)', amount_text: '4 000,00'.replace(' ', '\u00a0') });
    // The link is the card's address in the UI; its parameters give 44.01 in March: 4 000,00 in, 4 000,00 written off, zero left.
    const link = new URL(steps[0].link.link, stack.url);
    expect([link.pathname, link.searchParams.get('account'), link.searchParams.get('from'), link.searchParams.get('to')]).toEqual(['/m/accounting/reports/account_card', acc['44.01'], MARCH.from, MARCH.to]);
    const card = await report(api, 'account_card', Object.fromEntries(link.searchParams));
    expect(card.totals).toMatchObject({ debit: 400_000, credit: 400_000 });
    expect(card.items.filter((r) => r.content === steps[0].step).reduce((sum, r) => sum + r.credit, 0)).toBe(400_000);
    expect(card.items.at(-1)!.balance_text).toBe('0,00');
    // February closed with nothing to book, April not closed: no steps to open.
    expect((await report(api, 'closing_steps', { month: '2026-02-01', organization: id.org })).items).toEqual([]);
    expect((await report(api, 'closing_steps', { month: '2026-04-01', organization: id.org })).items).toEqual([]);

    const checks = (await report(api, 'closing_checks', { month: '2026-03-01', organization: id.org })).items;
    const march = new URLSearchParams({ ...MARCH, organization: id.org });
    expect(checks.map((c) => [c.code, c.result, c.link])).toEqual([
      ['drafts', 'Выполнено', { label: 'Журнал проводок за март 2026', link: `/m/accounting/reports/entries_journal?${march}` }],
      ['negative_stock', 'Выполнено', { label: 'ОСВ по счёту 41 за март 2026', link: `/m/accounting/reports/account_turnover_sheet?account=${acc['41']}&${march}` }],
      ['cost_sequence', 'Выполнено', { label: 'Карточка счёта 90.02 за март 2026', link: `/m/accounting/reports/account_card?account=${acc['90.02']}&${march}` }],
      ['trial_balance', 'Выполнено', { label: 'Оборотно-сальдовая ведомость за март 2026', link: `/m/accounting/reports/turnover_balance_sheet?${march}` }],
      ['closed_accounts', 'Выполнено', { label: 'Оборотно-сальдовая ведомость за март 2026', link: `/m/accounting/reports/turnover_balance_sheet?${march}` }],
    ]);
  });

  test('the ОСВ after closing: 44, 90, 91 closed to zero, 99 holds the result, Дт = Кт', async () => {
    const s = await sheet();
    expect(row(s.items, '44')).toEqual(['44', 0, 0, 400_000, 400_000, 0, 0]);
    // 90: Дт 10 000,00 + 4 400,00 (sale) + 4 000,00 (step 1) + 24 400,00 (90.01.1 closed) + 10 000,00 + 4 400,00 + 4 000,00 + 6 000,00 (into 90.09, to 99)
    //     = 67 200,00; Кт the same, every sub-account back at zero.
    expect(row(s.items, '90')).toEqual(['90', 0, 0, 6_720_000, 6_720_000, 0, 0]);
    // 91: Дт 1 200,00 + 500,00 + 1 200,00 = 2 900,00; Кт 500,00 + 1 200,00 + 500,00 + 700,00 = 2 900,00.
    expect(row(s.items, '91')).toEqual(['91', 0, 0, 290_000, 290_000, 0, 0]);
    // 99: Кт 6 000,00, Дт 700,00 — a credit balance of 5 300,00.
    expect(row(s.items, '99')).toEqual(['99', 0, 0, 70_000, 600_000, 0, 530_000]);
    expect(s.totals.debit).toBe(s.totals.credit);
    expect(s.totals.closing_debit).toBe(s.totals.closing_credit);
    // Opening 15 000,00 (41.01 / 84.01); closing Дт: 41 15 000,00 − 10 000,00 + 500,00 = 5 500,00, 62 24 400,00 = 29 900,00;
    // Кт: 51 −1 200,00 is shown as a negative debit (an active account), so Кт = 84 15 000,00 + 68 4 400,00 + 60 1 000,00 + 76 3 000,00 + 99 5 300,00 = 28 700,00, Дт 29 900,00 − 1 200,00 = 28 700,00.
    expect(s.totals).toMatchObject({ opening_debit: 1_500_000, opening_credit: 1_500_000, closing_debit: 2_870_000, closing_credit: 2_870_000 });
    expect(row(s.items, '51')).toEqual(['51', 0, 0, 0, 120_000, -120_000, 0]);
  });

  test('closing twice changes nothing: re-posting gives the same entries, the same ОСВ and steps', async () => {
    const before = await sheet();
    const journal = await report(api, 'entries_journal', { ...MARCH, document: closing.id });
    // 2 (step 1, one per cost item) + 4 + 2 + 1 + 1 = 10 entries.
    expect(journal.items).toHaveLength(10);
    const again = await api.post(`/api/accounting/documents/month_closing/${closing.id}/post`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ result: 530_000, steps: closing.steps, revision: 2 });
    expect(await sheet()).toEqual(before);
    expect((await report(api, 'entries_journal', { ...MARCH, document: closing.id })).items).toEqual(journal.items);
  });

  test('a second closing of March is refused, naming the first', async () => {
    const res = await api.post('/api/accounting/documents/month_closing?post=true', { organization: id.org, month: '2026-03-01' });
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe(
      'Месяц март 2026 по этой организации уже закрыт документом «Закрытие месяца» ЗМ-000002 от 31.03.2026. Чтобы закрыть месяц заново, перепроведите этот документ — он заменит свои проводки.',
    );
  });

  test('a late expense, then closing re-posted: its entries are replaced, the result follows', async () => {
    // 1 000,00 more rent on 31.03: 44.01 4 000,00 → 5 000,00, profit from sales 6 000,00 → 5 000,00, month 5 300,00 → 4 300,00.
    await postAccounting(api, 'operation', {
      organization: id.org,
      date: '2026-03-31',
      lines: [{ dt_account: acc['44.01'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 100_000 }],
    });
    const again = await api.post(`/api/accounting/documents/month_closing/${closing.id}/post`);
    expect(again.status).toBe(200);
    expect(again.body.result).toBe(430_000);
    expect(nb(again.body.steps)).toContain('7. Прибыль от продаж (Дт 90.09 Кт 99): 5 000,00 ₽');
    const s = await sheet();
    expect(row(s.items, '44')).toEqual(['44', 0, 0, 500_000, 500_000, 0, 0]);
    expect(row(s.items, '99')).toEqual(['99', 0, 0, 70_000, 500_000, 0, 430_000]);
    expect(row(s.items, '90')?.slice(5)).toEqual([0, 0]);
  });
});

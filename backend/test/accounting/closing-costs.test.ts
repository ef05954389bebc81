import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, report, sheetRows, startAccountingCompany } from './support';

/**
 * The steps of «Закрытие месяца» before 44/90/91, March 2026: амортизация of the fixed assets (linear, kopecks
 * rounded so the months add up to the cost), 26 by the accounting policy (директ-костинг to 90.08.1, or through
 * 20.01) and 20 into the cost of sales, the VAT left on 19 for a registered supplier's invoice deducted. Closing
 * again books nothing twice; a closing on or before the дата запрета is refused.
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const BANK = '40702810300180001774';
const closing: Record<string, Record<string, any>> = {};

const nb = (s: string) => s.replace(/\u00a0/g, ' ');
const row = (items: Record<string, any>[], code: string) => sheetRows(items).find((r) => r[0] === code);
const entries = async (doc: string) =>
  (await report(api, 'entries_journal', { ...MARCH, document: doc })).items.map((e) => [e.debit_account, e.credit_account, e.amount]);

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-closing-costs', { name: 'ООО «Сервис»', adminEmail: 'admin@servis.ru' });
  stack = t.stack;
  api = t.api;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Сервис»', inn: '7707083893', bik: '044525311', account: BANK });
  id.shop = await createItem(api, 'organizations', { name: 'ООО «Цех»', inn: nextInn(), bik: '044525311', account: BANK });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Заказчик»', inn: nextInn(), is_customer: true });
  id.landlord = await createItem(api, 'counterparties', { name: 'ООО «Арендодатель»', inn: nextInn() });
  id.contractor = await createItem(api, 'counterparties', { name: 'ООО «Подрядчик»', inn: nextInn() });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), kpp: '770101001', is_supplier: true });
  id.contract = await createItem(api, 'contracts', { name: 'Поставка', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  const cost = await itemsOf(api, 'cost_items');
  [id.rent, id.labor, id.depreciation] = [cost['Аренда'], cost['Оплата труда'], cost['Амортизация']];

  // «Сервис»: директ-костинг (the default), счета-фактуры by hand. «Цех»: 26 into the cost through 20.01.
  expect((await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика «Сервис»', organization: id.org, manual_invoices: true })).status).toBe(201);
  expect((await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика «Цех»', organization: id.shop, overheads: 'production' })).status).toBe(201);

  // Основные средства of «Сервис»: a laptop for the office (26), a shelf for the shop floor (44.01), a cabinet accepted in March (nothing yet).
  for (const [inventory_number, name, cost, accepted, useful_life, expense_account] of [
    ['0001', 'Ноутбук', 10_000_000, '2026-01-20', 36, '26'],
    ['0002', 'Стеллаж', 1_200_000, '2026-02-10', 12, '44.01'],
    ['0003', 'Шкаф', 600_000, '2026-03-05', 60, '26'],
  ] as const) {
    const res = await api.post('/api/accounting/catalogs/fixed_assets', { organization: id.org, inventory_number, name, cost, accepted, useful_life, expense_account });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  const op = (organization: string, lines: Record<string, unknown>[]) => postAccounting(api, 'operation', { organization, date: '2026-03-20', content: 'Операции марта', lines });
  await op(id.org, [
    { dt_account: acc['26'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 1_000_000 },
    { dt_account: acc['20.01'], dt_subconto1: id.labor, kt_account: acc['60.01'], kt_subconto1: id.contractor, amount: 500_000 },
    // Services sold 36 600,00 incl. VAT 36 600,00 × 22/122 = 6 600,00.
    { dt_account: acc['62.01'], dt_subconto1: id.customer, kt_account: acc['90.01.1'], amount: 3_660_000 },
    { dt_account: acc['90.03'], kt_account: acc['68.02'], kt_subconto1: 'tax', amount: 660_000 },
  ]);
  await op(id.shop, [
    { dt_account: acc['26'], dt_subconto1: id.rent, kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 300_000 },
    { dt_account: acc['20.01'], dt_subconto1: id.labor, kt_account: acc['60.01'], kt_subconto1: id.contractor, amount: 700_000 },
    // 24 400,00 incl. VAT 4 400,00.
    { dt_account: acc['62.01'], dt_subconto1: id.customer, kt_account: acc['90.01.1'], amount: 2_440_000 },
    { dt_account: acc['90.03'], kt_account: acc['68.02'], kt_subconto1: 'tax', amount: 440_000 },
  ]);

  // VAT: 10 kettles × 1 220,00 (VAT 2 200,00), the supplier's invoice № 15 registered — 2 200,00 deducted; then the
  // receipt is corrected to 15 kettles (VAT 3 300,00): 1 100,00 more on 19.03 for the same invoice. A second receipt
  // without the supplier's invoice: 220,00 stays on 19.03.
  const goods = (quantity: string) => [{ product: id.kettle, quantity, price: 122_000 }];
  const receipt = { date: '2026-03-05', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.contract, incoming_number: '15', incoming_date: '2026-03-05' };
  id.receipt = (await postDocument(api, 'receipt', { ...receipt, goods: goods('10') })).id;
  id.invoice = (await postAccounting(api, 'invoice_received', { organization: id.org, receipt: id.receipt, date: '2026-03-06' })).id;
  const changed = await api.patch(`/api/trade/documents/receipt/${id.receipt}`, { goods: goods('15') });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  expect((await api.post(`/api/trade/documents/receipt/${id.receipt}/post`)).status).toBe(200);
  await postDocument(api, 'receipt', { ...receipt, date: '2026-03-12', incoming_number: '', incoming_date: null, goods: goods('1') });
});
afterAll(() => stack?.close());

describe('closing March', () => {
  test('«Сервис»: depreciation 2 777,78 + 1 000,00, 26 → 90.08.1, 20 → 90.02.1, VAT 1 100,00 deducted, profit 11 222,22', async () => {
    closing.org = await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-03-01' });
    // Ноутбук: 100 000,00 / 36 months; February (month 1) 2 777,78, March (month 2) round(200 000,00 / 36) − 2 777,78 = 5 555,56 − 2 777,78 = 2 777,78.
    // Стеллаж: 12 000,00 / 12 = 1 000,00 from March. Шкаф: accepted in March, depreciated from April.
    // 26: rent 10 000,00 + 2 777,78 = 12 777,78 → 90.08.1. 90.09: 36 600,00 − 5 000,00 − 6 600,00 − 1 000,00 − 12 777,78 = 11 222,22.
    expect(closing.org).toMatchObject({ result: 1_122_222 });
    expect(nb(closing.org.steps).split('\n')).toEqual([
      'Закрытие месяца: март 2026, проводки от 31.03.2026',
      '1. Амортизация основных средств (Дт 26 Кт 02): 2 777,78 ₽',
      '1. Амортизация основных средств (Дт 44.01 Кт 02): 1 000,00 ₽',
      '2. Списание общехозяйственных расходов (директ-костинг) (Дт 90.08.1 Кт 26): 12 777,78 ₽',
      '2. Закрытие счёта 20 «Основное производство»: себестоимость продаж (Дт 90.02.1 Кт 20.01): 5 000,00 ₽',
      '3. НДС к вычету по зарегистрированным счетам-фактурам поставщиков (Дт 68.02 Кт 19.03): 1 100,00 ₽',
      '3. НДС 220,00 ₽ остаётся на счёте 19 — зарегистрируйте счета-фактуры поставщиков: поступление ПТУ-000002 от 12.03.2026',
      '4. Списание издержек обращения (расходов на продажу) (Дт 90.07.1 Кт 44.01): 1 000,00 ₽',
      '5. Закрытие субсчёта 90.01.1 «Выручка по деятельности с основной системой налогообложения» (Дт 90.01.1 Кт 90.09): 36 600,00 ₽',
      '5. Закрытие субсчёта 90.02.1 «Себестоимость продаж по деятельности с основной системой налогообложения» (Дт 90.09 Кт 90.02.1): 5 000,00 ₽',
      '5. Закрытие субсчёта 90.03 «Налог на добавленную стоимость» (Дт 90.09 Кт 90.03): 6 600,00 ₽',
      '5. Закрытие субсчёта 90.07.1 «Расходы на продажу по деятельности с основной системой налогообложения» (Дт 90.09 Кт 90.07.1): 1 000,00 ₽',
      '5. Закрытие субсчёта 90.08.1 «Управленческие расходы по деятельности с основной системой налогообложения» (Дт 90.09 Кт 90.08.1): 12 777,78 ₽',
      '6. Закрытие субсчетов счёта 91: оборотов нет',
      '7. Прибыль от продаж (Дт 90.09 Кт 99): 11 222,22 ₽',
      '8. Сальдо прочих доходов и расходов: равно нулю',
      'Финансовый результат месяца: прибыль 11 222,22 ₽',
    ]);
    // The entries themselves, as the journal shows them.
    expect(await entries(closing.org.id)).toEqual([
      ['26', '02', 277_778],
      ['44.01', '02', 100_000],
      // One entry per cost item of 26, in the order of their ids: Амортизация, then Аренда.
      ['90.08.1', '26', 277_778],
      ['90.08.1', '26', 1_000_000],
      ['90.02.1', '20.01', 500_000],
      ['68.02', '19.03', 110_000],
      ['90.07.1', '44.01', 100_000],
      ['90.01.1', '90.09', 3_660_000],
      ['90.09', '90.02.1', 500_000],
      ['90.09', '90.03', 660_000],
      ['90.09', '90.07.1', 100_000],
      ['90.09', '90.08.1', 1_277_778],
      ['90.09', '99', 1_122_222],
    ]);
    const sheet = await report(api, 'turnover_balance_sheet', { ...MARCH, organization: id.org });
    // 02 holds the month's depreciation; 20, 26, 44, 90 are empty; 19 keeps the 220,00 of the receipt without an invoice.
    expect(row(sheet.items, '02')).toEqual(['02', 0, 0, 0, 377_778, 0, 377_778]);
    for (const code of ['20', '26', '44', '90']) expect(row(sheet.items, code)?.slice(5), code).toEqual([0, 0]);
    // 19: 2 200,00 + 1 100,00 + 220,00 in; 2 200,00 (the invoice) + 1 100,00 (the closing) deducted.
    expect(row(sheet.items, '19')).toEqual(['19', 0, 0, 352_000, 330_000, 22_000, 0]);
    expect(sheet.totals.closing_debit).toBe(sheet.totals.closing_credit);
    // ф. 2 for March: 26 under direct costing is «Управленческие расходы» (2220), 20 is in the cost of sales (2120).
    const form = (await report(api, 'financial_results', { ...MARCH, organization: id.org })).items;
    const line = (code: string) => form.find((r) => r.line === code)!;
    expect(['2110', '2120', '2210', '2220', '2200'].map((code) => [code, line(code).shown])).toEqual([
      ['2110', '30'],
      ['2120', '(5)'],
      ['2210', '(1)'],
      ['2220', '(13)'],
      ['2200', '11'],
    ]);
    expect(nb(line('2220').decoding)).toBe('Дт 90.08.1 12 777,78 = 12 777,78 ₽');
  });

  test('the книга покупок has the deduction of the closing as a second line of the same invoice', async () => {
    const book = await report(api, 'purchase_book', { organization: id.org, year: '2026', quarter: '1' });
    // The invoice: 12 200,00 with VAT 2 200,00; the closing: the 6 100,00 the receipt grew by, VAT 1 100,00.
    expect(book.items.map((r) => [r.operation, r.invoice, r.total, r.vat])).toEqual([
      ['01', '15 от 05.03.2026', 1_220_000, 220_000],
      ['01', '15 от 05.03.2026', 610_000, 110_000],
    ]);
    // The return's check of 68.02 against the books names every document whose entries the books do not carry
    // (here the hand-entered sales): the closing is not among them — its deduction is in the book.
    const control = (await report(api, 'vat_return', { organization: id.org, year: '2026', quarter: '1' })).items.find((r) => r.section === 'Контроль' && String(r.indicator).startsWith('Обороты счёта 68.02'))!;
    expect(control.indicator).not.toContain('Закрытие месяца');
  });

  test('«Цех» (26 into the cost): 26 → 20.01 by cost item, 20.01 → 90.02.1, no fixed assets, profit 10 000,00', async () => {
    closing.shop = await postAccounting(api, 'month_closing', { organization: id.shop, month: '2026-03-01' });
    expect(closing.shop).toMatchObject({ result: 1_000_000 });
    expect(nb(closing.shop.steps).split('\n').slice(1, 6)).toEqual([
      '1. Амортизация основных средств: основных средств в эксплуатации нет',
      '2. Распределение общехозяйственных расходов на основное производство (Дт 20.01 Кт 26): 3 000,00 ₽',
      // 7 000,00 labour + 3 000,00 rent from 26.
      '2. Закрытие счёта 20 «Основное производство»: себестоимость продаж (Дт 90.02.1 Кт 20.01): 10 000,00 ₽',
      '3. НДС к вычету: на счёте 19 нет НДС по зарегистрированным счетам-фактурам',
      '4. Списание издержек обращения (расходов на продажу): остатка на счёте 44 нет',
    ]);
    // 20.01 keeps the cost item of 26: the card of 20.01 shows rent in and out.
    const card = await report(api, 'account_card', { account: acc['20.01'], ...MARCH, organization: id.shop });
    expect(card.totals).toMatchObject({ debit: 1_000_000, credit: 1_000_000 });
    const sheet = await report(api, 'turnover_balance_sheet', { ...MARCH, organization: id.shop });
    expect(row(sheet.items, '26')).toEqual(['26', 0, 0, 300_000, 300_000, 0, 0]);
    expect(row(sheet.items, '20')).toEqual(['20', 0, 0, 1_000_000, 1_000_000, 0, 0]);
    expect(row(sheet.items, '99')).toEqual(['99', 0, 0, 0, 1_000_000, 0, 1_000_000]);
    // Each step leads to the card of what it closed: 26, then 20.01.
    const steps = (await report(api, 'closing_steps', { month: '2026-03-01', organization: id.shop })).items;
    expect(steps.slice(0, 2).map((s) => [s.entry, s.amount, s.link_label])).toEqual([
      ['Дт 20.01 Кт 26', 300_000, 'Карточка счёта 26 за март 2026'],
      ['Дт 90.02.1 Кт 20.01', 1_000_000, 'Карточка счёта 20.01 за март 2026'],
    ]);
  });

  test('closing again books nothing twice: the same entries, ОСВ and book', async () => {
    const before = [await entries(closing.org.id), await report(api, 'turnover_balance_sheet', { ...MARCH, organization: id.org }), await report(api, 'purchase_book', { organization: id.org, year: '2026', quarter: '1' })];
    const again = await api.post(`/api/accounting/documents/month_closing/${closing.org.id}/post`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ result: 1_122_222, steps: closing.org.steps });
    expect([await entries(closing.org.id), await report(api, 'turnover_balance_sheet', { ...MARCH, organization: id.org }), await report(api, 'purchase_book', { organization: id.org, year: '2026', quarter: '1' })]).toEqual(before);
    // April: the laptop's third month is 100 000,00 × 3 / 36 = 8 333,33 − 5 555,56 = 2 777,77; the cabinet's first 6 000,00 / 60 = 100,00.
    const april = await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-04-01' });
    expect(nb(april.steps).split('\n').slice(1, 4)).toEqual([
      '1. Амортизация основных средств (Дт 26 Кт 02): 2 877,77 ₽',
      '1. Амортизация основных средств (Дт 44.01 Кт 02): 1 000,00 ₽',
      '2. Списание общехозяйственных расходов (директ-костинг) (Дт 90.08.1 Кт 26): 2 877,77 ₽',
    ]);
  });

  test('a closing on or before the дата запрета is refused: re-posting, cancelling, a new one', async () => {
    const policy = (await api.get('/api/accounting/catalogs/policies')).body.items.find((p: { organization: string }) => p.organization === id.shop);
    expect((await api.patch(`/api/accounting/catalogs/policies/${policy.id}`, { ban_date: '2026-03-31' })).status).toBe(200);
    for (const res of [
      await api.post(`/api/accounting/documents/month_closing/${closing.shop.id}/post`),
      await api.post(`/api/accounting/documents/month_closing/${closing.shop.id}/cancel`),
      await api.post('/api/accounting/documents/month_closing?post=true', { organization: id.shop, month: '2026-02-01' }),
    ]) {
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain('По организации «ООО «Цех»» установлена дата запрета изменения данных 31.03.2026');
    }
    expect((await api.get(`/api/accounting/documents/month_closing/${closing.shop.id}`)).body).toMatchObject({ status: 'posted', result: 1_000_000 });
  });
});

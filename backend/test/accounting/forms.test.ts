import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, report, startAccountingCompany } from './support';

/**
 * Бухгалтерский баланс (ф. 1) and Отчёт о финансовых результатах (ф. 2) of a hand-computed first quarter of
 * 2026 (ОСНО, НДС 22 %, налог на прибыль 25 %): opening balances at 31.12.2025, a purchase, a sale, payments,
 * an advance with its VAT, rent, depreciation, bank fees, loan interest, other income, the profit tax, and
 * the three months closed. Every figure is worked out in the comments, in kopecks and in thousands.
 */
let stack: TestStack;
let api: Api;
let token: string;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const BANK = '40702810300180001774';
const Q1 = { from: '2026-01-01', to: '2026-03-31' };

const nb = (s: string) => s.replace(/[\u00a0\u2212]/g, (c) => (c === '\u00a0' ? ' ' : '−'));
type Row = Record<string, any>;
const balance = async (date: string, organization = id.org) => (await report(api, 'balance_sheet', { date, organization })).items as Row[];
const results = async (from: string, to: string) => (await report(api, 'financial_results', { from, to, organization: id.org })).items as Row[];
const line = (rows: Row[], code: string) => rows.find((r) => r.line === code)!;
/** [code, current, previous] of the lines asked. */
const figures = (rows: Row[], codes: string[]) => codes.map((c) => [c, line(rows, c).current, line(rows, c).previous]);
const check = (rows: Row[]) => rows.find((r) => r.level === 'check')!;

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-forms', { name: 'ООО «Квартал»', adminEmail: 'admin@kvartal.ru' });
  stack = t.stack;
  api = t.api;
  token = t.tenant.adminToken;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Квартал»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: BANK });
  // The forms from entries computed by hand: invoices by hand too (auto-invoices.test.ts has them made on posting).
  expect((await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика', organization: id.org, manual_invoices: true })).status).toBe(201);
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.paper = await createItem(api, 'products', { name: 'Бумага' });
  for (const [key, name] of [
    ['oldSupplier', 'ООО «Старый поставщик»'],
    ['supplier', 'ООО «Поставщик»'],
    ['prepaid', 'ООО «Подрядчик»'],
    ['customerA', 'ООО «Покупатель А»'],
    ['customerB', 'ООО «Покупатель Б»'],
    ['landlord', 'ООО «Арендодатель»'],
    ['lender', 'АО «Банк-кредитор»'],
  ])
    id[key] = await createItem(api, 'counterparties', { name, inn: nextInn(), is_supplier: true, is_customer: true });
  id.buy = await createItem(api, 'contracts', { name: 'Договор поставки 1', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.saleA = await createItem(api, 'contracts', { name: 'Договор с покупателем А', owner_id: id.customerA, organization: id.org, kind: 'customer' });
  id.saleB = await createItem(api, 'contracts', { name: 'Договор с покупателем Б', owner_id: id.customerB, organization: id.org, kind: 'customer' });
  const cost = await itemsOf(api, 'cost_items');
  const other = await itemsOf(api, 'income_expense_items');

  // Opening balances at 31.12.2025: Дт 1 200 000,00 + 20 000,00 + 500 000,00 + 10 000,00 + 150 000,00 + 20 000,00 = 1 900 000,00;
  // Кт 300 000,00 + 200 000,00 + 40 000,00 + 100 000,00 + 300 000,00 + 960 000,00 = 1 900 000,00.
  await postAccounting(api, 'opening_balances', {
    organization: id.org,
    date: '2025-12-31',
    lines: [
      { account: acc['01'], debit: 120_000_000 },
      { account: acc['02'], credit: 30_000_000 },
      { account: acc['10.01'], subconto1: id.paper, subconto2: id.main, debit: 2_000_000, quantity: '100' },
      { account: acc['51'], subconto1: BANK, debit: 50_000_000 },
      { account: acc['50.01'], debit: 1_000_000 },
      { account: acc['62.01'], subconto1: id.customerA, debit: 15_000_000 },
      { account: acc['60.02'], subconto1: id.prepaid, debit: 2_000_000 },
      { account: acc['60.01'], subconto1: id.oldSupplier, credit: 20_000_000 },
      { account: acc['68.02'], subconto1: 'tax', credit: 4_000_000 },
      { account: acc['80'], credit: 10_000_000 },
      { account: acc['66'], subconto1: id.lender, credit: 30_000_000 },
      { account: acc['84.01'], credit: 96_000_000 },
    ],
  });
  // January: 100 kettles at 1 220,00 incl. VAT = 122 000,00 (VAT 22 000,00, net 100 000,00), paid in full.
  const receipt = await postDocument(api, 'receipt', { date: '2026-01-15', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, goods: [{ product: id.kettle, quantity: '100', price: 122_000 }] });
  expect(receipt).toMatchObject({ total: 12_200_000, vat: 2_200_000 });
  await postDocument(api, 'money_out', { date: '2026-01-20', organization: id.org, counterparty: id.supplier, contract: id.buy, amount: 12_200_000, allocation: [{ contract: id.buy, document: receipt.id, amount: 12_200_000 }] });
  // February: 60 kettles to А at 2 440,00 = 146 400,00 incl. VAT 26 400,00; cost 60 × 1 000,00 = 60 000,00; А pays 100 000,00; rent 30 000,00.
  const sale = await postDocument(api, 'sale', { date: '2026-02-10', organization: id.org, warehouse: id.main, counterparty: id.customerA, contract: id.saleA, goods: [{ product: id.kettle, quantity: '60', price: 244_000 }] });
  expect(sale).toMatchObject({ total: 14_640_000, vat: 2_640_000 });
  await postDocument(api, 'money_in', { date: '2026-02-25', organization: id.org, counterparty: id.customerA, contract: id.saleA, amount: 10_000_000, allocation: [{ contract: id.saleA, document: sale.id, amount: 10_000_000 }] });
  await postAccounting(api, 'operation', {
    organization: id.org,
    date: '2026-02-28',
    lines: [{ dt_account: acc['44.01'], dt_subconto1: cost['Аренда'], kt_account: acc['76.05'], kt_subconto1: id.landlord, amount: 3_000_000 }],
  });
  // March: Б pays an advance of 24 400,00 (VAT on it 24 400,00 × 22/122 = 4 400,00 → Дт 76.АВ Кт 68.02);
  // depreciation 15 000,00 (44.01); bank fees 1 500,00, loan interest 9 000,00 (91.02); other income 5 000,00 (91.01);
  // profit tax 25 % of the quarter's 9 500,00 = 2 375,00.
  await postDocument(api, 'money_in', { date: '2026-03-05', organization: id.org, counterparty: id.customerB, contract: id.saleB, amount: 2_440_000, allocation: [{ contract: id.saleB, amount: 2_440_000 }] });
  await postAccounting(api, 'operation', {
    organization: id.org,
    date: '2026-03-31',
    lines: [
      { dt_account: acc['76.АВ'], dt_subconto1: id.customerB, kt_account: acc['68.02'], kt_subconto1: 'tax', amount: 440_000 },
      { dt_account: acc['44.01'], dt_subconto1: cost['Амортизация'], kt_account: acc['02'], amount: 1_500_000 },
      { dt_account: acc['91.02'], dt_subconto1: other['Расходы на услуги банков'], kt_account: acc['51'], kt_subconto1: BANK, amount: 150_000 },
      { dt_account: acc['91.02'], dt_subconto1: other['Прочие внереализационные доходы (расходы)'], kt_account: acc['66'], kt_subconto1: id.lender, amount: 900_000 },
      { dt_account: acc['51'], dt_subconto1: BANK, kt_account: acc['91.01'], kt_subconto1: other['Прочие внереализационные доходы (расходы)'], amount: 500_000 },
      { dt_account: acc['99'], kt_account: acc['68.04.1'], kt_subconto1: 'tax', amount: 237_500 },
    ],
  });
  // January closes with nothing; February: 146 400,00 − 26 400,00 − 60 000,00 − 30 000,00 = 30 000,00 profit.
  expect((await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-01-01' })).result).toBe(0);
  expect((await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-02-01' })).result).toBe(3_000_000);
});
afterAll(() => stack?.close());

describe('Бухгалтерский баланс', () => {
  test('before March is closed it still balances: 44 sits in 1210, the unclosed 91 in 1370', async () => {
    const rows = await balance('2026-03-31');
    // 1210: 10.01 20 000,00 + 41.01 (100 000,00 − 60 000,00) + 44.01 15 000,00 = 75 000,00.
    expect(line(rows, '1210')).toMatchObject({ current: 75, amount: 7_500_000 });
    // 1370: 84.01 960 000,00 + 99 (30 000,00 − 2 375,00) − 91 (9 000,00 + 1 500,00 − 5 000,00) = 982 125,00.
    expect(line(rows, '1370')).toMatchObject({ current: 982, amount: 98_212_500 });
    expect(nb(line(rows, '1370').decoding)).toBe('Кт 84.01 960 000,00 + Кт 91.01 5 000,00 − Дт 91.02 10 500,00 + Кт 99 27 625,00 = 982 125,00 ₽');
    expect(figures(rows, ['1600', '1700'])).toEqual([['1600', 1714, 1600], ['1700', 1714, 1600]]);
    expect(check(rows).ok).toBe(true);
  });

  test('at 31.03.2026, March closed: every line in thousands, the previous year-end beside it, актив = пассив', async () => {
    expect((await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-03-01' })).result).toBe(-2_050_000);
    const rows = await balance('2026-03-31');
    expect(figures(rows, ['1110', '1150', '1170', '1100', '1210', '1220', '1230', '1240', '1250', '1260', '1200', '1600'])).toEqual([
      ['1110', 0, 0],
      // 01 1 200 000,00 − 02 (300 000,00 + 15 000,00) = 885 000,00; a year before 900 000,00.
      ['1150', 885, 900],
      ['1170', 0, 0],
      ['1100', 885, 900],
      // 10.01 20 000,00 + 41.01 40 000,00 (44 written off by the closing); a year before the paper alone.
      ['1210', 60, 20],
      ['1220', 22, 0],
      // А owes 150 000,00 + 146 400,00 − 100 000,00 = 196 400,00; the advance to the contractor 20 000,00: 216 400,00.
      ['1230', 216, 170],
      ['1240', 0, 0],
      // 51: 500 000,00 − 122 000,00 + 100 000,00 + 24 400,00 − 1 500,00 + 5 000,00 = 505 900,00; 50.01 10 000,00 → 515 900,00 → 516.
      ['1250', 516, 510],
      ['1260', 0, 0],
      // The totals add the rounded lines: 60 + 22 + 216 + 516 = 814.
      ['1200', 814, 700],
      ['1600', 1699, 1600],
    ]);
    expect(figures(rows, ['1310', '1370', '1300', '1410', '1400', '1510', '1520', '1500', '1700'])).toEqual([
      ['1310', 100, 100],
      // 84.01 960 000,00 + 99 (30 000,00 − 20 500,00 − 2 375,00 = 7 125,00) = 967 125,00.
      ['1370', 967, 960],
      ['1300', 1067, 1060],
      ['1410', 0, 0],
      ['1400', 0, 0],
      // The loan 300 000,00 and its interest 9 000,00.
      ['1510', 309, 300],
      // 60.01 200 000,00 + 62.02 24 400,00 + 76.05 30 000,00 + 68.02 (40 000,00 + 26 400,00 + 4 400,00) + 68.04.1 2 375,00
      // − 76.АВ 4 400,00 = 323 175,00.
      ['1520', 323, 240],
      ['1500', 632, 540],
      ['1700', 1699, 1600],
    ]);
    // Exact kopecks: 885 000,00 + 60 000,00 + 22 000,00 + 216 400,00 + 515 900,00 = 1 699 300,00 on both sides.
    expect([line(rows, '1600').amount, line(rows, '1700').amount]).toEqual([169_930_000, 169_930_000]);
    expect(nb(check(rows).title)).toBe('Актив (стр. 1600) равен пассиву (стр. 1700): на 31.03.2026 — 1 699 300,00 ₽, на 31.12.2025 — 1 600 000,00 ₽.');
    expect(rows.filter((r) => r.level === 'section').map((r) => r.title)).toEqual([
      'АКТИВ',
      'I. ВНЕОБОРОТНЫЕ АКТИВЫ',
      'II. ОБОРОТНЫЕ АКТИВЫ',
      'ПАССИВ',
      'III. КАПИТАЛ И РЕЗЕРВЫ',
      'IV. ДОЛГОСРОЧНЫЕ ОБЯЗАТЕЛЬСТВА',
      'V. КРАТКОСРОЧНЫЕ ОБЯЗАТЕЛЬСТВА',
    ]);
  });

  test('the decoding: each line’s accounts in exact kopecks, settlements expanded by counterparty', async () => {
    const rows = await balance('2026-03-31');
    expect(nb(line(rows, '1150').decoding)).toBe('Дт 01 1 200 000,00 − Кт 02 315 000,00 = 885 000,00 ₽');
    expect(nb(line(rows, '1210').decoding)).toBe('Дт 10.01 20 000,00 + Дт 41.01 40 000,00 = 60 000,00 ₽');
    expect(nb(line(rows, '1250').decoding)).toBe('Дт 50.01 10 000,00 + Дт 51 505 900,00 = 515 900,00 ₽');
    expect(nb(line(rows, '1520').decoding)).toBe('Кт 60.01 200 000,00 + Кт 62.02 24 400,00 + Кт 68.02 70 800,00 + Кт 68.04.1 2 375,00 + Кт 76.05 30 000,00 − Дт 76.АВ 4 400,00 = 323 175,00 ₽');
    expect(nb(line(rows, '1200').decoding)).toBe('стр. 1210 60 000,00 + стр. 1220 22 000,00 + стр. 1230 216 400,00 + стр. 1250 515 900,00 = 814 300,00 ₽');
    // The receivables name who owes: А on 62.01, the contractor's advance on 60.02 (the supplier paid in full is not there).
    expect(line(rows, '1230').details.map((d: Row) => [d.account, d.side, d.subconto_name, d.sum, d.amount])).toEqual([
      ['60.02', 'Дт', 'ООО «Подрядчик»', 2_000_000, 2_000_000],
      ['62.01', 'Дт', 'ООО «Покупатель А»', 19_640_000, 19_640_000],
    ]);
    expect(line(rows, '1520').details.find((d: Row) => d.account === '62.02')).toMatchObject({ side: 'Кт', subconto_name: 'ООО «Покупатель Б»', sum: 2_440_000 });
    expect(line(rows, '1320')).toMatchObject({ current: 0, shown: '-', decoding: '', details: [] });
  });

  test('a customer who has paid more than he owes is a creditor: 62 is not netted across counterparties', async () => {
    // Б's advance (Кт 62.02) stays in 1520 while А's debt (Дт 62.01) is in 1230 — shown above; here one
    // counterparty on one sub-account: А overpays by 3 000,00 on 62.01 in April.
    await postAccounting(api, 'operation', {
      organization: id.org,
      date: '2026-04-02',
      lines: [{ dt_account: acc['51'], dt_subconto1: BANK, kt_account: acc['62.01'], kt_subconto1: id.customerA, amount: 19_940_000 }],
    });
    const rows = await balance('2026-04-02');
    // 62.01 А: 196 400,00 − 199 400,00 = −3 000,00 → 1520, not a smaller 1230.
    expect(line(rows, '1230').details.map((d: Row) => d.account)).toEqual(['60.02']);
    expect(line(rows, '1520').details.find((d: Row) => d.account === '62.01')).toMatchObject({ side: 'Кт', subconto_name: 'ООО «Покупатель А»', sum: 300_000 });
    expect(check(rows).ok).toBe(true);
  });

  test('opening balances that do not agree: the check names 000 and the difference', async () => {
    const other = await createItem(api, 'organizations', { name: 'ООО «Недостача»', inn: nextInn() });
    // Only the cash is entered: Дт 50.01 Кт 000 1 000,00, nothing against it.
    await postAccounting(api, 'opening_balances', { organization: other, date: '2025-12-31', lines: [{ account: acc['50.01'], debit: 100_000 }] });
    const rows = await balance('2026-03-31', other);
    expect(figures(rows, ['1250', '1600', '1700'])).toEqual([['1250', 1, 1], ['1600', 1, 1], ['1700', 0, 0]]);
    expect(check(rows).ok).toBe(false);
    expect(nb(check(rows).title)).toBe(
      'Баланс не сходится: на 31.03.2026 актив (стр. 1600) 1 000,00 ₽ не равен пассиву (стр. 1700) 0,00 ₽, разница 1 000,00 ₽: остатки счетов, не входящих ни в одну строку баланса, — 000 «Вспомогательный» Кт 1 000,00 ₽ (остаток на 000 — введённые остатки не сходятся: проверьте «Ввод остатков»); ' +
        'на 31.12.2025 актив (стр. 1600) 1 000,00 ₽ не равен пассиву (стр. 1700) 0,00 ₽, разница 1 000,00 ₽: остатки счетов, не входящих ни в одну строку баланса, — 000 «Вспомогательный» Кт 1 000,00 ₽ (остаток на 000 — введённые остатки не сходятся: проверьте «Ввод остатков»).',
    );
  });

  test('Excel: the form’s lines in thousands as the form prints them', async () => {
    const res = await fetch(`${stack.url}/api/accounting/reports/balance_sheet?date=2026-03-31&organization=${id.org}&format=xlsx`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Код', 'Наименование показателя', 'На отчётную дату, тыс. руб.', 'На 31 декабря предыдущего года, тыс. руб.', 'Расшифровка (руб. коп.)']);
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const at = (code: string) => rows.find((r) => r[1] === code)!;
    expect(at('1250').slice(1, 5)).toEqual(['1250', 'Денежные средства и денежные эквиваленты', '516', '510']);
    expect(at('1700').slice(3, 5).map(nb)).toEqual(['1 699', '1 600']);
  });
});

describe('Отчёт о финансовых результатах', () => {
  test('the first quarter: each line in thousands, totals from the rounded lines as the form adds up', async () => {
    const rows = await results(Q1.from, Q1.to);
    expect(rows.map((r) => [r.line, r.current, r.previous, r.shown])).toEqual([
      // 146 400,00 − VAT 26 400,00.
      ['2110', 120, 0, '120'],
      ['2120', 60, 0, '(60)'],
      ['2100', 60, 0, '60'],
      // Rent 30 000,00 (February) and depreciation 15 000,00 (March), written off from 44 by the closings.
      ['2210', 45, 0, '(45)'],
      ['2220', 0, 0, '-'],
      ['2200', 15, 0, '15'],
      ['2310', 0, 0, '-'],
      ['2320', 0, 0, '-'],
      // Дт 91.02 Кт 66: the loan's interest.
      ['2330', 9, 0, '(9)'],
      ['2340', 5, 0, '5'],
      // Bank fees 1 500,00 → 2 (half up).
      ['2350', 2, 0, '(2)'],
      // 15 − 9 + 5 − 2 = 9, though the exact 9 500,00 would round to 10: the form adds its rounded lines.
      ['2300', 9, 0, '9'],
      ['2410', 2, 0, '(2)'],
      ['2400', 7, 0, '7'],
    ]);
    expect(line(rows, '2300').amount).toBe(950_000);
    // Net profit 9 500,00 − 2 375,00 = 7 125,00: what 99 holds at 31.03 (ф. 1 line 1370 less 84).
    expect(line(rows, '2400').amount).toBe(712_500);
  });

  test('the decoding: turnovers without the closing’s own entries, exact kopecks', async () => {
    const rows = await results(Q1.from, Q1.to);
    expect(nb(line(rows, '2110').decoding)).toBe('Кт 90.01.1 146 400,00 − Дт 90.03 26 400,00 = 120 000,00 ₽');
    expect(nb(line(rows, '2210').decoding)).toBe('Дт 90.07.1 45 000,00 = 45 000,00 ₽');
    expect(nb(line(rows, '2350').decoding)).toBe('Дт 91.02 1 500,00 = 1 500,00 ₽');
    expect(nb(line(rows, '2330').decoding)).toBe('Дт 91.02 9 000,00 = 9 000,00 ₽');
    expect(nb(line(rows, '2410').decoding)).toBe('Кт 68.04.1 2 375,00 = 2 375,00 ₽');
    expect(nb(line(rows, '2300').decoding)).toBe('стр. 2200 15 000,00 − стр. 2330 9 000,00 + стр. 2340 5 000,00 − стр. 2350 1 500,00 = 9 500,00 ₽');
  });

  test('one month at a time: February alone, and the same quarter a year later shows this one as the year before', async () => {
    const feb = await results('2026-02-01', '2026-02-28');
    expect(figures(feb, ['2110', '2120', '2210', '2200', '2300'])).toEqual([['2110', 120, 0], ['2120', 60, 0], ['2210', 30, 0], ['2200', 30, 0], ['2300', 30, 0]]);
    const later = await results('2027-01-01', '2027-03-31');
    expect(figures(later, ['2110', '2300', '2400'])).toEqual([['2110', 0, 120], ['2300', 0, 9], ['2400', 0, 7]]);
    expect((await api.get(`/api/accounting/reports/financial_results?from=2026-03-31&to=2026-01-01`)).status).toBe(400);
  });
});

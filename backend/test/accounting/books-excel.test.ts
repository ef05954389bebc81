import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, report, startAccountingCompany } from './support';

/**
 * The books as Excel (the engine's `format=xlsx`, for any report): книга покупок, книга продаж, КУДиР, the ОСВ and
 * the карточка счёта of I квартал 2026 open in exceljs with the screen's figures — every cell of every row, money in
 * rubles, dates as Excel dates, the header in the first row — and the figures an accountant checks by hand.
 */
let stack: TestStack;
let api: Api;
let token: string;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const Q1 = { from: '2026-01-01', to: '2026-03-31' };
const BANK = '40702810300180001774';

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-books-excel', { name: 'Книги', adminEmail: 'admin@knigi.ru' });
  stack = t.stack;
  api = t.api;
  token = t.tenant.adminToken;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Книги»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: BANK });
  id.usn = await createItem(api, 'organizations', { name: 'ООО «Упрощёнка»', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
  const main = await createItem(api, 'warehouses', { name: 'Основной' });
  const kettle = await createItem(api, 'products', { name: 'Чайник' });
  const supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), kpp: '770101001', is_supplier: true });
  const customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), kpp: '770101001', is_customer: true });
  const buy = await createItem(api, 'contracts', { name: 'Поставка', owner_id: supplier, organization: id.org, kind: 'supplier' });
  const sell = await createItem(api, 'contracts', { name: 'Продажа', owner_id: customer, organization: id.org, kind: 'customer' });
  const usnSell = await createItem(api, 'contracts', { name: 'Продажа УСН', owner_id: customer, organization: id.usn, kind: 'customer' });
  // 10 kettles × 1 220,00 (VAT 22/122: 2 200,00) with the supplier's invoice № 77; 5 sold × 3 660,00 = 18 300,00 (VAT 3 300,00), cost 5 000,00.
  await postDocument(api, 'receipt', { date: '2026-01-15', organization: id.org, warehouse: main, counterparty: supplier, contract: buy, incoming_number: '77', incoming_date: '2026-01-15', goods: [{ product: kettle, quantity: '10', price: 122_000 }] });
  await postDocument(api, 'sale', { date: '2026-02-10', organization: id.org, warehouse: main, counterparty: customer, contract: sell, goods: [{ product: kettle, quantity: '5', price: 366_000 }] });
  // УСН: 10 000,00 from the customer is the КУДиР's доход.
  await postDocument(api, 'money_in', { date: '2026-02-05', organization: id.usn, counterparty: customer, contract: usnSell, amount: 1_000_000, allocation: [{ contract: usnSell, amount: 1_000_000 }] });
});
afterAll(() => stack?.close());

type Sheet = { header: unknown[]; rows: unknown[][]; total: unknown[] };

/**
 * The report on the screen (JSON) and in Excel, checked cell by cell: the header is the columns' titles, each row
 * the screen's row (money in rubles), the last row «Итого» the screen's totals. Returns the sheet to read figures from.
 */
async function sameAsScreen(code: string, params: Record<string, string>): Promise<Sheet> {
  const screen = await report(api, code, params);
  const { columns } = (await api.get(`/api/accounting/reports/${code}?${new URLSearchParams(params)}`)).body as { columns: { field: string; title: string; type?: string }[] };
  const res = await fetch(`${stack.url}/api/accounting/reports/${code}?${new URLSearchParams({ ...params, format: 'xlsx' })}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = book.worksheets[0];
  const cells = (n: number) => columns.map((_, i) => sheet.getRow(n).getCell(i + 1).value ?? null).map((v) => (v === '' ? null : v));
  // Money in rubles; a date (ISO on the screen) a real Excel date, midnight UTC of that day.
  const value = (type: string | undefined, v: unknown) =>
    v === undefined || v === null || v === '' ? null : type === 'money' ? Number(v) / 100 : type === 'date' ? new Date(`${v}T00:00:00Z`) : v;
  expect(cells(1)).toEqual(columns.map((c) => c.title));
  screen.items.forEach((item, i) => expect(cells(i + 2), `${code}, row ${i + 1}`).toEqual(columns.map((c) => value(c.type, item[c.field]))));
  const last = screen.items.length + 2;
  expect(cells(last)).toEqual(columns.map((c, i) => (i === 0 ? 'Итого' : c.field in screen.totals ? value(c.type, screen.totals[c.field]) : null)));
  expect(sheet.rowCount).toBe(last);
  // The first row is the header (no title rows above it), and a date column holds dates shown as дд.мм.гггг.
  columns.forEach((c, i) => {
    if (c.type !== 'date') return;
    expect(sheet.getColumn(i + 1).numFmt, c.title).toBe('dd.mm.yyyy');
    for (let n = 2; n < last; n++) if (sheet.getRow(n).getCell(i + 1).value !== null) expect(sheet.getRow(n).getCell(i + 1).type, `${c.title}, row ${n}`).toBe(ExcelJS.ValueType.Date);
  });
  return { header: cells(1), rows: screen.items.map((_, i) => cells(i + 2)), total: cells(last) };
}

const column = (s: Sheet, title: string) => s.header.indexOf(title);

test('книга покупок: the supplier’s invoice, 12 200,00 with VAT 2 200,00 to deduct, code 01', async () => {
  const s = await sameAsScreen('purchase_book', { organization: id.org, year: '2026', quarter: '1' });
  expect(s.rows).toHaveLength(1);
  expect(s.rows[0][column(s, 'Код вида операции (гр. 2)')]).toBe('01');
  expect(s.rows[0][column(s, 'Номер и дата счёта-фактуры продавца (гр. 3)')]).toBe('77 от 15.01.2026');
  expect(s.rows[0][column(s, 'Дата принятия на учёт товаров (работ, услуг) (гр. 8)')]).toEqual(new Date('2026-01-15T00:00:00Z'));
  expect(s.rows[0][column(s, 'Стоимость покупок по счёту-фактуре с НДС, руб. (гр. 15)')]).toBe(12_200);
  expect(s.total[column(s, 'Сумма НДС, принимаемая к вычету, руб. (гр. 16)')]).toBe(2_200);
});

test('книга продаж: the sale, 18 300,00 = 15 000,00 at 22 % + VAT 3 300,00, code 01', async () => {
  const s = await sameAsScreen('sales_book', { organization: id.org, year: '2026', quarter: '1' });
  expect(s.rows).toHaveLength(1);
  expect(s.rows[0][column(s, 'Код вида операции (гр. 2)')]).toBe('01');
  expect(s.rows[0][column(s, 'Стоимость продаж по счёту-фактуре с НДС, руб. (гр. 13б)')]).toBe(18_300);
  expect(s.rows[0][column(s, 'Стоимость продаж без НДС по ставке 22 %')]).toBe(15_000);
  expect(s.total[column(s, 'Сумма НДС по ставке 22 %')]).toBe(3_300);
});

test('КУДиР: the customer’s 10 000,00 as доход on 05.02.2026', async () => {
  const s = await sameAsScreen('usn_book', { organization: id.usn, year: '2026' });
  expect(s.rows).toHaveLength(1);
  expect(s.rows[0][column(s, 'Доходы (гр. 4)')]).toBe(10_000);
  expect(s.rows[0][column(s, 'Дата (гр. 2)')]).toEqual(new Date('2026-02-05T00:00:00Z'));
  expect(s.total[column(s, 'Доходы (гр. 4)')]).toBe(10_000);
});

test('ОСВ and the карточка счёта 41.01: 10 000,00 in, 5 000,00 out, 5 000,00 left', async () => {
  const osv = await sameAsScreen('turnover_balance_sheet', { ...Q1, organization: id.org });
  const goods = osv.rows.find((r) => r[0] === '41')!;
  // Дт 10 000,00 (the receipt net of VAT), Кт 5 000,00 (the cost of 5 sold), 5 000,00 left.
  expect(goods.slice(-6)).toEqual([null, null, 10_000, 5_000, 5_000, null].map((v) => v ?? 0));
  // Turnovers Дт = Кт in the «Итого» row.
  expect(osv.total[column(osv, 'Обороты Дт')]).toBe(osv.total[column(osv, 'Обороты Кт')]);
  const card = await sameAsScreen('account_card', { account: acc['41.01'], ...Q1, organization: id.org });
  expect(card.rows.map((r) => [r[column(card, 'Дебет')], r[column(card, 'Кредит')], r[column(card, 'Текущее сальдо')]])).toEqual([
    [null, null, '0,00'],
    [10_000, 0, 'Д 10\u00a0000,00'],
    [0, 5_000, 'Д 5\u00a0000,00'],
  ]);
  expect([card.total[column(card, 'Дебет')], card.total[column(card, 'Кредит')]]).toEqual([10_000, 5_000]);
});

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, itemsOf, postAccounting, report, startAccountingCompany } from './support';

/**
 * НДС: счета-фактуры выданные (реализация, аванс, корректировочный на возврат) and полученные, the books of
 * Постановление 1137 and the return's figures for a quarter, ОСНО — 20 % in December 2025, 22 % and 10 % in
 * the first quarter of 2026 — and УСН with VAT 5 %. Every figure is worked out by hand in the comments (kopecks).
 * The invoices are made by hand here (the policy's «счета-фактуры вручную»); auto-invoices.test.ts has them made on posting.
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
let token: string;
const id: Record<string, string> = {};
const inn: Record<string, string> = {};
const docs: Record<string, any> = {};
const Q4_2025 = { year: '2025', quarter: '4' };
const Q1 = { year: '2026', quarter: '1' };
const BANK = '40702810300180001774';

const post = (code: string, body: Record<string, unknown>) => postDocument(api, code, body);
const goods = (extra: Record<string, unknown>) => ({ organization: id.org, warehouse: id.main, ...extra });
/** A document's entries as [Дт, Кт, amount]. */
const entriesOf = async (docId: string, from: string, to: string) =>
  (await report(api, 'entries_journal', { from, to, document: docId })).items.map((r) => [r.debit_account, r.credit_account, r.amount]);
const issue = async (organization: string, from: string, to: string) => {
  const res = await api.post('/api/accounting/vat/issue-invoices', { organization, from, to });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { created: { number: string; date: string; kind: string; basis: string }[]; skipped: { basis: string; reason: string }[] };
};
/** This file issues and registers every invoice by hand (the action, one at a time): the organization's policy says so. */
const manualInvoices = async (organization: string) => expect((await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика', organization, manual_invoices: true })).status).toBe(201);
const book = (code: 'sales_book' | 'purchase_book' | 'vat_return', organization: string, quarter: Record<string, string>) => report(api, code, { organization, ...quarter });
/** The control row of the return whose message starts with `start`. */
const control = (items: Record<string, any>[], start: string) => items.find((r) => r.section === 'Контроль' && String(r.indicator).startsWith(start))!;
/** Russian amounts group thousands with a no-break space: «1 610,00» as the server writes it. */
const nb = (text: string) => text.replace(/(\d) (\d{3})/g, '$1\u00a0$2');
/** The return as [section, line, base, vat] (kopecks), control rows as [section, status]. */
const figures = (items: Record<string, any>[]) => items.map((r) => (r.section === 'Контроль' ? [r.section, r.status] : [r.section, r.line, r.base ?? null, r.vat ?? null]));

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-vat', { name: 'Торговый дом НДС', adminEmail: 'admin@td-nds.ru' });
  stack = t.stack;
  api = t.api;
  token = t.tenant.adminToken;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Торговый дом»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: BANK });
  await manualInvoices(id.org);
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.book = await createItem(api, 'products', { name: 'Книга', vat_rate: 'vat10' });
  for (const [key, name, role] of [
    ['supplier', 'ООО «Поставщик»', 'is_supplier'],
    ['alpha', 'ООО «Альфа»', 'is_customer'],
    ['beta', 'ООО «Бета»', 'is_customer'],
  ] as const) {
    inn[key] = nextInn();
    id[key] = await createItem(api, 'counterparties', { name, inn: inn[key], kpp: '770101001', [role]: true });
  }
  id.buy = await createItem(api, 'contracts', { name: 'Договор поставки 7', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.alphaContract = await createItem(api, 'contracts', { name: 'Договор с Альфой', owner_id: id.alpha, organization: id.org, kind: 'customer' });
  id.betaContract = await createItem(api, 'contracts', { name: 'Договор с Бетой', owner_id: id.beta, organization: id.org, kind: 'customer' });
});
afterAll(() => stack?.close());

describe('2025: the general rate is 20 %', () => {
  test('a December sale at 20 % gets СФ-000001 of 2025; the received invoice deducts 400,00; Q4 2025 agrees', async () => {
    // 2 kettles at 1 200,00 incl. VAT 20 %: 2 400,00, VAT 2 400,00 × 20/120 = 400,00.
    docs.r2025 = await post('receipt', goods({ date: '2025-12-01', counterparty: id.supplier, contract: id.buy, incoming_number: '101', incoming_date: '2025-12-01', goods: [{ product: id.kettle, quantity: '2', price: 120_000 }] }));
    expect(docs.r2025).toMatchObject({ total: 240_000, vat: 40_000 });
    expect(docs.r2025.goods[0].vat_rate).toBe('vat20');
    // 1 kettle at 2 400,00 incl. 20 %: VAT 400,00, without VAT 2 000,00.
    docs.s2025 = await post('sale', goods({ date: '2025-12-20', counterparty: id.alpha, contract: id.alphaContract, goods: [{ product: id.kettle, quantity: '1', price: 240_000 }] }));
    expect(docs.s2025).toMatchObject({ total: 240_000, vat: 40_000 });

    const issued = await issue(id.org, '2025-12-01', '2025-12-31');
    expect(issued.created.map((c) => [c.number, c.date, c.kind])).toEqual([['СФ-000001', '2025-12-20', 'sale']]);
    docs.r2025invoice = await postAccounting(api, 'invoice_received', { organization: id.org, receipt: docs.r2025.id, date: '2025-12-05' });
    expect(docs.r2025invoice).toMatchObject({ incoming_number: '101', incoming_date: '2025-12-01', vat: 40_000, total: 240_000, counterparty: id.supplier });
    expect(await entriesOf(docs.r2025invoice.id, '2025-12-01', '2025-12-31')).toEqual([['68.02', '19.03', 40_000]]);

    const sales = await book('sales_book', id.org, Q4_2025);
    expect(sales.items.map((r) => [r.no, r.operation, r.invoice, r.buyer, r.buyer_inn_kpp, r.total, r.base20, r.vat20, r.base22, r.vat22])).toEqual([
      [1, '01', 'СФ-000001 от 20.12.2025', 'ООО «Альфа»', `${inn.alpha}/770101001`, 240_000, 200_000, 40_000, 0, 0],
    ]);
    const ret = await book('vat_return', id.org, Q4_2025);
    expect(figures(ret.items)).toEqual([
      ['Раздел 3', '010', 200_000, 40_000],
      ['Раздел 3', '118', null, 40_000],
      ['Раздел 3', '120', null, 40_000],
      ['Раздел 3', '190', null, 40_000],
      // 400,00 accrued − 400,00 deducted.
      ['Раздел 3', '200', null, 0],
      ['Раздел 1', '040', null, 0],
      ['Раздел 8', '190', null, 40_000],
      ['Раздел 9', '230', 200_000, null],
      ['Раздел 9', '270', null, 40_000],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
    ]);
  });
});

describe('the first quarter of 2026: 22 % and 10 %, an advance and its offset, a return', () => {
  test('Поступление of kettles at 22 % and books at 10 %; its invoice registered: Дт 68.02 Кт 19.03 2 800,00', async () => {
    // Kettles 10 × 1 220,00 = 12 200,00 incl. 12 200,00 × 22/122 = 2 200,00; books 20 × 330,00 = 6 600,00 incl. 6 600,00 × 10/110 = 600,00.
    docs.r1 = await post('receipt', goods({ date: '2026-01-12', counterparty: id.supplier, contract: id.buy, incoming_number: '45', incoming_date: '2026-01-12', goods: [
      { product: id.kettle, quantity: '10', price: 122_000 },
      { product: id.book, quantity: '20', price: 33_000 },
    ] }));
    expect(docs.r1).toMatchObject({ total: 1_880_000, vat: 280_000 });
    expect(docs.r1.goods.map((l: any) => l.vat_rate)).toEqual(['vat22', 'vat10']);
    docs.r1invoice = await postAccounting(api, 'invoice_received', { organization: id.org, receipt: docs.r1.id, date: '2026-01-15' });
    expect(docs.r1invoice).toMatchObject({ number: 'СФП-000001', incoming_number: '45', vat: 280_000 });
    expect(await entriesOf(docs.r1invoice.id, '2026-01-01', '2026-03-31')).toEqual([['68.02', '19.03', 280_000]]);
    // Nothing is left on 19.03 for the receipt: a second registration is refused, and says why.
    const again = await api.post('/api/accounting/documents/invoice_received?post=true', { organization: id.org, receipt: docs.r1.id, date: '2026-01-16' });
    expect(again.status).toBe(422);
    expect(again.body.detail).toContain(`По документу «Поступление товаров и услуг» ${docs.r1.number} от 12.01.2026 уже есть счёт-фактура СФП-000001 от 15.01.2026`);
  });

  test('an advance from ООО «Бета», 12 200,00: Дт 51 Кт 62.02; its invoice СФ-000001 of 2026: Дт 76.АВ Кт 68.02 2 200,00 (22/122)', async () => {
    docs.advance = await post('money_in', { date: '2026-01-20', organization: id.org, counterparty: id.beta, contract: id.betaContract, amount: 1_220_000, allocation: [{ contract: id.betaContract, amount: 1_220_000 }] });
    expect(await entriesOf(docs.advance.id, '2026-01-01', '2026-03-31')).toEqual([['51', '62.02', 1_220_000]]);
    const issued = await issue(id.org, '2026-01-01', '2026-01-31');
    // The numbers start again in 2026.
    expect(issued.created.map((c) => [c.number, c.date, c.kind, c.basis])).toEqual([['СФ-000001', '2026-01-20', 'advance', `Поступление денежных средств ${docs.advance.number} от 20.01.2026`]]);
    const invoice = (await api.get(`/api/accounting/documents/invoice_issued?kind=advance&organization=${id.org}`)).body.items[0];
    docs.advanceInvoice = (await api.get(`/api/accounting/documents/invoice_issued/${invoice.id}`)).body;
    expect(docs.advanceInvoice).toMatchObject({ status: 'posted', counterparty: id.beta, operation: '02', total: 1_220_000, vat: 220_000, payment_document: `${docs.advance.number} от 20.01.2026` });
    expect(docs.advanceInvoice.rates.map((r: any) => [r.rate, r.vat, r.total])).toEqual([['vat22', 220_000, 1_220_000]]);
    // 12 200,00 × 22/122 = 2 200,00.
    expect(await entriesOf(docs.advanceInvoice.id, '2026-01-01', '2026-03-31')).toEqual([['76.АВ', '68.02', 220_000]]);
  });

  test('sales: to ООО «Альфа» at 22 % and 10 %; to ООО «Бета» offsetting 7 320,00 of the advance — Дт 68.02 Кт 76.АВ 1 320,00', async () => {
    // 4 kettles × 2 440,00 = 9 760,00 incl. 1 760,00 (8 000,00 net); 10 books × 550,00 = 5 500,00 incl. 500,00 (5 000,00 net).
    docs.s1 = await post('sale', goods({ date: '2026-02-10', counterparty: id.alpha, contract: id.alphaContract, goods: [
      { product: id.kettle, quantity: '4', price: 244_000 },
      { product: id.book, quantity: '10', price: 55_000 },
    ] }));
    expect(docs.s1).toMatchObject({ total: 1_526_000, vat: 226_000 });
    // 3 kettles × 2 440,00 = 7 320,00 incl. 1 320,00; the advance's VAT deducted: 2 200,00 × 7 320,00 / 12 200,00 = 1 320,00.
    docs.s2 = await post('sale', goods({ date: '2026-03-05', counterparty: id.beta, contract: id.betaContract, goods: [{ product: id.kettle, quantity: '3', price: 244_000 }] }));
    expect((await entriesOf(docs.s2.id, '2026-01-01', '2026-03-31')).filter((e) => e[0] !== '90.02.1')).toEqual([
      ['62.01', '90.01.1', 732_000],
      ['90.03', '68.02', 132_000],
      ['62.02', '62.01', 732_000],
      ['68.02', '76.АВ', 132_000],
    ]);
    // 4 880,00 of the advance and 880,00 of its VAT are left: 76.АВ holds 2 200,00 − 1 320,00.
    const s76 = await report(api, 'account_turnover_sheet', { account: acc['76.АВ'], from: '2026-01-01', to: '2026-03-31', organization: id.org });
    expect(s76.items.map((r) => [r.subconto_name, r.debit, r.credit, r.closing_debit])).toEqual([['ООО «Бета»', 220_000, 132_000, 88_000]]);
    // One book returned by ООО «Альфа»: 550,00 incl. 50,00.
    docs.cr1 = await post('customer_return', goods({ date: '2026-03-12', counterparty: id.alpha, contract: id.alphaContract, sale: docs.s1.id, goods: [{ product: id.book, quantity: '1', price: 55_000 }] }));
    expect(docs.cr1).toMatchObject({ total: 55_000, vat: 5_000 });
  });

  test('«Выставить счета-фактуры» for February–March: the sales in date order, then the корректировочный; a second run issues nothing', async () => {
    const issued = await issue(id.org, '2026-02-01', '2026-03-31');
    expect(issued.created.map((c) => [c.number, c.date, c.kind])).toEqual([
      ['СФ-000002', '2026-02-10', 'sale'],
      ['СФ-000003', '2026-03-05', 'sale'],
      ['СФ-000004', '2026-03-12', 'correction'],
    ]);
    expect(issued.skipped).toEqual([]);
    expect(await issue(id.org, '2026-01-01', '2026-03-31')).toEqual({ created: [], skipped: [] });
    // One per document: a second invoice for the sale is refused.
    const second = await api.post('/api/accounting/documents/invoice_issued?post=true', { organization: id.org, kind: 'sale', sale: docs.s1.id, date: '2026-02-11' });
    expect(second.status).toBe(422);
    expect(second.body.detail).toContain('уже есть счёт-фактура СФ-000002 от 10.02.2026');
    // The invoice names its basis, the buyer and its sums by rate.
    const list = (await api.get(`/api/accounting/documents/invoice_issued?sale=${docs.s1.id}`)).body.items;
    expect(list.map((i: any) => [i.number, i.basis, i.counterparty, i.amount, i.vat, i.total])).toEqual([
      ['СФ-000002', `Реализация товаров и услуг ${docs.s1.number} от 10.02.2026`, id.alpha, 1_300_000, 226_000, 1_526_000],
    ]);
  });

  test('Книга продаж, I квартал 2026: the advance (02), two shipments (01); totals by rate', async () => {
    const sales = await book('sales_book', id.org, Q1);
    expect(sales.items.map((r) => [r.no, r.operation, r.invoice, r.buyer, r.payment_document, r.total, r.base22, r.base10, r.vat22, r.vat10, r.base20, r.vat20])).toEqual([
      // Графы 14–16 are not filled for an advance.
      [1, '02', 'СФ-000001 от 20.01.2026', 'ООО «Бета»', `${docs.advance.number} от 20.01.2026`, 1_220_000, 0, 0, 220_000, 0, 0, 0],
      [2, '01', 'СФ-000002 от 10.02.2026', 'ООО «Альфа»', '', 1_526_000, 800_000, 500_000, 176_000, 50_000, 0, 0],
      [3, '01', 'СФ-000003 от 05.03.2026', 'ООО «Бета»', '', 732_000, 600_000, 0, 132_000, 0, 0, 0],
    ]);
    // 12 200,00 + 15 260,00 + 7 320,00; 8 000,00 + 6 000,00; VAT 22 %: 2 200,00 + 1 760,00 + 1 320,00.
    expect(sales.totals).toMatchObject({ total: 3_478_000, base22: 1_400_000, base10: 500_000, vat22: 528_000, vat10: 50_000, base20: 0, vat20: 0, exempt: 0 });
  });

  test('Книга покупок, I квартал 2026: the supplier’s invoice (01), the advance’s VAT deducted (22), the return (18)', async () => {
    const purchases = await book('purchase_book', id.org, Q1);
    expect(purchases.items.map((r) => [r.no, r.operation, r.invoice, r.correction, r.accepted, r.seller, r.seller_inn_kpp, r.total, r.vat])).toEqual([
      [1, '01', '45 от 12.01.2026', '', '2026-01-12', 'ООО «Поставщик»', `${inn.supplier}/770101001`, 1_880_000, 280_000],
      [2, '22', 'СФ-000001 от 20.01.2026', '', null, 'ООО «Бета»', `${inn.beta}/770101001`, 732_000, 132_000],
      [3, '18', 'СФ-000002 от 10.02.2026', 'СФ-000004 от 12.03.2026', null, 'ООО «Альфа»', `${inn.alpha}/770101001`, 55_000, 5_000],
    ]);
    // 2 800,00 + 1 320,00 + 50,00.
    expect(purchases.totals).toEqual({ total: 2_667_000, vat: 417_000 });
  });

  test('the return for I квартал 2026: разделы 3, 1, 8, 9; 68.02 agrees with «к уплате» 1 610,00', async () => {
    const ret = await book('vat_return', id.org, Q1);
    expect(figures(ret.items)).toEqual([
      // Shipments at 22 %: 8 000,00 + 6 000,00, VAT 1 760,00 + 1 320,00; at 10 %: 5 000,00, 500,00.
      ['Раздел 3', '—', 1_400_000, 308_000],
      ['Раздел 3', '020', 500_000, 50_000],
      ['Раздел 3', '070', 1_220_000, 220_000],
      // 3 080,00 + 500,00 + 2 200,00.
      ['Раздел 3', '118', null, 578_000],
      // 2 800,00 (supplier) + 50,00 (the return's correction).
      ['Раздел 3', '120', null, 285_000],
      ['Раздел 3', '170', null, 132_000],
      ['Раздел 3', '190', null, 417_000],
      // 5 780,00 − 4 170,00.
      ['Раздел 3', '200', null, 161_000],
      ['Раздел 1', '040', null, 161_000],
      ['Раздел 8', '190', null, 417_000],
      ['Раздел 9', '—', 1_400_000, null],
      ['Раздел 9', '250', 500_000, null],
      // The advance's 2 200,00 is in the VAT at 22 % of the book.
      ['Раздел 9', '—', null, 528_000],
      ['Раздел 9', '290', null, 50_000],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
    ]);
    // 68.02: Кт 2 200,00 + 1 760,00 + 500,00 + 1 320,00 − 50,00 (the return, red storno) = 5 730,00; Дт 2 800,00 + 1 320,00 = 4 120,00.
    expect(control(ret.items, 'Обороты счёта 68.02').indicator).toBe(nb('Обороты счёта 68.02 за I квартал 2026 г. (Кт − Дт без уплаты налога) 1 610,00 равны НДС к уплате по декларации.'));
    const s68 = await report(api, 'turnover_balance_sheet', { from: '2026-01-01', to: '2026-03-31', organization: id.org });
    expect(s68.items.find((r) => r.account_code === '68')).toMatchObject({ debit: 412_000, credit: 573_000 });
  });

  test('a sale without an invoice and a manual entry on 68.02 break the check, naming both; fixing them mends it', async () => {
    // 1 kettle × 2 440,00: VAT 440,00 on 68.02, no invoice yet.
    docs.s3 = await post('sale', goods({ date: '2026-03-25', counterparty: id.alpha, contract: id.alphaContract, goods: [{ product: id.kettle, quantity: '1', price: 244_000 }] }));
    const items = await itemsOf(api, 'income_expense_items');
    docs.op = await postAccounting(api, 'operation', {
      date: '2026-03-26',
      organization: id.org,
      content: 'Доначислен НДС',
      lines: [{ dt_account: acc['91.02'], dt_subconto1: items['Прочие внереализационные доходы (расходы)'], kt_account: acc['68.02'], kt_subconto1: 'tax', amount: 10_000 }],
    });
    const broken = control((await book('vat_return', id.org, Q1)).items, 'Обороты счёта 68.02');
    // 1 610,00 + 440,00 + 100,00 = 2 150,00 on 68.02 against 1 610,00 in the return.
    expect(broken.status).toBe('Расхождение');
    expect(broken.indicator).toContain(nb('Обороты счёта 68.02 за I квартал 2026 г. (Кт − Дт без уплаты налога) 2 150,00, а НДС к уплате по декларации 1 610,00: расхождение 540,00.'));
    expect(broken.documents).toEqual(
      expect.arrayContaining([
        `Реализация товаров и услуг ${docs.s3.number} от 25.03.2026: по счёту 68.02 440,00, в книгах 0,00 — выставьте по нему счёт-фактуру`,
        `Операция (бухгалтерский и налоговый учёт) ${docs.op.number} от 26.03.2026: по счёту 68.02 100,00, в книгах 0,00 — проводки по 68.02 не отражены в книгах: НДС начисляется и принимается к вычету счетами-фактурами`,
      ]),
    );
    expect(broken.documents).toHaveLength(2);

    // The invoice for the sale, one at a time through the engine: СФ-000005.
    const invoice = await postAccounting(api, 'invoice_issued', { organization: id.org, kind: 'sale', sale: docs.s3.id, date: '2026-03-25' });
    expect(invoice).toMatchObject({ number: 'СФ-000005', operation: '01', vat: 44_000, total: 244_000 });
    expect((await api.post(`/api/accounting/documents/operation/${docs.op.id}/cancel`)).status).toBe(200);
    const ret = await book('vat_return', id.org, Q1);
    // 1 610,00 + 440,00.
    expect(figures(ret.items).find((r) => r[1] === '040')).toEqual(['Раздел 1', '040', null, 205_000]);
    expect(ret.items.filter((r) => r.section === 'Контроль').map((r) => r.status)).toEqual(['Сходится', 'Сходится', 'Сходится', 'Сходится']);
  });

  test('cancelling a sale leaves its invoice in the book: the check names it; cancelling the invoice too mends it', async () => {
    expect((await api.post(`/api/trade/documents/sale/${docs.s3.id}/cancel`)).status).toBe(200);
    const broken = control((await book('vat_return', id.org, Q1)).items, 'Обороты счёта 68.02');
    expect(broken.documents).toEqual([`Реализация товаров и услуг ${docs.s3.number} от 25.03.2026: по счёту 68.02 0,00, в книгах 440,00 — документ не проведён: проведите его, а если он отменён, отмените и его счёт-фактуру`]);
    const invoice = (await api.get(`/api/accounting/documents/invoice_issued?sale=${docs.s3.id}`)).body.items[0];
    expect((await api.post(`/api/accounting/documents/invoice_issued/${invoice.id}/cancel`)).status).toBe(200);
    const ret = await book('vat_return', id.org, Q1);
    expect(ret.items.filter((r) => r.section === 'Контроль').map((r) => r.status)).toEqual(['Сходится', 'Сходится', 'Сходится', 'Сходится']);
    expect((await book('sales_book', id.org, Q1)).items.map((r) => r.invoice)).toEqual(['СФ-000001 от 20.01.2026', 'СФ-000002 от 10.02.2026', 'СФ-000003 от 05.03.2026']);
  });

  test('the books as Excel through the engine’s report export: money in rubles, «Итого» at the bottom', async () => {
    const res = await fetch(`${stack.url}/api/accounting/reports/purchase_book?organization=${id.org}&year=2026&quarter=1&format=xlsx`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(1)[1]).toBe('Код вида операции (гр. 2)');
    expect(row(2).slice(1, 3)).toEqual(['01', '45 от 12.01.2026']);
    // 18 800,00 and 2 800,00 rubles; totals 26 670,00 and 4 170,00.
    expect(row(2).slice(-2)).toEqual([18_800, 2_800]);
    expect([row(5)[0], ...row(5).slice(-2)]).toEqual(['Итого', 26_670, 4_170]);
  });
});

describe('УСН', () => {
  test('УСН without VAT issues no счёт-фактура and deducts nothing', async () => {
    id.usn = await createItem(api, 'organizations', { name: 'ИП Петров', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
    const buy = await createItem(api, 'contracts', { name: 'Договор ИП', owner_id: id.supplier, organization: id.usn, kind: 'supplier' });
    const sell = await createItem(api, 'contracts', { name: 'Договор ИП с Альфой', owner_id: id.alpha, organization: id.usn, kind: 'customer' });
    const r = await post('receipt', { date: '2026-02-02', organization: id.usn, warehouse: id.main, counterparty: id.supplier, contract: buy, incoming_number: '7', incoming_date: '2026-02-02', goods: [{ product: id.kettle, quantity: '2', price: 122_000 }] });
    const s = await post('sale', { date: '2026-02-03', organization: id.usn, warehouse: id.main, counterparty: id.alpha, contract: sell, goods: [{ product: id.kettle, quantity: '1', price: 200_000 }] });
    expect(s.goods[0].vat_rate).toBe('none');
    const one = await api.post('/api/accounting/documents/invoice_issued?post=true', { organization: id.usn, kind: 'sale', sale: s.id, date: '2026-02-03' });
    expect(one.status).toBe(422);
    expect(one.body.detail).toBe('Организация «ИП Петров» применяет УСН без НДС и плательщиком НДС не является — счета-фактуры она не выставляет (кроме УСН с НДС 5 % или 7 %).');
    const bulk = await api.post('/api/accounting/vat/issue-invoices', { organization: id.usn, from: '2026-01-01', to: '2026-03-31' });
    expect(bulk.status).toBe(422);
    const received = await api.post('/api/accounting/documents/invoice_received?post=true', { organization: id.usn, receipt: r.id, date: '2026-02-04' });
    expect(received.status).toBe(422);
    expect(received.body.detail).toContain('применяет УСН: НДС поставщиков входит в стоимость покупок и к вычету не принимается');
    expect((await book('sales_book', id.usn, Q1)).items).toEqual([]);
  });

  test('УСН with VAT 5 %: an advance at 5/105 and a sale at 5 % get invoices; the advance’s VAT is deducted at the shipment', async () => {
    id.usn5 = await createItem(api, 'organizations', { name: 'ООО «Пятёрка»', inn: nextInn(), kpp: '770201001', vat_status: 'usn_vat5', bik: '044525311', account: BANK });
    await manualInvoices(id.usn5);
    const buy = await createItem(api, 'contracts', { name: 'Договор Пятёрки', owner_id: id.supplier, organization: id.usn5, kind: 'supplier' });
    const sell = await createItem(api, 'contracts', { name: 'Договор Пятёрки с Бетой', owner_id: id.beta, organization: id.usn5, kind: 'customer' });
    await post('receipt', { date: '2026-02-02', organization: id.usn5, warehouse: id.main, counterparty: id.supplier, contract: buy, goods: [{ product: id.kettle, quantity: '2', price: 122_000 }] });
    // 525,00 in advance: VAT 525,00 × 5/105 = 25,00.
    const paid = await post('money_in', { date: '2026-02-10', organization: id.usn5, counterparty: id.beta, contract: sell, amount: 52_500, allocation: [{ contract: sell, amount: 52_500 }] });
    // 2 kettles × 1 050,00 = 2 100,00 incl. 2 100,00 × 5/105 = 100,00; it offsets the whole advance: its 25,00 deducted.
    const s = await post('sale', { date: '2026-02-15', organization: id.usn5, warehouse: id.main, counterparty: id.beta, contract: sell, goods: [{ product: id.kettle, quantity: '2', price: 105_000 }] });
    expect(s).toMatchObject({ total: 210_000, vat: 10_000 });
    expect(s.goods[0].vat_rate).toBe('vat5');
    // Numbered in the organization's own series; the advance came first.
    const issued = await issue(id.usn5, '2026-02-01', '2026-02-28');
    expect(issued.created.map((c) => [c.number, c.kind])).toEqual([['СФ-000001', 'advance'], ['СФ-000002', 'sale']]);
    // The sale was posted before the advance's invoice and deducted nothing: the check names it…
    const stuck = control((await book('vat_return', id.usn5, Q1)).items, 'НДС с зачтённых авансов');
    expect(stuck.documents).toEqual([
      nb(`Поступление денежных средств ${paid.number} от 10.02.2026: аванс зачтён полностью, а НДС с него 25,00 остался на счёте 76.АВ — счёт-фактура на аванс проведён после зачёта. Перепроведите Реализация товаров и услуг ${s.number} от 15.02.2026, чтобы принять этот НДС к вычету`),
    ]);
    // …and, re-posted, it deducts the advance's VAT.
    expect((await api.post(`/api/trade/documents/sale/${s.id}/post`)).status).toBe(200);
    expect((await entriesOf(s.id, '2026-02-01', '2026-02-28')).filter((e) => e[0] === '68.02')).toEqual([['68.02', '76.АВ', 2_500]]);
    const sales = await book('sales_book', id.usn5, Q1);
    expect(sales.items.map((r) => [r.operation, r.invoice, r.payment_document, r.total, r.base5, r.vat5, r.vat22])).toEqual([
      ['02', 'СФ-000001 от 10.02.2026', `${paid.number} от 10.02.2026`, 52_500, 0, 2_500, 0],
      ['01', 'СФ-000002 от 15.02.2026', '', 210_000, 200_000, 10_000, 0],
    ]);
    const ret = await book('vat_return', id.usn5, Q1);
    expect(figures(ret.items)).toEqual([
      ['Раздел 3', '—', 200_000, 10_000],
      ['Раздел 3', '070', 52_500, 2_500],
      ['Раздел 3', '118', null, 12_500],
      ['Раздел 3', '120', null, 0],
      ['Раздел 3', '170', null, 2_500],
      ['Раздел 3', '190', null, 2_500],
      ['Раздел 3', '200', null, 10_000],
      ['Раздел 1', '040', null, 10_000],
      ['Раздел 8', '190', null, 2_500],
      ['Раздел 9', '—', 200_000, null],
      ['Раздел 9', '—', null, 12_500],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
    ]);
  });
});

describe('an advance at 10/110', () => {
  test('a payment naming a Счёт на оплату for books takes its rate: 1 100,00 → VAT 100,00', async () => {
    const bill = await post('invoice_for_payment', { date: '2026-04-01', organization: id.org, counterparty: id.alpha, contract: id.alphaContract, goods: [{ product: id.book, quantity: '2', price: 55_000 }] });
    expect(bill.goods[0].vat_rate).toBe('vat10');
    const paid = await post('money_in', { date: '2026-04-02', organization: id.org, counterparty: id.alpha, contract: id.alphaContract, amount: 110_000, allocation: [{ contract: id.alphaContract, document: bill.id, amount: 110_000 }] });
    const invoice = await postAccounting(api, 'invoice_issued', { organization: id.org, kind: 'advance', payment: paid.id, date: '2026-04-02' });
    // The first invoice of the organization in April: the series of 2026 goes on.
    expect(invoice).toMatchObject({ number: 'СФ-000006', operation: '02', vat: 10_000, total: 110_000 });
    expect(invoice.rates.map((r: any) => [r.rate, r.vat])).toEqual([['vat10', 10_000]]);
    const sales = await book('sales_book', id.org, { year: '2026', quarter: '2' });
    expect(sales.items.map((r) => [r.operation, r.total, r.vat10, r.vat22])).toEqual([['02', 110_000, 10_000, 0]]);
  });
});

describe('a return to the supplier, II квартал 2026', () => {
  test('the supplier’s корректировочный счёт-фактура restores the VAT deducted: Дт 19.03 Кт 68.02 220,00, sales ledger code 18', async () => {
    // 1 kettle of ПТУ of 12.01 back at 1 220,00 incl. 220,00: the trade hook takes 220,00 off 19.03 (red storno), deducted on 15.01.
    docs.sr = await post('supplier_return', { date: '2026-04-06', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, receipt: docs.r1.id, goods: [{ product: id.kettle, quantity: '1', price: 122_000 }] });
    expect((await entriesOf(docs.sr.id, '2026-04-01', '2026-06-30')).filter((e) => e[0] === '19.03')).toEqual([['19.03', '60.01', -22_000]]);
    const correction = await postAccounting(api, 'invoice_received', { organization: id.org, kind: 'correction', supplier_return: docs.sr.id, incoming_number: '45-К', incoming_date: '2026-04-06', date: '2026-04-07' });
    expect(correction).toMatchObject({ receipt: docs.r1.id, counterparty: id.supplier, vat: 22_000, total: 122_000 });
    expect(await entriesOf(correction.id, '2026-04-01', '2026-06-30')).toEqual([['19.03', '68.02', 22_000]]);
    const sales = await book('sales_book', id.org, { year: '2026', quarter: '2' });
    expect(sales.items.map((r) => [r.operation, r.invoice, r.correction, r.buyer, r.total, r.base22, r.vat22, r.vat10])).toEqual([
      ['02', 'СФ-000006 от 02.04.2026', '', 'ООО «Альфа»', 110_000, 0, 0, 10_000],
      ['18', '45 от 12.01.2026', '45-К от 06.04.2026', 'ООО «Поставщик»', 122_000, 100_000, 22_000, 0],
    ]);
    const ret = await book('vat_return', id.org, { year: '2026', quarter: '2' });
    expect(figures(ret.items)).toEqual([
      ['Раздел 3', '070', 110_000, 10_000],
      ['Раздел 3', '080', 100_000, 22_000],
      // 100,00 + 220,00, nothing deducted.
      ['Раздел 3', '118', null, 32_000],
      ['Раздел 3', '120', null, 0],
      ['Раздел 3', '190', null, 0],
      ['Раздел 3', '200', null, 32_000],
      ['Раздел 1', '040', null, 32_000],
      ['Раздел 8', '190', null, 0],
      ['Раздел 9', '—', 100_000, null],
      ['Раздел 9', '—', null, 22_000],
      ['Раздел 9', '290', null, 10_000],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
      ['Контроль', 'Сходится'],
    ]);
  });

  test('a return made before the receipt’s invoice was registered has nothing to restore, and the invoice deducts only what is left', async () => {
    const r2 = await post('receipt', goods({ date: '2026-04-08', counterparty: id.supplier, contract: id.buy, incoming_number: '46', incoming_date: '2026-04-08', goods: [{ product: id.kettle, quantity: '2', price: 122_000 }] }));
    const back = await post('supplier_return', { date: '2026-04-09', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, receipt: r2.id, goods: [{ product: id.kettle, quantity: '1', price: 122_000 }] });
    const refused = await api.post('/api/accounting/documents/invoice_received?post=true', { organization: id.org, kind: 'correction', supplier_return: back.id, incoming_number: '46-К', incoming_date: '2026-04-09', date: '2026-04-10' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('Восстанавливать нечего — возврат уже уменьшил НДС на счёте 19.');
    // 2 × 220,00 − 220,00 returned: 220,00 is deducted.
    const invoice = await postAccounting(api, 'invoice_received', { organization: id.org, receipt: r2.id, date: '2026-04-10' });
    expect(invoice).toMatchObject({ incoming_number: '46', vat: 22_000 });
  });
});

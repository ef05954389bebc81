import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { report, sheetRows, startAccountingCompany } from './support';

/**
 * Счета-фактуры made on posting, as 1C:Бухгалтерия makes them: a Поступление with the supplier's invoice number
 * registers the received one, an advance received gets an advance invoice, a Реализация its issued one — each
 * in the trade document's posting transaction, numbered in the invoices' own series; cancelling the trade
 * document cancels its invoice. ОСНО, 22 %, March 2026; figures by hand in the comments (kopecks).
 */
let stack: TestStack;
let api: Api;
const id: Record<string, string> = {};
const docs: Record<string, any> = {};
const Q1 = { year: '2026', quarter: '1' };
const BANK = '40702810300180001774';

const post = (code: string, body: Record<string, unknown>) => postDocument(api, code, body);
const entriesOf = async (docId: string) => (await report(api, 'entries_journal', { from: '2026-01-01', to: '2026-12-31', document: docId })).items.map((r) => [r.debit_account, r.credit_account, r.amount]);
const invoices = async (code: 'invoice_issued' | 'invoice_received', filter: string) => (await api.get(`/api/accounting/documents/${code}?${filter}`)).body.items as Record<string, any>[];
const salesBook = async () => (await report(api, 'sales_book', { organization: id.org, ...Q1 })).items.map((r) => [r.operation, r.invoice, r.total, r.vat22]);

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-auto-invoices', { name: 'Торговый дом Авто', adminEmail: 'admin@td-auto.ru' });
  stack = t.stack;
  api = t.api;
  id.org = await createItem(api, 'organizations', { name: 'ООО «Авто»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: BANK });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  for (const [key, name, role] of [['supplier', 'ООО «Поставщик»', 'is_supplier'], ['alpha', 'ООО «Альфа»', 'is_customer'], ['beta', 'ООО «Бета»', 'is_customer']] as const)
    id[key] = await createItem(api, 'counterparties', { name, inn: nextInn(), kpp: '770101001', [role]: true });
  id.buy = await createItem(api, 'contracts', { name: 'Поставка', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.alphaContract = await createItem(api, 'contracts', { name: 'Альфа', owner_id: id.alpha, organization: id.org, kind: 'customer' });
  id.betaContract = await createItem(api, 'contracts', { name: 'Бета', owner_id: id.beta, organization: id.org, kind: 'customer' });
});
afterAll(() => stack?.close());

describe('счета-фактуры on posting', () => {
  test('a Поступление with the supplier’s invoice № 501 registers СФП-000001: Дт 68.02 Кт 19.03 2 200,00, книга покупок 01', async () => {
    // 10 × 1 220,00 = 12 200,00 incl. 12 200,00 × 22/122 = 2 200,00.
    docs.receipt = await post('receipt', { date: '2026-03-02', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, incoming_number: '501', incoming_date: '2026-03-02', goods: [{ product: id.kettle, quantity: '10', price: 122_000 }] });
    const [invoice] = await invoices('invoice_received', `receipt=${docs.receipt.id}`);
    expect(invoice).toMatchObject({ number: 'СФП-000001', date: '2026-03-02', status: 'posted', incoming_number: '501', vat: 220_000, total: 1_220_000 });
    expect(await entriesOf(invoice.id)).toEqual([['68.02', '19.03', 220_000]]);
    const purchases = await report(api, 'purchase_book', { organization: id.org, ...Q1 });
    expect(purchases.items.map((r) => [r.operation, r.invoice, r.total, r.vat])).toEqual([['01', '501 от 02.03.2026', 1_220_000, 220_000]]);
    // Without the supplier's number nothing is registered: the accountant registers it when the invoice comes.
    // Cancelling the receipt un-registers it (the book is empty); posting it again re-posts the same СФП-000001.
    expect((await api.post(`/api/trade/documents/receipt/${docs.receipt.id}/cancel`)).status).toBe(200);
    expect((await api.get(`/api/accounting/documents/invoice_received/${invoice.id}`)).body.status).toBe('cancelled');
    expect((await report(api, 'purchase_book', { organization: id.org, ...Q1 })).items).toEqual([]);
    expect((await api.post(`/api/trade/documents/receipt/${docs.receipt.id}/post`)).status).toBe(200);
    expect((await invoices('invoice_received', `receipt=${docs.receipt.id}`)).map((i) => [i.number, i.status, i.vat])).toEqual([['СФП-000001', 'posted', 220_000]]);
    const plain = await post('receipt', { date: '2026-03-02', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, goods: [{ product: id.kettle, quantity: '1', price: 122_000 }] });
    expect(await invoices('invoice_received', `receipt=${plain.id}`)).toEqual([]);
  });

  test('an advance of 2 440,00 from ООО «Бета» gets СФ-000001 on the payment’s day: Дт 76.АВ Кт 68.02 440,00 (22/122), книга продаж 02', async () => {
    docs.advance = await post('money_in', { date: '2026-03-03', organization: id.org, counterparty: id.beta, contract: id.betaContract, amount: 244_000, allocation: [{ contract: id.betaContract, amount: 244_000 }] });
    const [invoice] = await invoices('invoice_issued', `payment=${docs.advance.id}`);
    expect(invoice).toMatchObject({ number: 'СФ-000001', date: '2026-03-03', kind: 'advance', status: 'posted', total: 244_000, vat: 44_000 });
    // 2 440,00 × 22/122 = 440,00.
    expect(await entriesOf(invoice.id)).toEqual([['76.АВ', '68.02', 44_000]]);
    docs.advanceInvoice = invoice;
  });

  test('a Реализация to ООО «Альфа» gets СФ-000002 in the same transaction, shown in the книга продаж next to the advance', async () => {
    // 2 × 1 830,00 = 3 660,00 incl. 3 660,00 × 22/122 = 660,00.
    docs.sale = await post('sale', { date: '2026-03-05', organization: id.org, warehouse: id.main, counterparty: id.alpha, contract: id.alphaContract, goods: [{ product: id.kettle, quantity: '2', price: 183_000 }] });
    const [invoice] = await invoices('invoice_issued', `sale=${docs.sale.id}`);
    expect(invoice).toMatchObject({ number: 'СФ-000002', date: '2026-03-05', kind: 'sale', status: 'posted', operation: '01', amount: 300_000, vat: 66_000, total: 366_000, counterparty: id.alpha });
    docs.saleInvoice = invoice;
    expect(await salesBook()).toEqual([
      ['02', 'СФ-000001 от 03.03.2026', 244_000, 44_000],
      ['01', 'СФ-000002 от 05.03.2026', 366_000, 66_000],
    ]);
  });

  test('cancelling the sale cancels its invoice (it leaves the book); posting it again re-posts the same СФ-000002', async () => {
    expect((await api.post(`/api/trade/documents/sale/${docs.sale.id}/cancel`)).status).toBe(200);
    expect((await api.get(`/api/accounting/documents/invoice_issued/${docs.saleInvoice.id}`)).body.status).toBe('cancelled');
    expect(await salesBook()).toEqual([['02', 'СФ-000001 от 03.03.2026', 244_000, 44_000]]);
    expect((await api.post(`/api/trade/documents/sale/${docs.sale.id}/post`)).status).toBe(200);
    expect((await invoices('invoice_issued', `sale=${docs.sale.id}`)).map((i) => [i.number, i.status])).toEqual([['СФ-000002', 'posted']]);
    expect((await salesBook()).map((r) => r[1])).toEqual(['СФ-000001 от 03.03.2026', 'СФ-000002 от 05.03.2026']);
  });

  test('cancelling the advance cancels its invoice: nothing is left on 76.АВ, the book keeps only the sale', async () => {
    expect((await api.post(`/api/trade/documents/money_in/${docs.advance.id}/cancel`)).status).toBe(200);
    expect((await api.get(`/api/accounting/documents/invoice_issued/${docs.advanceInvoice.id}`)).body.status).toBe('cancelled');
    const osv = sheetRows((await report(api, 'turnover_balance_sheet', { from: '2026-03-01', to: '2026-03-31' })).items);
    // [account, opening Дт, opening Кт, turnover Дт, turnover Кт, closing Дт, closing Кт]: 440,00 on 76.АВ is gone.
    expect(osv.find((r) => r[0] === '76.АВ')?.[5] ?? 0).toBe(0);
    expect((await salesBook()).map((r) => r[1])).toEqual(['СФ-000002 от 05.03.2026']);
  });

  test('an organization on УСН without VAT gets no invoices', async () => {
    const usn = await createItem(api, 'organizations', { name: 'ИП Петров', inn: nextInn(), vat_status: 'usn', bik: '044525311', account: BANK });
    const buy = await createItem(api, 'contracts', { name: 'Поставка ИП', owner_id: id.supplier, organization: usn, kind: 'supplier' });
    const sell = await createItem(api, 'contracts', { name: 'Альфа ИП', owner_id: id.alpha, organization: usn, kind: 'customer' });
    const r = await post('receipt', { date: '2026-03-10', organization: usn, warehouse: id.main, counterparty: id.supplier, contract: buy, incoming_number: '9', incoming_date: '2026-03-10', goods: [{ product: id.kettle, quantity: '1', price: 122_000 }] });
    const s = await post('sale', { date: '2026-03-11', organization: usn, warehouse: id.main, counterparty: id.alpha, contract: sell, goods: [{ product: id.kettle, quantity: '1', price: 200_000 }] });
    expect(await invoices('invoice_received', `receipt=${r.id}`)).toEqual([]);
    expect(await invoices('invoice_issued', `sale=${s.id}`)).toEqual([]);
  });
});

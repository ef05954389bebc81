import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queriesOf } from '../support/queries';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { chartOf, postAccounting, report, sheetRows, startAccountingCompany } from './support';

/**
 * Trade documents of a company that has both modules post their accounting entries in the same
 * transaction (the module contract's documentHooks): March 2026, ОСНО, VAT 22 %, moving average cost.
 * Every entry, the ОСВ and the month's result are worked out by hand in the comments (kopecks).
 */
let stack: TestStack;
let api: Api;
let acc: Record<string, string>;
const id: Record<string, string> = {};
const docs: Record<string, any> = {};
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const BANK = '40702810300180001774';

const post = (code: string, body: Record<string, unknown>) => postDocument(api, code, body);
/** A document's entries as [Дт, Кт, amount, quantity]. */
const entriesOf = async (docId: string) =>
  (await report(api, 'entries_journal', { ...MARCH, document: docId })).items.map((r) => [r.debit_account, r.credit_account, r.amount, r.quantity]);

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-trade', { name: 'Торговый дом', adminEmail: 'admin@td-buh.ru' });
  stack = t.stack;
  api = t.api;
  acc = await chartOf(api);
  id.org = await createItem(api, 'organizations', { name: 'ООО «Торговый дом»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: BANK });
  // The entries of the trade documents alone: the счета-фактуры they would make are auto-invoices.test.ts's.
  const policy = await api.post('/api/accounting/catalogs/policies', { name: 'Учётная политика', organization: id.org, manual_invoices: true });
  expect(policy.status).toBe(201);
  id.policy = policy.body.id;
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.shop = await createItem(api, 'warehouses', { name: 'Магазин' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.delivery = await createItem(api, 'products', { name: 'Доставка', kind: 'service' });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  id.buyContract = await createItem(api, 'contracts', { name: 'Договор закупки 7', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.saleContract = await createItem(api, 'contracts', { name: 'Договор поставки 1', owner_id: id.customer, organization: id.org, kind: 'customer' });
});
afterAll(() => stack?.close());

const goods = (extra: Record<string, unknown>) => ({ organization: id.org, warehouse: id.main, ...extra });

describe('trade documents post their entries', () => {
  test('Поступление: 10 kettles at 1 220,00 incl. VAT and a delivery at 610,00 — Дт 41.01 / 44.01, Дт 19.03 / 19.04, Кт 60.01', async () => {
    // Kettles 12 200,00 incl. VAT 12 200,00 × 22/122 = 2 200,00 → 10 000,00 net; delivery 610,00 incl. 110,00 → 500,00.
    docs.r1 = await post('receipt', goods({ date: '2026-03-02', counterparty: id.supplier, contract: id.buyContract, goods: [
      { product: id.kettle, quantity: '10', price: 122_000 },
      { product: id.delivery, quantity: '1', price: 61_000 },
    ] }));
    expect(docs.r1).toMatchObject({ total: 1_281_000, vat: 231_000 });
    expect(await entriesOf(docs.r1.id)).toEqual([
      ['41.01', '60.01', 1_000_000, '10.000'],
      ['19.03', '60.01', 220_000, '0.000'],
      ['44.01', '60.01', 50_000, '0.000'],
      ['19.04', '60.01', 11_000, '0.000'],
    ]);
  });

  test('Списание денег to the supplier and an advance from the customer: Дт 60.01 Кт 51, Дт 51 Кт 62.02', async () => {
    docs.out = await post('money_out', { date: '2026-03-03', organization: id.org, counterparty: id.supplier, contract: id.buyContract, amount: 500_000, allocation: [{ contract: id.buyContract, document: docs.r1.id, amount: 500_000 }] });
    expect(await entriesOf(docs.out.id)).toEqual([['60.01', '51', 500_000, '0.000']]);
    // Nothing is sold yet: the customer's 5 000,00 is an advance.
    docs.in = await post('money_in', { date: '2026-03-04', organization: id.org, counterparty: id.customer, contract: id.saleContract, amount: 500_000, allocation: [{ contract: id.saleContract, amount: 500_000 }] });
    expect(await entriesOf(docs.in.id)).toEqual([['51', '62.02', 500_000, '0.000']]);
    const card = await report(api, 'account_card', { account: acc['51'], ...MARCH, organization: id.org });
    expect(card.items[2]).toMatchObject({ analytics: `${BANK}, Оплата от покупателей`, corr_analytics: `ООО «Покупатель», Договор поставки 1, Поступление денежных средств ${docs.in.number} от 04.03.2026` });
  });

  test('Реализация: 6 kettles at 2 440,00 — revenue, VAT, cost at the average 1 000,00, the advance offset', async () => {
    // 14 640,00 incl. VAT 2 640,00; cost 10 000,00 / 10 × 6 = 6 000,00; the 5 000,00 advance is offset from 62.02.
    docs.s1 = await post('sale', goods({ date: '2026-03-10', counterparty: id.customer, contract: id.saleContract, goods: [{ product: id.kettle, quantity: '6', price: 244_000 }] }));
    expect(docs.s1).toMatchObject({ total: 1_464_000, vat: 264_000 });
    expect(await entriesOf(docs.s1.id)).toEqual([
      ['62.01', '90.01.1', 1_464_000, '0.000'],
      ['90.03', '68.02', 264_000, '0.000'],
      ['90.02.1', '41.01', 600_000, '6.000'],
      ['62.02', '62.01', 500_000, '0.000'],
    ]);
  });

  test('Возврат от клиента: one kettle, the sale’s entries in red storno, the kettle back at the sale’s cost', async () => {
    // 2 440,00 incl. 440,00; cost 6 000,00 / 6 = 1 000,00.
    docs.cr1 = await post('customer_return', goods({ date: '2026-03-12', counterparty: id.customer, contract: id.saleContract, sale: docs.s1.id, goods: [{ product: id.kettle, quantity: '1', price: 244_000 }] }));
    expect(await entriesOf(docs.cr1.id)).toEqual([
      ['62.01', '90.01.1', -244_000, '0.000'],
      ['90.03', '68.02', -44_000, '0.000'],
      ['90.02.1', '41.01', -100_000, '-1.000'],
    ]);
  });

  test('Перемещение: 2 kettles to the shop at the average of the main warehouse on the books', async () => {
    // Основной holds 10 − 6 + 1 = 5 kettles for 10 000,00 − 6 000,00 + 1 000,00 = 5 000,00: 2 × 1 000,00 = 2 000,00.
    docs.move = await post('transfer', { date: '2026-03-15', organization: id.org, from_warehouse: id.main, to_warehouse: id.shop, goods: [{ product: id.kettle, quantity: '2' }] });
    expect(await entriesOf(docs.move.id)).toEqual([['41.01', '41.01', 200_000, '2.000']]);
    const journal = (await report(api, 'entries_journal', { ...MARCH, document: docs.move.id })).items[0];
    expect([journal.debit_analytics, journal.credit_analytics]).toEqual(['Чайник, Магазин', 'Чайник, Основной']);
  });

  test('Инвентаризация: one kettle short at Основной — Дт 94 Кт 41.01 at cost', async () => {
    // Book 3, counted 2; trade's average 5 000,00 / 5 = 1 000,00.
    docs.inv = await post('inventory', { date: '2026-03-20', organization: id.org, warehouse: id.main, goods: [{ product: id.kettle, quantity: '2' }] });
    expect(await entriesOf(docs.inv.id)).toEqual([['94', '41.01', 100_000, '1.000']]);
  });

  test('Возврат поставщику: one kettle from the shop at cost, the receipt’s VAT reversed', async () => {
    // 1 220,00 incl. 220,00 → 1 000,00 net; cost at the average 4 000,00 / 4 = 1 000,00: no difference to 91.
    docs.sr1 = await post('supplier_return', { date: '2026-03-22', organization: id.org, warehouse: id.shop, counterparty: id.supplier, contract: id.buyContract, receipt: docs.r1.id, goods: [{ product: id.kettle, quantity: '1', price: 122_000 }] });
    expect(await entriesOf(docs.sr1.id)).toEqual([
      ['60.01', '41.01', 100_000, '1.000'],
      ['19.03', '60.01', -22_000, '0.000'],
    ]);
  });

  test('the ОСВ for March: Дт = Кт, balances agree with trade’s stock, cost and settlements', async () => {
    const s = await report(api, 'turnover_balance_sheet', { ...MARCH, organization: id.org });
    expect(sheetRows(s.items)).toEqual([
      // 19.03 2 200,00 − 220,00 + 19.04 110,00.
      ['19', 0, 0, 209_000, 0, 209_000, 0],
      // Дт 10 000,00 (receipt) + 2 000,00 (to the shop); Кт 6 000,00 − 1 000,00 + 2 000,00 + 1 000,00 + 1 000,00 = 9 000,00;
      // 3 kettles for 3 000,00 — as trade's cost register.
      ['41', 0, 0, 1_200_000, 900_000, 300_000, 0],
      ['44', 0, 0, 50_000, 0, 50_000, 0],
      ['51', 0, 0, 500_000, 500_000, 0, 0],
      // We owe 12 810,00 − 5 000,00 − 1 220,00 = 6 590,00.
      ['60', 0, 0, 600_000, 1_259_000, 0, 659_000],
      // The customer owes 14 640,00 − 5 000,00 − 2 440,00 = 7 200,00; 62.02 is back at zero.
      ['62', 0, 0, 1_720_000, 1_000_000, 720_000, 0],
      ['68', 0, 0, 0, 220_000, 0, 220_000],
      // 90.01.1 Кт 12 200,00; 90.02.1 Дт 5 000,00; 90.03 Дт 2 200,00.
      ['90', 0, 0, 720_000, 1_220_000, 720_000, 1_220_000],
      ['94', 0, 0, 100_000, 0, 100_000, 0],
    ]);
    expect(s.totals).toEqual({ opening_debit: 0, opening_credit: 0, debit: 5_099_000, credit: 5_099_000, closing_debit: 2_099_000, closing_credit: 2_099_000 });
    const s41 = await report(api, 'account_turnover_sheet', { account: acc['41'], ...MARCH, organization: id.org });
    expect(s41.items.map((r) => [r.subconto_name, r.closing_debit, r.closing_quantity])).toEqual([['Чайник', 300_000, '3.000']]);
  });

  test('closing March: 44 to 90.07.1, result 4 500,00 to 99', async () => {
    // Revenue 12 200,00 − VAT 2 200,00 − cost 5 000,00 − expenses 500,00 = 4 500,00.
    const closing = await postAccounting(api, 'month_closing', { organization: id.org, month: '2026-03-01' });
    expect(closing.result).toBe(450_000);
    const s = await report(api, 'turnover_balance_sheet', { ...MARCH, organization: id.org });
    expect(sheetRows(s.items).find((r) => r[0] === '99')).toEqual(['99', 0, 0, 0, 450_000, 0, 450_000]);
    expect(sheetRows(s.items).find((r) => r[0] === '90')?.slice(5)).toEqual([0, 0]);
  });

  test('cancelling a trade document reverses its entries with it; posting again brings them back', async () => {
    expect((await api.post(`/api/trade/documents/transfer/${docs.move.id}/cancel`)).status).toBe(200);
    expect(await entriesOf(docs.move.id)).toEqual([]);
    expect((await api.post(`/api/trade/documents/transfer/${docs.move.id}/post`)).status).toBe(200);
    expect(await entriesOf(docs.move.id)).toEqual([['41.01', '41.01', 200_000, '2.000']]);
  });

  test('an organization on УСН: the supplier’s VAT goes into the cost of goods, nothing to 19', async () => {
    const usn = await createItem(api, 'organizations', { name: 'ИП Петров', inn: nextInn(), vat_status: 'usn' });
    const contract = await createItem(api, 'contracts', { name: 'Договор ИП', owner_id: id.supplier, organization: usn, kind: 'supplier' });
    // 2 × 1 220,00 incl. VAT 440,00: the goods cost the whole 2 440,00.
    const r = await post('receipt', { date: '2026-03-05', organization: usn, warehouse: id.main, counterparty: id.supplier, contract, goods: [{ product: id.kettle, quantity: '2', price: 122_000 }] });
    expect(r).toMatchObject({ total: 244_000, vat: 44_000 });
    expect(await entriesOf(r.id)).toEqual([['41.01', '60.01', 244_000, '2.000']]);
    id.usn = usn;
    id.usnContract = contract;
  });

  test('posting a sale costs four statements of accounting, one line or three: дата запрета, chart, entries, sums by account', async () => {
    const iron = await createItem(api, 'products', { name: 'Утюг' });
    const lamp = await createItem(api, 'products', { name: 'Лампа' });
    const buyer = await createItem(api, 'contracts', { name: 'Договор ИП с покупателем', owner_id: id.customer, organization: id.usn, kind: 'customer' });
    await post('receipt', { date: '2026-03-06', organization: id.usn, warehouse: id.main, counterparty: id.supplier, contract: id.usnContract, goods: [iron, lamp].map((p) => ({ product: p, quantity: '5', price: 10_000 })) });
    const sale = (products: string[]) => () => post('sale', { date: '2026-03-07', organization: id.usn, warehouse: id.main, counterparty: id.customer, contract: buyer, goods: products.map((p) => ({ product: p, quantity: '1', price: 20_000 })) });
    // Each register's rows and totals go in one statement; the products come from trade's own read of them in the same request.
    for (const products of [[id.kettle], [id.kettle, iron, lamp]]) {
      const statements = await queriesOf(stack, sale(products));
      expect(statements.filter((sql) => /accounting/.test(sql))).toHaveLength(4);
      expect(statements.filter((sql) => /c_trade_products/.test(sql))).toHaveLength(1);
    }
  });

  test('a trade document before the дата запрета is refused whole: no stock, no entries', async () => {
    expect((await api.patch(`/api/accounting/catalogs/policies/${id.policy}`, { ban_date: '2026-03-31' })).status).toBe(200);
    const res = await api.post('/api/trade/documents/receipt?post=true', goods({ date: '2026-03-25', counterparty: id.supplier, contract: id.buyContract, goods: [{ product: id.kettle, quantity: '1', price: 122_000 }] }));
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('установлена дата запрета изменения данных 31.03.2026: документ от 25.03.2026 нельзя провести, отменить или изменить');
    const stock = (await api.get(`/api/trade/registers/stock/balance?date=2026-03-31&organization=${id.org}&warehouse=${id.main}&product=${id.kettle}`)).body.items[0]?.quantity;
    expect(stock).toBe('2.000');
  });
});

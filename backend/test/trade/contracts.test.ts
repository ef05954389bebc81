import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, startTradeCompany, type Api } from './support';

/**
 * Contracts as a manager meets them: the counterparty's only contract of the right kind is filled in,
 * another counterparty's or another kind's is refused, and a contract's payment terms set when a sale
 * is overdue. Amounts in kopecks.
 */

let stack: TestStack;
let api: Api;
const id: Record<string, string> = {};

beforeAll(async () => {
  const t = await startTradeCompany('trade-contracts', { name: 'Договоры', adminEmail: 'admin@contracts.ru' });
  stack = t.stack;
  api = t.api;
  id.org = await createItem(api, 'organizations', { name: 'ООО «Договоры»', inn: '7707083893' });
  id.warehouse = await createItem(api, 'warehouses', { name: 'Склад' });
  id.product = await createItem(api, 'products', { name: 'Товар' });
  // A company that both buys from us and sells to us: one contract of each kind.
  id.partner = await createItem(api, 'counterparties', { name: 'ООО «Партнёр»', inn: nextInn() });
  id.sell = await createItem(api, 'contracts', { name: 'Договор продажи, отсрочка 30 дней', owner_id: id.partner, organization: id.org, kind: 'customer', payment_days: 30 });
  id.buy = await createItem(api, 'contracts', { name: 'Договор закупки', owner_id: id.partner, organization: id.org, kind: 'supplier' });
  // A customer with two contracts: which one is for the person to choose.
  id.twoContracts = await createItem(api, 'counterparties', { name: 'ООО «Два договора»', inn: nextInn() });
  for (const name of ['Договор 1', 'Договор 2']) id[name] = await createItem(api, 'contracts', { name, owner_id: id.twoContracts, organization: id.org, kind: 'customer' });
});
afterAll(() => stack?.close());

const header = (extra: Record<string, unknown>) => ({ organization: id.org, warehouse: id.warehouse, price_includes_vat: false, ...extra });

describe('the contract of a document', () => {
  test('the only contract of the right kind is filled in: the supplier one on a receipt, the customer one on a sale', async () => {
    const receipt = await postDocument(api, 'receipt', header({ date: '2026-03-01', counterparty: id.partner, goods: [{ product: id.product, quantity: '10', price: 100 }] }));
    expect(receipt.contract).toBe(id.buy);
    const sale = await postDocument(api, 'sale', header({ date: '2026-03-02', counterparty: id.partner, goods: [{ product: id.product, quantity: '1', price: 20000, vat_rate: 'none' }] }));
    expect(sale.contract).toBe(id.sell);
  });

  test('with two contracts none is guessed; the customer’s contract on a receipt and another counterparty’s are refused', async () => {
    const unsure = await api.post('/api/trade/documents/sale', header({ date: '2026-03-02', counterparty: id.twoContracts, goods: [{ product: id.product, quantity: '1', price: 20000 }] }));
    expect(unsure.status).toBe(400);
    expect(unsure.body.errors.map((e: { field: string }) => e.field)).toContain('contract');

    const wrongKind = await api.post('/api/trade/documents/receipt', header({ date: '2026-03-02', counterparty: id.partner, contract: id.sell, goods: [{ product: id.product, quantity: '1', price: 100 }] }));
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.detail).toBe('«Договор»: «Договор продажи, отсрочка 30 дней» не подходит — нужен элемент, у которого «Вид договора» — «С поставщиком»');
    expect(wrongKind.body.errors).toEqual([expect.objectContaining({ field: 'contract' })]);

    const othersContract = await api.post('/api/trade/documents/sale', header({ date: '2026-03-02', counterparty: id.partner, contract: id['Договор 1'], goods: [{ product: id.product, quantity: '1', price: 100 }] }));
    expect(othersContract.status).toBe(400);
    expect(othersContract.body.detail).toContain('«Владелец» — как в поле «Покупатель»');

    // Changing the counterparty of a saved sale keeps the check.
    const draft = await api.post('/api/trade/documents/sale', header({ date: '2026-03-03', counterparty: id.twoContracts, contract: id['Договор 2'], goods: [{ product: id.product, quantity: '1', price: 100 }] }));
    expect(draft.status).toBe(201);
    const moved = await api.patch(`/api/trade/documents/sale/${draft.body.id}`, { counterparty: id.partner });
    expect(moved.status).toBe(400);
  });

  test('the picker’s list: only the counterparty’s contracts of the kind', async () => {
    const list = await api.get(`/api/trade/catalogs/contracts?owner_id=${id.partner}&kind=supplier`);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([id.buy]);
  });
});

describe('payment terms', () => {
  test('a sale is due `payment_days` after its date by its contract: not overdue before, overdue after', async () => {
    const sale = await postDocument(api, 'sale', header({ date: '2026-03-10', counterparty: id.partner, goods: [{ product: id.product, quantity: '1', price: 50000, vat_rate: 'none' }] }));
    expect(sale.due_date).toBe('2026-04-09');
    const debts = async (date: string) => (await api.get(`/api/trade/reports/debts?date=${date}&organization=${id.org}`)).body.items.find((r: { counterparty_name: string }) => r.counterparty_name === 'ООО «Партнёр»');
    // The partner owes the sale of the 2nd (20 000) and this one (50 000), both on 30 days, less what we owe for the receipt.
    expect((await debts('2026-03-11')).overdue).toBe(0);
    expect((await debts('2026-04-02')).overdue).toBe(20000);
    // A date typed by the manager is kept.
    const own = await postDocument(api, 'sale', header({ date: '2026-03-10', counterparty: id.partner, due_date: '2026-03-12', goods: [{ product: id.product, quantity: '1', price: 100, vat_rate: 'none' }] }));
    expect(own.due_date).toBe('2026-03-12');
  });
});

import { afterAll, beforeAll, expect, test } from 'vitest';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { report, sheetRows } from './support';

/**
 * Accounting bought after a month of trade: «перепровести с даты» writes the entries of the trade
 * documents posted before, and the books come out exactly as in a company that had accounting from
 * the start with the same documents. The trade documents themselves are not touched.
 */
let stack: TestStack;
let early: Api;
let late: Api;
const MARCH = { from: '2026-03-01', to: '2026-03-31' };

/** The same March in a company: a receipt, a sale, the customer's payment. */
async function tradeMonth(api: Api) {
  const org = await createItem(api, 'organizations', { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: '40702810300180001774' });
  const main = await createItem(api, 'warehouses', { name: 'Основной' });
  const kettle = await createItem(api, 'products', { name: 'Чайник' });
  const supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  const customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  const buy = await createItem(api, 'contracts', { name: 'Закупка', owner_id: supplier, organization: org, kind: 'supplier' });
  const sell = await createItem(api, 'contracts', { name: 'Поставка', owner_id: customer, organization: org, kind: 'customer' });
  await postDocument(api, 'receipt', { date: '2026-03-02', organization: org, warehouse: main, counterparty: supplier, contract: buy, goods: [{ product: kettle, quantity: '10', price: 122_000 }] });
  const sale = await postDocument(api, 'sale', { date: '2026-03-10', organization: org, warehouse: main, counterparty: customer, contract: sell, goods: [{ product: kettle, quantity: '4', price: 244_000 }] });
  await postDocument(api, 'money_in', { date: '2026-03-12', organization: org, counterparty: customer, contract: sell, amount: 976_000, allocation: [{ contract: sell, document: sale.id, amount: 976_000 }] });
  return { org, kettle, main };
}

const sheet = async (api: Api) => sheetRows((await report(api, 'turnover_balance_sheet', MARCH)).items);

beforeAll(async () => {
  stack = await startStack({ label: 'acc_later' });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  early = client(stack.url, (await onboardTenant(stack, owner, { name: 'С бухгалтерией', adminEmail: 'a@early.ru', modules: ['trade', 'accounting'] })).adminToken);
  late = client(stack.url, (await onboardTenant(stack, owner, { name: 'Без бухгалтерии', adminEmail: 'a@late.ru', modules: ['trade'] })).adminToken);
});
afterAll(() => stack?.close());

test('buying accounting later and re-posting from a date gives the same books as having had it from the start', async () => {
  await tradeMonth(early);
  const { org, kettle, main } = await tradeMonth(late);
  const expected = await sheet(early);
  // Goods in at 10 000,00 net, 4 of 10 out at cost 4 000,00; VAT 2 200,00 on the purchase, 1 760,00 on the sale; 9 760,00 sold and paid.
  expect(expected).toEqual([
    ['19', 0, 0, 220_000, 0, 220_000, 0],
    ['41', 0, 0, 1_000_000, 400_000, 600_000, 0],
    ['51', 0, 0, 976_000, 0, 976_000, 0],
    ['60', 0, 0, 0, 1_220_000, 0, 1_220_000],
    ['62', 0, 0, 976_000, 976_000, 0, 0],
    ['68', 0, 0, 0, 176_000, 0, 176_000],
    ['90', 0, 0, 576_000, 976_000, 576_000, 976_000],
  ]);

  expect((await late.post('/api/admin/subscription/modules/accounting')).status).toBe(200);
  expect((await report(late, 'turnover_balance_sheet', MARCH)).items).toEqual([]);
  const stockBefore = (await late.get(`/api/trade/registers/stock/balance?organization=${org}&warehouse=${main}&product=${kettle}`)).body.items;

  const res = await late.post('/api/accounting/hooked-documents/repost', { from: '2026-03-01' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toEqual({ from: '2026-03-01', documents: 3, alreadyPosted: 0 });
  expect(await sheet(late)).toEqual(expected);

  // Once more: nothing new is written; trade's own movements are untouched.
  expect((await late.post('/api/accounting/hooked-documents/repost', { from: '2026-03-01' })).body).toEqual({ from: '2026-03-01', documents: 0, alreadyPosted: 3 });
  expect(await sheet(late)).toEqual(expected);
  expect((await late.get(`/api/trade/registers/stock/balance?organization=${org}&warehouse=${main}&product=${kettle}`)).body.items).toEqual(stockBefore);

  // Cancelling a document afterwards reverses its entries once: 90 nets to nothing (not below), the goods are back on 41.
  const sale = (await late.get('/api/trade/documents/sale')).body.items[0];
  expect((await late.post(`/api/trade/documents/sale/${sale.id}/cancel`)).status).toBe(200);
  const after = await sheet(late);
  expect(after.find((r) => r[0] === '90')).toBeUndefined();
  expect(after.find((r) => r[0] === '41')).toEqual(['41', 0, 0, 1_000_000, 0, 1_000_000, 0]);

  // A bad date is a 400; a module that hooks nothing has nothing to re-post.
  expect((await late.post('/api/accounting/hooked-documents/repost', { from: '2026-02-30' })).status).toBe(400);
  expect((await late.post('/api/trade/hooked-documents/repost', { from: '2026-03-01' })).status).toBe(404);
});

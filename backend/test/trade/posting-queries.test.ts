import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, nextInn, type TestStack } from '../support/stack';
import { createItem, startTradeCompany } from './support';
import { queriesOf } from '../support/queries';

// Counts the SQL statements (never times) of posting a 10-line Реализация товаров и услуг of 10
// distinct products through the HTTP API: each statement is a round trip holding a pooled connection.
let stack: TestStack;
let api: ReturnType<typeof client>;
let base: Record<string, string>;
const products: string[] = [];

beforeAll(async () => {
  const t = await startTradeCompany('trade-posting-queries', { name: 'Запросы', adminEmail: 'admin@trade-queries.ru' });
  stack = t.stack;
  api = t.api;
  const mk = (catalog: string, body: Record<string, unknown>) => createItem(api, catalog, body);
  const organization = await mk('organizations', { name: 'ООО «Запросы»', inn: '7707083893' });
  const counterparty = await mk('counterparties', { name: 'ООО «Клиент»', inn: nextInn() });
  base = { organization, counterparty, contract: await mk('contracts', { name: 'Основной договор', owner_id: counterparty }), warehouse: await mk('warehouses', { name: 'Склад' }) };
  for (let i = 0; i < 10; i++) products.push(await mk('products', { name: `Товар ${i}` }));
  // A receipt takes only a contract «с поставщиком» (the sales below use the customer's).
  const bought = await mk('contracts', { name: 'Договор закупки', owner_id: counterparty, kind: 'supplier' });
  const receipt = await api.post('/api/trade/documents/receipt?post=true', { ...base, contract: bought, date: '2026-05-01', goods: products.map((product, i) => ({ product, quantity: '100', price: 5000 + i })) });
  expect(receipt.body.status).toBe('posted');
});
afterAll(() => stack?.close());

const sale = (date: string) => ({ ...base, date, goods: products.map((product, i) => ({ product, quantity: `${i + 1}`, price: 9000 + i })) });

describe('SQL round trips of posting a trade document', () => {
  test('creating and posting a 10-line sale of 10 distinct products in one request', async () => {
    await api.post('/api/trade/documents/sale?post=true', sale('2026-06-01')); // warm caches
    let res: Awaited<ReturnType<typeof api.post>> | undefined;
    const queries = await queriesOf(stack, async () => {
      res = await api.post('/api/trade/documents/sale?post=true', sale('2026-06-02'));
    });
    expect(res!.status).toBe(201);
    expect(res!.body).toMatchObject({ status: 'posted', revision: 1 });
    expect(res!.body.goods).toHaveLength(10);
    console.log(`posting a 10-line sale of 10 products: ${queries.length} SQL statements`);
    if (process.env.SHOW_QUERIES) console.log(queries.join('\n'));
    // The products of all lines are read in one statement (PostingContext.catalogItems), not one per product.
    expect(queries.filter((q) => /c_trade_products/.test(q))).toHaveLength(1);
    // Was 70: one product read per distinct product. Most of the rest is per product too: a reserve lock and
    // the reserves, a cost lock and the cost balance. The organization (its VAT status — ОСНО or УСН) and the
    // products (their cards' VAT rates) are read before saving, to decide the lines' rates before the amounts
    // are computed; the posting of the same request reuses those reads instead of reading them again.
    // The contract is read once before saving too: its payment terms (the due date) and that it is the customer's.
    // A sale sent without a price type looks for one (+2): the user's main price type in their settings, then the
    // company's only one (here there is none).
    expect(queries.length).toBeLessThanOrEqual(65);
  });
});

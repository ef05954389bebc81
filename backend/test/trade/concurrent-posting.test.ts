import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, startTradeCompany, type Api } from './support';

/**
 * Four people post and cancel receipts and sales of the same goods at the same moments, for a few seconds.
 * Postings lock register keys and write month/day totals and the cost sequence; two of them used to take
 * those locks in opposite orders and PostgreSQL killed one with «deadlock detected» (a 500). Now a lost
 * deadlock is run again inside the request, and one that still loses is a 409 — never a 5xx — and what
 * the answers said was posted is exactly what the stock and cost registers hold.
 */
let stack: TestStack;
let api: Api;
const id: Record<string, string> = {};
const products: string[] = [];

beforeAll(async () => {
  const t = await startTradeCompany('trade-concurrent', { name: 'Склад и продажи', adminEmail: 'admin@concurrent.ru' });
  stack = t.stack;
  api = t.api;
  id.org = await createItem(api, 'organizations', { name: 'ООО «Параллель»', inn: '7707083893', kpp: '770701001' });
  id.warehouse = await createItem(api, 'warehouses', { name: 'Основной' });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  id.saleContract = await createItem(api, 'contracts', { name: 'Продажа', owner_id: id.customer, organization: id.org, kind: 'customer' });
  id.buyContract = await createItem(api, 'contracts', { name: 'Закупка', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  for (const name of ['Чайник', 'Утюг', 'Тостер', 'Миксер']) products.push(await createItem(api, 'products', { name }));
}, 120_000);
afterAll(() => stack?.close());

type Kind = 'receipt' | 'sale';
interface Posted {
  kind: Kind;
  lines: { product: string; quantity: string }[];
  posted: boolean;
}

const shuffled = <T,>(xs: T[]) => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

function documentBody(kind: Kind) {
  // Several products in a random order, on a random day of March: postings touch the same keys in
  // different orders, and back-dated ones break the organization's cost sequence (its upsert).
  const lines = shuffled(products)
    .slice(0, 2 + Math.floor(Math.random() * 3))
    .map((product) => ({ product, quantity: kind === 'receipt' ? String(5 + Math.floor(Math.random() * 5)) : '1', price: kind === 'receipt' ? 10000 : 15000 }));
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  return {
    date: `2026-03-${day}`,
    organization: id.org,
    warehouse: id.warehouse,
    counterparty: kind === 'receipt' ? id.supplier : id.customer,
    contract: kind === 'receipt' ? id.buyContract : id.saleContract,
    goods: lines,
  };
}

describe('concurrent posting', () => {
  test('4 writers posting and cancelling sales and receipts of the same goods for 8 s: no 5xx, and the registers agree with the answers', async () => {
    // Goods on hand before the race, so most sales can go through.
    const opening = await postDocument(api, 'receipt', { ...documentBody('receipt'), date: '2026-02-20', goods: products.map((product) => ({ product, quantity: '200', price: 10000 })) });
    const docs = new Map<string, Posted>([[opening.id, { kind: 'receipt', lines: opening.goods, posted: true }]]);
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const record = (what: string, res: { status: number; body: any }) => {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) serverErrors.push(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      if (res.status === 409) expect(res.body.detail, what).toMatch(/изменён одновременно с вами, повторите/);
      return res;
    };

    // 8 seconds of racing, and on a slow machine on until a dozen operations went through (or 400 were tried),
    // so the check below speaks of the race, not of the machine's speed.
    const until = Date.now() + 8_000;
    const succeeded = () => (statuses.get(200) ?? 0) + (statuses.get(201) ?? 0);
    const tried = () => [...statuses.values()].reduce((a, b) => a + b, 0);
    const writer = async () => {
      const mine: string[] = [];
      while ((Date.now() < until || succeeded() <= 10) && tried() < 400) {
        const roll = Math.random();
        if (roll < 0.55 || mine.length < 2) {
          const kind: Kind = Math.random() < 0.5 ? 'receipt' : 'sale';
          const res = record(`create ${kind}`, await api.post(`/api/trade/documents/${kind}?post=true`, documentBody(kind)));
          if (res.status === 201) {
            docs.set(res.body.id, { kind, lines: res.body.goods, posted: res.body.status === 'posted' });
            mine.push(res.body.id);
          }
        } else {
          const docId = mine[Math.floor(Math.random() * mine.length)];
          const doc = docs.get(docId)!;
          const res = record(`${doc.posted ? 'cancel' : 'post'} ${doc.kind}`, await api.post(`/api/trade/documents/${doc.kind}/${docId}/${doc.posted ? 'cancel' : 'post'}`));
          if (res.status === 200) doc.posted = res.body.status === 'posted';
        }
      }
    };
    await Promise.all([1, 2, 3, 4].map(() => writer()));

    expect(serverErrors, serverErrors.join('\n')).toEqual([]);
    expect([...statuses.keys()].every((s) => [200, 201, 409, 422].includes(s)), JSON.stringify([...statuses])).toBe(true);
    expect(succeeded()).toBeGreaterThan(10);

    // What the answers said is posted, by product: receipts in, sales out — in the stock register and in the cost register.
    const expected = new Map(products.map((p) => [p, new Decimal(0)]));
    for (const d of docs.values())
      if (d.posted) for (const l of d.lines) expected.set(l.product, expected.get(l.product)!.plus(d.kind === 'receipt' ? l.quantity : new Decimal(l.quantity).negated()));
    const stock = (await api.get(`/api/trade/registers/stock/balance?warehouse=${id.warehouse}`)).body.items as { product: string; quantity: string }[];
    const cost = (await api.get(`/api/trade/registers/cost/balance?organization=${id.org}`)).body.items as { product: string; quantity: string }[];
    for (const p of products) {
      const inStock = stock.filter((r) => r.product === p).reduce((s, r) => s.plus(r.quantity), new Decimal(0));
      const atCost = cost.filter((r) => r.product === p).reduce((s, r) => s.plus(r.quantity), new Decimal(0));
      expect(inStock.toFixed(), `stock of ${p}`).toBe(expected.get(p)!.toFixed());
      expect(atCost.toFixed(), `cost quantity of ${p}`).toBe(expected.get(p)!.toFixed());
    }
  }, 120_000);
});

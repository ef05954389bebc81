import { fork } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { client, login, nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, type Api } from '../trade/support';
import { schemaOf, startAccountingCompany } from './support';

/**
 * A backend process killed with SIGKILL in the middle of posting (issue 12, Tests): a Реализация and its accounting
 * entries and счёт-фактура are written in one transaction, so after the crash no sale is posted without its entries
 * and its invoice, and no entries or invoice exist for a sale that is not posted. The backend runs in a forked
 * process (kill9/backend.cjs) on this test's database; the test's own backend is the one «restarted».
 */
let stack: TestStack;
let api: Api;
let tenantId: string;
const ADMIN = { email: 'admin@kill9.ru', password: 'Admin-Passw0rd-1' };
const id: Record<string, string> = {};

beforeAll(async () => {
  const t = await startAccountingCompany('accounting-kill9', { name: 'Падение', adminEmail: ADMIN.email });
  stack = t.stack;
  api = t.api;
  tenantId = t.tenant.tenantId;
  id.org = await createItem(api, 'organizations', { name: 'ООО «Падение»', inn: '7707083893', kpp: '770701001', bik: '044525311', account: '40702810300180001774' });
  id.main = await createItem(api, 'warehouses', { name: 'Основной' });
  id.kettle = await createItem(api, 'products', { name: 'Чайник' });
  id.supplier = await createItem(api, 'counterparties', { name: 'ООО «Поставщик»', inn: nextInn(), is_supplier: true });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Покупатель»', inn: nextInn(), is_customer: true });
  id.buy = await createItem(api, 'contracts', { name: 'Закупка', owner_id: id.supplier, organization: id.org, kind: 'supplier' });
  id.sell = await createItem(api, 'contracts', { name: 'Продажа', owner_id: id.customer, organization: id.org, kind: 'customer' });
  await postDocument(api, 'receipt', { date: '2026-03-01', organization: id.org, warehouse: id.main, counterparty: id.supplier, contract: id.buy, goods: [{ product: id.kettle, quantity: '100000', price: 100_000 }] });
});
afterAll(() => stack?.close());

/** A Реализация of one kettle. */
const sale = () => ({ date: '2026-03-02', organization: id.org, warehouse: id.main, counterparty: id.customer, contract: id.sell, goods: [{ product: id.kettle, quantity: '1', price: 244_000 }] });

test('kill -9 of the backend mid-posting leaves no trade document without its entries', async () => {
  const child = fork(path.join(import.meta.dirname, 'kill9/backend.cjs'), [], { env: { ...process.env, DATABASE_URL: stack.databaseUrl }, detached: true, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const started = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string }));
    child.once('exit', (code) => reject(new Error(`the backend process exited with ${code}: ${stderr}`)));
  });
  const crashing = client(started.url, await login(started.url, ADMIN.email, ADMIN.password));
  // Four posters keep sales in flight until the process dies under them.
  const outcome = { posted: 0, cut: 0 };
  let killed = false;
  const poster = async () => {
    while (!killed) {
      const res = await crashing.post('/api/trade/documents/sale?post=true', sale()).catch(() => null);
      if (res === null) outcome.cut++;
      else if (res.status === 201) outcome.posted++;
      else throw new Error(`posting refused: ${res.status} ${JSON.stringify(res.body)}`);
    }
  };
  const posters = [poster(), poster(), poster(), poster()];
  while (outcome.posted < 12) await new Promise((r) => setTimeout(r, 20));
  process.kill(-child.pid!, 'SIGKILL');
  killed = true;
  await Promise.all(posters);
  expect(outcome.cut, 'requests cut off by the kill').toBeGreaterThan(0);

  // After the crash, read by the surviving backend's database: every posted sale has its entries and invoice; nothing else has.
  const schema = await schemaOf(stack, tenantId);
  const k = stack.db.knex;
  const sales = await k(`${schema}.d_trade_sale`).select('id', 'status', 'revision');
  const posted = sales.filter((s) => s.status === 'posted');
  expect(posted.length).toBeGreaterThanOrEqual(outcome.posted);
  expect(sales.filter((s) => s.status !== 'posted'), 'a sale written without its posting').toEqual([]);
  const withEntries = new Set(await k(`${schema}.r_accounting_entries`).where({ recorder_type: 'trade.sale', storno: false }).distinct('recorder_id').pluck('recorder_id'));
  const invoiced = new Set(await k(`${schema}.d_accounting_invoice_issued`).where({ status: 'posted' }).pluck('sale'));
  expect(posted.filter((s) => !withEntries.has(s.id)), 'posted sales without entries').toEqual([]);
  expect(posted.filter((s) => !invoiced.has(s.id)), 'posted sales without their invoice').toEqual([]);
  expect([...withEntries].filter((s) => !posted.some((p) => p.id === s)), 'entries of a sale that is not posted').toEqual([]);
  // The restarted backend goes on posting where the other stopped (no lock or number left behind).
  const after = await api.post('/api/trade/documents/sale?post=true', sale());
  expect(after.status).toBe(201);
}, 120_000);

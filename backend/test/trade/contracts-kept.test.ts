import { afterAll, beforeAll, expect, test } from 'vitest';
import { defineDocument } from '../../src/platform/engine/declarations';
import { ConfigurationRegistry } from '../../src/platform/engine/registry';
import { tradeModule } from '../../src/modules/trade/module';
import type { TestStack } from '../support/stack';
import { createItem, startTradeCompany, type Api } from './support';

/**
 * «Вести учёт по договорам» (1C): a payment names its contract where the organization or the counterparty keeps
 * its accounts by contracts — the engine's `requiredWhen`.
 */
let stack: TestStack;
let api: Api;
const id: Record<string, string> = {};

beforeAll(async () => {
  ({ stack, api } = await startTradeCompany('contracts_kept', { name: 'ООО «Договоры»', adminEmail: 'admin@dogovory.ru' }));
  id.org = (await api.get('/api/trade/catalogs/organizations')).body.items[0].id;
  expect((await api.patch(`/api/trade/catalogs/organizations/${id.org}`, { allow_negative_stock: true, bik: '044525311', account: '40702810300180001774' })).status).toBe(200);
  await createItem(api, 'warehouses', { name: 'Склад' });
  id.customer = await createItem(api, 'counterparties', { name: 'ООО «Без договора»', is_customer: true });
  id.product = await createItem(api, 'products', { name: 'Чайник' });
});
afterAll(() => stack?.close());

const payment = (extra: Record<string, unknown> = {}) => api.post('/api/trade/documents/money_in?post=true', { date: '2026-03-11', counterparty: id.customer, amount: 100_000, ...extra });

test('without «Вести учёт по договорам» a payment names no contract and settles the sale’s', async () => {
  id.contract = await createItem(api, 'contracts', { name: 'Поставка', owner_id: id.customer, kind: 'customer' });
  // The customer's only contract is the sale's by itself.
  const sale = await api.post('/api/trade/documents/sale?post=true', { date: '2026-03-10', counterparty: id.customer, goods: [{ product: id.product, quantity: '1', price: 100_000 }] });
  expect(sale.status, JSON.stringify(sale.body)).toBe(201);
  expect(sale.body).toMatchObject({ status: 'posted', contract: id.contract, total: 100_000 });
  const paid = await payment();
  expect(paid.status, JSON.stringify(paid.body)).toBe(201);
  expect(paid.body.contract).toBeNull();
  // 1 000,00 sold, 1 000,00 paid: nothing is owed on the contract.
  const owed = (await api.get(`/api/trade/registers/settlements/balance?counterparty=${id.customer}`)).body.items;
  expect(owed.filter((r: { amount: string }) => r.amount !== '0')).toEqual([]);
});

test('the organization’s setting makes the payment’s contract required, naming the setting', async () => {
  expect((await api.patch(`/api/trade/catalogs/organizations/${id.org}`, { keep_contracts: true })).status).toBe(200);
  const refused = await payment();
  expect(refused.status).toBe(400);
  expect(refused.contentType).toContain('application/problem+json');
  expect(refused.body.errors).toEqual([{ field: 'contract', message: '«Договор»: обязательное поле — у «ООО «Договоры»» («Организация») включено «Вести учёт по договорам»' }]);
  const named = await payment({ contract: id.contract });
  expect(named.status, JSON.stringify(named.body)).toBe(201);
});

test('the counterparty’s setting requires it whatever the organization says', async () => {
  expect((await api.patch(`/api/trade/catalogs/organizations/${id.org}`, { keep_contracts: false })).status).toBe(200);
  const strict = await createItem(api, 'counterparties', { name: 'ООО «Строгий»', is_customer: true, keep_contracts: true });
  const res = await api.post('/api/trade/documents/money_in', { date: '2026-03-12', counterparty: strict, amount: 5_000 });
  expect(res.status).toBe(400);
  expect(res.body.detail).toBe('«Договор»: обязательное поле — у «ООО «Строгий»» («Плательщик») включено «Вести учёт по договорам»');
});

test('a requiredWhen on a field that is not a reference to a catalog with that setting stops the start', () => {
  const probe = defineDocument({
    module: 'trade', code: 'probe', title: 'Проба', numberPrefix: 'ПР',
    fields: { organization: { type: 'ref', ref: 'organizations', title: 'Организация' }, note: { type: 'string', title: 'Заметка', requiredWhen: [{ field: 'organization', setting: 'keep_kontracts' }] } },
  });
  expect(() => new ConfigurationRegistry([...(tradeModule.declarations ?? []), probe])).toThrow('requiredWhen поля «note» — «organization» должно быть ссылкой шапки на справочник с логическим полем «keep_kontracts»');
});

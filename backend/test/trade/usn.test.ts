import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, nextInn, type TestStack } from '../support/stack';
import { createItem, startTradeCompany } from './support';

/**
 * An organization on УСН: its outgoing documents are «Без НДС» (usn) or at 5 % / 7 % (usn_vat5 / usn_vat7)
 * whatever the product's rate; incoming VAT of a supplier is kept as entered and goes into the cost of goods.
 */
const XSD = path.join(__dirname, 'fixtures', 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd');

let stack: TestStack;
let api: ReturnType<typeof client>;
let token: string;
let warehouse: string;
let counterparty: string;
let contract: string;
let supplierContract: string;
let supplier: string;
let product: string;
let iron: string;
const org: Record<string, string> = {};

beforeAll(async () => {
  const t = await startTradeCompany('trade-usn', { name: 'УСН', adminEmail: 'admin@usn.ru' });
  stack = t.stack;
  token = t.tenant.adminToken;
  api = client(stack.url, token);
  const mk = (catalog: string, body: Record<string, unknown>) => createItem(api, catalog, body);
  const address = '123112, г. Москва, Пресненская наб., д. 12, офис 305';
  org.usn = await mk('organizations', { name: 'ООО «Упрощёнка»', inn: '7707083893', kpp: '770701001', address, head: 'Иванов И. И.', vat_status: 'usn', allow_negative_stock: true });
  org.usn5 = await mk('organizations', { name: 'ООО «Пять процентов»', inn: '7728168971', kpp: '772801001', address, head: 'Петров П. П.', vat_status: 'usn_vat5', allow_negative_stock: true });
  org.general = await mk('organizations', { name: 'ООО «Общая»', inn: '7736050003', kpp: '773601001', address, allow_negative_stock: true });
  warehouse = await mk('warehouses', { name: 'Склад' });
  counterparty = await mk('counterparties', { name: 'Клиент', full_name: 'ООО «Клиент»', inn: nextInn(), kpp: '780201001', legal_address: '194044, г. Санкт-Петербург, Лесной пр-т, д. 19', is_customer: true });
  supplier = await mk('counterparties', { name: 'Поставщик', inn: nextInn(), is_supplier: true });
  contract = await mk('contracts', { name: 'Договор', owner_id: counterparty, contract_number: '1', contract_date: '2026-01-15' });
  supplierContract = await mk('contracts', { name: 'Договор поставки', owner_id: supplier, kind: 'supplier' });
  // The product's own rate is the general one: 22 % in 2026.
  product = await mk('products', { name: 'Чайник', unit_code: '796', unit_name: 'шт' });
  iron = await mk('products', { name: 'Утюг' });
});
afterAll(() => stack?.close());

const sale = (organization: string, goods: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  organization,
  warehouse,
  counterparty,
  contract,
  date: '2026-03-10',
  price_includes_vat: true,
  goods: goods.map((g) => ({ product, ...g })),
  ...extra,
});

const get = (url: string) => fetch(`${stack.url}${url}`, { headers: { authorization: `Bearer ${token}` } });

describe('УСН без НДС: outgoing documents are «Без НДС»', () => {
  test('the form’s live compute shows «Без НДС» and VAT 0, even over a 22 % the form still carries', async () => {
    const res = await api.post('/api/trade/documents/sale/compute', sale(org.usn, [{ quantity: '3', price: 3333 }, { quantity: '1', price: 12200, vat_rate: 'vat22' }]));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 3 × 33,33 = 99,99 and 1 × 122,00, no VAT carved out.
    expect(res.body.goods.map((l: any) => [l.vat_rate, l.amount, l.vat, l.total])).toEqual([
      ['none', 9999, 0, 9999],
      ['none', 12200, 0, 12200],
    ]);
    expect(res.body).toMatchObject({ amount: 22199, vat: 0, total: 22199 });
  });

  test('saved and posted without a rate: «Без НДС», VAT 0 in the sales register; УПД status 2 (PDF and XML)', async () => {
    const res = await api.post('/api/trade/documents/sale?post=true', sale(org.usn, [{ quantity: '2', price: 12200 }]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 2 × 122,00 = 244,00, all of it revenue.
    expect(res.body).toMatchObject({ status: 'posted', amount: 24400, vat: 0, total: 24400 });
    expect(res.body.goods[0]).toMatchObject({ vat_rate: 'none', amount: 24400, vat: 0, total: 24400 });
    const report = (await api.get(`/api/trade/reports/sales_analysis?from=2026-03-01&to=2026-03-31&organization=${org.usn}`)).body;
    expect(report.totals).toMatchObject({ revenue: 24400, vat: 0 });

    const pdf = await get(`/api/trade/documents/sale/${res.body.id}/print/upd`);
    expect(pdf.status).toBe(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString().replace(/\u00a0/g, ' ');
    expect(text).toMatch(/Статус:\s+2/);
    expect(text).toMatch(/без НДС/i);
    expect(text).not.toContain('22%');

    const xml = await get(`/api/trade/documents/sale/${res.body.id}/print/upd_xml`);
    const bytes = Buffer.from(await xml.arrayBuffer());
    expect(xml.status, iconv.decode(bytes, 'win1251')).toBe(200);
    const body = iconv.decode(bytes, 'win1251');
    expect(body).toContain('Функция="ДОП"');
    expect(body).toContain('НалСт="без НДС"');
    expect(body).toContain('<БезНДС>без НДС</БезНДС>');
    const file = path.join(tmpdir(), `usn-upd-${res.body.id}.xml`);
    writeFileSync(file, bytes);
    expect(() => execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' })).not.toThrow();
  });

  test('an invoice for payment prints «Без налога (НДС)»', async () => {
    const res = await api.post('/api/trade/documents/invoice_for_payment', { organization: org.usn, counterparty, contract, date: '2026-03-10', goods: [{ product, quantity: '1', price: 10000 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ amount: 10000, vat: 0, total: 10000 });
    const pdf = await get(`/api/trade/documents/invoice_for_payment/${res.body.id}/print/invoice`);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString().replace(/\u00a0/g, ' ');
    expect(text).toContain('Без налога (НДС)');
  });

  test('an explicit 22 % on a УСН sale is refused, naming the line; updating it to 22 % too', async () => {
    const res = await api.post('/api/trade/documents/sale', sale(org.usn, [{ quantity: '1', price: 100 }, { quantity: '1', price: 100, vat_rate: 'vat22' }]));
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe(
      'Строка 2 «Чайник»: организация «ООО «Упрощёнка»» применяет УСН (без НДС), ставка НДС 22 % в её документах невозможна — укажите «Без НДС» или оставьте ставку пустой.',
    );
    const draft = await api.post('/api/trade/documents/sale', sale(org.usn, [{ quantity: '1', price: 100 }]));
    expect(draft.status).toBe(201);
    const upd = await api.patch(`/api/trade/documents/sale/${draft.body.id}`, { goods: [{ product, quantity: '1', price: 100, vat_rate: 'vat22' }] });
    expect(upd.status).toBe(422);
    // Moving a ОСНО draft with 22 % lines to the УСН organization is refused as well.
    const general = await api.post('/api/trade/documents/sale', sale(org.general, [{ quantity: '1', price: 12200 }]));
    expect(general.body.goods[0].vat_rate).toBe('vat22');
    expect((await api.patch(`/api/trade/documents/sale/${general.body.id}`, { organization: org.usn })).status).toBe(422);
  });

  test('a receipt keeps the supplier’s 22 % and puts the full amount including VAT into cost', async () => {
    const res = await api.post('/api/trade/documents/receipt?post=true', {
      organization: org.usn,
      warehouse,
      counterparty: supplier,
      contract: supplierContract,
      date: '2026-03-01',
      price_includes_vat: false,
      goods: [{ product: iron, quantity: '3', price: 3333 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 3 × 33,33 = 99,99 without VAT; VAT 22 % = 21,9978 → 22,00; total 121,99 — the cost of the 3 pieces.
    expect(res.body.goods[0]).toMatchObject({ vat_rate: 'vat22', amount: 9999, vat: 2200, total: 12199 });
    const cost = (await api.get(`/api/trade/registers/cost/balance?date=2026-03-01&organization=${org.usn}&product=${iron}`)).body.items[0];
    expect(cost).toMatchObject({ quantity: '3.000', amount: '12199' });
    // ОСНО deducts the VAT: the same receipt costs 99,99.
    await api.post('/api/trade/documents/receipt?post=true', { organization: org.general, warehouse, counterparty: supplier,
      contract: supplierContract, date: '2026-03-01', price_includes_vat: false, goods: [{ product: iron, quantity: '3', price: 3333 }] });
    const general = (await api.get(`/api/trade/registers/cost/balance?date=2026-03-01&organization=${org.general}&product=${iron}`)).body.items[0];
    expect(general).toMatchObject({ quantity: '3.000', amount: '9999' });
  });
});

describe('УСН with VAT at 5 %', () => {
  test('prices including VAT: VAT = total × 5/105 per line, УПД status 1 with «5%» in the XML', async () => {
    const res = await api.post('/api/trade/documents/sale?post=true', sale(org.usn5, [{ quantity: '3', price: 3333 }, { quantity: '1', price: 10500 }]));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 99,99 × 5/105 = 4,7614… → 4,76, without VAT 95,23; 105,00 × 5/105 = 5,00, without VAT 100,00.
    expect(res.body.goods.map((l: any) => [l.vat_rate, l.amount, l.vat, l.total])).toEqual([
      ['vat5', 9523, 476, 9999],
      ['vat5', 10000, 500, 10500],
    ]);
    expect(res.body).toMatchObject({ amount: 19523, vat: 976, total: 20499 });

    const xml = await get(`/api/trade/documents/sale/${res.body.id}/print/upd_xml`);
    const bytes = Buffer.from(await xml.arrayBuffer());
    const body = iconv.decode(bytes, 'win1251');
    expect(xml.status, body).toBe(200);
    expect(body).toContain('Функция="СЧФДОП"');
    expect(body).toContain('НалСт="5%"');
    const file = path.join(tmpdir(), `usn5-upd-${res.body.id}.xml`);
    writeFileSync(file, bytes);
    expect(() => execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' })).not.toThrow();

    const pdf = await get(`/api/trade/documents/sale/${res.body.id}/print/upd`);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString().replace(/\u00a0/g, ' ');
    expect(text).toMatch(/Статус:\s+1/);
    expect(text).toContain('5%');
  });

  test('22 % is refused, 7 % too; «Без НДС» (exempt) is allowed; 5 % before 2025 is refused', async () => {
    const r22 = await api.post('/api/trade/documents/invoice_for_payment', { organization: org.usn5, counterparty, contract, date: '2026-03-10', goods: [{ product, quantity: '1', price: 100, vat_rate: 'vat22' }] });
    expect(r22.status).toBe(422);
    expect(r22.body.detail).toContain('применяет УСН (НДС 5 %)');
    const r7 = await api.post('/api/trade/documents/invoice_for_payment', { organization: org.usn5, counterparty, contract, date: '2026-03-10', goods: [{ product, quantity: '1', price: 100, vat_rate: 'vat7' }] });
    expect(r7.status).toBe(422);
    const exempt = await api.post('/api/trade/documents/invoice_for_payment', { organization: org.usn5, counterparty, contract, date: '2026-03-10', goods: [{ product, quantity: '1', price: 100, vat_rate: 'none' }] });
    expect(exempt.status).toBe(201);
    expect(exempt.body.goods[0]).toMatchObject({ vat_rate: 'none', vat: 0 });
    const old = await api.post('/api/trade/documents/invoice_for_payment', { organization: org.usn5, counterparty, contract, date: '2024-12-31', goods: [{ product, quantity: '1', price: 100 }] });
    expect(old.status).toBe(400);
    expect(old.body.detail).toBe('Строка 1: ставка НДС 5 % (УСН) действует с 01.01.2025, документ от 31.12.2024.');
  });
});

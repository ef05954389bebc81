import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, nextInn, type TestStack } from '../support/stack';
import { createItem, startTradeCompany } from './support';

/**
 * The УПД of a posted sale as the ФНС XML for ЭДО (format 5.03, КНД 1115131): windows-1251 bytes,
 * valid against the ФНС schema (xmllint, libxml2: fixtures/ON_NSCHFDOPPR_1_997_01_05_03_05.xsd, see
 * fixtures/README.md), and the same numbers as the document.
 */
const XSD = path.join(__dirname, 'fixtures', 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd');
const HEADER = '<?xml version="1.0" encoding="windows-1251"?>';

let stack: TestStack;
let api: ReturnType<typeof client>;
let token: string;
let tmp: string;
let warehouse: string;
let counterparty: string;
let contract: string;
const products: Record<string, string> = {};

/** xmllint --schema on the bytes as they are, in a file named after ИдФайл: `ok` and what xmllint said. */
function validate(bytes: Buffer, name = 'upd.xml'): { ok: boolean; output: string } {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (e: any) {
    if (e.code === 'ENOENT') throw new Error('xmllint is not installed: apt-get install libxml2-utils (.ci/run does it)');
    return { ok: false, output: String(e.stderr) };
  }
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, isArray: (name) => name === 'СведТов' });

async function download(id: string, route = 'upd.xml') {
  const res = await fetch(`${stack.url}/api/trade/documents/sale/${id}/${route}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes };
}

/** Downloads the XML of a sale, checks encoding and schema, and returns the parsed Документ and ИдФайл. */
async function validXml(id: string) {
  const { res, bytes } = await download(id);
  expect(res.status, bytes.toString()).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/xml; charset=windows-1251');
  const fileId = /^attachment; filename\*=UTF-8''(ON_NSCHFDOPPR_[^;]+)\.xml$/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  expect(fileId).toBeDefined();
  // windows-1251 bytes, not UTF-8: «Файл» is the five bytes of windows-1251.
  expect(bytes.subarray(0, HEADER.length).toString('latin1')).toBe(HEADER);
  expect(bytes.includes(iconv.encode('<Файл ', 'win1251'))).toBe(true);
  expect(bytes.includes(Buffer.from('<Файл ', 'utf8'))).toBe(false);
  const text = iconv.decode(bytes, 'win1251');
  expect(iconv.encode(text, 'win1251').equals(bytes)).toBe(true);
  const check = validate(bytes, `${fileId}.xml`);
  expect(check.output).toBe('');
  expect(check.ok).toBe(true);
  const file = parser.parse(text).Файл;
  expect(file.ИдФайл).toBe(fileId);
  return { file, doc: file.Документ, text, bytes, fileId: fileId! };
}

const money = (kopecks: number) => (kopecks / 100).toFixed(2);

async function organization(body: Record<string, unknown>) {
  return (await api.post('/api/trade/catalogs/organizations', { allow_negative_stock: true, ...body })).body.id as string;
}

async function postedSale(org: string, date: string, goods: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  const res = await api.post('/api/trade/documents/sale?post=true', { organization: org, counterparty, contract, warehouse, date, price_includes_vat: true, goods, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.status).toBe('posted');
  return res.body;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'upd-xml-'));
  const t = await startTradeCompany('trade-upd-xml', { name: 'УПД ЭДО', adminEmail: 'admin@upd-xml.ru' });
  stack = t.stack;
  token = t.tenant.adminToken;
  api = client(stack.url, token);
  const mk = (catalog: string, body: Record<string, unknown>) => createItem(api, catalog, body);
  warehouse = await mk('warehouses', { name: 'Основной склад' });
  counterparty = await mk('counterparties', {
    name: 'Северный склад',
    full_name: 'ООО «Северный склад»',
    inn: nextInn(),
    kpp: '780201001',
    legal_address: '194044, г. Санкт-Петербург, Лесной пр-т, д. 19, лит. А, пом. 7-Н',
    is_customer: true,
  });
  contract = await mk('contracts', { name: 'Договор поставки', owner_id: counterparty, contract_number: '15/26', contract_date: '2025-12-01' });
  products.laptop = await mk('products', { name: 'Ноутбук Lenovo ThinkPad E14 — 16 ГБ & «SSD»', article: 'LT-E14', unit_code: '796', unit_name: 'шт' });
  products.milk = await mk('products', { name: 'Молоко 3,2 %', unit_code: '166', unit_name: 'кг' });
});
afterAll(async () => {
  await stack?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('УПД as the ФНС XML for ЭДО (5.03)', () => {
  test('a VAT payer: СЧФДОП, valid against the ФНС schema, with the document’s parties, lines and totals', async () => {
    const org = await organization({
      name: 'ООО «Техноторг»',
      inn: '7707083893',
      kpp: '770701001',
      address: '123112, г. Москва, Пресненская наб., д. 12, офис 305',
      head: 'Иванов Иван Иванович',
      accountant: 'Петрова Анна Сергеевна',
    });
    // Prices include VAT: 2 × 122,00 at 22 % and 2,5 кг × 110,00 at 10 %.
    const sale = await postedSale(org, '2026-03-10', [
      { product: products.laptop, quantity: '2', price: 12200 },
      { product: products.milk, quantity: '2.5', price: 11000, vat_rate: 'vat10' },
    ]);
    expect(sale.goods.map((l: any) => [l.vat_rate, l.amount, l.vat, l.total])).toEqual([
      ['vat22', 20000, 4400, 24400],
      ['vat10', 25000, 2500, 27500],
    ]);

    const { doc, fileId, file } = await validXml(sale.id);
    expect(fileId).toMatch(/^ON_NSCHFDOPPR_\d{10}780201001_7707083893770701001_\d{8}_[0-9a-f-]{36}_0_0_0_0_0_00$/);
    expect(file).toMatchObject({ ВерсФорм: '5.03' });
    expect(doc).toMatchObject({ КНД: '1115131', Функция: 'СЧФДОП' });
    expect(doc.ДатаИнфПр).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    const inv = doc.СвСчФакт;
    expect(inv).toMatchObject({ НомерДок: sale.number, ДатаДок: '10.03.2026' });
    expect(inv.СвПрод.ИдСв.СвЮЛУч).toEqual({ НаимОрг: 'ООО «Техноторг»', ИННЮЛ: '7707083893', КПП: '770701001' });
    expect(inv.СвПрод.Адрес.АдрИнф).toEqual({ КодСтр: '643', НаимСтран: 'РОССИЯ', АдрТекст: '123112, г. Москва, Пресненская наб., д. 12, офис 305' });
    const buyer = (await api.get(`/api/trade/catalogs/counterparties/${counterparty}`)).body;
    expect(inv.СвПокуп.ИдСв.СвЮЛУч).toEqual({ НаимОрг: 'ООО «Северный склад»', ИННЮЛ: buyer.inn, КПП: '780201001' });
    expect(inv.СвПокуп.Адрес.АдрИнф.АдрТекст).toBe(buyer.legal_address);
    expect(inv.ГрузОт.ОнЖе).toBe('он же');
    expect(inv.ДенИзм).toEqual({ КодОКВ: '643', НаимОКВ: 'Российский рубль' });

    const lines = doc.ТаблСчФакт.СведТов;
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      НомСтр: '1',
      НаимТов: 'Ноутбук Lenovo ThinkPad E14 — 16 ГБ & «SSD»',
      ОКЕИ_Тов: '796',
      НаимЕдИзм: 'шт',
      КолТов: '2',
      ЦенаТов: '100.00',
      СтТовБезНДС: '200.00',
      НалСт: '22%',
      СтТовУчНал: '244.00',
      СумНал: { СумНал: '44.00' },
      ДопСведТов: { ПрТовРаб: '1', КодТов: 'LT-E14' },
    });
    expect(lines[1]).toMatchObject({ ОКЕИ_Тов: '166', НаимЕдИзм: 'кг', КолТов: '2.5', ЦенаТов: '100.00', СтТовБезНДС: '250.00', НалСт: '10%', СтТовУчНал: '275.00', СумНал: { СумНал: '25.00' } });
    // Each line and the totals are the document's own numbers.
    sale.goods.forEach((l: any, i: number) => {
      expect([lines[i].СтТовБезНДС, lines[i].СумНал.СумНал, lines[i].СтТовУчНал]).toEqual([money(l.amount), money(l.vat), money(l.total)]);
    });
    expect(doc.ТаблСчФакт.ВсегоОпл).toEqual({ СтТовБезНДСВсего: money(sale.amount), СтТовУчНалВсего: money(sale.total), СумНалВсего: { СумНал: money(sale.vat) } });
    expect(doc.ТаблСчФакт.ВсегоОпл).toEqual({ СтТовБезНДСВсего: '450.00', СтТовУчНалВсего: '519.00', СумНалВсего: { СумНал: '69.00' } });

    expect(doc.СвПродПер.СвПер).toMatchObject({ СодОпер: 'Товары переданы', ДатаПер: '10.03.2026', ОснПер: { РеквНаимДок: 'Договор', РеквНомерДок: '15/26', РеквДатаДок: '01.12.2025' } });
    expect(doc.Подписант).toEqual({ Должн: 'Руководитель', СпосПодтПолном: '1', ФИО: { Фамилия: 'Иванов', Имя: 'Иван', Отчество: 'Иванович' } });

    // The schema check is real: the same file without a required attribute, or with a rate the format does not know, fails.
    const text = iconv.decode((await download(sale.id)).bytes, 'win1251');
    for (const broken of [text.replace(' КНД="1115131"', ''), text.replace('НалСт="22%"', 'НалСт="22 %"'), text.replace(/ИННЮЛ="7707083893"/, 'ИННЮЛ="77070838"')]) {
      expect(broken).not.toBe(text);
      const check = validate(iconv.encode(broken, 'win1251'), 'broken.xml');
      expect(check.ok).toBe(false);
      expect(check.output).toMatch(/fails to validate/);
    }

    // The print form the UI lists serves the same file at …/print/upd_xml.
    const meta = (await api.get('/api/trade/meta')).body;
    const forms = meta.documents.find((d: any) => d.code === 'sale').printForms;
    expect(forms).toContainEqual({ code: 'upd_xml', title: 'УПД (XML для ЭДО)', contentType: 'application/xml; charset=windows-1251' });
    expect(forms).toContainEqual({ code: 'upd', title: 'УПД', contentType: 'application/pdf' });
    const viaPrint = await download(sale.id, 'print/upd_xml');
    expect(viaPrint.res.status).toBe(200);
    expect(viaPrint.res.headers.get('content-type')).toBe('application/xml; charset=windows-1251');
    expect(viaPrint.res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''ON_NSCHFDOPPR_.*\.xml$/);
    expect(validate(viaPrint.bytes).ok).toBe(true);
    // The PDF print form is unchanged.
    const pdf = await download(sale.id, 'print/upd');
    expect(pdf.res.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('an organization on УСН without VAT: ДОП, «без НДС», also valid against the schema', async () => {
    const org = await organization({ name: 'ИП Сидоров Пётр Алексеевич', inn: '500100732259', address: 'г. Москва, ул. Тверская, д. 1', vat_status: 'usn', head: 'Сидоров Пётр Алексеевич' });
    const sale = await postedSale(org, '2026-04-01', [{ product: products.laptop, quantity: '1', price: 5000, vat_rate: 'none' }], {});
    const { doc } = await validXml(sale.id);
    expect(doc.Функция).toBe('ДОП');
    expect(doc.НаимДокОпр).toBe('Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об оказании услуг)');
    expect(doc.СвСчФакт.СвПрод.ИдСв.СвИП).toEqual({ ИННФЛ: '500100732259', ФИО: { Фамилия: 'Сидоров', Имя: 'Пётр', Отчество: 'Алексеевич' } });
    const [line] = doc.ТаблСчФакт.СведТов;
    expect(line).toMatchObject({ НалСт: 'без НДС', СтТовБезНДС: '50.00', СтТовУчНал: '50.00', СумНал: { БезНДС: 'без НДС' } });
    expect(doc.ТаблСчФакт.ВсегоОпл.СумНалВсего).toEqual({ БезНДС: 'без НДС' });
    expect(doc.СвПродПер.СвПер.ОснПер).toEqual({ РеквНаимДок: 'Договор', РеквНомерДок: '15/26', РеквДатаДок: '01.12.2025' });
    expect(doc.Подписант.ФИО).toEqual({ Фамилия: 'Сидоров', Имя: 'Пётр', Отчество: 'Алексеевич' });
  });

  test('a sale dated 2025 carries 20 %', async () => {
    const org = await organization({ name: 'ООО «Старый год»', inn: '7728168971', kpp: '772801001', address: 'г. Москва, ул. Ленина, д. 2', accountant: 'Петрова Анна Сергеевна' });
    const sale = await postedSale(org, '2025-12-31', [{ product: products.laptop, quantity: '1', price: 12000 }]);
    const { doc } = await validXml(sale.id);
    expect(doc.ТаблСчФакт.СведТов[0]).toMatchObject({ НалСт: '20%', СтТовБезНДС: '100.00', СумНал: { СумНал: '20.00' }, СтТовУчНал: '120.00' });
    // No head in the card: the chief accountant signs.
    expect(doc.Подписант).toMatchObject({ Должн: 'Главный бухгалтер', ФИО: { Фамилия: 'Петрова', Имя: 'Анна' } });
  });

  test('a draft is refused with 409, missing data with 422 naming what to fill in', async () => {
    const org = await organization({ name: 'ООО «Черновик»', inn: '7736050003', kpp: '773601001', address: 'г. Москва, ул. Садовая, д. 3' });
    const draft = await api.post('/api/trade/documents/sale', { organization: org, counterparty, contract, warehouse, date: '2026-03-11', goods: [{ product: products.laptop, quantity: '1', price: 100 }] });
    expect(draft.status).toBe(201);
    const refused = await api.get(`/api/trade/documents/sale/${draft.body.id}/upd.xml`);
    expect(refused.status).toBe(409);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toBe(`УПД для ЭДО формируется только по проведённому документу, а «Реализация товаров и услуг» № ${draft.body.number} не проведена — проведите её.`);

    // Posted, but the organization has no head or accountant, the buyer no address and no ИНН, the contract no date.
    const bare = (await api.post('/api/trade/catalogs/counterparties', { name: 'Без адреса' })).body.id;
    const undated = (await api.post('/api/trade/catalogs/contracts', { name: 'Договор без даты', owner_id: bare, contract_number: 'Б/Н-1' })).body.id;
    const sale = (await api.post('/api/trade/documents/sale?post=true', { organization: org, counterparty: bare, contract: undated, warehouse, date: '2026-03-11', goods: [{ product: products.laptop, quantity: '1', price: 100 }] })).body;
    expect(sale.status, JSON.stringify(sale)).toBe('posted');
    const res = await api.get(`/api/trade/documents/sale/${sale.id}/upd.xml`);
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.field)).toEqual(['counterparty.inn', 'counterparty.legal_address', 'contract.contract_date', 'organization.head']);
    expect(res.body.detail).toContain('У покупателя «Без адреса» не указан ИНН — заполните поле «ИНН» в карточке контрагента.');
    expect(res.body.detail).toContain('У покупателя «Без адреса» не указан адрес — заполните поле «Юридический адрес» в карточке контрагента.');
    expect(res.body.detail).toContain('У договора «Б/Н-1» не указана дата — заполните поле «Дата договора» в карточке договора');
    expect(res.body.detail).toContain('В карточке организации «ООО «Черновик»» не указан руководитель — заполните поле «Руководитель»');

    // An unknown sale is not found.
    expect((await api.get(`/api/trade/documents/sale/00000000-0000-4000-8000-000000000000/upd.xml`)).status).toBe(404);
  });
});

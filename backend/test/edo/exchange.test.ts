import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unzipSync } from 'fflate';
import { checkDetached } from '../../src/modules/edo/signing/cms';
import { createLocalCa } from '../../src/modules/edo/signing/local-ca';
import { answerMismatches, type OpenApiDoc } from '../support/openapi';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../support/stack';
import { completeCompanyOrganization } from '../trade/support';

/**
 * Two WorkCloud companies with trade and ЭДО exchange УПД inside the platform, over real HTTP: the seller sends the
 * УПД of a posted sale, the buyer sends its ИОП and signs its title (a draft Поступление appears), refuses another
 * with an уведомление об уточнении (the seller sends a corrected one), and a document is annulled. Every XML the
 * module made is checked here again with xmllint against the ФНС schemas (fixtures/). A third company without ЭДО
 * never receives anything; the seller cannot read the buyer's inbox. Every file is signed (ГОСТ, detached CMS) with keys
 * from a local test CA whose root both companies trust; the signature checks themselves are in the last block.
 */
const FIX = path.join(__dirname, 'fixtures');
const XSD = {
  ON_NSCHFDOPPR: 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd',
  ON_NSCHFDOPPOK: 'ON_NSCHFDOPPOK_1_997_02_05_02_01.xsd',
  DP_IZVPOL: 'DP_IZVPOL_1_982_00_01_03_01.xsd',
  DP_UVUTOCH: 'DP_UVUTOCH_1_985_00_01_03_01.xsd',
  DP_PRANNUL: 'DP_PRANNUL_1_985_00_01_01_02.xsd',
} as const;

let stack: TestStack;
const ca = createLocalCa('Тестовый УЦ ЭДО');
const b64 = (b: Buffer) => b.toString('base64');
let tmp: string;
/** Every card and step answer below is checked against what /api/openapi.json says of it. */
let openapi: OpenApiDoc;
type Api = ReturnType<typeof client>;
const co: Record<'seller' | 'buyer' | 'outsider', { api: Api; token: string; inn: string; kpp: string; tenantId: string }> = {} as never;
const ids: Record<string, string> = {};
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false });

function xmllint(bytes: Buffer, fileName: string, xsd: string): { ok: boolean; output: string } {
  const file = path.join(tmp, fileName);
  writeFileSync(file, bytes);
  try {
    execFileSync('xmllint', ['--noout', '--schema', path.join(FIX, xsd), file], { stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (e: any) {
    if (e.code === 'ENOENT') throw new Error('xmllint is not installed: apt-get install libxml2-utils');
    return { ok: false, output: String(e.stderr) };
  }
}

/** Downloads a stored file of a document, checks its name is its ИдФайл, its prefix's schema validates it, and parses it. */
async function validFile(who: keyof typeof co, fileRowId: string) {
  const res = await fetch(`${stack.url}/api/edo/files/${fileRowId}/content`, { headers: { authorization: `Bearer ${co[who].token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(res.status, bytes.toString()).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/xml; charset=windows-1251');
  const fileId = /filename\*=UTF-8''(.+)\.xml$/.exec(res.headers.get('content-disposition') ?? '')![1];
  const prefix = Object.keys(XSD).find((p) => fileId.startsWith(p + '_')) as keyof typeof XSD;
  expect(prefix, fileId).toBeDefined();
  expect(bytes.subarray(0, 44).toString('latin1')).toBe('<?xml version="1.0" encoding="windows-1251"?>'.slice(0, 44));
  const check = xmllint(bytes, `${fileId}.xml`, XSD[prefix]);
  expect(check.output).toBe('');
  expect(check.ok).toBe(true);
  const xml = parser.parse(iconv.decode(bytes, 'win1251')).Файл;
  expect(xml.ИдФайл).toBe(fileId);
  return { prefix, fileId, xml, bytes };
}

async function onboard(name: string, email: string, kpp: string, modules: string[]) {
  const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  const inn = nextInn();
  const res = await owner.post('/api/owner/tenants', { name, inn, kpp, adminEmail: email, adminPassword: 'Admin-Passw0rd-1', modules });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const token = await login(stack.url, email, 'Admin-Passw0rd-1');
  return { api: client(stack.url, token), token, inn, kpp, tenantId: res.body.id as string };
}

async function make(api: Api, catalog: string, body: Record<string, unknown>) {
  const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
  expect(res.status, `${catalog}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id as string;
}

async function sale(goods: Record<string, unknown>[], counterparty = ids.buyerAtSeller, contract = ids.contract) {
  const res = await co.seller.api.post('/api/trade/documents/sale?post=true', { organization: ids.sellerOrg, counterparty, contract, warehouse: ids.sellerWarehouse, date: '2026-03-10', price_includes_vat: true, goods });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function send(saleId: string) {
  const res = await co.seller.api.post('/api/edo/outgoing', { sale: saleId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(answerMismatches(openapi, 'post', '/api/edo/outgoing', res.body)).toEqual([]);
  return res.body;
}

const card = async (who: 'seller' | 'buyer', box: 'inbox' | 'outbox', id: string) => {
  const res = await co[who].api.get(`/api/edo/${box}/${id}/card`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(answerMismatches(openapi, 'get', `/api/edo/${box}/${id}/card`, res.body)).toEqual([]);
  return res.body;
};
const inboxOf = async (who: keyof typeof co) => (await co[who].api.get('/api/edo/catalogs/inbox?limit=100')).body.items as any[];
const step = async (who: 'seller' | 'buyer', box: 'inbox' | 'outbox', id: string, action: string, body: Record<string, unknown> = {}) => {
  const res = await co[who].api.post(`/api/edo/${box}/${id}/${action}`, body);
  if (res.status === 200) expect(answerMismatches(openapi, 'post', `/api/edo/${box}/${id}/${action}`, res.body)).toEqual([]);
  return res;
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'edo-'));
  stack = await startStack({ label: 'edo_exchange' });
  openapi = (await client(stack.url).get('/api/openapi.json')).body;
  co.seller = await onboard('ООО «Техноторг»', 'admin@technotorg.ru', '770101001', ['trade', 'edo']);
  co.buyer = await onboard('ООО «Северный склад»', 'admin@sever-sklad.ru', '780201001', ['trade', 'edo']);
  co.outsider = await onboard('ООО «Без ЭДО»', 'admin@bez-edo.ru', '500101001', ['trade']);

  // Each company signs with a certificate of its own ИНН from the test CA, and trusts that CA's root.
  for (const [who, name] of [['seller', 'ООО «Техноторг»'], ['buyer', 'ООО «Северный склад»']] as const) {
    const key = ca.issue({ commonName: who === 'seller' ? 'Иванов Иван Иванович' : 'Петрова Анна Сергеевна', organization: name, inn: co[who].inn, ogrn: '1027700132195' });
    const loaded = await co[who].api.post('/api/edo/signing/keys', { certificate: b64(key.certificate), private_key: b64(key.privateKey) });
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(201);
    // The key is sealed at rest: the admin's generic read of the table shows no key.
    const keys = (await co[who].api.get('/api/edo/catalogs/signer_keys')).body.items;
    expect(keys[0].key_secret).toMatch(/^v1\./);
    expect(JSON.stringify(keys)).not.toContain(b64(key.privateKey));
    const root = await co[who].api.post('/api/edo/trusted-roots', { certificate: b64(ca.root) });
    expect(root.status, JSON.stringify(root.body)).toBe(201);
    ids[`${who}Root`] = root.body.id;
  }

  // The seller's trade: its organization, the two customers, a product.
  const s = co.seller.api;
  // Its organization came from onboarding (name, ИНН, КПП); the admin completes its card.
  ids.sellerOrg = await completeCompanyOrganization(s, { address: '123112, г. Москва, Пресненская наб., д. 12', head: 'Иванов Иван Иванович', allow_negative_stock: true });
  ids.sellerWarehouse = await make(s, 'warehouses', { name: 'Основной склад' });
  ids.buyerAtSeller = await make(s, 'counterparties', { name: 'Северный склад', full_name: 'ООО «Северный склад»', inn: co.buyer.inn, kpp: co.buyer.kpp, legal_address: '194044, г. Санкт-Петербург, Лесной пр-т, д. 19', is_customer: true });
  ids.contract = await make(s, 'contracts', { name: 'Договор поставки', owner_id: ids.buyerAtSeller, contract_number: '15/26', contract_date: '2025-12-01' });
  ids.outsiderAtSeller = await make(s, 'counterparties', { name: 'Без ЭДО', full_name: 'ООО «Без ЭДО»', inn: co.outsider.inn, kpp: co.outsider.kpp, legal_address: 'г. Химки, ул. Ленина, д. 1', is_customer: true });
  ids.outsiderContract = await make(s, 'contracts', { name: 'Договор', owner_id: ids.outsiderAtSeller, contract_number: '7', contract_date: '2026-01-10' });
  ids.laptop = await make(s, 'products', { name: 'Ноутбук Lenovo ThinkPad E14', article: 'LT-E14', unit_code: '796', unit_name: 'шт' });
  ids.milk = await make(s, 'products', { name: 'Молоко 3,2 %', unit_code: '166', unit_name: 'кг' });

  // The buyer's trade: its organization, a warehouse, the laptop under its own name but the same article; no milk.
  const b = co.buyer.api;
  ids.buyerOrg = await completeCompanyOrganization(b, { address: '194044, г. Санкт-Петербург', head: 'Петрова Анна Сергеевна' });
  ids.buyerWarehouse = await make(b, 'warehouses', { name: 'Склад Лесной' });
  ids.buyerLaptop = await make(b, 'products', { name: 'Ноутбук E14 (16 ГБ)', article: 'LT-E14', unit_code: '796', unit_name: 'шт' });
  ids.buyerMilk = await make(b, 'products', { name: 'Молоко пастеризованное', unit_code: '166', unit_name: 'кг' });
});
afterAll(async () => {
  await stack?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('ЭДО between two WorkCloud companies', () => {
  test('send: the seller title is checked and delivered to the buyer’s inbox; ИОП; the buyer signs its title; a draft Поступление with matched lines', async () => {
    // 2 × 122,00 at 22 % and 2,5 кг × 110,00 at 10 %: 244,00 + 275,00 = 519,00.
    const s1 = await sale([
      { product: ids.laptop, quantity: '2', price: 12200 },
      { product: ids.milk, quantity: '2.5', price: 11000, vat_rate: 'vat10' },
    ]);
    const out = await send(s1.id);
    ids.out1 = out.id;
    expect(out).toMatchObject({ flow_status: 'awaiting_signature', status_title: 'Ожидается подпись контрагента', doc_type: 'schfdop', doc_number: s1.number, total: 51900, peer_tenant: co.buyer.tenantId });
    expect(out.file_id).toMatch(/^ON_NSCHFDOPPR_/);
    const sellerTitle = await validFile('seller', out.files[0].id);
    expect(sellerTitle.fileId).toBe(out.file_id);
    expect(sellerTitle.xml.Документ.Функция).toBe('СЧФДОП');

    // Sending the same sale again while it is in flow is refused.
    const again = await co.seller.api.post('/api/edo/outgoing', { sale: s1.id });
    expect(again.status).toBe(409);
    expect(again.contentType).toContain('application/problem+json');
    expect(again.body.detail).toContain('уже отправлен');

    // The buyer sees it: «Требуется подпись», counted; the same bytes as the seller's.
    const inbox = await inboxOf('buyer');
    expect(inbox).toHaveLength(1);
    const doc = inbox[0];
    ids.in1 = doc.id;
    expect(doc).toMatchObject({ flow_status: 'signature_required', needs_action: true, counterparty_inn: co.seller.inn, doc_number: s1.number, file_id: out.file_id });
    expect((await co.buyer.api.get('/api/edo/counters')).body).toEqual({ inbox: 1, outbox: 0, total: 1 });
    const got = await card('buyer', 'inbox', doc.id);
    expect(got.status_title).toBe('Требуется подпись');
    expect((await validFile('buyer', got.files[0].id)).bytes.equals(sellerTitle.bytes)).toBe(true);

    // ИОП: a DP_IZVPOL naming the received file; the document still needs the buyer's signature; only once.
    const notice = await step('buyer', 'inbox', doc.id, 'receipt-notice');
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    expect(notice.body.document.flow_status).toBe('signature_required');
    const izv = await validFile('buyer', notice.body.document.files.find((f: any) => f.kind === 'receipt_notice').id);
    expect(izv.xml.Документ.КНД).toBe('1115110');
    expect(izv.xml.Документ.СвИзвПолуч.СведПолФайл.ИмяПолФайла).toBe(out.file_id);
    expect((await step('buyer', 'inbox', doc.id, 'receipt-notice')).status).toBe(409);
    const sellerSeesNotice = await card('seller', 'outbox', out.id);
    expect(sellerSeesNotice.history.map((h: any) => h.action)).toContain('Получено извещение о получении');
    expect(sellerSeesNotice.files.map((f: any) => f.kind)).toEqual(['seller_title', 'receipt_notice']);

    // The seller cannot sign for the buyer.
    const wrongSide = await step('seller', 'outbox', out.id, 'sign');
    expect(wrongSide.status).toBe(409);
    expect(wrongSide.body.detail).toContain('делает получатель');

    // The buyer signs its title: ON_NSCHFDOPPOK, accepted without discrepancies on 11.03.2026 by its head.
    const signed = await step('buyer', 'inbox', doc.id, 'sign', { acceptance: 'accepted', accepted_on: '2026-03-11' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.document).toMatchObject({ flow_status: 'completed', status_title: 'Документооборот завершён', needs_action: false });
    const title = await validFile('buyer', signed.body.document.files.find((f: any) => f.kind === 'buyer_title').id);
    expect(title.xml.Документ).toMatchObject({ КНД: '1115132' });
    expect(title.xml.Документ.ИдИнфПрод.ИдФайлИнфПр).toBe(out.file_id);
    expect(title.xml.Документ.СодФХЖ4).toMatchObject({ Функция: 'СЧФДОП', ПорНомДокИнфПр: s1.number, ДатаДокИнфПр: '10.03.2026' });
    expect(title.xml.Документ.СодФХЖ4.СвПрин).toMatchObject({ ДатаПрин: '11.03.2026', КодСодОпер: { КодИтога: '1' } });
    expect(title.xml.Документ.Подписант.ФИО).toEqual({ Фамилия: 'Петрова', Имя: 'Анна', Отчество: 'Сергеевна' });
    const seller = await card('seller', 'outbox', out.id);
    expect(seller).toMatchObject({ flow_status: 'completed', status_title: 'Документооборот завершён' });
    expect(seller.history.map((h: any) => h.action)).toContain('Подписан контрагентом');
    expect(seller.files.map((f: any) => f.kind)).toEqual(['seller_title', 'receipt_notice', 'buyer_title']);
    // Only the flow's actions move a document: even the company's admin cannot set a status through the generic routes.
    const forged = await co.seller.api.patch(`/api/edo/catalogs/outbox/${out.id}`, { flow_status: 'annulled' });
    expect(forged.status).toBe(403);
    expect(forged.body.detail).toContain('изменяется только действиями модуля');
    expect((await co.seller.api.delete(`/api/edo/catalogs/outbox/${out.id}`)).status).toBe(403);
    expect((await card('seller', 'outbox', out.id)).flow_status).toBe('completed');
    // Every file is signed; the seller's check of the buyer's files names the buyer's signer; the buyer's title carries the seller's signature.
    expect(seller.files.every((f: any) => f.signature === 'cms')).toBe(true);
    expect(seller.files.filter((f: any) => f.author === 'counterparty').map((f: any) => [f.verification, f.signer_inn])).toEqual([
      ['valid', co.buyer.inn],
      ['valid', co.buyer.inn],
    ]);
    expect(title.xml.Документ.ИдИнфПрод.ЭП).toMatch(/^MI[A-Za-z0-9+/]+=*$/);

    // The draft Поступление: the supplier created by ИНН/КПП, the laptop matched by article, the milk left to map.
    expect(signed.body.counterparty.created).toBe(true);
    expect(signed.body.unmatched).toEqual([{ line: 2, name: 'Молоко 3,2 %', code: null, quantity: '2.5', key: 'Молоко 3,2 %' }]);
    const receipt = (await co.buyer.api.get(`/api/trade/documents/receipt/${signed.body.receipt.id}`)).body;
    expect(receipt).toMatchObject({ status: 'draft', organization: ids.buyerOrg, warehouse: ids.buyerWarehouse, incoming_number: s1.number, incoming_date: '2026-03-10', total: 24400 });
    expect(receipt.goods.map((l: any) => [l.product, l.quantity, l.total])).toEqual([[ids.buyerLaptop, '2.000', 24400]]);
    const supplier = (await co.buyer.api.get(`/api/trade/catalogs/counterparties/${receipt.counterparty}`)).body;
    expect(supplier).toMatchObject({ inn: co.seller.inn, kpp: co.seller.kpp, full_name: 'ООО «Техноторг»', is_supplier: true });

    // The user maps the milk once; the draft gets both lines; the mapping is remembered for this supplier.
    const mapped = await co.buyer.api.post(`/api/edo/inbox/${doc.id}/receipt`, { mappings: [{ key: 'Молоко 3,2 %', product: ids.buyerMilk }] });
    expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
    expect(answerMismatches(openapi, 'post', `/api/edo/inbox/${doc.id}/receipt`, mapped.body)).toEqual([]);
    expect(mapped.body.unmatched).toEqual([]);
    expect(mapped.body.receipt).toMatchObject({ id: signed.body.receipt.id, lines: 2, total: 51900 });
    const mappings = (await co.buyer.api.get('/api/edo/catalogs/product_mappings')).body.items;
    expect(mappings).toEqual([expect.objectContaining({ supplier_inn: co.seller.inn, supplier_key: 'Молоко 3,2 %', product: ids.buyerMilk })]);
    expect((await co.buyer.api.get('/api/edo/counters')).body.total).toBe(0);
  });

  test('refusal: уведомление об уточнении, «Требуется уточнение» at the seller, a corrected document; the next УПД uses the mapping', async () => {
    const s2 = await sale([{ product: ids.milk, quantity: '1', price: 11000, vat_rate: 'vat10' }]);
    const out = await send(s2.id);
    const inId = (await inboxOf('buyer')).find((d) => d.file_id === out.file_id).id;
    expect((await step('buyer', 'inbox', inId, 'reject')).status).toBe(400); // the text is required
    const refused = await step('buyer', 'inbox', inId, 'reject', { reason: 'Цена не соответствует договору: 100,00 за кг' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect(refused.body.document).toMatchObject({ flow_status: 'rejected', status_title: 'Отказано в подписи' });
    const uv = await validFile('buyer', refused.body.document.files.find((f: any) => f.kind === 'clarification').id);
    expect(uv.xml.Документ.КНД).toBe('1115113');
    expect(uv.xml.Документ.СвУведУточ.ТекстУведУточ).toBe('Цена не соответствует договору: 100,00 за кг');
    expect(uv.xml.Документ.СвУведУточ.СведПолФайл.ИмяПолФайла).toBe(out.file_id);

    const atSeller = await card('seller', 'outbox', out.id);
    expect(atSeller).toMatchObject({ flow_status: 'clarification_required', status_title: 'Требуется уточнение', needs_action: true });
    expect((await co.seller.api.get('/api/edo/counters')).body).toEqual({ inbox: 0, outbox: 1, total: 1 });
    // A refused document cannot be signed any more.
    expect((await step('buyer', 'inbox', inId, 'sign')).status).toBe(409);

    // The seller corrects the sale (100,00 per кг) and sends it again: the old one is «Исправлен», the new one replaces it.
    const fixed = await co.seller.api.patch(`/api/trade/documents/sale/${s2.id}`, { goods: [{ product: ids.milk, quantity: '1', price: 10000, vat_rate: 'vat10' }] });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    const corrected = await send(s2.id);
    expect(corrected).toMatchObject({ replaces: out.id, total: 10000, flow_status: 'awaiting_signature' });
    expect((await card('seller', 'outbox', out.id)).flow_status).toBe('corrected');
    const newIn = (await inboxOf('buyer')).find((d) => d.file_id === corrected.file_id);
    expect(newIn).toMatchObject({ flow_status: 'signature_required', total: 10000 });
    await validFile('buyer', (await card('buyer', 'inbox', newIn.id)).files[0].id);

    // Signed: the milk is matched by the remembered mapping at once.
    const signed = await step('buyer', 'inbox', newIn.id, 'sign');
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.unmatched).toEqual([]);
    expect(signed.body.counterparty.created).toBe(false);
    const receipt = (await co.buyer.api.get(`/api/trade/documents/receipt/${signed.body.receipt.id}`)).body;
    expect(receipt.goods.map((l: any) => [l.product, l.total])).toEqual([[ids.buyerMilk, 10000]]);
  });

  test('annulment: proposed (DP_PRANNUL) and accepted → «Аннулирован» on both sides; refused → back where it was', async () => {
    const offer = await step('seller', 'outbox', ids.out1, 'annul', { reason: 'Ошибка в количестве' });
    expect(offer.status, JSON.stringify(offer.body)).toBe(200);
    expect(offer.body.document).toMatchObject({ flow_status: 'annulment_requested' });
    const pr = await validFile('seller', offer.body.document.files.find((f: any) => f.kind === 'annulment_offer').id);
    expect(pr.fileId).toMatch(/^DP_PRANNUL_/);
    expect(pr.xml.Документ.СвПредАн).toMatchObject({ СведАнФайл: { ИмяАнФайла: expect.stringMatching(/^ON_NSCHFDOPPR_/) }, ТекстПредАн: 'Ошибка в количестве' });
    const atBuyer = await card('buyer', 'inbox', ids.in1);
    expect(atBuyer).toMatchObject({ flow_status: 'annulment_required', status_title: 'Требуется аннулирование', needs_action: true });
    // The proposer cannot accept its own proposal.
    expect((await step('seller', 'outbox', ids.out1, 'accept-annulment')).status).toBe(409);
    const accepted = await step('buyer', 'inbox', ids.in1, 'accept-annulment');
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.document).toMatchObject({ flow_status: 'annulled', status_title: 'Аннулирован' });
    expect(await card('seller', 'outbox', ids.out1)).toMatchObject({ flow_status: 'annulled', status_title: 'Аннулирован' });

    // The buyer proposes to annul a completed document, the seller refuses (DP_UVUTOCH): both are completed again.
    const s3 = await sale([{ product: ids.laptop, quantity: '1', price: 12200 }]);
    const out = await send(s3.id);
    const inId = (await inboxOf('buyer')).find((d) => d.file_id === out.file_id).id;
    expect((await step('buyer', 'inbox', inId, 'sign')).status).toBe(200);
    expect((await step('buyer', 'inbox', inId, 'annul', { reason: 'Дубль' })).status).toBe(200);
    expect((await card('seller', 'outbox', out.id)).flow_status).toBe('annulment_required');
    const no = await step('seller', 'outbox', out.id, 'reject-annulment', { reason: 'Документ верный' });
    expect(no.status, JSON.stringify(no.body)).toBe(200);
    await validFile('seller', no.body.document.files.find((f: any) => f.kind === 'clarification').id);
    expect(no.body.document.flow_status).toBe('completed');
    expect((await card('buyer', 'inbox', inId)).flow_status).toBe('completed');
  });

  test('a company without ЭДО never receives: the document waits for the operator', async () => {
    const s4 = await sale([{ product: ids.laptop, quantity: '1', price: 12200 }], ids.outsiderAtSeller, ids.outsiderContract);
    const out = await send(s4.id);
    expect(out).toMatchObject({ flow_status: 'waiting_operator', status_title: 'Ожидает отправки оператору', peer_tenant: null, peer_document: null });
    expect(out.history.map((h: any) => h.action)).toContain('Получатель не найден среди абонентов WorkCloud: ожидает отправки оператору ЭДО');
    // The outsider has no ЭДО tables at all, and its routes are refused.
    const schema = (await stack.db.knex('platform.tenants').where({ id: co.outsider.tenantId }).first('schema_name')).schema_name;
    const tables = await stack.db.knex('information_schema.tables').where({ table_schema: schema }).where('table_name', 'like', 'c_edo_%').select('table_name');
    expect(tables).toEqual([]);
    expect((await co.outsider.api.get('/api/edo/catalogs/inbox')).status).toBe(403);
    // Nothing reached the buyer either.
    expect((await inboxOf('buyer')).some((d) => d.file_id === out.file_id)).toBe(false);
  });

  test('tenant isolation: the seller cannot read or act on the buyer’s inbox', async () => {
    const own = await inboxOf('seller');
    expect(own).toEqual([]);
    const card404 = await co.seller.api.get(`/api/edo/inbox/${ids.in1}/card`);
    expect(card404.status).toBe(404);
    expect(card404.contentType).toContain('application/problem+json');
    expect(card404.body.detail).toBe('Документ ЭДО не найден.');
    expect((await co.seller.api.post(`/api/edo/inbox/${ids.in1}/sign`, {})).status).toBe(404);
    expect((await co.seller.api.get(`/api/edo/catalogs/inbox/${ids.in1}`)).status).toBe(404);
    const buyerFile = (await card('buyer', 'inbox', ids.in1)).files[0].id;
    expect((await co.seller.api.get(`/api/edo/files/${buyerFile}/content`)).status).toBe(404);
  });

  test('a draft sale is not sent; the schema check is real', async () => {
    const draft = await co.seller.api.post('/api/trade/documents/sale', { organization: ids.sellerOrg, counterparty: ids.buyerAtSeller, contract: ids.contract, warehouse: ids.sellerWarehouse, date: '2026-03-12', goods: [{ product: ids.laptop, quantity: '1', price: 100 }] });
    const refused = await co.seller.api.post('/api/edo/outgoing', { sale: draft.body.id });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('не проведена');
    // Each kind of file the flow made fails its schema once a required part is taken out.
    const seller = await card('seller', 'outbox', ids.out1);
    for (const f of seller.files) {
      const { bytes, prefix, fileId } = await validFile('seller', f.id);
      const text = iconv.decode(bytes, 'win1251');
      const broken = text.replace(/<Подписант[\s\S]*?<\/Подписант>/, '');
      expect(broken, fileId).not.toBe(text);
      const check = xmllint(iconv.encode(broken, 'win1251'), `broken-${fileId}.xml`, XSD[prefix]);
      expect(check.ok, `${prefix} without Подписант`).toBe(prefix === 'DP_PRANNUL'); // in DP_PRANNUL 1.02 Подписант is optional
    }
  });
});

describe('signatures and who delivered', () => {
  test('the recipient’s audit log shows the incoming document, written by «ЭДО: входящий от <ИНН>»', async () => {
    const audit = await co.buyer.api.get('/api/admin/audit?entity=edo.inbox&limit=200');
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const created = audit.body.items.find((a: any) => a.action === 'created' && a.entityId === ids.in1);
    expect(created).toMatchObject({ entity: 'edo.inbox', userEmail: null, after: { actor: `ЭДО: входящий от ${co.seller.inn}`, counterparty_inn: co.seller.inn, flow_status: 'signature_required' } });
    // The buyer's own step is the buyer's user's; the seller's log has nothing of the buyer's inbox.
    expect(audit.body.items.some((a: any) => a.action === 'updated' && a.entityId === ids.in1 && a.userEmail === 'admin@sever-sklad.ru')).toBe(true);
    const sellerLog = (await co.seller.api.get('/api/admin/audit?entity=edo.inbox&limit=200')).body.items;
    expect(sellerLog.filter((a: any) => a.entityId === ids.in1)).toEqual([]);
  });

  test('the archive of a document: every file of its flow with its detached signature, as the ФНС requires them kept', async () => {
    const res = await fetch(`${stack.url}/api/edo/inbox/${ids.in1}/archive`, { headers: { authorization: `Bearer ${co.buyer.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const doc = await card('buyer', 'inbox', ids.in1);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(doc.file_id)}.zip`);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const xmls = Object.keys(entries).filter((n) => n.endsWith('.xml'));
    expect(xmls.sort()).toEqual(doc.files.map((f: any) => `${f.file_id}.xml`).sort());
    expect(xmls.some((n) => n.startsWith('ON_NSCHFDOPPOK_'))).toBe(true);
    for (const name of xmls) {
      expect(entries[`${name}.sig`], name).toBeDefined();
      expect(checkDetached(Buffer.from(entries[name]), Buffer.from(entries[`${name}.sig`])).intact, name).toBe(true);
    }
    expect((await co.seller.api.get(`/api/edo/inbox/${ids.in1}/archive`)).status).toBe(404);
  });

  test('a signature made by the local test CA verifies with its root and fails without it: then the document cannot be accepted', async () => {
    const s5 = await sale([{ product: ids.laptop, quantity: '1', price: 12200 }]);
    const out = await send(s5.id);
    const inId = (await inboxOf('buyer')).find((d) => d.file_id === out.file_id).id;
    expect((await card('buyer', 'inbox', inId)).files[0]).toMatchObject({ verification: 'valid', signer_inn: co.seller.inn, signer_name: 'Иванов Иван Иванович, ООО «Техноторг»' });

    expect((await co.buyer.api.delete(`/api/edo/trusted-roots/${ids.buyerRoot}`)).status).toBe(200);
    const untrusted = (await card('buyer', 'inbox', inId)).files[0];
    expect(untrusted).toMatchObject({ verification: 'untrusted' });
    expect(untrusted.verification_note).toContain('не ведёт к доверенному корневому сертификату');
    const refused = await step('buyer', 'inbox', inId, 'sign');
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/^Документ нельзя принять: Цепочка сертификата/);

    const back = await co.buyer.api.post('/api/edo/trusted-roots', { certificate: b64(ca.root) });
    expect(back.status).toBe(201);
    expect((await step('buyer', 'inbox', inId, 'sign')).status).toBe(200);
    // Not a CA certificate, or not a certificate at all: refused with a reason.
    expect((await co.buyer.api.post('/api/edo/trusted-roots', { certificate: b64(Buffer.from('not a certificate at all')) })).status).toBe(400);
  });

  test('a tampered file fails verification and cannot be accepted; it can be refused', async () => {
    const s6 = await sale([{ product: ids.laptop, quantity: '3', price: 12200 }]);
    const out = await send(s6.id);
    const inId = (await inboxOf('buyer')).find((d) => d.file_id === out.file_id).id;
    // One byte of the stored file changes (the quantity 3 → 4), as a file altered on its way would.
    const schema = (await stack.db.knex('platform.tenants').where({ id: co.buyer.tenantId }).first('schema_name')).schema_name;
    const row = await stack.db.knex(`${schema}.c_edo_files`).where({ document: inId, kind: 'seller_title' }).first('id', 'content');
    const text = iconv.decode(Buffer.from(row.content, 'base64'), 'win1251');
    const altered = text.replace('КолТов="3"', 'КолТов="4"');
    expect(altered).not.toBe(text);
    await stack.db.knex(`${schema}.c_edo_files`).where({ id: row.id }).update({ content: iconv.encode(altered, 'win1251').toString('base64') });

    const file = (await card('buyer', 'inbox', inId)).files[0];
    expect(file).toMatchObject({ verification: 'invalid', verification_note: 'Файл изменён после подписания: хэш файла не совпадает с подписанным.' });
    const signed = await step('buyer', 'inbox', inId, 'sign');
    expect(signed.status).toBe(422);
    expect(signed.body.detail).toContain('Файл изменён после подписания');
    expect((await step('buyer', 'inbox', inId, 'receipt-notice')).status).toBe(422);
    expect((await step('buyer', 'inbox', inId, 'reject', { reason: 'Подпись не сходится с файлом' })).status).toBe(200);
  });

  test('a certificate of another ИНН is refused without an МЧД of the sender; with one, the buyer sees who signed under it', async () => {
    const stranger = ca.issue({ commonName: 'Сидоров Семён', inn: '500100732259' });
    expect((await co.seller.api.post('/api/edo/signing/keys', { certificate: b64(stranger.certificate), private_key: b64(ca.issue({ commonName: 'x' }).privateKey) })).status).toBe(422);
    expect((await co.seller.api.post('/api/edo/signing/keys', { certificate: b64(stranger.certificate), private_key: b64(stranger.privateKey) })).status).toBe(201);
    const s7 = await sale([{ product: ids.laptop, quantity: '1', price: 12200 }]);
    const refused = await co.seller.api.post('/api/edo/outgoing', { sale: s7.id });
    expect(refused.status).toBe(422);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toBe(
      `Сертификат подписанта «Сидоров Семён» выдан на ИНН 500100732259, а документ отправляет организация с ИНН ${co.seller.inn}. Подпишите сертификатом организации или приложите МЧД (номер и ИНН доверителя): доверенности организации на своих представителей администратор добавляет в «Сертификаты ЭДО».`,
    );
    expect((await co.seller.api.post('/api/edo/outgoing', { sale: s7.id, poa: { number: 'МЧД-7', principal_inn: co.buyer.inn } })).status).toBe(422);

    const out = (await co.seller.api.post('/api/edo/outgoing', { sale: s7.id, poa: { number: 'МЧД-7', principal_inn: co.seller.inn } })).body;
    const inId = (await inboxOf('buyer')).find((d) => d.file_id === out.file_id).id;
    expect((await card('buyer', 'inbox', inId)).files[0]).toMatchObject({ verification: 'valid', signer_inn: '500100732259', poa_number: 'МЧД-7', poa_principal_inn: co.seller.inn });

    // Back to the organization's own certificate for whatever follows.
    const own = ca.issue({ commonName: 'Иванов Иван Иванович', organization: 'ООО «Техноторг»', inn: co.seller.inn });
    expect((await co.seller.api.post('/api/edo/signing/keys', { certificate: b64(own.certificate), private_key: b64(own.privateKey) })).status).toBe(201);
  });
});

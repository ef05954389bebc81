import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLocalCa } from '../../src/modules/edo/signing/local-ca';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../support/stack';
import { completeCompanyOrganization } from '../trade/support';

/**
 * The everyday work of ЭДО between two WorkCloud companies: «Отправить по ЭДО» on a posted Реализация (a button the
 * module adds to trade's form: documentActions), a representative signing with a person's certificate under the
 * company's МЧД, bulk signing with a result per document, and the printable view with the signature stamps.
 */
let stack: TestStack;
const ca = createLocalCa('Тестовый УЦ ЭДО');
const b64 = (b: Buffer) => b.toString('base64');
type Api = ReturnType<typeof client>;
interface Company {
  api: Api;
  token: string;
  inn: string;
  name: string;
  head: string;
}
const seller = { name: 'ООО «Техноторг»', head: 'Иванов Иван Иванович' } as Company;
const buyer = { name: 'ООО «Северный склад»', head: 'Петрова Анна Сергеевна' } as Company;
let tradeOnly: Api;
const ids: Record<string, string> = {};
/** A representative's own certificate: a person (ИНН ФЛ), not the organization. */
const REPRESENTATIVE_INN = '500100732259';

async function onboard(c: Company, email: string, kpp: string, modules = ['trade', 'edo']) {
  const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  c.inn = nextInn();
  const res = await owner.post('/api/owner/tenants', { name: c.name, inn: c.inn, kpp, adminEmail: email, adminPassword: 'Admin-Passw0rd-1', modules });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  c.token = await login(stack.url, email, 'Admin-Passw0rd-1');
  c.api = client(stack.url, c.token);
}

async function useKey(c: Company, subject: { commonName: string; organization?: string; inn: string }) {
  const key = ca.issue(subject);
  const res = await c.api.post('/api/edo/signing/keys', { certificate: b64(key.certificate), private_key: b64(key.privateKey) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { serial: string };
}

async function make(api: Api, catalog: string, body: Record<string, unknown>) {
  const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
  expect(res.status, `${catalog}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id as string;
}

async function postedSale(quantity = '1') {
  const res = await seller.api.post('/api/trade/documents/sale?post=true', {
    organization: ids.org, counterparty: ids.buyerAtSeller, contract: ids.contract, warehouse: ids.warehouse, date: '2026-03-10', price_includes_vat: true,
    goods: [{ product: ids.laptop, quantity, price: 6_100_000 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string };
}

const sendFromForm = (saleId: string) => seller.api.post('/api/edo/outgoing/from-document', { id: saleId });
const inboxIdOf = async (fileId: string) => ((await buyer.api.get('/api/edo/catalogs/inbox?limit=100')).body.items as any[]).find((d) => d.file_id === fileId).id as string;

beforeAll(async () => {
  stack = await startStack({ label: 'edo_work' });
  await onboard(seller, 'admin@technotorg-work.ru', '770101001');
  await onboard(buyer, 'admin@sever-work.ru', '780201001');
  const other = { name: 'ООО «Только торговля»' } as Company;
  await onboard(other, 'admin@only-trade.ru', '500101001', ['trade']);
  tradeOnly = other.api;
  for (const c of [seller, buyer]) {
    await useKey(c, { commonName: c.head, organization: c.name, inn: c.inn });
    expect((await c.api.post('/api/edo/trusted-roots', { certificate: b64(ca.root) })).status).toBe(201);
    ids[`${c === seller ? 'org' : 'buyerOrg'}`] = await completeCompanyOrganization(c.api, { address: 'г. Москва, ул. Тверская, д. 1', head: c.head, allow_negative_stock: true });
  }
  ids.warehouse = await make(seller.api, 'warehouses', { name: 'Основной склад' });
  ids.buyerAtSeller = await make(seller.api, 'counterparties', { name: 'Северный склад', full_name: buyer.name, inn: buyer.inn, kpp: '780201001', legal_address: 'г. Санкт-Петербург, Лесной пр-т, д. 19', is_customer: true });
  ids.contract = await make(seller.api, 'contracts', { name: 'Договор поставки', owner_id: ids.buyerAtSeller, contract_number: '15/26', contract_date: '2025-12-01' });
  ids.laptop = await make(seller.api, 'products', { name: 'Ноутбук Lenovo ThinkPad E14', article: 'LT-E14', unit_code: '796', unit_name: 'шт' });
  await make(buyer.api, 'warehouses', { name: 'Склад Лесной' });
}, 180_000);
afterAll(() => stack?.close());

describe('«Отправить по ЭДО» on the sale form', () => {
  test('trade’s meta carries the button where ЭДО is bought, for posted sales; pressed, the УПД goes and its card is the page to open', async () => {
    const meta = (await seller.api.get('/api/trade/meta')).body;
    const sale = meta.documents.find((d: any) => d.code === 'sale');
    expect(sale.moduleActions).toEqual([{ module: 'edo', code: 'edo_send', title: 'Отправить по ЭДО', titleEn: 'Send as e-document', route: '/api/edo/outgoing/from-document', statuses: ['posted'] }]);
    // Other documents get nothing; a company without ЭДО sees no button at all.
    expect(meta.documents.find((d: any) => d.code === 'receipt').moduleActions).toEqual([]);
    expect((await tradeOnly.get('/api/trade/meta')).body.documents.find((d: any) => d.code === 'sale').moduleActions).toEqual([]);
    expect((await tradeOnly.post('/api/edo/outgoing/from-document', { id: ids.warehouse })).status).toBe(403);

    const s = await postedSale();
    const sent = await sendFromForm(s.id);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.message).toBe(`УПД № ${s.number} от 10.03.2026: Ожидается подпись контрагента.`);
    expect(sent.body.open).toBe(`/m/edo/outbox/${sent.body.document.id}`);
    expect(await inboxIdOf(sent.body.document.file_id)).toMatch(/^[0-9a-f-]{36}$/);
    // Pressed again: the УПД is on its way already — a 409 in Russian naming its status.
    const again = await sendFromForm(s.id);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('уже отправлен и в статусе «Ожидается подпись контрагента»');
    expect((await seller.api.post('/api/edo/outgoing/from-document', { id: 'nope' })).status).toBe(400);
  });
});

describe('МЧД: a representative signs with their own certificate', () => {
  test('refused without a доверенность or with an expired one; with the company’s МЧД it is attached, and the buyer sees who signed under it', async () => {
    const s = await postedSale();
    await useKey(seller, { commonName: 'Сидоров Семён Петрович', inn: REPRESENTATIVE_INN });
    const refused = await sendFromForm(s.id);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain(`выдан на ИНН ${REPRESENTATIVE_INN}, а документ отправляет организация с ИНН ${seller.inn}`);
    expect(refused.body.detail).toContain('доверенности организации на своих представителей администратор добавляет в «Сертификаты ЭДО»');

    const poa = (body: Record<string, unknown>) => seller.api.post('/api/edo/catalogs/powers_of_attorney', body);
    const base = { principal_inn: seller.inn, representative: 'Сидоров Семён Петрович', representative_inn: REPRESENTATIVE_INN };
    // A mistyped ИНН is refused by the catalog's own checks.
    const bad = await poa({ name: 'МЧД плохая', number: 'X', ...base, representative_inn: '500100732258', valid_from: '2026-01-01', valid_to: '2027-12-31' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'representative_inn', message: 'Неверная контрольная сумма ИНН — проверьте цифры' }]);
    expect((await poa({ name: 'МЧД № 2025/7', number: '2025/7', ...base, valid_from: '2025-01-01', valid_to: '2025-12-31' })).status).toBe(201);
    expect((await sendFromForm(s.id)).status).toBe(422);
    expect((await poa({ name: 'МЧД № 2026/15', number: '2026/15', ...base, valid_from: '2026-01-01', valid_to: '2027-12-31' })).status).toBe(201);

    const sent = await sendFromForm(s.id);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const inId = await inboxIdOf(sent.body.document.file_id);
    const file = (await buyer.api.get(`/api/edo/inbox/${inId}/card`)).body.files[0];
    expect(file).toMatchObject({ verification: 'valid', signer_inn: REPRESENTATIVE_INN, poa_number: '2026/15', poa_principal_inn: seller.inn });
    expect(file.stamp.note).toContain('по МЧД № 2026/15');
    ids.poaDocument = inId;

    // The organization's own certificate again for what follows.
    ids.sellerSerial = (await useKey(seller, { commonName: seller.head, organization: seller.name, inn: seller.inn })).serial;
  });
});

describe('bulk signing from the list', () => {
  test('several documents signed at once, each in its own step: a result per document, the refused one says why', async () => {
    const sent = [];
    for (let i = 0; i < 2; i++) sent.push((await sendFromForm((await postedSale(String(i + 1))).id)).body.document);
    const [a, b] = await Promise.all(sent.map((d) => inboxIdOf(d.file_id)));
    // One the buyer refused already: the flow allows no signature any more.
    expect((await buyer.api.post(`/api/edo/inbox/${b}/reject`, { reason: 'Не тот склад' })).status).toBe(200);

    const res = await buyer.api.post('/api/edo/bulk/sign', { box: 'inbox', ids: [a, b, ids.poaDocument] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ done: 2, failed: 1 });
    expect(res.body.results).toEqual([
      { id: a, name: expect.stringContaining('УПД №'), ok: true, status_title: 'Документооборот завершён', error: null },
      { id: b, name: null, ok: false, status_title: null, error: 'Документ в статусе «Отказано в подписи»: действие «Подписан титул покупателя» сейчас недоступно.' },
      { id: ids.poaDocument, name: expect.stringContaining('УПД №'), ok: true, status_title: 'Документооборот завершён', error: null },
    ]);
    // Each signed one made its draft Поступление, as signing one by one does.
    expect((await buyer.api.get(`/api/edo/inbox/${a}/card`)).body.receipt).toMatch(/^[0-9a-f-]{36}$/);
    // The seller sees them signed.
    expect((await seller.api.get(`/api/edo/outbox/${sent[0].id}/card`)).body.flow_status).toBe('completed');

    expect((await buyer.api.post('/api/edo/bulk/reject', { box: 'inbox', ids: [a] })).status).toBe(400);
    expect((await buyer.api.post('/api/edo/bulk/sign', { box: 'inbox', ids: [] })).status).toBe(400);
    ids.signed = a;
    ids.signedOut = sent[0].id;
  });
});

describe('the printable view', () => {
  const pdfText = async (c: Company, path: string) => {
    const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${c.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    return { text: execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString().replace(/\u00a0/g, ' '), disposition: res.headers.get('content-disposition') ?? '' };
  };

  test('the УПД with a stamp per signature: who, certificate serial, owner, validity, when — for both sides', async () => {
    const { text, disposition } = await pdfText(seller, `/api/edo/outbox/${ids.signedOut}/print`);
    expect(decodeURIComponent(disposition)).toMatch(/filename\*=UTF-8''УПД № .+ от 10\.03\.2026\.pdf$/);
    // The form itself: trade's УПД from the signed seller's title.
    expect(text).toContain('Ноутбук Lenovo ThinkPad E14');
    expect(text).toContain('61 000,00');
    expect(text).toContain('Договор № 15/26 от 01.12.2025');
    // Two stamps: the seller's (sender) and the buyer's title (recipient).
    expect(text.match(/ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ/g)).toHaveLength(2);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`Отправитель: ${seller.name}, ИНН ${seller.inn}`);
    expect(flat).toContain(`Получатель: ${buyer.name}, ИНН ${buyer.inn}`);
    expect(flat).toContain(`Владелец сертификата: ${seller.head}`);
    expect(flat).toContain(`Сертификат: ${ids.sellerSerial}`);
    expect(flat).toMatch(/Действителен: с \d{2}\.\d{2}\.\d{4} по \d{2}\.\d{2}\.\d{4}/);
    expect(flat).toMatch(/Дата и время подписания: \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
    expect(flat).toContain('Титул продавца. Подпись действительна');
    expect(flat).toContain('Титул покупателя. Подпись действительна');

    // The buyer prints its copy the same way; the one signed under an МЧД names it.
    const poa = (await pdfText(buyer, `/api/edo/inbox/${ids.poaDocument}/print`)).text.replace(/\s+/g, ' ');
    expect(poa).toContain('Владелец сертификата: Сидоров Семён Петрович');
    expect(poa).toContain('По доверенности (МЧД) № 2026/15');
    // Someone else's document is not found.
    expect((await seller.api.get(`/api/edo/inbox/${ids.signed}/print`)).status).toBe(404);
  });
});

import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signDetached } from '../../src/modules/edo/signing/cms';
import { createLocalCa } from '../../src/modules/edo/signing/local-ca';
import { verifySignature } from '../../src/modules/edo/signing/verify';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../support/stack';
import { completeCompanyOrganization } from '../trade/support';
import { startFakeDiadoc } from './fake-diadoc';

/**
 * A counterparty that is not a WorkCloud tenant is reached through the company's box at its ЭДО operator, here a
 * local fake of the Диадок API (fake-diadoc.ts): the УПД is posted there signed, polling the box brings the buyer's
 * title back and a УПД the counterparty sent us into «Входящие», with its signature checked.
 */
let stack: TestStack;
let fake: Awaited<ReturnType<typeof startFakeDiadoc>>;
let api: ReturnType<typeof client>;
const ca = createLocalCa('Тестовый УЦ оператора');
const b64 = (b: Buffer) => b.toString('base64');
const us = { inn: '', kpp: '770201001', box: 'box-workcloud-seller', token: 'token-seller' };
const ext = { inn: nextInn(), kpp: '540101001', box: 'box-external', token: 'token-external', name: 'ООО «Сибирь Опт»' };
const extKey = ca.issue({ commonName: 'Кузнецов Олег', organization: ext.name, inn: ext.inn });
const ids: Record<string, string> = {};

async function make(catalog: string, body: Record<string, unknown>) {
  const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
  expect(res.status, `${catalog}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  stack = await startStack({ label: 'edo_operator' });
  us.inn = nextInn();
  const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  const created = await owner.post('/api/owner/tenants', { name: 'ООО «Техноторг Онлайн»', inn: us.inn, kpp: us.kpp, adminEmail: 'admin@tt-online.ru', adminPassword: 'Admin-Passw0rd-1', modules: ['trade', 'edo'] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  api = client(stack.url, await login(stack.url, 'admin@tt-online.ru', 'Admin-Passw0rd-1'));
  fake = await startFakeDiadoc([
    { inn: us.inn, kpp: us.kpp, name: 'ООО «Техноторг Онлайн»', boxId: us.box, token: us.token },
    { inn: ext.inn, kpp: ext.kpp, name: ext.name, boxId: ext.box, token: ext.token },
  ]);

  const key = ca.issue({ commonName: 'Иванов Иван Иванович', organization: 'ООО «Техноторг Онлайн»', inn: us.inn });
  expect((await api.post('/api/edo/signing/keys', { certificate: b64(key.certificate), private_key: b64(key.privateKey) })).status).toBe(201);
  expect((await api.post('/api/edo/trusted-roots', { certificate: b64(ca.root) })).status).toBe(201);
  // The organization came from onboarding (name, ИНН, КПП); the admin completes its card.
  ids.org = await completeCompanyOrganization(api, { address: 'г. Москва, ул. Тверская, д. 1', head: 'Иванов Иван Иванович', allow_negative_stock: true });
  ids.warehouse = await make('warehouses', { name: 'Склад' });
  ids.ext = await make('counterparties', { name: 'Сибирь Опт', full_name: ext.name, inn: ext.inn, kpp: ext.kpp, legal_address: 'г. Новосибирск, Красный пр-т, д. 1', is_customer: true });
  ids.contract = await make('contracts', { name: 'Договор', owner_id: ids.ext, contract_number: '3', contract_date: '2026-01-15' });
  ids.product = await make('products', { name: 'Монитор 27"', article: 'MON-27', unit_code: '796', unit_name: 'шт' });
});
afterAll(async () => {
  await fake?.close();
  await stack?.close();
});

describe('ЭДО through the operator (Диадок API)', () => {
  test('the admin sets up the operator: before that, or with a wrong token, polling is a clear 422; the token is sealed and stays out of the audit log', async () => {
    expect((await api.post('/api/edo/operator/poll', {})).status).toBe(422);
    // The settings page: nothing set up yet, and the connection check says so.
    expect((await api.get('/api/edo/operator')).body).toEqual({ configured: false, api_url: null, box_id: null, events_after: null });
    expect((await api.get('/api/edo/operator/check')).body).toEqual({ ok: false, box: null, problem: 'Оператор ЭДО не настроен: укажите адрес API, ящик и токен.' });
    expect((await api.put('/api/edo/operator', { api_url: 'not a url', box_id: us.box, token: us.token })).status).toBe(400);
    expect((await api.put('/api/edo/operator', { api_url: fake.url, box_id: us.box, token: 'wrong' })).status).toBe(200);
    const denied = await api.post('/api/edo/operator/poll', {});
    expect(denied.status).toBe(422);
    expect(denied.body.detail).toContain('Оператор ЭДО отказал в доступе (401)');
    const badCheck = await api.get('/api/edo/operator/check');
    expect(badCheck.status).toBe(200);
    expect(badCheck.body).toMatchObject({ ok: false, box: null, problem: expect.stringContaining('Оператор ЭДО отказал в доступе (401): проверьте токен и ящик') });
    const set = await api.put('/api/edo/operator', { api_url: fake.url, box_id: us.box, token: us.token });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // The check reaches the fake operator's GetBox: our box, our ИНН; the token is never answered.
    expect((await api.get('/api/edo/operator/check')).body).toEqual({ ok: true, box: { id: us.box, title: 'ООО «Техноторг Онлайн»', inn: us.inn, kpp: us.kpp }, problem: null });
    expect((await api.get('/api/edo/operator')).body).toEqual({ configured: true, api_url: fake.url, box_id: us.box, events_after: null });
    // The token is kept out of the audit log.
    const audit = (await api.get('/api/admin/audit?entity=edo.operator_settings')).body.items;
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(us.token);
    // …and sealed at rest: even the admin's generic read of the settings shows no token.
    const stored = await api.get('/api/edo/catalogs/operator_settings');
    expect(stored.status).toBe(200);
    expect(stored.body.items).toHaveLength(1);
    expect(stored.body.items[0].token_secret).toMatch(/^v1\./);
    expect(JSON.stringify(stored.body)).not.toContain(us.token);
  });

  test('an operator that cannot be reached leaves the document waiting, with the reason; a retry sends it', async () => {
    expect((await api.put('/api/edo/operator', { api_url: 'http://127.0.0.1:9', box_id: us.box, token: us.token })).status).toBe(200);
    const sale = await api.post('/api/trade/documents/sale?post=true', { organization: ids.org, counterparty: ids.ext, contract: ids.contract, warehouse: ids.warehouse, date: '2026-03-09', price_includes_vat: true, goods: [{ product: ids.product, quantity: '1', price: 1830000 }] });
    const sent = await api.post('/api/edo/outgoing', { sale: sale.body.id });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.flow_status).toBe('waiting_operator');
    expect(sent.body.history.at(-1).action).toMatch(/^Не отправлен через оператора ЭДО: Оператор ЭДО недоступен \(127\.0\.0\.1:9\)/);
    expect((await api.put('/api/edo/operator', { api_url: fake.url, box_id: us.box, token: us.token })).status).toBe(200);
    const retried = await api.post(`/api/edo/outbox/${sent.body.id}/operator`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ flow_status: 'awaiting_signature' });
    expect((await api.post(`/api/edo/outbox/${sent.body.id}/operator`, {})).status).toBe(409);
    fake.posted.length = 0; // the next test counts its own message
  });

  test('send: the signed УПД is posted to the counterparty’s box found by ИНН/КПП; its buyer’s title comes back by polling', async () => {
    const sale = await api.post('/api/trade/documents/sale?post=true', { organization: ids.org, counterparty: ids.ext, contract: ids.contract, warehouse: ids.warehouse, date: '2026-03-10', price_includes_vat: true, goods: [{ product: ids.product, quantity: '2', price: 1830000 }] });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const sent = await api.post('/api/edo/outgoing', { sale: sale.body.id });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ flow_status: 'awaiting_signature', peer_tenant: null });
    expect(sent.body.history.map((h: any) => h.action)).toContain(`Отправлен через оператора ЭДО в ящик «${ext.name}»`);
    ids.out = sent.body.id;

    // What the operator got: the exact bytes of the seller's title and a signature that verifies with the CA's root.
    expect(fake.posted).toHaveLength(1);
    const att = fake.posted[0].body.DocumentAttachments[0];
    expect(fake.posted[0].toBoxId).toBe(ext.box);
    expect(att).toMatchObject({ TypeNamedId: 'UniversalTransferDocument', Function: 'СЧФДОП', NeedRecipientSignature: true });
    const file = Buffer.from(att.SignedContent.Content, 'base64');
    expect(iconv.decode(file, 'win1251')).toContain(`ИдФайл="${sent.body.file_id}"`);
    expect(verifySignature(file, Buffer.from(att.SignedContent.Signature, 'base64'), { trustedRoots: [ca.root], senderInn: us.inn }).status).toBe('valid');

    // The counterparty signs its title at the operator; our poll brings it: «Документооборот завершён», signature valid.
    expect(sent.body.operator_message).toBeTruthy();
    const title = iconv.encode(`<?xml version="1.0" encoding="windows-1251"?><Файл ИдФайл="ON_NSCHFDOPPOK_${us.inn}_${ext.inn}_20260311_1"/>`, 'win1251');
    fake.patch(sent.body.operator_message, title, signDetached(title, extKey.certificate, extKey.privateKey));
    const polled = await api.post('/api/edo/operator/poll', {});
    expect(polled.status, JSON.stringify(polled.body)).toBe(200);
    expect(polled.body).toMatchObject({ answered: [ids.out], received: [] });
    const card = (await api.get(`/api/edo/outbox/${ids.out}/card`)).body;
    expect(card).toMatchObject({ flow_status: 'completed', status_title: 'Документооборот завершён' });
    expect(card.files.find((f: any) => f.kind === 'buyer_title')).toMatchObject({ author: 'counterparty', verification: 'valid', signer_inn: ext.inn });
  });

  test('receive: a УПД the counterparty posts to our box arrives in «Входящие» with its signature checked, once', async () => {
    // The counterparty's УПД to us: our own sent title with the two parties swapped, signed by the counterparty.
    const ours = Buffer.from(fake.posted[0].body.DocumentAttachments[0].SignedContent.Content, 'base64');
    const swapped = iconv
      .decode(ours, 'win1251')
      .replaceAll(us.inn, 'INN-A')
      .replaceAll(ext.inn, us.inn)
      .replaceAll('INN-A', ext.inn)
      .replaceAll(us.kpp, 'KPP-A')
      .replaceAll(ext.kpp, us.kpp)
      .replaceAll('KPP-A', ext.kpp)
      .replaceAll('ООО «Техноторг Онлайн»', 'NAME-A')
      .replaceAll(ext.name, 'ООО «Техноторг Онлайн»')
      .replaceAll('NAME-A', ext.name);
    const upd = iconv.encode(swapped, 'win1251');
    fake.post(ext.box, us.box, upd, signDetached(upd, extKey.certificate, extKey.privateKey));

    const polled = await api.post('/api/edo/operator/poll', {});
    expect(polled.status, JSON.stringify(polled.body)).toBe(200);
    expect(polled.body.received).toHaveLength(1);
    const inbox = (await api.get('/api/edo/catalogs/inbox')).body.items;
    expect(inbox).toEqual([expect.objectContaining({ id: polled.body.received[0], flow_status: 'signature_required', counterparty_inn: ext.inn, counterparty_name: ext.name, total: 3660000 })]);
    const card = (await api.get(`/api/edo/inbox/${polled.body.received[0]}/card`)).body;
    expect(card.files[0]).toMatchObject({ kind: 'seller_title', verification: 'valid', signer_inn: ext.inn });
    expect(card.history[0].action).toBe(`Получен документ через оператора ЭДО от «${ext.name}»`);
    expect((await api.get('/api/edo/counters')).body.inbox).toBe(1);
    // The recipient's audit log names the operator's sender.
    const audit = (await api.get('/api/admin/audit?entity=edo.inbox')).body.items;
    expect(audit.find((a: any) => a.entityId === card.id && a.action === 'created').after.actor).toBe(`ЭДО: входящий от ${ext.inn}`);

    // Accepting it sends our signed buyer's title to the operator as the answer to that document, and makes the draft Поступление.
    expect((await api.post(`/api/edo/inbox/${card.id}/accept-annulment`, {})).status).toBe(409);
    const signed = await api.post(`/api/edo/inbox/${card.id}/sign`, { acceptance: 'accepted', accepted_on: '2026-03-12', warehouse: ids.warehouse });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.document).toMatchObject({ flow_status: 'completed' });
    expect(signed.body.receipt).toMatchObject({ status: 'draft', lines: 1 });
    expect(fake.patches).toHaveLength(1);
    const title = fake.patches[0].RecipientTitles[0];
    const incoming = (await api.get(`/api/edo/catalogs/inbox/${card.id}`)).body;
    expect(fake.patches[0]).toMatchObject({ BoxId: us.box, MessageId: incoming.operator_message });
    expect(title.ParentEntityId).toBe(incoming.operator_entity);
    const titleBytes = Buffer.from(title.SignedContent.Content, 'base64');
    expect(iconv.decode(titleBytes, 'win1251')).toMatch(/ИдФайл="ON_NSCHFDOPPOK_/);
    expect(verifySignature(titleBytes, Buffer.from(title.SignedContent.Signature, 'base64'), { trustedRoots: [ca.root], senderInn: us.inn }).status).toBe('valid');

    // The next poll reads from where the last one stopped: nothing twice (our own answer is not a new document).
    const again = await api.post('/api/edo/operator/poll', {});
    expect(again.body).toEqual({ events: 1, received: [], answered: [] });
    expect((await api.get('/api/edo/catalogs/inbox')).body.items).toHaveLength(1);
  });

  test('answers through the operator: the counterparty’s ИОП, our annulment it accepts, its annulment we refuse', async () => {
    const xml = (fileId: string) => iconv.encode(`<?xml version="1.0" encoding="windows-1251"?><Файл ИдФайл="${fileId}"/>`, 'win1251');
    const signed = (bytes: Buffer) => signDetached(bytes, extKey.certificate, extKey.privateKey);
    const outbox = async (id: string) => (await api.get(`/api/edo/catalogs/outbox/${id}`)).body;
    const ourFile = async (id: string, kind: string) => (await api.get(`/api/edo/catalogs/files?document=${id}&kind=${kind}`)).body.items[0];
    const sale = await api.post('/api/trade/documents/sale?post=true', { organization: ids.org, counterparty: ids.ext, contract: ids.contract, warehouse: ids.warehouse, date: '2026-03-11', price_includes_vat: true, goods: [{ product: ids.product, quantity: '1', price: 1830000 }] });
    const sent = (await api.post('/api/edo/outgoing', { sale: sale.body.id })).body;
    const doc = await outbox(sent.id);

    // Its ИОП: recorded with the counterparty's signature; an СЧФДОП still waits for its title.
    const notice = xml(`DP_IZVPOL_${us.inn}_${ext.inn}_20260311_2`);
    fake.patch(doc.operator_message, notice, signed(notice), doc.operator_entity, 'Receipt');
    expect((await api.post('/api/edo/operator/poll', {})).body.answered).toEqual([sent.id]);
    let card = (await api.get(`/api/edo/outbox/${sent.id}/card`)).body;
    expect(card).toMatchObject({ flow_status: 'awaiting_signature', receipt_notice_sent: true });
    expect(card.history.at(-1).action).toBe('Получено извещение о получении (через оператора ЭДО)');
    expect(card.files.find((f: any) => f.kind === 'receipt_notice')).toMatchObject({ author: 'counterparty', verification: 'valid' });

    // We propose to annul it: our signed DP_PRANNUL goes as a RevocationRequest to the document; its signature under it annuls.
    const annul = await api.post(`/api/edo/outbox/${sent.id}/annul`, { reason: 'Поставка отменена' });
    expect(annul.status, JSON.stringify(annul.body)).toBe(200);
    expect(annul.body.document.flow_status).toBe('annulment_requested');
    const request = fake.patches.at(-1).RevocationRequests[0];
    expect(request.ParentEntityId).toBe(doc.operator_entity);
    expect(iconv.decode(Buffer.from(request.SignedContent.Content, 'base64'), 'win1251')).toMatch(/ИдФайл="DP_PRANNUL_/);
    const offer = await ourFile(sent.id, 'annulment_offer');
    expect(offer.operator_entity).toBeTruthy();
    fake.sign(doc.operator_message, offer.operator_entity, signed(Buffer.from(request.SignedContent.Content, 'base64')));
    expect((await api.post('/api/edo/operator/poll', {})).body.answered).toEqual([sent.id]);
    card = (await api.get(`/api/edo/outbox/${sent.id}/card`)).body;
    expect(card).toMatchObject({ flow_status: 'annulled', status_title: 'Аннулирован' });
    expect(card.history.at(-1).action).toBe('Контрагент принял аннулирование (через оператора ЭДО)');

    // The counterparty proposes to annul the completed one; we refuse with a signed уточнение answering its request.
    const done = await outbox(ids.out);
    const theirs = xml(`DP_PRANNUL_${us.inn}_${ext.inn}_20260312_1`);
    const [revocation] = fake.patch(done.operator_message, theirs, signed(theirs), done.operator_entity, 'RevocationRequest');
    expect((await api.post('/api/edo/operator/poll', {})).body.answered).toEqual([ids.out]);
    card = (await api.get(`/api/edo/outbox/${ids.out}/card`)).body;
    expect(card).toMatchObject({ flow_status: 'annulment_required' });
    expect(card.actions).toEqual(['accept_annulment', 'reject_annulment']);
    const refused = await api.post(`/api/edo/outbox/${ids.out}/reject-annulment`, { reason: 'Товар получен и оплачен' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect(refused.body.document.flow_status).toBe('completed');
    const rejection = fake.patches.at(-1).XmlSignatureRejections[0];
    expect(rejection.ParentEntityId).toBe(revocation.EntityId);
    const rejectionBytes = Buffer.from(rejection.SignedContent.Content, 'base64');
    expect(iconv.decode(rejectionBytes, 'win1251')).toMatch(/ИдФайл="DP_UVUTOCH_/);
    expect(verifySignature(rejectionBytes, Buffer.from(rejection.SignedContent.Signature, 'base64'), { trustedRoots: [ca.root], senderInn: us.inn }).status).toBe('valid');
    // The counterparty proposes to annul the УПД it sent us (signed by us before): we accept — our signature under its request.
    const [incoming] = (await api.get('/api/edo/catalogs/inbox')).body.items;
    const theirsIn = xml(`DP_PRANNUL_${us.inn}_${ext.inn}_20260312_2`);
    const [revocationIn] = fake.patch(incoming.operator_message, theirsIn, signed(theirsIn), incoming.operator_entity, 'RevocationRequest');
    expect((await api.post('/api/edo/operator/poll', {})).body.answered).toEqual([incoming.id]);
    expect((await api.get(`/api/edo/inbox/${incoming.id}/card`)).body).toMatchObject({ flow_status: 'annulment_required', actions: ['accept_annulment', 'reject_annulment'] });
    const accepted = await api.post(`/api/edo/inbox/${incoming.id}/accept-annulment`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.document.flow_status).toBe('annulled');
    const acceptance = fake.patches.at(-1).Signatures[0];
    expect(acceptance.ParentEntityId).toBe(revocationIn.EntityId);
    expect(verifySignature(theirsIn, Buffer.from(acceptance.SignedContent.Signature, 'base64'), { trustedRoots: [ca.root], senderInn: us.inn }).status).toBe('valid');
    // Our own answers read back by the next poll move nothing.
    expect((await api.post('/api/edo/operator/poll', {})).body.answered).toEqual([]);
  });
});

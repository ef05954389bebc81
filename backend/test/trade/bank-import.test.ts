import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode, encode } from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeBankExchange, type BankParty, type PaymentOrder } from '../../src/platform/ru/bank-exchange';
import { schemaNameFor } from '../../src/platform/tenancy/tenant-schema';
import { client, login, nextInn, type TestStack } from '../support/stack';
import { createItem, startTradeCompany } from './support';

const FIXTURES = path.resolve(__dirname, '../../src/platform/ru/bank-exchange/__fixtures__');
const sample = (n: number) => readFileSync(path.join(FIXTURES, `1CClientBankExchange-sample${n}.txt`), 'utf8');
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cp1251 = (text: string) => encode(text.replace(/\r?\n/g, '\r\n'), 'win1251');

let stack: TestStack;
let api: ReturnType<typeof client>;
let adminToken: string;
let tenantId: string;
const org: Record<string, string> = {};

const count = async (code: string) => (await api.get(`/api/trade/documents/${code}?limit=1`)).body.total as number;
const upload = (bytes: Buffer, token = adminToken) =>
  fetch(`${stack.url}/api/trade/bank-statements`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes });
/** Uploads a statement that must load; returns what was imported. */
const importFile = async (bytes: Buffer) => {
  const res = await upload(bytes);
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body as { created: { code: string; id: string; number: string; importKey: string }[]; alreadyImported: number; counterpartiesCreated: number };
};
/** Uploads a statement that must be refused whole; returns the problem (status, detail, line). */
const refusedFile = async (bytes: Buffer, status = 422, token = adminToken) => {
  const res = await upload(bytes, token);
  const problem = await res.json();
  expect(res.status, JSON.stringify(problem)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return problem as { status: number; detail: string; line?: number };
};
const createOrg = (body: Record<string, unknown>) => createItem(api, 'organizations', body);

beforeAll(async () => {
  const t = await startTradeCompany('trade-bank', { name: 'Связь', adminEmail: 'admin@svyaz.ru' });
  stack = t.stack;
  adminToken = t.tenant.adminToken;
  tenantId = t.tenant.tenantId;
  api = t.api;
  // The samples are real payment orders of ПАО «Ростелеком» from several of its accounts (branches).
  org.moscow = await createOrg({ name: 'ПАО «Ростелеком»', inn: '7707049388', kpp: '770701001', bik: '044525187', account: '40702810800030005413' });
  org.branch = await createOrg({ name: 'ПАО «Ростелеком» (филиал)', inn: '7707049388', kpp: '770545001', bik: '044525225', account: '40821810840020000005' });
  org.rks = await createOrg({ name: 'АО «Российские космические системы»', inn: '7722698789', bik: '044525225', account: '40702810938120061991' });
});
afterAll(() => stack?.close());

describe('bank statement import', () => {
  test('six tax payments become posted Списания; a re-import of the same file in windows-1251 creates nothing', async () => {
    const first = await importFile(utf8(sample(5)));
    expect(first.created.map((c) => c.code)).toEqual(Array(6).fill('money_out'));
    // Five tax offices: ИНН 3819023623 is paid twice and is created once.
    expect(first).toMatchObject({ alreadyImported: 0, counterpartiesCreated: 5 });
    const doc = (await api.get(`/api/trade/documents/money_out/${first.created[0].id}`)).body;
    expect(doc).toMatchObject({ status: 'posted', date: '2021-08-20', amount: 1, incoming_number: '2335', import_key: '2335|2021-08-20|1|40702810800030005413' });
    const payee = (await api.get(`/api/trade/catalogs/counterparties/${doc.counterparty}`)).body;
    expect(payee).toMatchObject({ inn: '2635028348', kpp: '263501001' });

    const again = await importFile(cp1251(sample(5)));
    expect(again).toMatchObject({ created: [], linked: [], alreadyImported: 6, counterpartiesCreated: 0, toDecide: [], warnings: [] });
    expect(await count('money_out')).toBe(6);
    expect((await api.get('/api/trade/catalogs/counterparties?limit=100')).body.total).toBe(5);

    // 6 × 0,01 ₽ left the account.
    const flow = (await api.get(`/api/trade/reports/money_flow?from=2021-08-01&to=2021-08-31&organization=${org.moscow}`)).body;
    expect(flow.items).toEqual([{ account: '40702810800030005413', opening: 0, receipt: 0, expense: 6, closing: -6 }]);
  });

  test('a payment to our account becomes a Поступление from a counterparty found or created by ИНН', async () => {
    const res = await importFile(cp1251(sample(2)));
    expect(res.created.map((c) => c.code)).toEqual(['money_in']);
    const doc = (await api.get(`/api/trade/documents/money_in/${res.created[0].id}`)).body;
    expect(doc).toMatchObject({ organization: org.rks, status: 'posted', amount: 1, counterparty_account: '40706810900000064381' });
    expect((await api.get(`/api/trade/catalogs/counterparties/${doc.counterparty}`)).body).toMatchObject({ inn: '7707049388', name: 'ПАО "Ростелеком"' });
  });

  test('a malformed file is refused with its line number and nothing is imported', async () => {
    const broken = sample(4).replace('Сумма=0.01', 'Сумма=ноль');
    const error = await refusedFile(cp1251(broken));
    expect(error.line).toBe(15);
    expect(error.detail).toMatch(/ничего не создано\. Строка 15/);
    expect(await count('money_out')).toBe(6);

    // A well-formed file with a payment none of our accounts made: refused at the document's section, nothing written.
    const foreign = await refusedFile(utf8(sample(1)));
    expect(foreign.line).toBe(31);
    expect(foreign.detail).toContain('ни счёт плательщика 12345678901234567890');
    expect(await count('money_out')).toBe(6);
    expect(await count('money_in')).toBe(1);

    // The fixed file loads.
    expect((await importFile(utf8(sample(4)))).created).toHaveLength(1);
  });
});

describe('bank statement upload over HTTP', () => {
  test('POST /api/trade/bank-statements imports the file as is; a malformed one is refused with its line', async () => {
    // Sample 5 was imported above: uploaded again it is recognised, nothing is doubled.
    const before = await count('money_out');
    const ok = await upload(cp1251(sample(5)));
    const body = await ok.json();
    expect(ok.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ created: [], linked: [], alreadyImported: 6, counterpartiesCreated: 0, toDecide: [], warnings: [] });
    const broken = await upload(utf8(sample(5).replace('Сумма=0.01', 'Сумма=0,0x')));
    expect(broken.status).toBe(422);
    const problem = await broken.json();
    expect(problem.line).toBeGreaterThan(1);
    expect(problem.detail).toMatch(/Строка \d+/);
    expect(await count('money_out')).toBe(before);
    const empty = await upload(Buffer.alloc(0));
    expect(empty.status).toBe(400);
  });

  test('a statement whose last payment cannot be posted (closed period) is refused whole: nothing of the file is written; the corrected file loads', async () => {
    const file = statementOf([
      { number: '501', date: '2024-03-04', amountKopecks: 150_000, payer: party('ООО «Альфа»', nextInn()), payee: ours('АО «Российские космические системы»', '7722698789', '40702810938120061991') },
      { number: '502', date: '2024-03-05', amountKopecks: 2_500, payer: ours('ПАО «Ростелеком»', '7707049388', '40702810800030005413'), payee: party('ООО «Бета»', nextInn()) },
      { number: '503', date: '2024-02-20', amountKopecks: 990, payer: ours('ПАО «Ростелеком»', '7707049388', '40702810800030005413'), payee: party('ООО «Гамма»', nextInn()) },
    ]);
    // The last payment falls in February, and February is closed: the engine refuses to post it.
    expect((await api.put('/api/admin/period-lock', { closedThrough: '2024-02-29' })).status).toBe(200);
    const before = await writtenSoFar();

    const problem = await refusedFile(writeBankExchange(file));
    const lastSection = sectionLines(writeBankExchange(file))[2];
    expect(problem.line).toBe(lastSection);
    expect(problem.detail).toContain(`ничего не создано. Строка ${lastSection}: документ № 503 от 20.02.2024`);
    expect(problem.detail).toContain('Период по 29.02.2024 закрыт');
    // Nor the first two payments, nor any counterparty, contract, movement, event or audit row.
    expect(await writtenSoFar()).toEqual(before);

    // Dated in March, the same payment loads — and with it the two that were refused along with it.
    file[2].date = '2024-03-06';
    const fixed = await importFile(writeBankExchange(file));
    expect(fixed).toMatchObject({ alreadyImported: 0, counterpartiesCreated: 3 });
    expect(fixed.created.map((c) => c.code)).toEqual(['money_in', 'money_out', 'money_out']);
    const after = await writtenSoFar();
    expect(after.counterparties).toBe(before.counterparties + 3);
    expect(after.contracts).toBe(before.contracts + 3);
    expect([after.money_in, after.money_out]).toEqual([before.money_in + 1, before.money_out + 2]);
    const flow = (await api.get(`/api/trade/reports/money_flow?from=2024-03-01&to=2024-03-31&organization=${org.moscow}`)).body;
    expect(flow.items).toEqual([{ account: '40702810800030005413', opening: -6, receipt: 0, expense: 3_490, closing: -3_496 }]);
    expect(await importFile(writeBankExchange(file))).toMatchObject({ created: [], linked: [], alreadyImported: 3, counterpartiesCreated: 0, toDecide: [] });
    expect((await api.put('/api/admin/period-lock', { closedThrough: null })).status).toBe(200);
  });

  test('a user who may post payments but not create counterparties is refused with 403 and nothing is written', async () => {
    const rules = [
      ...['organizations', 'counterparties', 'contracts'].map((c) => ({ action: 'read', subject: `trade.${c}` })),
      ...['money_in', 'money_out'].flatMap((c) => ['read', 'create', 'post'].map((action) => ({ action, subject: `trade.${c}` }))),
    ];
    const role = await api.post('/api/admin/roles', { name: 'Казначей', description: 'Проводит платежи, контрагентов не заводит', rules });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const user = await api.post('/api/admin/users', { email: 'treasurer@svyaz.ru', fullName: 'Ольга Казначеева', password: 'Kazna-Passw0rd', roleIds: [role.body.id] });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const token = await login(stack.url, 'treasurer@svyaz.ru', 'Kazna-Passw0rd');
    const before = await writtenSoFar();
    const problem = await refusedFile(
      writeBankExchange(statementOf([{ number: '601', date: '2024-04-01', amountKopecks: 100, payer: ours('ПАО «Ростелеком»', '7707049388', '40702810800030005413'), payee: party('ООО «Дельта»', nextInn()) }])),
      403,
      token,
    );
    expect(problem.detail).toContain('«создание» на «Контрагенты»');
    expect(await writtenSoFar()).toEqual(before);
  });
});

/** Our organization's side of a payment (its account is in the organization's card). */
function ours(name: string, inn: string, account: string): BankParty {
  return { name, inn, kpp: '', account, bankName: 'ПАО СБЕРБАНК', bankCity: 'г Москва', bik: '044525225', corrAccount: '30101810400000000225' };
}
/** A counterparty the company has never seen. */
function party(name: string, inn: string): BankParty {
  return { name, inn, kpp: '', account: '', bankName: '', bankCity: '', bik: '', corrAccount: '' };
}
function statementOf(payments: Pick<PaymentOrder, 'number' | 'date' | 'amountKopecks' | 'payer' | 'payee'>[]): PaymentOrder[] {
  return payments.map((p) => ({ kind: 'Платежное поручение', purpose: `Оплата по счёту ${p.number}`, ...p }));
}
/** 1-based lines of the file's СекцияДокумент, as the import reports them. */
function sectionLines(bytes: Buffer): number[] {
  return decode(bytes, 'win1251')
    .split('\r\n')
    .flatMap((line, i) => (line.startsWith('СекцияДокумент=') ? [i + 1] : []));
}
/** How many rows the tenant has of everything an import writes (and its outbox events and audit rows). */
async function writtenSoFar() {
  const k = stack.db.knex;
  const rows = async (table: string) => Number((await k(`${schemaNameFor(tenantId)}.${table}`).count<{ n: string }[]>('* as n'))[0].n);
  const platformRows = async (table: string) => Number((await k(`platform.${table}`).where({ tenant_id: tenantId }).count<{ n: string }[]>('* as n'))[0].n);
  return {
    counterparties: await rows('c_trade_counterparties'),
    contracts: await rows('c_trade_contracts'),
    money_in: await rows('d_trade_money_in'),
    money_out: await rows('d_trade_money_out'),
    moneyMovements: await rows('r_trade_money'),
    settlementMovements: await rows('r_trade_settlements'),
    outbox: await platformRows('outbox'),
    audit: await platformRows('audit_log'),
  };
}

describe('payment orders for the bank', () => {
  const exportOrders = (body: Record<string, unknown>) =>
    fetch(`${stack.url}/api/trade/bank-statements/payment-orders`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('the Списания the bank has not seen download as a 1CClientBankExchange file the parser reads back; those loaded from a statement do not', async () => {
    // The six tax payments of August 2021 came from the bank's statement: nothing to send back to it.
    const none = await exportOrders({ organization: org.moscow, from: '2021-08-01', to: '2021-08-31' });
    expect(none.status).toBe(422);
    expect((await none.json()).detail).toContain('Нечего выгружать');
    // A payment typed by hand to one of those tax offices (its account and БИК came from the statement).
    const loaded = (await api.get('/api/trade/documents/money_out?limit=1&sort=date')).body.items[0];
    const typed = await api.post('/api/trade/documents/money_out?post=true', { date: '2021-08-25', organization: org.moscow, counterparty: loaded.counterparty, contract: loaded.contract, amount: 123_456, purpose: 'Налог' });
    expect(typed.status, JSON.stringify(typed.body)).toBe(201);

    const res = await exportOrders({ organization: org.moscow, from: '2021-08-01', to: '2021-08-31' });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    // windows-1251 with CRLF, as banks' client programs expect.
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
    expect(bytes.includes(Buffer.from('Кодировка=Windows', 'utf8'))).toBe(false);
    const { parseBankExchange } = await import('../../src/platform/ru/bank-exchange');
    const file = parseBankExchange(bytes);
    expect(file.header.version).toBe('1.03');
    expect(file.documents).toHaveLength(1);
    expect(file.documents.every((d) => d.kind === 'Платежное поручение' && d.payer.inn === '7707049388' && d.payer.account === '40702810800030005413')).toBe(true);
    expect(file.documents[0]).toMatchObject({ date: '2021-08-25', amountKopecks: 123_456 });
    const bad = await exportOrders({ organization: org.moscow, from: 'вчера', to: '2021-08-31' });
    expect(bad.status).toBe(400);
  });
});

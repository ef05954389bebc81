import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BankImportError, importBankStatement } from '../../src/modules/trade/bank-import';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

const FIXTURES = path.resolve(__dirname, '../../src/platform/ru/bank-exchange/__fixtures__');
const sample = (n: number) => readFileSync(path.join(FIXTURES, `1CClientBankExchange-sample${n}.txt`), 'utf8');
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cp1251 = (text: string) => encode(text.replace(/\r?\n/g, '\r\n'), 'win1251');

let stack: TestStack;
let api: ReturnType<typeof client>;
let adminToken: string;
const org: Record<string, string> = {};

const count = async (code: string) => (await api.get(`/api/trade/documents/${code}?limit=1`)).body.total as number;
const createOrg = async (body: Record<string, unknown>) => {
  const res = await api.post('/api/trade/catalogs/organizations', body);
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
};

beforeAll(async () => {
  stack = await startStack({ label: 'trade-bank' });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const t = await onboardTenant(stack, owner, { name: 'Связь', adminEmail: 'admin@svyaz.ru', modules: ['trade'] });
  adminToken = t.adminToken;
  api = client(stack.url, t.adminToken);
  // The samples are real payment orders of ПАО «Ростелеком» from several of its accounts (branches).
  org.moscow = await createOrg({ name: 'ПАО «Ростелеком»', inn: '7707049388', kpp: '770701001', bik: '044525187', account: '40702810800030005413' });
  org.branch = await createOrg({ name: 'ПАО «Ростелеком» (филиал)', inn: '7707049388', kpp: '770545001', bik: '044525225', account: '40821810840020000005' });
  org.rks = await createOrg({ name: 'АО «Российские космические системы»', inn: '7722698789', bik: '044525225', account: '40702810938120061991' });
});
afterAll(() => stack?.close());

describe('bank statement import', () => {
  test('six tax payments become posted Списания; a re-import of the same file in windows-1251 creates nothing', async () => {
    const first = await importBankStatement(utf8(sample(5)), api);
    expect(first.created.map((c) => c.code)).toEqual(Array(6).fill('money_out'));
    // Five tax offices: ИНН 3819023623 is paid twice and is created once.
    expect(first).toMatchObject({ alreadyImported: 0, counterpartiesCreated: 5 });
    const doc = (await api.get(`/api/trade/documents/money_out/${first.created[0].id}`)).body;
    expect(doc).toMatchObject({ status: 'posted', date: '2021-08-20', amount: 1, incoming_number: '2335', import_key: '2335|2021-08-20|1|40702810800030005413' });
    const payee = (await api.get(`/api/trade/catalogs/counterparties/${doc.counterparty}`)).body;
    expect(payee).toMatchObject({ inn: '2635028348', kpp: '263501001' });

    const again = await importBankStatement(cp1251(sample(5)), api);
    expect(again).toEqual({ created: [], alreadyImported: 6, counterpartiesCreated: 0 });
    expect(await count('money_out')).toBe(6);
    expect((await api.get('/api/trade/catalogs/counterparties?limit=100')).body.total).toBe(5);

    // 6 × 0,01 ₽ left the account.
    const flow = (await api.get(`/api/trade/reports/money_flow?from=2021-08-01&to=2021-08-31&organization=${org.moscow}`)).body;
    expect(flow.items).toEqual([{ account: '40702810800030005413', opening: 0, receipt: 0, expense: 6, closing: -6 }]);
  });

  test('a payment to our account becomes a Поступление from a counterparty found or created by ИНН', async () => {
    const res = await importBankStatement(cp1251(sample(2)), api);
    expect(res.created.map((c) => c.code)).toEqual(['money_in']);
    const doc = (await api.get(`/api/trade/documents/money_in/${res.created[0].id}`)).body;
    expect(doc).toMatchObject({ organization: org.rks, status: 'posted', amount: 1, counterparty_account: '40706810900000064381' });
    expect((await api.get(`/api/trade/catalogs/counterparties/${doc.counterparty}`)).body).toMatchObject({ inn: '7707049388', name: 'ПАО "Ростелеком"' });
  });

  test('a malformed file is refused with its line number and nothing is imported', async () => {
    const broken = sample(4).replace('Сумма=0.01', 'Сумма=ноль');
    const error = await importBankStatement(cp1251(broken), api).catch((e) => e);
    expect(error).toBeInstanceOf(BankImportError);
    expect(error.line).toBe(15);
    expect(error.message).toMatch(/ничего не создано\. Строка 15/);
    expect(await count('money_out')).toBe(6);

    // A well-formed file with a payment none of our accounts made: refused at the document's section, nothing written.
    const foreign = await importBankStatement(utf8(sample(1)), api).catch((e) => e);
    expect(foreign).toBeInstanceOf(BankImportError);
    expect(foreign.line).toBe(31);
    expect(foreign.message).toContain('ни счёт плательщика 12345678901234567890');
    expect(await count('money_out')).toBe(6);
    expect(await count('money_in')).toBe(1);

    // The fixed file loads.
    expect((await importBankStatement(utf8(sample(4)), api)).created).toHaveLength(1);
  });
});

describe('bank statement upload over HTTP', () => {
  test('POST /api/trade/bank-statements imports the file as is; a malformed one is refused with its line', async () => {
    const upload = (bytes: Buffer) => fetch(`${stack.url}/api/trade/bank-statements`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' }, body: bytes });
    // Sample 5 was imported above through the service: over HTTP it is recognised, nothing is doubled.
    const before = await count('money_out');
    const ok = await upload(cp1251(sample(5)));
    const body = await ok.json();
    expect(ok.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ created: [], alreadyImported: 6, counterpartiesCreated: 0 });
    const broken = await upload(utf8(sample(5).replace('Сумма=0.01', 'Сумма=0,0x')));
    expect(broken.status).toBe(422);
    const problem = await broken.json();
    expect(problem.line).toBeGreaterThan(1);
    expect(problem.detail).toMatch(/Строка \d+/);
    expect(await count('money_out')).toBe(before);
    const empty = await upload(Buffer.alloc(0));
    expect(empty.status).toBe(400);
  });
});

describe('payment orders for the bank', () => {
  test('the Списания of a period download as a 1CClientBankExchange file the parser reads back', async () => {
    const res = await fetch(`${stack.url}/api/trade/bank-statements/payment-orders?organization=${org.moscow}&from=2021-08-01&to=2021-08-31`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    // windows-1251 with CRLF, as banks' client programs expect.
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
    expect(bytes.includes(Buffer.from('Кодировка=Windows', 'utf8'))).toBe(false);
    const { parseBankExchange } = await import('../../src/platform/ru/bank-exchange');
    const file = parseBankExchange(bytes);
    expect(file.header.version).toBe('1.03');
    expect(file.documents).toHaveLength(6);
    expect(file.documents.every((d) => d.kind === 'Платежное поручение' && d.payer.inn === '7707049388' && d.payer.account === '40702810800030005413')).toBe(true);
    expect(file.documents.reduce((s, d) => s + d.amountKopecks, 0)).toBe(6);
    const bad = await fetch(`${stack.url}/api/trade/bank-statements/payment-orders?organization=${org.moscow}&from=вчера&to=2021-08-31`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(bad.status).toBe(400);
  });
});

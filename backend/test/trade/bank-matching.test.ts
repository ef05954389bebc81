import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseBankExchange, writeBankExchange, type BankParty, type BankStatement, type PaymentOrder } from '../../src/platform/ru/bank-exchange';
import { bankAccountIssue } from '../../src/platform/ru/identifiers';
import { nextInn, type TestStack } from '../support/stack';
import { createItem, postDocument, startTradeCompany, type Api } from './support';

/**
 * A statement meets what the company already has: payments typed by hand, payment orders it exported,
 * counterparties without bank details, and its own money register. Amounts in kopecks, by hand.
 */

let stack: TestStack;
let api: Api;
let token: string;

const OUR_BIK = '044525225';
const THEIR_BIK = '044525555';
/** A 20-digit account whose key digit (the 9th) agrees with the БИК. */
function accountFor(bik: string, tail: string): string {
  for (let k = 0; k <= 9; k++) {
    const account = `40702810${k}${tail.padStart(11, '0')}`;
    if (!bankAccountIssue(bik, account)) return account;
  }
  throw new Error('no key digit');
}
const rks = { inn: '7722698789', account: '40702810938120061991' };
const alfa = { name: 'ООО «Альфа»', inn: nextInn(), account: accountFor(THEIR_BIK, '101') };
const beta = { name: 'ООО «Бета»', inn: nextInn(), account: accountFor(THEIR_BIK, '202') };
const gamma = { name: 'ООО «Гамма»', inn: nextInn(), account: accountFor(THEIR_BIK, '303') };
const delta = { name: 'ООО «Дельта»', inn: nextInn(), account: accountFor(THEIR_BIK, '404') };
const ids: Record<string, string> = {};

function ours(account = rks.account, inn = rks.inn): BankParty {
  return { name: 'АО «Российские космические системы»', inn, kpp: '', account, bankName: 'ПАО СБЕРБАНК', bankCity: 'г Москва', bik: OUR_BIK, corrAccount: '30101810400000000225' };
}
function theirs(p: { name: string; inn: string; account: string }): BankParty {
  return { name: p.name, inn: p.inn, kpp: '', account: p.account, bankName: 'АО «РАЙФФАЙЗЕНБАНК»', bankCity: 'г Москва', bik: THEIR_BIK, corrAccount: '30101810400000000555' };
}
const paymentIn = (number: string, date: string, amountKopecks: number, payer: BankParty, payee = ours()): PaymentOrder => ({ kind: 'Платежное поручение', number, date, creditedOn: date, amountKopecks, payer, payee, purpose: `Оплата по счёту ${number}` });
const paymentOut = (number: string, date: string, amountKopecks: number, payee: BankParty, payer = ours()): PaymentOrder => ({ kind: 'Платежное поручение', number, date, debitedOn: date, amountKopecks, payer, payee, purpose: `Оплата по счёту ${number}` });

const upload = async (bytes: Buffer, decisions?: Record<string, string>) => {
  const q = decisions ? `?decisions=${encodeURIComponent(JSON.stringify(decisions))}` : '';
  const res = await fetch(`${stack.url}/api/trade/bank-statements${q}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: bytes });
  return { status: res.status, body: await res.json() };
};
const importFile = async (bytes: Buffer, decisions?: Record<string, string>) => {
  const res = await upload(bytes, decisions);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const count = async (code: string) => (await api.get(`/api/trade/documents/${code}?limit=1`)).body.total as number;
const exportOrders = (body: Record<string, unknown>) =>
  fetch(`${stack.url}/api/trade/bank-statements/payment-orders`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** Non-breaking spaces of «1 500,00 ₽» as plain ones, the minus as «-». */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').replace(/\u2212/g, '-');

beforeAll(async () => {
  const t = await startTradeCompany('trade-bank-matching', { name: 'Космос', adminEmail: 'admin@kosmos.ru' });
  stack = t.stack;
  api = t.api;
  token = t.tenant.adminToken;
  ids.rks = await createItem(api, 'organizations', { name: 'АО «Российские космические системы»', inn: rks.inn, bik: OUR_BIK, account: rks.account });
  // Known counterparties without bank details, as a manager types them in.
  for (const [key, p] of Object.entries({ alfa, beta })) ids[key] = await createItem(api, 'counterparties', { name: p.name, inn: p.inn });
  ids.gamma = await createItem(api, 'counterparties', { name: gamma.name, inn: gamma.inn, bik: THEIR_BIK, account: gamma.account });
  ids.alfaContract = await createItem(api, 'contracts', { name: 'Договор поставки', owner_id: ids.alfa, organization: ids.rks, kind: 'customer' });
  for (const key of ['beta', 'gamma']) ids[`${key}Contract`] = await createItem(api, 'contracts', { name: 'Договор', owner_id: ids[key], organization: ids.rks, kind: 'supplier' });
});
afterAll(() => stack?.close());

describe('a statement line meets a payment typed by hand', () => {
  test('a unique match is linked (and completed), not created again; the counterparty found by ИНН gets the bank details of the statement', async () => {
    // Typed by the accountant from the customer's payment order № 0501 of 04.03.2024, dated the day it came.
    const typed = await postDocument(api, 'money_in', { date: '2024-03-05', organization: ids.rks, counterparty: ids.alfa, contract: ids.alfaContract, amount: 150_000, incoming_number: '0501', incoming_date: '2024-03-04' });
    const file = writeBankExchange([
      paymentIn('501', '2024-03-04', 150_000, theirs(alfa)),
      // Same number and payer, another amount: a different payment, created.
      paymentIn('501', '2024-03-04', 15_000, theirs(alfa)),
    ]);
    const res = await importFile(file);
    expect(res.linked).toEqual([{ code: 'money_in', id: typed.id, number: typed.number, importKey: `501|2024-03-04|150000|${rks.account}`, status: 'posted' }]);
    expect(res.created.map((c: any) => c.code)).toEqual(['money_in']);
    expect(res).toMatchObject({ alreadyImported: 0, counterpartiesCreated: 0, counterpartiesUpdated: 1, toDecide: [] });
    expect(await count('money_in')).toBe(2);

    const doc = (await api.get(`/api/trade/documents/money_in/${typed.id}`)).body;
    expect(doc).toMatchObject({ status: 'posted', amount: 150_000, date: '2024-03-05', incoming_number: '0501', import_key: `501|2024-03-04|150000|${rks.account}`, counterparty_account: alfa.account });
    const created = (await api.get(`/api/trade/documents/money_in/${res.created[0].id}`)).body;
    expect(created.counterparty).toBe(ids.alfa);
    // The counterparty had no account: it has the statement's now, and keeps its name.
    expect((await api.get(`/api/trade/catalogs/counterparties/${ids.alfa}`)).body).toMatchObject({ name: alfa.name, account: alfa.account, bik: THEIR_BIK, bank_name: 'АО «РАЙФФАЙЗЕНБАНК»', corr_account: '30101810400000000555' });

    // The link and the completed details are in the audit log like any other change.
    const audit = async (entity: string, id: string) => (await stack.db.knex('platform.audit_log').where({ entity, entity_id: id, action: 'updated' }).select('after')).map((r) => r.after);
    expect(await audit('trade.money_in', typed.id)).toEqual([expect.objectContaining({ import_key: `501|2024-03-04|150000|${rks.account}`, counterparty_account: alfa.account })]);
    expect(await audit('trade.counterparties', ids.alfa)).toEqual([expect.objectContaining({ account: alfa.account, bik: THEIR_BIK })]);
    // 1 500,00 + 150,00 arrived once each.
    const flow = (await api.get(`/api/trade/reports/money_flow?from=2024-03-01&to=2024-03-31&organization=${ids.rks}`)).body;
    expect(flow.items).toEqual([{ account: rks.account, opening: 0, receipt: 165_000, expense: 0, closing: 165_000 }]);
    // Loaded again: both recognised.
    expect(await importFile(file)).toMatchObject({ created: [], linked: [], alreadyImported: 2, toDecide: [] });
  });

  test('a payment typed more than 3 days from the bank date, or with another number, is not taken for the line', async () => {
    const far = await postDocument(api, 'money_in', { date: '2024-03-15', organization: ids.rks, counterparty: ids.alfa, contract: ids.alfaContract, amount: 7_000, incoming_number: '601' });
    const other = await postDocument(api, 'money_in', { date: '2024-03-10', organization: ids.rks, counterparty: ids.alfa, contract: ids.alfaContract, amount: 8_000, incoming_number: '603' });
    const res = await importFile(writeBankExchange([paymentIn('601', '2024-03-11', 7_000, theirs(alfa)), paymentIn('602', '2024-03-10', 8_000, theirs(alfa))]));
    expect(res.linked).toEqual([]);
    expect(res.created).toHaveLength(2);
    for (const d of [far, other]) expect((await api.get(`/api/trade/documents/money_in/${d.id}`)).body.import_key ?? null).toBeNull();
  });

  test('a draft typed by hand that the statement confirms is linked and posted', async () => {
    const draft = await api.post('/api/trade/documents/money_in', { date: '2024-03-20', organization: ids.rks, counterparty: ids.alfa, contract: ids.alfaContract, amount: 4_200, incoming_number: '701' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.status).toBe('draft');
    const res = await importFile(writeBankExchange([paymentIn('701', '2024-03-19', 4_200, theirs(alfa))]));
    expect(res.linked).toEqual([{ code: 'money_in', id: draft.body.id, number: draft.body.number, importKey: `701|2024-03-19|4200|${rks.account}`, status: 'posted' }]);
    expect(res.created).toEqual([]);
    expect((await api.get(`/api/trade/documents/money_in/${draft.body.id}`)).body).toMatchObject({ status: 'posted', import_key: `701|2024-03-19|4200|${rks.account}` });
  });

  test('two candidates: nothing is created for the line, it is returned to decide; the decision links the chosen one or creates a new one', async () => {
    // Two Списания typed with the same bank number 77 (one by mistake), 11.03 and 12.03, 25,00 each; and two for № 78.
    const a = await postDocument(api, 'money_out', { date: '2024-03-11', organization: ids.rks, counterparty: ids.beta, contract: ids.betaContract, amount: 2_500, incoming_number: '77' });
    const b = await postDocument(api, 'money_out', { date: '2024-03-12', organization: ids.rks, counterparty: ids.beta, contract: ids.betaContract, amount: 2_500, incoming_number: '77' });
    const c = await postDocument(api, 'money_out', { date: '2024-03-12', organization: ids.rks, counterparty: ids.beta, contract: ids.betaContract, amount: 900, incoming_number: '78' });
    const d = await postDocument(api, 'money_out', { date: '2024-03-13', organization: ids.rks, counterparty: ids.beta, contract: ids.betaContract, amount: 900, incoming_number: '78' });
    const before = await count('money_out');
    const file = writeBankExchange([paymentOut('77', '2024-03-12', 2_500, theirs(beta)), paymentOut('78', '2024-03-12', 900, theirs(beta))]);
    const key77 = `77|2024-03-12|2500|${rks.account}`;
    const key78 = `78|2024-03-12|900|${rks.account}`;

    const first = await importFile(file);
    expect(first).toMatchObject({ created: [], linked: [], alreadyImported: 0 });
    expect(first.toDecide.map((t: any) => [t.importKey, t.code, t.number, t.date, t.amount, t.counterparty.inn, t.candidates.map((x: any) => x.id)])).toEqual([
      [key77, 'money_out', '77', '2024-03-12', 2_500, beta.inn, [a.id, b.id]],
      [key78, 'money_out', '78', '2024-03-12', 900, beta.inn, [c.id, d.id]],
    ]);
    expect(first.toDecide[0].line).toBeGreaterThan(1);
    expect(await count('money_out')).toBe(before);

    // A document that is not one of the candidates is refused, and nothing of the file is written.
    const wrong = await upload(file, { [key77]: c.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toContain('не подходит к этой строке');
    expect(await count('money_out')).toBe(before);

    const decided = await importFile(file, { [key77]: b.id, [key78]: 'new' });
    expect(decided.linked.map((l: any) => l.id)).toEqual([b.id]);
    expect(decided.created).toHaveLength(1);
    expect(decided.toDecide).toEqual([]);
    expect(await count('money_out')).toBe(before + 1);
    expect((await api.get(`/api/trade/documents/money_out/${b.id}`)).body.import_key).toBe(key77);
    expect((await api.get(`/api/trade/documents/money_out/${a.id}`)).body.import_key ?? null).toBeNull();
    // Beta got its account from the statement too.
    expect((await api.get(`/api/trade/catalogs/counterparties/${ids.beta}`)).body).toMatchObject({ account: beta.account, bik: THEIR_BIK });
    expect(await importFile(file)).toMatchObject({ created: [], linked: [], alreadyImported: 2, toDecide: [] });
  });
});

describe('payment orders for the bank', () => {
  test('only payments the bank has not seen are exported and remembered; the statement line confirming an exported one links to it', async () => {
    const first = await postDocument(api, 'money_out', { date: '2024-04-02', organization: ids.rks, counterparty: ids.gamma, contract: ids.gammaContract, amount: 12_345, purpose: 'Оплата по счёту 15' });
    const second = await postDocument(api, 'money_out', { date: '2024-04-03', organization: ids.rks, counterparty: ids.gamma, contract: ids.gammaContract, amount: 500, purpose: 'Оплата по счёту 16' });
    // A payment that came from a statement: the bank made it, it must not be sent again.
    const fromBank = await importFile(writeBankExchange([paymentOut('900', '2024-04-04', 1_000, theirs(delta))]));
    expect(fromBank.created).toHaveLength(1);

    const res = await exportOrders({ organization: ids.rks, from: '2024-04-01', to: '2024-04-30' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-exported-documents')).toBe(`${first.id},${second.id}`);
    const orders = parseBankExchange(Buffer.from(await res.arrayBuffer())).documents;
    expect(orders.map((o) => [o.number, o.date, o.amountKopecks, o.payee.inn, o.payee.account])).toEqual([
      [first.number.replace(/\D/g, '').replace(/^0+/, ''), '2024-04-02', 12_345, gamma.inn, gamma.account],
      [second.number.replace(/\D/g, '').replace(/^0+/, ''), '2024-04-03', 500, gamma.inn, gamma.account],
    ]);
    const exported = (await api.get(`/api/trade/documents/money_out/${first.id}`)).body;
    expect(exported.exported_number).toBe(orders[0].number);
    expect(exported.exported_on).toMatch(/^\d{4}-\d\d-\d\d$/);

    // Exported once: the same period again has nothing left.
    const again = await exportOrders({ organization: ids.rks, from: '2024-04-01', to: '2024-04-30' });
    expect(again.status).toBe(422);
    expect((await again.json()).detail).toContain('Нечего выгружать');
    // Chosen explicitly, an exported order is sent again; one the bank made is refused.
    const chosen = await exportOrders({ organization: ids.rks, documents: [second.id] });
    expect(chosen.status).toBe(200);
    expect(parseBankExchange(Buffer.from(await chosen.arrayBuffer())).documents.map((o) => o.amountKopecks)).toEqual([500]);
    const refused = await exportOrders({ organization: ids.rks, documents: [fromBank.created[0].id] });
    expect(refused.status).toBe(422);
    expect((await refused.json()).detail).toContain('уже проведены банком');

    // The bank's statement confirms the first order (debited a day later): linked, not a second payment.
    const before = await count('money_out');
    const statement = await importFile(writeBankExchange([paymentOut(orders[0].number, '2024-04-02', 12_345, theirs(gamma))].map((o) => ({ ...o, debitedOn: '2024-04-03' }))));
    expect(statement.linked.map((l: any) => l.id)).toEqual([first.id]);
    expect(statement.created).toEqual([]);
    expect(await count('money_out')).toBe(before);
    expect((await api.get(`/api/trade/documents/money_out/${first.id}`)).body).toMatchObject({ import_key: `${orders[0].number}|2024-04-02|12345|${rks.account}`, incoming_number: orders[0].number, incoming_date: '2024-04-02' });
  });
});

describe('statement balances', () => {
  test('opening and closing balances and totals are checked against the file lines and the money register; differences come back as warnings', async () => {
    const account = accountFor(OUR_BIK, '555');
    const org = await createItem(api, 'organizations', { name: 'ООО «Сверка»', inn: nextInn(), bik: OUR_BIK, account });
    const eps = { name: 'ООО «Эпсилон»', inn: nextInn(), account: accountFor(THEIR_BIK, '606') };
    const epsId = await createItem(api, 'counterparties', { name: eps.name, inn: eps.inn });
    // 1 000,00 ₽ on the account before the statement.
    const epsContract = await createItem(api, 'contracts', { name: 'Договор', owner_id: epsId, organization: org, kind: 'customer' });
    await postDocument(api, 'money_in', { date: '2024-05-10', organization: org, counterparty: epsId, contract: epsContract, amount: 100_000 });
    const we = ours(account);
    const statementOf = (section: BankStatement['accountSections'][number], documents: PaymentOrder[]): BankStatement => ({
      header: { version: '1.03', encoding: 'Windows', sender: 'Сбербанк', recipient: 'WorkCloud', periodStart: section.periodStart, periodEnd: section.periodEnd, accounts: [account], documentKinds: ['Платежное поручение'], fields: {} },
      accountSections: [section],
      documents: documents.map((d) => ({ ...d, fields: {} })),
    });

    // Agrees: 1 000,00 + 300,00 − 50,00 = 1 250,00, as the register after the import.
    const good = statementOf({ account, periodStart: '2024-05-20', periodEnd: '2024-05-21', openingBalanceKopecks: 100_000, totalCreditedKopecks: 30_000, totalDebitedKopecks: 5_000, closingBalanceKopecks: 125_000, fields: {} }, [
      paymentIn('11', '2024-05-20', 30_000, theirs(eps), we),
      paymentOut('12', '2024-05-21', 5_000, theirs(eps), we),
    ]);
    const ok = await importFile(writeBankExchange(good));
    expect(ok.created).toHaveLength(2);
    expect(ok.warnings).toEqual([]);

    // Disagrees: the bank says 1 200,00 at the start (we have 1 250,00), 100,00 credited though its only line is 70,00,
    // and a closing balance of 1 310,00 that is neither 1 200,00 + 100,00 nor our 1 250,00 + 70,00 = 1 320,00.
    const bad = statementOf({ account, periodStart: '2024-05-22', periodEnd: '2024-05-22', openingBalanceKopecks: 120_000, totalCreditedKopecks: 10_000, totalDebitedKopecks: 0, closingBalanceKopecks: 131_000, fields: {} }, [
      paymentIn('13', '2024-05-22', 7_000, theirs(eps), we),
    ]);
    const res = await importFile(writeBankExchange(bad));
    expect(res.created).toHaveLength(1);
    expect(res.warnings.map(plain)).toEqual([
      `Счёт ${account}: в выписке за 22.05.2024–22.05.2024 начальный остаток 1 200,00 ₽ + поступило 100,00 ₽ - списано 0,00 ₽ = 1 300,00 ₽, а конечный остаток указан 1 310,00 ₽.`,
      `Счёт ${account}: в выписке за 22.05.2024–22.05.2024 «Всего поступило» 100,00 ₽, а сумма её документов поступления 70,00 ₽ (разница 30,00 ₽).`,
      `Счёт ${account}: начальный остаток на 22.05.2024 по выписке 1 200,00 ₽, в учёте (на конец 21.05.2024) 1 250,00 ₽ (разница -50,00 ₽).`,
      `Счёт ${account}: конечный остаток на 22.05.2024 по выписке 1 310,00 ₽, в учёте 1 320,00 ₽ (разница -10,00 ₽).`,
    ]);
    // The counterparty found by ИНН got the account of the statement on the first import.
    expect((await api.get(`/api/trade/catalogs/counterparties/${epsId}`)).body).toMatchObject({ account: eps.account, bik: THEIR_BIK });
  });
});

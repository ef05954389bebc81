/**
 * An accountant loads the bank's statement in the browser: the file is dragged onto the page, the
 * result says what was created and what is to decide (two payments typed by hand fit one line), the
 * decision is sent back, a second load of the same file (chosen with the button) doubles nothing, and
 * payment orders are exported for chosen documents. Needs the UIs built (`npm test` builds first).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseBankExchange, writeBankExchange, type BankParty, type PaymentOrder } from '../../../backend/src/platform/ru/bank-exchange';
import { bankAccountIssue } from '../../../backend/src/platform/ru/identifiers';
import { client, login, nextInn, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { completeCompanyOrganization } from '../../../backend/test/trade/support';
import { closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@bank-ui.test', password: 'Admin-Passw0rd-1' };
const OUR_BIK = '044525225';
const THEIR_BIK = '044525555';
/** A 20-digit account whose key digit agrees with the БИК. */
function accountFor(bik: string, tail: string): string {
  for (let k = 0; k <= 9; k++) {
    const account = `40702810${k}${tail.padStart(11, '0')}`;
    if (!bankAccountIssue(bik, account)) return account;
  }
  throw new Error('no key digit');
}
const our = { name: 'ООО «Ромашка»', inn: '7707083893', account: accountFor(OUR_BIK, '555') };
const supplier = { name: 'ООО «Бета»', inn: nextInn(), account: accountFor(THEIR_BIK, '202') };
const customer = { name: 'ООО «Новый покупатель»', inn: nextInn(), account: accountFor(THEIR_BIK, '303') };
const party = (p: { name: string; inn: string; account: string }, bik: string): BankParty => ({ name: p.name, inn: p.inn, kpp: '', account: p.account, bankName: 'ПАО СБЕРБАНК', bankCity: 'г Москва', bik, corrAccount: '30101810400000000225' });

let stack: TestStack;
let web: Web;
let browser: Browser;
let api: ReturnType<typeof client>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({ label: 'ui_bank' });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'Ромашка', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade'] })).adminToken);
  const create = async (catalog: string, body: Record<string, unknown>) => {
    const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  // The organization onboarding made from the company's requisites, with the bank account of the statement.
  ids.org = await completeCompanyOrganization(api, { name: our.name, inn: our.inn, kpp: '770701001', bik: OUR_BIK, account: our.account });
  ids.beta = await create('counterparties', { name: supplier.name, inn: supplier.inn, is_supplier: true });
  ids.contract = await create('contracts', { name: 'Договор закупки', owner_id: ids.beta, organization: ids.org, kind: 'supplier' });
  // The same bank payment № 77 typed twice by hand (once by mistake), on the 11th and the 12th.
  for (const date of ['2024-03-11', '2024-03-12']) {
    const res = await api.post('/api/trade/documents/money_out?post=true', { date, organization: ids.org, counterparty: ids.beta, contract: ids.contract, amount: 2_500, incoming_number: '77' });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[date] = res.body.id;
  }
  ({ web, browser } = await openBrowser(stack.url));
});
afterAll(() => closeAll(browser, web, stack));

it('a statement is dragged in, an ambiguous line decided, nothing doubled on a second load, payment orders exported', async () => {
  const orders: PaymentOrder[] = [
    { kind: 'Платежное поручение', number: '77', date: '2024-03-12', debitedOn: '2024-03-12', amountKopecks: 2_500, payer: party(our, OUR_BIK), payee: party(supplier, THEIR_BIK), purpose: 'Оплата по счёту 77' },
    { kind: 'Платежное поручение', number: '15', date: '2024-03-13', creditedOn: '2024-03-13', amountKopecks: 120_000, payer: party(customer, THEIR_BIK), payee: party(our, OUR_BIK), purpose: 'Оплата по счёту 15' },
  ];
  // The bank's section of our account says the day ended at 1 000,00 where its own lines make 1 175,00.
  const statement = parseBankExchange(writeBankExchange(orders));
  statement.accountSections.push({ account: our.account, periodStart: '2024-03-12', periodEnd: '2024-03-13', openingBalanceKopecks: 0, totalCreditedKopecks: 120_000, totalDebitedKopecks: 2_500, closingBalanceKopecks: 100_000, fields: {} });
  const bytes = writeBankExchange(statement);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'wc-bank-')), 'kl_to_1c.txt');
  writeFileSync(file, bytes);

  const page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password);
  await page.getByRole('navigation', { name: 'Меню' }).getByRole('link', { name: 'Банковские выписки', exact: true }).click();
  await page.getByRole('heading', { name: 'Банковские выписки' }).waitFor();

  // Dragged onto the page as a person drags it from the file manager.
  const dataTransfer = await page.evaluateHandle((data) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(data)], 'kl_to_1c.txt', { type: 'text/plain' }));
    return dt;
  }, [...bytes]);
  await page.getByTestId('statement-drop').dispatchEvent('drop', { dataTransfer });

  const result = page.getByTestId('statement-result');
  await result.getByTestId('statement-created').getByText('Создано и проведено: 1').waitFor();
  await result.getByTestId('statement-linked').getByText('Связано с введёнными ранее: 0').waitFor();
  await result.getByText('Контрагентов создано: 1').waitFor();
  // The differences are shown; nothing was created for № 77: it waits for the accountant.
  await result.getByRole('alert').filter({ hasText: 'а конечный остаток указан 1 000,00' }).waitFor();
  await result.getByRole('alert').filter({ hasText: '1 строк(и) выписки ждут решения' }).waitFor();
  const decide = result.getByRole('region', { name: 'Решить' });
  const line = decide.getByRole('radiogroup', { name: /списание № 77 от 12\.03\.2024/ });
  await line.getByRole('radio', { name: /от 11\.03\.2024/ }).waitFor();
  await screenshot(page, 'trade-bank-statement-to-decide');
  expect((await api.get(`/api/trade/documents/money_out?limit=1`)).body.total).toBe(2);

  await line.getByRole('radio', { name: /от 12\.03\.2024/ }).check();
  await decide.getByRole('button', { name: 'Загрузить с решениями' }).click();
  await result.getByTestId('statement-linked').getByText('Связано с введёнными ранее: 1').waitFor();
  await result.getByTestId('statement-already').getByText('Уже загружено раньше: 1').waitFor();
  await expect.poll(async () => (await decide.count())).toBe(0);
  expect((await api.get(`/api/trade/documents/money_out/${ids['2024-03-12']}`)).body.import_key).toBe(`77|2024-03-12|2500|${our.account}`);
  expect((await api.get(`/api/trade/documents/money_out/${ids['2024-03-11']}`)).body.import_key ?? null).toBeNull();
  expect((await api.get(`/api/trade/documents/money_out?limit=1`)).body.total).toBe(2);

  // The same file chosen with the button: everything is already there.
  await page.getByLabel('Файл выписки').setInputFiles(file);
  await result.getByTestId('statement-already').getByText('Уже загружено раньше: 2').waitFor();
  await result.getByTestId('statement-created').getByText('Создано и проведено: 0').waitFor();

  // Payment orders: the one the bank confirmed cannot be chosen; the other typed payment is chosen and exported.
  const exportSection = page.getByRole('region', { name: 'Выгрузка платёжных поручений' });
  await exportSection.getByLabel('С', { exact: true }).fill('2024-03-01');
  await exportSection.getByLabel('По', { exact: true }).fill('2024-03-31');
  await exportSection.getByRole('button', { name: 'Показать списания' }).click();
  const confirmedNumber = (await api.get(`/api/trade/documents/money_out/${ids['2024-03-12']}`)).body.number;
  const openNumber = (await api.get(`/api/trade/documents/money_out/${ids['2024-03-11']}`)).body.number;
  await expect.poll(() => exportSection.getByRole('checkbox', { name: `Выгрузить ${confirmedNumber}` }).isDisabled()).toBe(true);
  await expect.poll(() => exportSection.getByRole('checkbox', { name: `Выгрузить ${openNumber}` }).isChecked()).toBe(true);
  const [download] = await Promise.all([page.waitForEvent('download'), exportSection.getByRole('button', { name: 'Выгрузить выбранные (1)' }).click()]);
  expect(download.suggestedFilename()).toBe('kl_to_1c.txt');
  const saved = path.join(path.dirname(file), 'orders.txt');
  await download.saveAs(saved);
  const text = new TextDecoder('windows-1251').decode(readFileSync(saved));
  expect(text).toContain('СекцияДокумент=Платежное поручение');
  expect(text).toContain(`ПолучательИНН=${supplier.inn}`);
  await exportSection.getByText('Выгружено поручений: 1').waitFor();
  await exportSection.getByRole('cell', { name: /^Выгружено \d\d\.\d\d\.\d{4}$/ }).waitFor();
  expect(page.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

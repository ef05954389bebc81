/**
 * ЭДО's own UI in the browser, between two WorkCloud companies with trade and ЭДО (each signs with a certificate of
 * its ИНН from a local test CA whose root both trust): the seller sends the УПД of a posted sale from «Отправить
 * документ»; the buyer's home card counts it, «Входящие» shows it as new, its card shows the seller's signature stamp,
 * the buyer signs and the draft Поступление opens; the seller's «Исходящие» shows «Подписан» and the card both
 * signatures. A refusal's reason reaches the seller's card. «Отправить по ЭДО» on the posted sale's form (trade's generic
 * form, the button ЭДО declares) sends and opens the card; the buyer signs several from «Входящие» at once and sees a
 * result per document. The admin adds an МЧД and sets up the operator, checking the connection against the Диадок fake.
 * Without the trusted root the seller's signature is flagged and «Подписать» is not offered. The pages pass axe (WCAG 2
 * A/AA) at 1280 px dark and 375 px light.
 * Needs the UIs built (shell, trade, edo).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalCa } from '../../../backend/src/modules/edo/signing/local-ca';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { completeCompanyOrganization } from '../../../backend/test/trade/support';
import { startFakeDiadoc } from '../../../backend/test/edo/fake-diadoc';
import { checkScreens, closeAll, newPage, openBrowser, signIn, signOut, typeDate, type Browser, type Web } from '../../../shell/test/support/web';

type Api = ReturnType<typeof client>;
type Page = Awaited<ReturnType<typeof newPage>>;
interface Company {
  name: string;
  email: string;
  inn: string;
  kpp: string;
  head: string;
  api: Api;
  org: string;
}
const PASSWORD = 'Admin-Passw0rd-1';
const ca = createLocalCa('Тестовый УЦ ЭДО');
let stack: TestStack;
let web: Web;
let browser: Browser;
const seller = { name: 'ООО «Техноторг»', email: 'admin@technotorg-ui.ru', kpp: '770101001', head: 'Иванов Иван Иванович' } as Company;
const buyer = { name: 'ООО «Северный склад»', email: 'admin@sever-ui.ru', kpp: '780201001', head: 'Петрова Анна Сергеевна' } as Company;
const ids: Record<string, string> = {};
/** Today in Moscow, the companies' time zone. */
const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

async function onboard(c: Company) {
  const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
  c.inn = nextInn();
  const res = await owner.post('/api/owner/tenants', { name: c.name, inn: c.inn, kpp: c.kpp, adminEmail: c.email, adminPassword: PASSWORD, modules: ['trade', 'edo'] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  c.api = client(stack.url, await login(stack.url, c.email, PASSWORD));
  // The company signs with a certificate of its own ИНН and trusts the test CA.
  const key = ca.issue({ commonName: c.head, organization: c.name, inn: c.inn, ogrn: '1027700132195' });
  expect((await c.api.post('/api/edo/signing/keys', { certificate: key.certificate.toString('base64'), private_key: key.privateKey.toString('base64') })).status).toBe(201);
  expect((await c.api.post('/api/edo/trusted-roots', { certificate: ca.root.toString('base64') })).status).toBe(201);
  // Its organization (onboarding made it from the requisites), with the head who signs.
  c.org = await completeCompanyOrganization(c.api, { address: 'г. Москва, ул. Тверская, д. 1', head: c.head, allow_negative_stock: true });
}

async function make(api: Api, catalog: string, body: Record<string, unknown>) {
  const res = await api.post(`/api/trade/catalogs/${catalog}`, body);
  expect(res.status, `${catalog}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body.id as string;
}

/** A posted sale of the seller to the buyer: 2 laptops at 61 000,00 with VAT. */
async function postedSale() {
  const res = await seller.api.post('/api/trade/documents/sale?post=true', {
    organization: seller.org, counterparty: ids.buyerAtSeller, contract: ids.contract, warehouse: ids.warehouse, date: today, price_includes_vat: true,
    goods: [{ product: ids.laptop, quantity: '2', price: 6_100_000 }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; number: string };
}

beforeAll(async () => {
  stack = await startStack({ label: 'ui_edo' });
  await onboard(seller);
  await onboard(buyer);
  const s = seller.api;
  ids.warehouse = await make(s, 'warehouses', { name: 'Основной склад' });
  ids.buyerAtSeller = await make(s, 'counterparties', { name: 'Северный склад', full_name: buyer.name, inn: buyer.inn, kpp: buyer.kpp, legal_address: 'г. Санкт-Петербург, Лесной пр-т, д. 19', is_customer: true });
  ids.contract = await make(s, 'contracts', { name: 'Договор поставки', owner_id: ids.buyerAtSeller, contract_number: '15/26', contract_date: '2025-12-01' });
  ids.laptop = await make(s, 'products', { name: 'Ноутбук Lenovo ThinkPad E14', article: 'LT-E14', unit_code: '796', unit_name: 'шт' });
  await make(buyer.api, 'warehouses', { name: 'Склад Лесной' });
  await make(buyer.api, 'products', { name: 'Ноутбук E14', article: 'LT-E14', unit_code: '796', unit_name: 'шт' });
  ({ web, browser } = await openBrowser(stack.url));
}, 180_000);
afterAll(() => closeAll(browser, web, stack));

/** The tests share one browser profile: whoever is signed in signs out first. */
async function signInAs(page: Page, who: Company) {
  await page.goto(web.url + '/');
  const signedIn = page.getByTestId('user-menu');
  await page.getByLabel('E-mail').or(signedIn).first().waitFor();
  if (await signedIn.isVisible()) await signOut(page);
  await signIn(page, web.url, who.email, PASSWORD);
  await menu(page).getByRole('link', { name: 'Входящие', exact: true }).waitFor();
  page.errors.length = 0;
}
const menu = (page: Page) => page.getByRole('navigation', { name: 'Меню' });
const stampOf = (page: Page, who: Company) => page.getByRole('region', { name: `Подпись: ${who.name}` });
const status = (page: Page) => page.getByTestId('edo-status');

it('the seller sends a УПД from the UI; the buyer sees it new, checks the stamp and signs; the seller sees «Подписан» with both signatures', async () => {
  const sale = await postedSale();
  const page = await newPage(browser);

  // The seller: «Отправить документ» → the posted sale → «Подписать и отправить» → its card in «Исходящие».
  await signInAs(page, seller);
  await menu(page).getByRole('link', { name: 'Отправить документ' }).click();
  await checkScreens(page, 'edo-send', () => page.getByRole('combobox', { name: 'Проведённая реализация' }).waitFor());
  await page.getByRole('combobox', { name: 'Проведённая реализация' }).fill(sale.number);
  await page.getByRole('option', { name: new RegExp(`^Реализация № ${sale.number} от `) }).click();
  await page.getByRole('button', { name: 'Подписать и отправить' }).click();
  await expect.poll(() => status(page).textContent()).toBe('Ожидает подписи контрагента');
  await stampOf(page, seller).getByText('Подпись действительна').waitFor();
  await page.getByRole('list', { name: 'Документооборот' }).getByText(`Доставлен абоненту WorkCloud «${buyer.name}»`).waitFor();

  // The buyer: the home card counts one to sign; «Входящие» shows it new.
  await signInAs(page, buyer);
  await expect.poll(() => page.getByTestId('edo-inbox-to-sign').textContent()).toBe('1');
  await page.getByRole('link', { name: 'Открыть входящие' }).click();
  const inbox = page.getByRole('grid', { name: 'Входящие' });
  const row = inbox.getByRole('row').filter({ hasText: sale.number });
  await row.getByRole('link', { name: `${seller.name}, Новое` }).waitFor();
  await expect(row.getByRole('gridcell', { name: 'Ожидает подписи' }).count()).resolves.toBe(1);
  await checkScreens(page, 'edo-inbox', () => page.getByRole('link', { name: `${seller.name}, Новое` }).or(page.getByText(seller.name)).first().waitFor());

  // Its card: the УПД's data, the seller's stamp (organization, ИНН, signer, certificate, check), «Подписать».
  await page.getByRole('link', { name: new RegExp(`^${seller.name}`) }).first().click();
  await expect.poll(() => status(page).textContent()).toBe('Ожидает подписи');
  const stamp = stampOf(page, seller);
  for (const text of [seller.inn, seller.head, 'Подпись действительна']) await stamp.getByText(text, { exact: true }).waitFor();
  await page.getByRole('table', { name: 'Товары и услуги' }).getByText('Ноутбук Lenovo ThinkPad E14').waitFor();
  await expect(page.getByTestId('edo-total').textContent()).resolves.toBe('122\u00a0000,00\u00a0₽');
  await checkScreens(page, 'edo-card', () => stampOf(page, seller).waitFor());
  await page.getByRole('button', { name: 'Подписать', exact: true }).click();
  await page.getByText('Готово: Подписан').waitFor();
  await expect.poll(() => status(page).textContent()).toBe('Подписан');
  await stampOf(page, buyer).getByText('Подпись действительна').waitFor();
  // Accepted: the draft Поступление made from it opens in trade.
  await page.getByRole('link', { name: 'Открыть поступление' }).click();
  await page.waitForURL(/\/m\/trade\/documents\/receipt\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: /Поступление/ }).waitFor();

  // Read and signed: the home card counts none, the row is no longer new.
  await page.goto(web.url + '/');
  await expect.poll(() => page.getByTestId('edo-inbox-to-sign').textContent()).toBe('0');
  await page.goto(web.url + '/m/edo/inbox');
  await page.getByRole('grid', { name: 'Входящие' }).getByRole('link', { name: seller.name, exact: true }).waitFor();

  // The seller: «Исходящие» shows it signed (and new: the buyer answered); the card has both signatures.
  await signInAs(page, seller);
  await menu(page).getByRole('link', { name: 'Исходящие', exact: true }).click();
  const outRow = page.getByRole('grid', { name: 'Исходящие' }).getByRole('row').filter({ hasText: sale.number });
  await outRow.getByRole('gridcell', { name: 'Подписан' }).waitFor();
  await outRow.getByRole('link', { name: `${buyer.name}, Новое` }).click();
  await expect.poll(() => status(page).textContent()).toBe('Подписан');
  await stampOf(page, seller).getByText('Подпись действительна').waitFor();
  await stampOf(page, buyer).getByText('Подпись действительна').waitFor();
  await page.getByRole('list', { name: 'Документооборот' }).getByText('Подписан контрагентом').waitFor();
  expect(page.errors).toEqual([]);
}, 240_000);

it('a refusal with its reason reaches the seller; a step the document no longer allows is refused next to the buttons', async () => {
  const sale = await postedSale();
  expect((await seller.api.post('/api/edo/outgoing', { sale: sale.id })).status).toBe(201);
  const page = await newPage(browser);
  await signInAs(page, buyer);
  await page.goto(web.url + '/m/edo/inbox');
  await page.getByRole('grid', { name: 'Входящие' }).getByRole('row').filter({ hasText: sale.number }).getByRole('link').click();
  await page.getByRole('button', { name: 'Подписать', exact: true }).waitFor();

  // In a second tab the buyer refuses, with the reason the dialog asks for.
  const second = await newPage(browser);
  await second.goto(page.url());
  await second.getByRole('button', { name: 'Отказать в подписи' }).click();
  const dialog = second.getByRole('dialog', { name: 'Отказать в подписи' });
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await dialog.getByText('Укажите причину: контрагент увидит её в документе.').waitFor();
  await dialog.getByRole('textbox', { name: 'Что нужно исправить' }).fill('Цена ноутбука не по договору 15/26');
  await dialog.getByRole('button', { name: 'Отправить' }).click();
  await expect.poll(() => status(second).textContent()).toBe('Отказано');
  await expect(second.getByRole('button', { name: 'Подписать', exact: true }).count()).resolves.toBe(0);
  await second.close();

  // The first tab still offers «Подписать»: the server refuses, and says why next to the buttons.
  await page.getByRole('button', { name: 'Подписать', exact: true }).click();
  await page.getByRole('region', { name: 'Статус' }).getByRole('alert').filter({ hasText: 'Документ в статусе «Отказано в подписи»' }).waitFor();

  await signInAs(page, seller);
  await page.goto(web.url + '/m/edo/outbox');
  const outRow = page.getByRole('grid', { name: 'Исходящие' }).getByRole('row').filter({ hasText: sale.number });
  await outRow.getByRole('gridcell', { name: 'Требуется уточнение' }).waitFor();
  await outRow.getByRole('link').click();
  await expect.poll(() => status(page).textContent()).toBe('Требуется уточнение');
  await page.getByRole('list', { name: 'Документооборот' }).getByText('Контрагент отказал в подписи: требуется уточнение: Цена ноутбука не по договору 15/26').waitFor();
  expect(page.errors.filter((e) => !e.includes('409'))).toEqual([]);
}, 180_000);

it('«Отправить по ЭДО» on the posted sale’s form opens the sent УПД; the buyer signs several from «Входящие» at once, with a result per document', async () => {
  const sale = await postedSale();
  const page = await newPage(browser);
  await signInAs(page, seller);
  // The button ЭДО adds to trade's form (documentActions), on a posted Реализация.
  await page.goto(`${web.url}/m/trade/documents/sale/${sale.id}`);
  await page.getByRole('button', { name: 'Отправить по ЭДО' }).click();
  await page.waitForURL(/\/m\/edo\/outbox\/[0-9a-f-]{36}$/);
  await expect.poll(() => status(page).textContent()).toBe('Ожидает подписи контрагента');
  await stampOf(page, seller).getByText('Подпись действительна').waitFor();
  await page.getByRole('button', { name: 'Печать' }).waitFor();

  // Two more: one the buyer refuses first, so the flow no longer lets it be signed.
  const second = await postedSale();
  const refused = await postedSale();
  for (const s of [second, refused]) expect((await seller.api.post('/api/edo/outgoing', { sale: s.id })).status).toBe(201);
  const refusedId = (await buyer.api.get(`/api/edo/catalogs/inbox?search=${encodeURIComponent(refused.number)}`)).body.items[0].id;
  expect((await buyer.api.post(`/api/edo/inbox/${refusedId}/reject`, { reason: 'Не тот склад' })).status).toBe(200);

  await signInAs(page, buyer);
  await page.goto(web.url + '/m/edo/inbox');
  const grid = page.getByRole('grid', { name: 'Входящие' });
  for (const s of [sale, second, refused]) await grid.getByRole('checkbox', { name: new RegExp(`^Выбрать: УПД № ${s.number} от `) }).check();
  await page.getByText('Выбрано: 3').waitFor();
  await page.getByRole('button', { name: 'Подписать и отправить' }).click();
  await page.getByText('Подписано: 2, не подписано: 1').waitFor();
  const results = page.getByRole('list', { name: 'Результат по документам' });
  for (const s of [sale, second]) await results.getByRole('listitem').filter({ hasText: `УПД № ${s.number} ` }).getByText('Документооборот завершён').waitFor();
  await results.getByRole('listitem').filter({ hasText: `УПД № ${refused.number} ` }).getByText('Документ в статусе «Отказано в подписи»: действие «Подписан титул покупателя» сейчас недоступно.').waitFor();
  // The list shows the two signed.
  await grid.getByRole('row').filter({ hasText: second.number }).getByRole('gridcell', { name: 'Подписан' }).waitFor();
  expect(page.errors).toEqual([]);
}, 240_000);

it('the admin adds an МЧД on «Сертификаты ЭДО» and sets up the operator, checking the connection against the Диадок fake', async () => {
  const fake = await startFakeDiadoc([{ inn: seller.inn, kpp: seller.kpp, name: seller.name, boxId: 'box-technotorg', token: 'token-technotorg' }]);
  try {
    const page = await newPage(browser);
    await signInAs(page, seller);
    await menu(page).getByRole('link', { name: 'Сертификаты ЭДО' }).click();
    const form = page.getByRole('form', { name: 'Добавить доверенность' });
    await form.getByRole('textbox', { name: 'Номер доверенности' }).fill('2026/15');
    await form.getByRole('textbox', { name: 'ИНН организации-доверителя' }).fill(seller.inn);
    await form.getByRole('textbox', { name: 'Представитель (ФИО)' }).fill('Сидоров Семён Петрович');
    await form.getByRole('textbox', { name: 'ИНН представителя' }).fill('500100732258');
    await typeDate(page, 'Действует с', '01.01.2026');
    await typeDate(page, 'Действует по', '31.12.2027');
    // A mistyped ИНН is refused by the server, and said so under the form.
    await form.getByRole('button', { name: 'Добавить доверенность' }).click();
    await page.getByText('Неверная контрольная сумма ИНН', { exact: false }).waitFor();
    await form.getByRole('textbox', { name: 'ИНН представителя' }).fill('500100732259');
    await form.getByRole('button', { name: 'Добавить доверенность' }).click();
    const row = page.getByRole('table', { name: 'Машиночитаемые доверенности (МЧД)' }).getByRole('row').filter({ hasText: '2026/15' });
    for (const text of ['Сидоров Семён Петрович', '500100732259', '31.12.2027']) await row.getByText(text).waitFor();
    const stored = (await seller.api.get('/api/edo/catalogs/powers_of_attorney')).body.items;
    expect(stored).toMatchObject([{ number: '2026/15', principal_inn: seller.inn, representative_inn: '500100732259', valid_from: '2026-01-01', valid_to: '2027-12-31' }]);

    // «Оператор ЭДО»: not set up; the admin enters the box and checks the connection.
    await menu(page).getByRole('link', { name: 'Оператор ЭДО' }).click();
    await page.getByText('Оператор ещё не настроен.').waitFor();
    await page.getByRole('textbox', { name: 'Адрес API оператора' }).fill(fake.url);
    await page.getByRole('textbox', { name: 'Ящик организации (BoxId)' }).fill('box-technotorg');
    await page.getByLabel('Токен доступа').fill('wrong-token');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Настройки сохранены.').waitFor();
    await page.getByRole('button', { name: 'Проверить подключение' }).click();
    await page.getByText('Оператор ЭДО отказал в доступе (401)', { exact: false }).waitFor();
    await page.getByLabel('Токен доступа').fill('token-technotorg');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Настройки сохранены.').waitFor();
    await page.getByRole('button', { name: 'Проверить подключение' }).click();
    await page.getByText(`Подключено: ящик «${seller.name}», ИНН ${seller.inn}.`).waitFor();
    await page.getByRole('button', { name: 'Получить новые документы' }).click();
    await page.getByText('Прочитано событий: 0, новых входящих: 0, ответов на исходящие: 0.').waitFor();
    await checkScreens(page, 'edo-operator', () => page.getByRole('button', { name: 'Проверить подключение' }).waitFor());
    expect(page.errors.filter((e) => !e.includes('400'))).toEqual([]);
  } finally {
    await fake.close();
  }
}, 240_000);

it('without the trusted root the seller’s signature is flagged and cannot be signed; the certificates page manages the roots', async () => {
  const sale = await postedSale();
  expect((await seller.api.post('/api/edo/outgoing', { sale: sale.id })).status).toBe(201);
  const page = await newPage(browser);
  await signInAs(page, buyer);
  // The buyer's admin removes the test CA from the trusted roots on «Сертификаты ЭДО».
  await menu(page).getByRole('link', { name: 'Сертификаты ЭДО' }).click();
  await page.getByRole('table', { name: 'Сертификат подписи организации' }).getByText(buyer.inn).waitFor();
  await checkScreens(page, 'edo-settings', () => page.getByRole('table', { name: 'Доверенные корневые сертификаты' }).waitFor());
  await page.getByRole('button', { name: 'Убрать Тестовый УЦ ЭДО' }).click();
  await page.getByRole('region', { name: 'Доверенные корневые сертификаты' }).getByText('Сертификатов пока нет.').waitFor();

  await page.goto(web.url + '/m/edo/inbox');
  await page.getByRole('grid', { name: 'Входящие' }).getByRole('row').filter({ hasText: sale.number }).getByRole('link').click();
  const stamp = stampOf(page, seller);
  await stamp.getByRole('alert').filter({ hasText: 'Сертификат не доверенный' }).waitFor();
  await expect(stamp.getAttribute('data-verification')).resolves.toBe('untrusted');
  await page.getByRole('button', { name: 'Отказать в подписи' }).waitFor();
  await expect(page.getByRole('button', { name: 'Подписать', exact: true }).count()).resolves.toBe(0);

  // The module's other catalogs keep the engine's generic pages inside this UI: the supplier product mappings.
  await menu(page).getByRole('link', { name: 'Сопоставление номенклатуры поставщиков' }).click();
  await page.getByRole('heading', { level: 1, name: 'Сопоставление номенклатуры поставщиков' }).waitFor();
  expect(page.errors).toEqual([]);
}, 180_000);

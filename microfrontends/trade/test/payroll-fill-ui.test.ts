/**
 * A document form's declared action in the engine's generic pages (the `trade` remote draws them for
 * `ui: { remote: 'engine' }` modules): «Заполнить» of «Кадры и зарплата»'s «Начисление зарплаты». An
 * accountant opens a new payroll, picks the organization and the month, presses «Заполнить» and sees the
 * lines of the people of fillMonthStaff with their hand-computed amounts, saves and posts; the posted
 * document keeps them. A viewer, who may not change payrolls, gets no button. Needs the UIs built (shell, trade).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fillMonthStaff, startStaffCompany, type Api } from '../../../backend/test/staff/support';
import type { TestStack } from '../../../backend/test/support/stack';
import { checkScreens, closeAll, newPage, openBrowser, signIn, signOut, typeDate, type Browser, type Web } from '../../../shell/test/support/web';

const ACCOUNTANT = { email: 'buh@kadry-ui.test', password: 'Zarplata-Passw0rd-3' };
const VIEWER = { email: 'view@kadry-ui.test', password: 'Smotret-Passw0rd-5' };
let stack: TestStack;
let api: Api;
let web: Web;
let browser: Browser;

beforeAll(async () => {
  const company = await startStaffCompany('ui_payroll_fill', 'admin@kadry-ui.test');
  ({ stack, api } = company);
  await fillMonthStaff(api, company.organization);
  const roles = (await api.get('/api/admin/roles')).body as { id: string; code: string }[];
  for (const [user, role] of [[ACCOUNTANT, 'accountant'], [VIEWER, 'viewer']] as const)
    expect((await api.post('/api/admin/users', { email: user.email, fullName: role, password: user.password, roleIds: [roles.find((r) => r.code === role)!.id] })).status).toBe(201);
  ({ web, browser } = await openBrowser(stack.url));
}, 240_000);
afterAll(() => closeAll(browser, web, stack));

/** The text of a computed cell of line n, spaces as typed (amounts are grouped with no-break spaces). */
const cell = async (page: Page, n: number, field: string) => ((await page.getByRole('group', { name: `Сотрудники: № ${n}` }).getByTestId(`line-${field}`).textContent()) ?? '').replace(/\s/g, ' ');
/** Names and amounts arrive from the server after the form is drawn (slowly on a busy machine). */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
const line = (page: Page, n: number) => page.getByRole('group', { name: `Сотрудники: № ${n}` });

/**
 * March 2026, 21 work days. Белова (hired 16 March, табель 12 days, оклад 60 000): 60 000 × 12 / 21 = 34 285,71 ₽,
 * НДФЛ 13 % = 4 457 ₽ (whole roubles), to pay 29 828,71. Орлов (оклад 100 000, the whole norm): НДФЛ 13 000, to pay 87 000.
 * Total accrued 134 285,71, НДФЛ 17 457,00.
 */
async function seesMarchAmounts(page: Page) {
  const person = (n: number) => line(page, n).getByRole('combobox', { name: 'Сотрудник' }).inputValue();
  await eventually(() => person(1)).toBe('Белова Мария Андреевна');
  await eventually(() => person(2)).toBe('Орлов Игорь Сергеевич');
  // Polled whole: the form shows the answer at once, then the server's live computation of the same lines.
  const cells = async (n: number) => [await cell(page, n, 'salary'), await cell(page, n, 'days'), await cell(page, n, 'ndfl'), await cell(page, n, 'net')];
  await eventually(() => cells(1)).toEqual(['34 285,71 ₽', '12', '4 457,00 ₽', '29 828,71 ₽']);
  await eventually(() => cells(2)).toEqual(['100 000,00 ₽', '21', '13 000,00 ₽', '87 000,00 ₽']);
  await eventually(async () => (await page.getByTestId('document-total').textContent())?.replace(/\s/g, ' ')).toBe('Итого: 134 285,71 ₽');
  await eventually(async () => (await page.getByTestId('document-ndfl').textContent())?.replace(/\s/g, ' ')).toBe('НДФЛ: 17 457,00 ₽');
  await eventually(() => page.getByRole('group', { name: /^Сотрудники: № / }).count()).toBe(2);
}

it('an accountant fills a new payroll with «Заполнить», saves and posts it; the posted document keeps the amounts', async () => {
  const page = await newPage(browser);
  await signIn(page, web.url, ACCOUNTANT.email, ACCOUNTANT.password, '/m/staff/documents/payrolls');
  await page.getByRole('heading', { name: 'Начисление зарплаты' }).waitFor();
  await page.getByRole('link', { name: 'Создать' }).click();
  await page.getByRole('button', { name: 'Записать' }).waitFor();

  // Until the organization and the month are chosen the button is disabled, and says why.
  const fill = page.getByRole('button', { name: 'Заполнить' });
  expect(await fill.isDisabled()).toBe(true);
  // A tooltip opens on the pointer entering: on a busy machine the first entry can come before the form listens,
  // so the pointer leaves and enters again until it shows.
  const why = page.getByRole('tooltip').filter({ hasText: 'Сначала заполните: Организация, Месяц' });
  await expect
    .poll(async () => {
      await page.mouse.move(0, 0);
      await fill.locator('..').hover();
      return why.waitFor({ timeout: 2_000 }).then(() => true, () => false);
    }, { timeout: 30_000 })
    .toBe(true);

  await typeDate(page, 'Дата', '31.03.2026');
  await page.getByRole('combobox', { name: 'Организация' }).fill('Кадры');
  await page.getByRole('option', { name: 'ООО «Кадры»' }).click();
  await typeDate(page, 'Месяц', '01.03.2026');
  await fill.click();
  await page.getByText('Таблица «Сотрудники» заполнена. Проверьте строки и запишите документ.').waitFor();
  await seesMarchAmounts(page);

  // A second press asks before replacing the lines; «Отмена» keeps them, «Заменить» fills again.
  await fill.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Строки таблицы «Сотрудники» будут заменены. Продолжить?').waitFor();
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await dialog.waitFor({ state: 'detached' });
  await fill.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Заменить' }).click();
  await seesMarchAmounts(page);

  await page.getByRole('button', { name: 'Провести', exact: true }).click();
  await page.getByText('Документ проведён').waitFor();
  await page.getByRole('heading', { name: /^Начисление зарплаты НЗ-.+ от 31\.03\.2026$/ }).waitFor();
  const posted = page.url();
  // From the server: saved and posted with these amounts.
  const id = posted.split('/').pop()!;
  const doc = (await api.get(`/api/staff/documents/payrolls/${id}`)).body;
  expect([doc.status, doc.total, doc.ndfl, doc.lines.map((l: { net: number }) => l.net)]).toEqual(['posted', 13_428_571, 1_745_700, [2_982_871, 8_700_000]]);

  await checkScreens(page, 'payroll-filled', () => seesMarchAmounts(page));
  await signOut(page);

  // A viewer reads the posted payroll and its amounts, with no «Заполнить»: only who may change it gets the button.
  await signIn(page, web.url, VIEWER.email, VIEWER.password, new URL(posted).pathname);
  await seesMarchAmounts(page);
  expect(await page.getByRole('button', { name: 'Заполнить' }).count()).toBe(0);
  expect(page.errors.filter((e) => /TypeError|Invalid hook/i.test(e))).toEqual([]);
  await page.close();
}, 240_000);

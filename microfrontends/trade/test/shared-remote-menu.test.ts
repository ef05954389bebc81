/**
 * One remote, two modules: the generic engine remote (`trade`) serves «Торговля и склад» and the sample
 * module `demo` for the same company. The shell loads the remote once per module and keeps for each only
 * the menu items and home cards naming it, so nothing appears twice (before, each module got the whole
 * list: every item and card twice). When the backend's meta declares menu groups, trade's side menu shows
 * them as collapsible headings (buttons with aria-expanded) and its home page has one section per group.
 * Needs the UIs built (`npm test` builds first).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoModule } from '../../../backend/test/engine/demo-module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { accessibilityProblems, closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@two-modules.test', password: 'Admin-Passw0rd-1' };
let stack: TestStack;
let web: Web;
let browser: Browser;
let api: ReturnType<typeof client>;
let page: Page & { errors: string[] };

beforeAll(async () => {
  stack = await startStack({ label: 'ui_two_modules', modules: [demoModule] });
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  const registered = await client(stack.url, ownerToken).post('/api/owner/modules/demo/ui-versions', { version: '1.0.0', remoteEntry: '/mf/trade/remoteEntry.js', remoteName: 'trade', makeCurrent: true });
  expect(registered.status).toBe(201);
  api = client(stack.url, (await onboardTenant(stack, ownerToken, { name: 'ООО «Два модуля»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade', 'demo'] })).adminToken);
  ({ web, browser } = await openBrowser(stack.url));
  page = await newPage(browser);
  await signIn(page, web.url, ADMIN.email, ADMIN.password);
});
afterAll(() => closeAll(browser, web, stack));

const menu = (page: Page) => page.getByRole('navigation', { name: 'Меню' });
/** Every link of the side menu (folded sections too), as hrefs. */
const menuHrefs = (page: Page) => menu(page).locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
/** How many pages the engine meta lists for a module (what its menu must show, once). */
const entriesOf = async (code: string) => {
  const meta = (await api.get(`/api/${code}/meta`)).body;
  return meta.documents.length + meta.catalogs.length + meta.reports.length;
};

it('each module shows its own menu items and home cards, once', async () => {
  await menu(page).locator('a[href="/m/demo/documents/sales"]').waitFor();
  await menu(page).locator('a[href="/m/trade/documents/sale"]').waitFor();

  const hrefs = await menuHrefs(page);
  expect(hrefs.filter((h, i) => hrefs.indexOf(h) !== i)).toEqual([]); // no item twice
  expect(hrefs.filter((h) => h.startsWith('/m/demo/'))).toHaveLength(await entriesOf('demo'));
  // Trade's pages and its own «Банковские выписки».
  expect(hrefs.filter((h) => h.startsWith('/m/trade/'))).toHaveLength((await entriesOf('trade')) + 1);

  // Home: one «Документы за сегодня» per module, trade's own cards once.
  await page.getByTestId('today-demo').waitFor();
  await page.getByTestId('today-trade').waitFor();
  expect(await page.getByTestId('today-demo').count()).toBe(1);
  expect(await page.getByTestId('today-trade').count()).toBe(1);
  expect(await page.getByRole('heading', { name: 'Документы за сегодня' }).count()).toBe(2);
  expect(await page.getByRole('heading', { name: 'Ниже минимума', exact: true }).count()).toBe(1);
  // The module cards list each module's own pages.
  const demoCard = page.locator('.MuiCard-root').filter({ has: page.getByRole('heading', { name: 'Демо-склад' }) });
  expect(await demoCard.textContent()).not.toContain('Реализация товаров и услуг');

  expect(await accessibilityProblems(page)).toEqual([]);
  await screenshot(page, 'shell-two-modules-one-remote');
  expect(page.errors.filter((e) => /Invalid hook|two copies|Multiple instances|TypeError|ReferenceError/i.test(e))).toEqual([]);
});

it("trade's menu groups: collapsible headings in the declared order, one home section per group", async (ctx) => {
  const meta = (await api.get('/api/trade/meta')).body as { groups?: { code: string; title: string }[]; documents: { title: string; group?: string }[] };
  if (!meta.groups?.length) ctx.skip(); // the backend's meta does not declare the groups yet
  const groups = meta.groups!;
  await page.goto(web.url);
  const nav = menu(page);
  const headings = nav.getByRole('button', { expanded: true });
  await nav.getByRole('button', { name: groups[0].title, exact: true }).waitFor();
  expect(await headings.allTextContents()).toEqual(groups.map((g) => g.title));

  // Folding a group hides its pages and says so; unfolding shows them again.
  const sales = nav.getByRole('button', { name: groups[0].title, exact: true });
  const first = meta.documents.find((d) => d.group === groups[0].code)!;
  await nav.getByRole('link', { name: first.title, exact: true }).waitFor();
  await sales.click();
  expect(await sales.getAttribute('aria-expanded')).toBe('false');
  await nav.getByRole('link', { name: first.title, exact: true }).waitFor({ state: 'hidden' });
  expect(await accessibilityProblems(page)).toEqual([]);
  await sales.click();
  expect(await sales.getAttribute('aria-expanded')).toBe('true');
  await nav.getByRole('link', { name: first.title, exact: true }).click();

  // The module's home page: a section per group, in order.
  await page.goto(`${web.url}/m/trade`);
  await page.getByRole('heading', { name: 'Разделы модуля' }).waitFor();
  const sections = page.getByRole('main').getByRole('region');
  await expect.poll(() => sections.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(expect.arrayContaining(groups.map((g) => g.title)));
  await screenshot(page, 'shell-trade-menu-groups');
});

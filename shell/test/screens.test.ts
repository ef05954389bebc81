/**
 * (d) Screenshots of the main screens at 1280 px and 375 px, light and dark, into
 * test-artifacts/screens/ (git-ignored) — for people to look at. Asserts each screen rendered.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { accessibilityProblems, closeAll, newPage, openBrowser, screenshot, signIn, type Browser, type Web } from './support/web';

const SIZES = [
  { name: 'desktop', width: 1280, height: 860 },
  { name: 'mobile', width: 375, height: 780 },
];
const MODES = ['light', 'dark'] as const;

describe('screenshots of the main screens', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  const adminEmail = `admin${Date.now()}@vostok.test`;
  let adminPassword = '';

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_screens' });
    ({ web, browser } = await openBrowser(stack.url));
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const t = await onboardTenant(stack, ownerToken, { name: 'ООО «Восток-Трейд»', adminEmail, modules: ['crm', 'trade', 'edo'] });
    await onboardTenant(stack, ownerToken, { name: 'АО «Северный склад»', adminEmail: `a${Date.now()}@sever.test`, modules: ['notes'] });
    await onboardTenant(stack, ownerToken, { name: 'ИП Смирнова Е. В.', adminEmail: `b${Date.now()}@smirnova.test` });
    adminPassword = t.adminPassword;
    const admin = client(stack.url, t.adminToken);
    const roles = (await admin.get('/api/admin/roles')).body as { id: string; code: string }[];
    const people = [
      ['Кузнецова Мария Игоревна', 'accountant'],
      ['Соколов Дмитрий Андреевич', 'storekeeper'],
      ['Попова Елена Викторовна', 'sales_manager'],
      ['Лебедев Артём Олегович', 'viewer'],
    ];
    for (const [i, [fullName, role]] of people.entries())
      await admin.post('/api/admin/users', { email: `user${i}${Date.now()}@vostok.test`, fullName, password: 'User-Passw0rd-1', roleIds: [roles.find((r) => r.code === role)!.id] });
  });
  afterAll(() => closeAll(browser, web, stack));

  async function shoot(page: Page, name: string, ready: (phone: boolean) => Promise<unknown>) {
    for (const size of SIZES)
      for (const mode of MODES) {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.evaluate((m) => localStorage.setItem('wc.themeMode', m), mode);
        await page.reload();
        await ready(size.width < 600).catch(async (e) => {
          await screenshot(page, `FAILED-${name}-${size.name}-${mode}`);
          throw e;
        });
        await page.waitForTimeout(300); // let the grid finish measuring columns
        await screenshot(page, `${name}-${size.name}-${mode}`);
        // Usable at 375 px: nothing makes the whole page scroll sideways (wide tables become cards).
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${size.width} px`).toBeLessThanOrEqual(size.width);
        // Labels, names, roles and contrast as a screen reader and the WCAG checker see them.
        expect(await accessibilityProblems(page), `${name}, ${size.name}, ${mode}`).toEqual([]);
      }
  }

  it('login, home, admin users, roles matrix (company admin); owner tenants', async () => {
    const page = await newPage(browser);
    await page.goto(web.url + '/login');
    await shoot(page, 'login', () => page.getByRole('button', { name: 'Войти', exact: true }).waitFor());

    await page.setViewportSize({ width: 1280, height: 860 });
    await signIn(page, web.url, adminEmail, adminPassword);
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await shoot(page, 'home', () => page.getByText('Активных: 5').waitFor());

    await page.goto(web.url + '/m/admin/users');
    // A grid on the desktop, a card per person on the phone.
    const person = 'Кузнецова Мария Игоревна';
    await shoot(page, 'admin-users', (phone) => (phone ? page.getByRole('list', { name: 'Пользователи' }).getByRole('listitem').filter({ hasText: person }) : page.getByRole('gridcell', { name: person })).waitFor());

    await page.goto(web.url + '/m/admin/roles');
    await shoot(page, 'roles-matrix', () => page.getByRole('checkbox', { name: 'Пользователи: просмотр' }).waitFor());

    await page.evaluate(() => localStorage.removeItem('wc.session'));
    await page.setViewportSize({ width: 1280, height: 860 });
    await signIn(page, web.url, OWNER.email, OWNER.password, '/m/owner/tenants');
    await page.getByRole('heading', { name: 'Клиенты' }).waitFor(); // the sign-in reload is done
    const company = 'ООО «Восток-Трейд»';
    await shoot(page, 'owner-tenants', (phone) => (phone ? page.getByRole('listitem').filter({ hasText: company }) : page.getByRole('gridcell', { name: company })).waitFor());
  });
});

/**
 * The trial banner in a real browser, on the owner's test clock of one client (no patching of time).
 * The client was created on 2 March 2026 (Moscow) with «Торговля и склад» (1 900,00 ₽) and CRM (1 200,00 ₽),
 * 14 days of trial: its last trial day is 15 March, its first Счёт comes on 16 March.
 *   10 March: 10…15 March = 6 days left (today included); 15 March: 1 day; 16 March: over, the Счёт waits;
 *   paid: no banner. The monthly sum is 190000 + 120000 = 310000 kopecks = «3 100,00 ₽».
 * Needs the UIs built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { onboardMarchClient, startFakeBanks, type Fakes } from '../../backend/test/billing/support';
import { accessibilityProblems, closeAll, newPage, openBrowser, signIn, type Browser, type Web } from './support/web';

const ADMIN = { email: 'admin@trial-banner.test', password: 'Admin-Passw0rd-1' };

describe('the trial banner', () => {
  let stack: TestStack;
  let fakes: Fakes;
  let web: Web;
  let browser: Browser;
  let owner: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  let tenantId: string;

  beforeAll(async () => {
    fakes = await startFakeBanks();
    stack = await startStack({ label: 'ui_trial_banner' });
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    owner = client(stack.url, ownerToken);
    ({ id: tenantId, admin } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Пробный период»', adminEmail: ADMIN.email }));
    ({ web, browser } = await openBrowser(stack.url));
  });
  afterAll(async () => {
    await closeAll(browser, web, stack);
    await fakes?.close();
  });

  const clockTo = async (date: string) => expect((await owner.post(`/api/owner/billing/clients/${tenantId}/test-clock`, { date })).status).toBe(200);

  it('counts the days left, says what comes next, leads to «Подписка и оплата», and is gone once paid', async () => {
    await clockTo('2026-03-10');
    const page = await newPage(browser);
    // Errors of the page itself (a reload also asks for /favicon.ico, which the shell does not serve).
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
    });
    await signIn(page, web.url, ADMIN.email, ADMIN.password);
    const banner = page.getByRole('region', { name: 'Пробный период' });
    await banner.getByText('Пробный период: осталось 6 дней').waitFor();
    const text = (await banner.textContent())!.replace(/\s/g, ' ');
    expect(text).toContain('Последний день пробного периода — 15.03.2026.');
    expect(text).toContain('придёт счёт за подключённые модули (3 100,00 ₽ в месяц); оплатите его в течение 10 дн., иначе работа будет приостановлена');
    expect(await accessibilityProblems(page)).toEqual([]);

    await banner.getByRole('link', { name: 'Подписка и оплата' }).click();
    await page.waitForURL(/\/m\/admin\/billing$/);
    await page.getByRole('heading', { name: 'Подписка и оплата' }).first().waitFor();
    // Shown over every page, the module's too.
    await banner.getByText('Пробный период: осталось 6 дней').waitFor();

    await clockTo('2026-03-15');
    await page.reload();
    await banner.getByText('Пробный период: остался 1 день').waitFor();

    await clockTo('2026-03-16'); // the first Счёт is issued
    await page.reload();
    await banner.getByText('Пробный период закончился').waitFor();
    expect((await banner.textContent())!.replace(/\s/g, ' ')).toContain('Счёт за подключённые модули (3 100,00 ₽ в месяц) ждёт оплаты');

    // Paid by Т-Банк: the client is active, the banner is gone.
    const [invoice] = (await admin.get('/api/admin/billing/invoices')).body.items;
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
    const row = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('provider_payment_id');
    fakes.tbank.pay(row.provider_payment_id);
    expect((await client(stack.url).post('/api/billing/webhooks/tbank', fakes.tbank.notificationFor(row.provider_payment_id))).body).toBe('OK');
    await page.reload();
    await page.getByRole('heading', { name: 'Подписка и оплата' }).first().waitFor();
    await page.getByText('Активна', { exact: true }).first().waitFor();
    expect(await page.getByTestId('trial-banner').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

/**
 * The owner's reminder setting and promo codes in the browser — a code given at onboarding (and refused once used up), the owner creates one in «Биллинг: промокоды», the company admin applies it in
 * «Подписка и оплата»; a code past its date is refused there with the server's Russian reason. The client
 * was created on 2 March 2026 and is on its test clock on 5 March (the codes' dates are in March).
 * A personal discount on the owner's client card: refused out of range with the server's reason, given, listed under
 * «Скидки клиентов» on the promo codes page, ended; the card's balance.
 * Needs the UIs built. Screenshots: test-artifacts/screens/billing-promo-codes-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onboardMarchClient } from '../../../backend/test/billing/support';
import { client, login, nextInn, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { accessibilityProblems, closeAll, launchBrowser, newPage, signIn, signOut, startWeb, typeDate, type Browser, type Web } from '../../../shell/test/support/web';
import { shoot } from './support';

const ADMIN = { email: 'admin@promo.ui.ru', password: 'Admin-Passw0rd-1' };

describe('promo codes: created by the owner, applied by the company admin', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_promo_codes' });
    web = await startWeb(stack.url);
    browser = await launchBrowser();
  });
  afterAll(() => closeAll(browser, web, stack));

  it('a 20 % code for 3 months on all modules; an expired one is refused in Russian', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const { id } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Промо»', adminEmail: ADMIN.email });
    expect((await client(stack.url, ownerToken).post(`/api/owner/billing/clients/${id}/test-clock`, { date: '2026-03-05' })).status).toBe(200);

    const page = await newPage(browser);
    // The page's errors: only the two refusals asked for below (the browser also asks for /favicon.ico, not served).
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
    });
    // Reminders before the due date: the owner's setting, 3 days by default.
    await signIn(page, web.url, OWNER.email, OWNER.password, '/m/owner/billing/settings');
    const before = page.getByLabel('Напомнить о сроке оплаты за, дней');
    expect(await before.inputValue()).toBe('3');
    await before.fill('5');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено').waitFor();
    expect((await client(stack.url, ownerToken).get('/api/owner/billing/settings')).body.remindBeforeDays).toBe(5);

    await page.getByRole('navigation').getByRole('link', { name: 'Биллинг: промокоды' }).click();
    const form = page.getByRole('form', { name: 'Новый промокод' });
    await form.getByLabel('Промокод').fill('vesna20');
    await form.getByLabel('Скидка, %').fill('20');
    await form.getByLabel('На сколько месяцев').fill('3');
    await typeDate(page, 'Применить можно до', '31.03.2026');
    await form.getByLabel('Лимит применений').fill('10');
    await form.getByRole('button', { name: 'Создать промокод' }).click();
    await page.getByText('Промокод VESNA20 создан').waitFor();
    const table = page.getByRole('grid', { name: 'Промокоды' });
    await table.getByText('VESNA20').waitFor();
    expect((await table.textContent())!.replace(/\s/g, ' ')).toContain('20 %');

    // The same code again: the server's reason, in Russian.
    await form.getByLabel('Промокод').fill('VESNA20');
    await form.getByLabel('Скидка, %').fill('5');
    await form.getByRole('button', { name: 'Создать промокод' }).click();
    await page.getByText('Промокод VESNA20 уже есть: придумайте другой.').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    // On a phone the table becomes cards: the code is there either way.
    await shoot(page, 'promo-codes', () => page.getByText('VESNA20').first().waitFor());
    // Onboarding with a code: one use only, so the second company is onboarded without it and told why.
    expect((await client(stack.url, ownerToken).post('/api/owner/billing/promo-codes', { code: 'DRUG15', percent: 15, maxUses: 1 })).status).toBe(201);
    const onboard = async (name: string) => {
      await page.getByRole('navigation').getByRole('link', { name: 'Подключить клиента' }).click();
      await page.getByLabel('Название компании').fill(name);
      await page.getByLabel('ИНН').fill(nextInn());
      await page.getByLabel('E-mail администратора').fill(`admin${Date.now()}@drug.ui.ru`);
      await page.getByLabel('Пароль администратора').fill('Admin-Passw0rd-1');
      await page.getByLabel(/Торговля и склад/).check();
      await page.getByLabel('Промокод').fill('drug15');
      await page.getByRole('button', { name: 'Подключить', exact: true }).click();
    };
    await onboard('ООО «Друг»');
    await page.getByText('Клиент «ООО «Друг»» подключён').waitFor();
    await page.waitForURL(/\/m\/owner\/tenants$/); // the form goes to the list once the client is onboarded
    const drug = await stack.db.knex('platform.tenants').where({ name: 'ООО «Друг»' }).first('id');
    expect((await client(stack.url, ownerToken).get(`/api/owner/billing/clients/${drug.id}/discount`)).body.discount).toMatchObject({ percent: 15, label: 'скидка 15 % по промокоду DRUG15' });
    await onboard('ООО «Второй друг»');
    await page.getByText('Клиент «ООО «Второй друг»» подключён без скидки — промокод не применён: Промокод DRUG15 уже использован 1 раз — больше его применить нельзя.').waitFor();

    // One that expired before the client's date.
    expect((await client(stack.url, ownerToken).post('/api/owner/billing/promo-codes', { code: 'ZIMA10', percent: 10, validUntil: '2026-02-28' })).status).toBe(201);
    await signOut(page);

    await signIn(page, web.url, ADMIN.email, ADMIN.password, '/m/admin/billing');
    const card = page.getByRole('region', { name: 'Скидка' });
    await card.getByText('Скидки нет.', { exact: false }).waitFor();
    await card.getByLabel('Промокод').fill('zima10');
    await card.getByRole('button', { name: 'Применить' }).click();
    await card.getByText('Срок действия промокода ZIMA10 истёк 28.02.2026.').waitFor();

    await card.getByLabel('Промокод').fill('vesna20');
    await card.getByRole('button', { name: 'Применить' }).click();
    await card.getByText('Промокод применён: скидка войдёт в следующие счета.').waitFor();
    expect((await card.getByTestId('discount-in-force').textContent())!.replace(/\s/g, ' ')).toBe('Действует скидка 20 % по промокоду VESNA20 — счетов со скидкой: 0 из 3');
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 409 (Conflict)',
      'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
      'Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)',
    ]);
    await signOut(page); // the browser's context (and its stored session) is shared with the next test
    await page.close();
  });

  it('a personal discount on the client card: refused out of range, given, listed, ended; the balance shown', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const { id } = await onboardMarchClient(stack, ownerToken, { name: 'ООО «Партнёр»', adminEmail: 'admin@partner.ui.ru' });
    const page = await newPage(browser);
    await signIn(page, web.url, OWNER.email, OWNER.password, `/m/owner/billing/clients/${id}`);
    const panel = page.getByRole('region', { name: 'Скидка' });
    await panel.getByText('Скидки нет: счета — по ценам прайса.').waitFor();
    expect((await page.getByText('Баланс').locator('..').textContent())!.replace(/\s/g, ' ')).toBe('Баланс0,00 ₽');

    const form = panel.getByRole('form', { name: 'Персональная скидка' });
    await form.getByLabel('Скидка, %').fill('150');
    await form.getByLabel('На сколько месяцев').fill('6');
    await form.getByLabel('За что скидка').fill('Партнёр по внедрению');
    await form.getByLabel('Заметки').check();
    await form.getByRole('button', { name: 'Назначить скидку' }).click();
    await form.getByText('Скидка — от 1 до 100 %').waitFor(); // the server's reason, under the field
    await form.getByLabel('Скидка, %').fill('10');
    await form.getByRole('button', { name: 'Назначить скидку' }).click();
    await panel.getByText('Скидка назначена: персональная скидка 10 %.').waitFor();
    expect((await panel.getByTestId('client-discount').textContent())!.replace(/\s/g, ' ')).toBe('Действует персональная скидка 10 % — счетов со скидкой: 0 из 6');
    expect((await client(stack.url, ownerToken).get(`/api/owner/billing/clients/${id}/discount`)).body.discount).toMatchObject({ percent: 10, months: 6, modules: ['notes'], comment: 'Партнёр по внедрению' });
    expect(await accessibilityProblems(page)).toEqual([]);

    // Listed with the promo codes; a row opens the client's card.
    await page.getByRole('navigation').getByRole('link', { name: 'Биллинг: промокоды' }).click();
    const list = page.getByRole('grid', { name: 'Скидки клиентов' });
    await list.getByText('ООО «Партнёр»').waitFor();
    expect((await list.textContent())!.replace(/\s/g, ' ')).toContain('0 / 6');
    await list.getByText('ООО «Партнёр»').click();
    await page.waitForURL(new RegExp(`/m/owner/billing/clients/${id}$`));

    await panel.getByRole('button', { name: 'Отменить скидку' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Отменить скидку' }).click();
    await panel.getByText('Скидка отменена: следующие счета — по полной цене.').waitFor();
    await panel.getByText('Скидки нет: счета — по ценам прайса.').waitFor();
    expect((await client(stack.url, ownerToken).get(`/api/owner/billing/clients/${id}/discount`)).body).toEqual({ discount: null });
  });
});

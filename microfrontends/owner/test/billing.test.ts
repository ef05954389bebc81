/**
 * Billing through the browser, owner and company admin side by side (two browser profiles), on fixed
 * dates (billing's clock is moved by the test, as in backend/test/billing) and with the local ЮKassa fake:
 * trial → a module added free during the trial → the owner runs the cycle → Счёт → the NPS card (after
 * two weeks of use) → a module added mid-month with its prorated charge → «Оплатить» through ЮKassa →
 * signed notification → paid, active → the owner sees the payment on the client's card and MRR in the
 * metrics. Needs the UIs built (`npm test` builds first). Screenshots: test-artifacts/screens/billing-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBankExchange, type BankParty } from '../../../backend/src/platform/ru/bank-exchange';
import { billingTime, startFakeBanks, type Fakes } from '../../../backend/test/billing/support';
import { client, nextInn, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, launchBrowser, newPage, signIn, startWeb, type Browser, type Web } from '../../../shell/test/support/web';
import { shoot } from './support';

/** «2 000,00 ₽» with the thin/non-breaking spaces Intl puts in, for text comparisons. */
const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s/g, ' ');

describe('billing in the browser', () => {
  let fakes: Fakes;
  let stack: TestStack;
  let web: Web;
  let ownerBrowser: Browser;
  let adminBrowser: Browser;
  let time: ReturnType<typeof billingTime>;
  let owner: Page & { errors: string[] };
  let admin: Page & { errors: string[] };
  let tenantId: string;

  beforeAll(async () => {
    fakes = await startFakeBanks(); // sets the providers' env vars: before the stack is built
    stack = await startStack({ label: 'ui_billing' });
    web = await startWeb(stack.url);
    time = billingTime(stack);
    // Two profiles: the owner and the admin each keep their own session in localStorage.
    ownerBrowser = await launchBrowser();
    adminBrowser = await launchBrowser();
  });
  afterAll(() => closeAll(adminBrowser, ownerBrowser, web, stack, fakes));

  it('trial → module → cycle → Счёт → ЮKassa payment → paid and active; the owner sees the payment and MRR', async () => {
    owner = await newPage(ownerBrowser);
    admin = await newPage(adminBrowser);
    const company = `ООО «Биллинг ${Date.now() % 100000}»`;
    const adminEmail = `admin${Date.now()}@billing.test`;
    const adminPassword = 'Admin-Passw0rd-1';

    // The owner shortens the trial to 10 days in the billing settings…
    await signIn(owner, web.url, OWNER.email, OWNER.password, '/m/owner/billing/settings');
    await owner.getByLabel('Пробный период, дней').fill('10');
    await owner.getByRole('button', { name: 'Сохранить' }).click();
    await owner.getByText('Сохранено').waitFor();

    // …and onboards a company with «Торговля и склад».
    await owner.getByRole('navigation').getByRole('link', { name: 'Подключить клиента' }).click();
    await owner.getByLabel('Название компании').fill(company);
    await owner.getByLabel('ИНН').fill(nextInn());
    await owner.getByLabel('E-mail администратора').fill(adminEmail);
    await owner.getByLabel('ФИО администратора').fill('Орлова Вера Павловна');
    await owner.getByLabel('Пароль администратора').fill(adminPassword);
    await owner.getByLabel(/Торговля и склад/).check();
    await owner.getByRole('button', { name: 'Подключить', exact: true }).click();
    await owner.getByText(`Клиент «${company}» подключён`).waitFor();
    tenantId = (await stack.db.knex('platform.tenants').where({ name: company }).first('id')).id;
    // Onboarded on 2 March 2026, 10:00 Moscow, before billing has looked at it: the trial is 2…11 March.
    await stack.db.knex('platform.tenants').where({ id: tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
    await stack.db.knex('platform.users').where({ email: adminEmail }).update({ created_at: '2026-03-02T07:00:00Z' });

    // 5 March: the admin sees the trial and adds «Заметки» (free during the trial).
    time.setDay('2026-03-05');
    await signIn(admin, web.url, adminEmail, adminPassword);
    await admin.getByRole('navigation').getByRole('link', { name: 'Подписка и оплата' }).click();
    const summary = admin.getByTestId('subscription-summary');
    await summary.getByText('Пробный период', { exact: true }).waitFor();
    expect(await text(admin, 'subscription-summary')).toContain('11.03.2026');
    await admin.getByRole('button', { name: 'Подключить: Заметки' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Подключить' }).click();
    await admin.getByTestId('module-charge').getByText('Модуль «Заметки» подключён. До выставления первого счёта доплаты нет.').waitFor();
    expect(await admin.getByTestId('nps-prompt').count()).toBe(0); // not asked in the first two weeks

    // 12 March: the trial is over; the owner runs the billing cycle from «Счета и платежи».
    time.setDay('2026-03-12');
    await owner.getByRole('navigation').getByRole('link', { name: 'Биллинг: счета и платежи' }).click();
    await owner.getByRole('button', { name: 'Запустить биллинговый цикл' }).click();
    await owner.getByText('Цикл выполнен на 12.03.2026: выставлено счетов — 1.').waitFor();
    await owner.getByRole('gridcell', { name: company }).waitFor();

    // 20 March: the admin sees the Счёт — 12…31 March, 20 of 31 days: trade 1 225,81 + «Заметки» 774,19 = 2 000,00 ₽ —
    // and adds ЭДО: 900,00 ₽ × 12 / 31 days = 348,39 ₽ for the rest of March, on the next Счёт.
    time.setDay('2026-03-20');
    await admin.reload();
    // Two weeks of use: the NPS card asks, without blocking the page.
    const nps = admin.getByTestId('nps-prompt');
    await nps.getByText('Насколько вероятно, что вы порекомендуете WorkCloud коллегам?').waitFor();
    await nps.getByRole('button', { name: '9', exact: true }).click();
    await nps.getByLabel('Что нам улучшить? (необязательно)').fill('Больше отчётов');
    await nps.getByRole('button', { name: 'Отправить' }).click();
    await nps.getByText('Спасибо за оценку!').waitFor();
    await nps.waitFor({ state: 'detached' });
    const invoices = admin.getByRole('table', { name: 'Счета' });
    await invoices.getByRole('cell', { name: '2 000,00 ₽' }).waitFor();
    await invoices.getByText('Не оплачен').waitFor();
    await admin.getByRole('button', { name: 'Подключить: Электронный документооборот' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Подключить' }).click();
    await admin.getByTestId('module-charge').waitFor();
    expect(await text(admin, 'module-charge')).toContain('Начислено за остаток месяца: 348,39 ₽');
    await admin.getByTestId('module-charge').getByRole('button').click(); // close the note before the pictures
    await shoot(admin, 'admin', () => admin.getByRole('button', { name: /^Оплатить/ }).first().waitFor());

    // «Оплатить» → ЮKassa → the browser goes to the (fake) ЮKassa payment page.
    await admin.getByRole('button', { name: /^Оплатить/ }).click();
    await admin.getByRole('dialog').getByLabel('Банковская карта (ЮKassa)').check();
    await admin.getByRole('dialog').getByRole('button', { name: 'Перейти к оплате' }).click();
    await admin.waitForURL(/\/checkout\/payments\//);

    // The payer pays; ЮKassa notifies from a trusted address and the backend re-reads the payment.
    const payment = await stack.db.knex('platform.billing_payments').where({ tenant_id: tenantId, method: 'yookassa' }).orderBy('created_at', 'desc').first('provider_payment_id');
    fakes.yookassa.pay(payment.provider_payment_id);
    const notified = await client(stack.url).post('/api/billing/webhooks/yookassa', fakes.yookassa.notificationFor(payment.provider_payment_id));
    expect(notified.status).toBe(200);

    // Back from the bank: paid, and the company is active.
    await admin.goto(web.url + '/m/admin/billing');
    await admin.getByRole('table', { name: 'Счета' }).getByText('Оплачен', { exact: true }).waitFor();
    await summary.getByText('Активна', { exact: true }).waitFor();
    await admin.getByRole('table', { name: 'Платежи' }).getByRole('cell', { name: 'ЮKassa' }).waitFor();
    // Счёт and Акт come as PDFs (fetched with the session's token, then saved).
    for (const doc of ['Счёт', 'Акт']) {
      const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: `${doc} WC-000001, PDF` }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    }

    // The owner finds the payment on the client's card…
    await owner.getByRole('navigation').getByRole('link', { name: 'Биллинг: клиенты' }).click();
    await shoot(owner, 'owner-clients', () => owner.getByRole('link', { name: company }).waitFor());
    await owner.getByRole('link', { name: company }).click();
    await owner.getByRole('heading', { name: company }).waitFor();
    const payments = owner.getByRole('table', { name: 'Платежи' });
    await payments.getByRole('cell', { name: 'ЮKassa' }).waitFor();
    await payments.getByRole('cell', { name: 'Поступил' }).waitFor();
    await payments.getByRole('cell', { name: '2 000,00 ₽' }).waitFor();
    await owner.getByRole('table', { name: 'Счета' }).getByText('Оплачен', { exact: true }).waitFor();
    await shoot(owner, 'owner-client', () => payments.getByRole('cell', { name: 'ЮKassa' }).waitFor());

    // …and March's MRR in the metrics: full monthly prices of the Счёт, trade 1 900 + «Заметки» 1 200 = 3 100,00 ₽.
    await owner.goto(web.url + '/m/owner/billing/metrics?from=2026-01&to=2026-03');
    await owner.getByTestId('kpi-mrr').getByText('3 100,00 ₽').waitFor();
    expect(await text(owner, 'kpi-nps')).toContain('100'); // the admin's 9 is one promoter
    const mrrChart = owner.getByRole('figure', { name: 'MRR и его движения' });
    await expect.poll(() => mrrChart.locator('.MuiBarChart-element').count()).toBeGreaterThan(0); // March's new MRR
    await expect.poll(() => mrrChart.locator('.MuiLineChart-line').count()).toBe(1);
    await owner.getByRole('button', { name: 'Показать числа таблицей' }).click();
    const mrrRow = owner.getByRole('table', { name: 'Метрики' }).getByRole('row', { name: /^MRR/ });
    expect(((await mrrRow.textContent()) ?? '').replace(/\s/g, ' ')).toContain('0,00 ₽0,00 ₽3 100,00 ₽');
    // New clients by month: the company signed up on 2 March and paid its first Счёт in March.
    const metricsTable = owner.getByRole('table', { name: 'Метрики' });
    expect(await metricsTable.getByRole('row', { name: /^Подключились/ }).textContent()).toBe('Подключились001');
    expect(await metricsTable.getByRole('row', { name: /^Впервые оплатили/ }).textContent()).toBe('Впервые оплатили001');
    await expect.poll(() => owner.getByRole('figure', { name: 'Новые клиенты по месяцам' }).locator('.MuiBarChart-element').count()).toBeGreaterThan(0);
    await owner.getByRole('button', { name: 'Скрыть таблицу' }).click();
    await shoot(owner, 'owner-metrics', () => mrrChart.locator('.MuiLineChart-line').waitFor());

    expect([...owner.errors, ...admin.errors].filter((e) => /Invalid hook|two copies|Multiple instances/i.test(e))).toEqual([]);
  });

  it('a bank transfer nobody could match: uploaded with the statement, matched by hand, partly refunded', async () => {
    // 1 April: the April Счёт (trade + «Заметки» + ЭДО + the ЭДО charge of March) is issued.
    await time.cycle('2026-04-01');
    time.setDay('2026-04-03');
    const { inn, name } = await stack.db.knex('platform.tenants').where({ id: tenantId }).first('inn', 'name');
    // The env of startFakeBanks: the platform's account and ИНН pick incoming payments out of the file.
    const seller: BankParty = { name: 'ООО «ВоркКлауд Тест»', inn: '7707083893', kpp: '770701001', account: '40702810938000099999', bankName: 'ПАО СБЕРБАНК', bankCity: 'г. Москва', bik: '044525225', corrAccount: '30101810400000000225' };
    const payer: BankParty = { name, inn, kpp: '', account: '40702810100000000707', bankName: 'АО «Банк»', bankCity: 'г. Москва', bik: '044525311', corrAccount: '30101810000000000311' };
    // No invoice number and not the amount owed: nothing to match it by.
    const file = writeBankExchange([{ kind: 'Платежное поручение', number: '707', date: '2026-04-02', creditedOn: '2026-04-02', amountKopecks: 100000, payer, payee: seller, purpose: 'Оплата за WorkCloud' }]);

    await owner.goto(web.url + '/m/owner/billing/invoices');
    await owner.getByTestId('statement-file').setInputFiles({ name: 'kl_to_1c.txt', mimeType: 'text/plain', buffer: file });
    await owner.getByText('новых поступлений 1, сопоставлено 0, не сопоставлено 1').waitFor();

    await owner.getByRole('tab', { name: 'Несопоставленные' }).click();
    const unmatched = owner.getByRole('grid', { name: 'Несопоставленные' });
    await unmatched.getByRole('gridcell', { name: 'Оплата за WorkCloud' }).waitFor();
    await unmatched.getByRole('button', { name: 'Сопоставить' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Неоплаченный счёт').click();
    // 190000 + 120000 + 90000 + 34839 = 434839: the April Счёт is the only unpaid one.
    await owner.getByRole('option', { name: /4 348,39 ₽/ }).click();
    await dialog.getByRole('button', { name: 'Сопоставить' }).click();
    await dialog.waitFor({ state: 'detached' });
    await unmatched.getByRole('gridcell', { name: 'Оплата за WorkCloud' }).waitFor({ state: 'detached' });

    await owner.getByRole('tab', { name: 'Все платежи' }).click();
    const transfer = owner.getByRole('row', { name: /Банковский перевод/ });
    await transfer.getByRole('button', { name: 'Возврат' }).click();
    await dialog.getByLabel('Сумма возврата').fill('250,00');
    await dialog.getByLabel('Причина').fill('Ошибочно перечислено');
    await dialog.getByRole('button', { name: 'Возврат' }).click();
    await dialog.waitFor({ state: 'detached' });
    await transfer.getByRole('gridcell', { name: '250,00 ₽' }).waitFor();
    // A grid row on the desktop, a card on the phone.
    await shoot(owner, 'owner-payments', (phone) => (phone ? owner.getByRole('listitem').filter({ hasText: /Банковский перевод/ }) : owner.getByRole('row', { name: /Банковский перевод/ })).waitFor());

    const payment = await stack.db.knex('platform.billing_payments').where({ tenant_id: tenantId, method: 'bank' }).first('invoice_id', 'refunded_kopecks');
    expect(Number(payment.refunded_kopecks)).toBe(25000);
    const invoice = await stack.db.knex('platform.billing_invoices').where({ id: payment.invoice_id }).first('paid_kopecks', 'total_kopecks', 'status');
    expect([Number(invoice.paid_kopecks), Number(invoice.total_kopecks), invoice.status]).toEqual([100000, 434839, 'open']);
  });

  it('unpaid April: past due, then suspended — the admin still reads everything and may pay, but not change modules; English texts', async () => {
    // Due 11 April; past due from the 12th; suspended after 14 days of grace, on the 26th.
    await time.cycle('2026-04-12');
    await admin.goto(web.url + '/m/admin/billing');
    await admin.getByTestId('billing-banner').getByText('Счёт не оплачен в срок').waitFor();
    await admin.getByTestId('billing-banner').getByText(/Без оплаты работа будет приостановлена 26\.04\.2026/).waitFor();

    await time.cycle('2026-04-26');
    await admin.reload();
    await admin.getByTestId('billing-banner').getByText('Работа компании приостановлена').waitFor();
    await admin.getByText('Пока работа приостановлена, модули менять нельзя.').waitFor();
    expect(await admin.getByRole('button', { name: /^Отключить:/ }).count()).toBe(0);
    await admin.getByRole('table', { name: 'Платежи' }).getByRole('cell', { name: 'Банковский перевод' }).waitFor();
    await shoot(admin, 'admin-suspended', () => admin.getByRole('button', { name: /^Оплатить/ }).waitFor());

    // English is the second language of every billing page.
    await admin.getByTestId('user-menu').click();
    await admin.getByRole('button', { name: 'EN' }).click();
    await admin.keyboard.press('Escape');
    await admin.getByRole('heading', { name: 'Subscription and billing' }).waitFor();
    await admin.getByTestId('billing-banner').getByText('The company’s work is suspended').waitFor();
    await owner.goto(web.url + '/m/owner/billing/metrics?from=2026-01&to=2026-04');
    await owner.getByTestId('user-menu').click();
    await owner.getByRole('button', { name: 'EN' }).click();
    await owner.keyboard.press('Escape');
    await owner.getByRole('heading', { name: 'MRR and its movements' }).waitFor();
  });
});

/**
 * The owner's «Требуют внимания» page and the test clock control, in the browser: the owner moves a
 * client's clock to its first Счёт from the client's page, the admin overpays it (Т-Банк reports more than
 * was asked), and the owner carries the excess to the next Счёт with a comment. Needs the UIs built.
 * Screenshots: test-artifacts/screens/billing-attention-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tbankToken } from '../../../backend/src/modules/billing/providers/tbank';
import { startFakeBanks, TBANK, type Fakes } from '../../../backend/test/billing/support';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, launchBrowser, newPage, signIn, startWeb, typeDate, type Browser, type Web } from '../../../shell/test/support/web';
import { shoot } from './support';

describe('«Требуют внимания» and the test clock in the owner console', () => {
  let fakes: Fakes;
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let owner: Page & { errors: string[] };

  beforeAll(async () => {
    fakes = await startFakeBanks();
    stack = await startStack({ label: 'ui_billing_attention' });
    web = await startWeb(stack.url);
    browser = await launchBrowser();
  });
  afterAll(() => closeAll(browser, web, stack, fakes));

  it('the clock runs the client’s cycle on a chosen day; an overpayment is carried to the next Счёт with a comment', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const t = await onboardTenant(stack, ownerToken, { name: 'ООО «Переплата»', adminEmail: 'admin@overpaid.ui.ru', modules: ['trade', 'crm'] });
    await stack.db.knex('platform.tenants').where({ id: t.tenantId }).update({ created_at: '2026-03-02T07:00:00Z' });
    const admin = client(stack.url, t.adminToken);

    owner = await newPage(browser);
    await signIn(owner, web.url, OWNER.email, OWNER.password, `/m/owner/billing/clients/${t.tenantId}`);
    const clock = owner.getByRole('region', { name: 'Тестовые часы' });
    await clock.getByText('Клиент на часах платформы').waitFor();
    await typeDate(owner, 'День', '16.03.2026');
    await clock.getByRole('button', { name: 'Выполнить цикл на этот день' }).click();
    await clock.getByText('Цикл выполнен на 16.03.2026: выставлено счетов — 1.').waitFor();
    await clock.getByText('Часы клиента: 16.03.2026.', { exact: false }).waitFor();

    // The admin pays the Счёт by Т-Банк; the bank reports 500,00 ₽ more than asked.
    const invoice = (await admin.get('/api/admin/billing/invoices')).body.items[0];
    const pay = await admin.post(`/api/admin/billing/invoices/${invoice.id}/pay`, { provider: 'tbank' });
    const { provider_payment_id: providerPaymentId } = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('provider_payment_id');
    fakes.tbank.pay(providerPaymentId);
    const { Token: _t, ...fields } = { ...fakes.tbank.notificationFor(providerPaymentId), Amount: pay.body.amountKopecks + 50000 };
    expect((await client(stack.url).post('/api/billing/webhooks/tbank', { ...fields, Token: tbankToken(fields, TBANK.password) })).body).toBe('OK');

    await owner.getByRole('navigation').getByRole('link', { name: 'Биллинг: требуют внимания' }).click();
    const table = owner.getByRole('grid', { name: 'Требуют внимания' });
    await table.getByText('ООО «Переплата»').waitFor();
    expect((await table.textContent())?.replace(/\s/g, ' ')).toContain('Переплата 500,00 ₽');
    // On a phone the table becomes cards: the company's name is there either way.
    await shoot(owner, 'attention', () => owner.getByText('ООО «Переплата»').first().waitFor());

    await table.getByRole('button', { name: 'Что сделать' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Зачесть в следующий счёт').check();
    await dialog.getByText('Переплата 500,00 ₽ будет зачтена', { exact: false }).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Зачесть в следующий счёт' });
    expect(await confirm.isDisabled()).toBe(true); // a comment first
    await dialog.getByLabel('Комментарий').fill('Клиент просил зачесть в апрель');
    await confirm.click();
    await owner.getByText('Платёж разобран.').waitFor();
    await owner.getByText('Всё разобрано: платежей с неожиданной суммой нет').waitFor();

    const payment = await stack.db.knex('platform.billing_payments').where({ id: pay.body.paymentId }).first('attention_resolution', 'attention_comment', 'carry_kopecks');
    expect(payment).toEqual({ attention_resolution: 'carried', attention_comment: 'Клиент просил зачесть в апрель', carry_kopecks: '50000' });
    // Script errors only, as the other owner console tests check (a resource 404 is not the page's failure).
    expect(owner.errors.filter((e) => /Invalid hook|two copies|Multiple instances|TypeError|ReferenceError/i.test(e))).toEqual([]);
  });
});

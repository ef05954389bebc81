/**
 * «Биллинг: письма» in the owner console, in a real browser against a real SMTP conversation: two
 * companies on trial from 2 March 2026 get their first Счёт on 16 March; the local SMTP fake
 * (backend/test/support/smtp.ts) accepts the first company's admin and refuses the second's with 550.
 * With MAIL_MAX_ATTEMPTS=1 that refusal is final at once, so the owner sees one «Отправлено» and one
 * «Ошибка», reads the letter, sends the failed one again (→ «Ожидает»), and is told «Письмо уже
 * отправлено.» (409) when the retry comes after the mail went out. The dispatcher is run by the test
 * (the stack starts no timer). Needs the UIs built. Screenshots: test-artifacts/screens/billing-owner-mail*.png.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailDispatcher } from '../../../backend/src/platform/mail';
import { billingTime } from '../../../backend/test/billing/support';
import { startFakeSmtp, type FakeSmtp } from '../../../backend/test/support/smtp';
import { login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { accessibilityProblems, closeAll, newPage, openBrowser, signIn, type Browser, type Web } from '../../../shell/test/support/web';
import { shoot } from './support';

const ALFA = { name: 'ООО «Альфа Почта»', admin: 'admin@alfa-mail.test' };
const BETA = { name: 'ООО «Бета Почта»', admin: 'admin@beta-mail.test' };
const REFUSAL = '5.1.1 <admin@beta-mail.test>: Recipient address rejected: User unknown';

/** axe measures contrast through opacity: wait until the dialog has faded in. */
async function faded(dialog: Locator) {
  await expect.poll(() => dialog.evaluate((el) => getComputedStyle(el.closest('.MuiDialog-container') ?? el).opacity)).toBe('1');
}

describe('«Биллинг: письма» in the browser', () => {
  let smtp: FakeSmtp;
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let owner: Page & { errors: string[] };
  let dispatcher: MailDispatcher;
  let alfaInvoice: string;

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    stack = await startStack({ label: 'ui_mail', env: { SMTP_URL: smtp.url, MAIL_FROM: 'WorkCloud <billing@workcloud.test>', MAIL_MAX_ATTEMPTS: '1' } });
    ({ web, browser } = await openBrowser(stack.url));
    dispatcher = stack.app.get(MailDispatcher);

    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    const alfa = await onboardTenant(stack, ownerToken, { name: ALFA.name, adminEmail: ALFA.admin, modules: ['trade'] });
    const beta = await onboardTenant(stack, ownerToken, { name: BETA.name, adminEmail: BETA.admin, modules: ['notes'] });
    await stack.db.knex('platform.tenants').whereIn('id', [alfa.tenantId, beta.tenantId]).update({ created_at: '2026-03-02T07:00:00Z' });
    // 16 March: the 14-day trials are over, each company gets its first Счёт (one mail per admin).
    expect((await billingTime(stack).cycle('2026-03-16')).invoicesIssued).toBe(2);
    alfaInvoice = (await stack.db.knex('platform.billing_invoices').where({ tenant_id: alfa.tenantId }).first('number')).number;
    smtp.rejectRecipient(BETA.admin, { code: 550, message: REFUSAL });
    expect(await dispatcher.dispatchDue()).toEqual({ sent: 1, retried: 0, failed: 1, notConfigured: false });
  });
  afterAll(() => closeAll(browser, web, stack, smtp));

  it('lists the sent and the failed Счёт, opens a letter, sends the failed one again; a retry after sending is refused', async () => {
    owner = await newPage(browser);
    // Straight to the page (a click on the menu right after signing in could race the shell's own navigation
    // to the requested address); the menu leads to it too.
    await signIn(owner, web.url, OWNER.email, OWNER.password, '/m/owner/billing/mail');
    await owner.getByRole('heading', { name: 'Письма' }).waitFor();
    expect(await owner.getByRole('navigation').getByRole('link', { name: 'Биллинг: письма' }).getAttribute('href')).toBe('/m/owner/billing/mail');
    expect(owner.url()).toBe(`${web.url}/m/owner/billing/mail`);

    const grid = owner.getByRole('grid', { name: 'Письма' });
    const alfaRow = grid.getByRole('row', { name: new RegExp(ALFA.admin) });
    const betaRow = grid.getByRole('row', { name: new RegExp(BETA.admin) });
    await alfaRow.getByText('Отправлено', { exact: true }).waitFor();
    await alfaRow.getByRole('gridcell', { name: ALFA.name }).waitFor();
    await alfaRow.getByRole('gridcell', { name: 'Счёт выставлен' }).waitFor();
    await alfaRow.getByRole('button', { name: new RegExp(`^Открыть письмо «Счёт № ${alfaInvoice} на `) }).waitFor();
    await betaRow.getByText('Ошибка', { exact: true }).waitFor();
    expect(await betaRow.getByTestId('mail-error').textContent()).toContain('550');
    expect(await betaRow.getByTestId('mail-error').textContent()).toContain('User unknown');
    await betaRow.getByText('Попыток: 1').waitFor();
    expect(await accessibilityProblems(owner)).toEqual([]);
    // A grid row on the desktop, a card on the phone.
    await shoot(owner, 'owner-mail', (phone) => (phone ? owner.getByRole('listitem').filter({ hasText: BETA.admin }).getByText('Ошибка', { exact: true }) : betaRow).waitFor());

    // The sent Счёт: the text with the invoice number, and the HTML in a sandboxed frame. Sent: nothing to retry.
    await alfaRow.getByRole('button', { name: /^Открыть письмо/ }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByRole('heading', { name: new RegExp(`^Счёт № ${alfaInvoice}`) }).waitFor();
    await dialog.getByTestId('mail-text').getByText(`Выставлен счёт № ${alfaInvoice} от 16.03.2026`).waitFor();
    await dialog.getByTestId('mail-status').getByText('Отправлено', { exact: true }).waitFor();
    await dialog.getByText(ALFA.admin).waitFor();
    await dialog.getByText('Счёт (PDF)').waitFor(); // the attachment, built when sending
    expect(await dialog.getByRole('button', { name: 'Отправить ещё раз' }).count()).toBe(0);
    await faded(dialog);
    expect(await accessibilityProblems(owner)).toEqual([]);
    await dialog.getByRole('tab', { name: 'Как в почте' }).click();
    const frame = dialog.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await owner.frameLocator('iframe[sandbox]').getByText(`счёт № ${alfaInvoice}`).first().waitFor();
    await dialog.getByRole('button', { name: 'Закрыть' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Only the failed ones; the refused Счёт with the server's error, sent again → «Ожидает».
    const filter = owner.getByRole('group', { name: 'Статус письма' });
    await filter.getByRole('button', { name: 'Ошибка' }).click();
    await alfaRow.waitFor({ state: 'detached' });
    await betaRow.getByRole('button', { name: /^Открыть письмо/ }).click();
    await dialog.getByRole('alert').getByText(REFUSAL, { exact: false }).waitFor();
    await dialog.getByTestId('mail-status').getByText('Ошибка', { exact: true }).waitFor();
    await shoot(owner, 'owner-mail-failed', () => dialog.getByRole('button', { name: 'Отправить ещё раз' }).waitFor());
    smtp.rejectRecipient(BETA.admin, null); // the address was fixed at the provider
    await dialog.getByRole('button', { name: 'Отправить ещё раз' }).click();
    await dialog.getByText('Письмо поставлено в очередь и уйдёт при ближайшей рассылке.').waitFor();
    await dialog.getByTestId('mail-status').getByText('Ожидает', { exact: true }).waitFor();
    await dialog.getByTestId('mail-status').getByText('Попыток: 0').waitFor();
    const row = await stack.db.knex('platform.mail_outbox').where({ recipient: BETA.admin }).first('status', 'attempts');
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    await betaRow.waitFor({ state: 'detached' }); // no longer failed: the «Ошибка» list is refreshed

    // The dispatcher sends it while the dialog is still open; a second «Отправить ещё раз» gets the server's 409.
    // With it goes the owner's «new device» letter: this browser signed in where the owner had not before.
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 2, failed: 0 });
    expect(smtp.received.map((m) => m.rcptTo[0]).sort()).toEqual([ALFA.admin, BETA.admin, OWNER.email].sort());
    await dialog.getByRole('button', { name: 'Отправить ещё раз' }).click();
    await dialog.getByRole('alert').getByText('Письмо уже отправлено.').waitFor();
    await dialog.getByTestId('mail-status').getByText('Отправлено', { exact: true }).waitFor(); // refreshed after the refusal
    await dialog.getByRole('button', { name: 'Отправить ещё раз' }).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Закрыть' }).click();

    await filter.getByRole('button', { name: 'Отправлены' }).click();
    await betaRow.getByText('Отправлено', { exact: true }).waitFor();
    await alfaRow.waitFor();
    await filter.getByRole('button', { name: 'Ожидают' }).click();
    await owner.getByText('Писем с таким статусом нет').waitFor();

    // English is the page's second language.
    await owner.getByTestId('user-menu').click();
    await owner.getByRole('button', { name: 'EN' }).click();
    await owner.keyboard.press('Escape');
    await owner.getByRole('heading', { name: 'E-mails' }).waitFor();
    await owner.getByRole('group', { name: 'E-mail status' }).getByRole('button', { name: 'All' }).click();
    await owner.getByRole('grid', { name: 'E-mails' }).getByRole('row', { name: new RegExp(ALFA.admin) }).getByRole('gridcell', { name: 'Invoice issued' }).waitFor();

    expect(owner.errors.filter((e) => /Invalid hook|two copies|Multiple instances/i.test(e))).toEqual([]);
  }, 120_000);
});

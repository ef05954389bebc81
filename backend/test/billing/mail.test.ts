import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { enqueueMail, loadMailConfig, MailAttachmentSources, MailDispatcher } from '../../src/platform/mail';
import { writeBankExchange, type BankParty } from '../../src/platform/ru/bank-exchange';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { closedPortUrl, startFakeSmtp, type FakeSmtp, type ReceivedMail } from '../support/smtp';
import { billingTime } from './support';

/**
 * E-mail to a client company's admins, end to end: the billing cycle writes platform.mail_outbox rows,
 * MailDispatcher sends them with nodemailer to a local SMTP server (smtp-server, real protocol, AUTH
 * required), mailparser reads what arrived.
 *
 * Two clients on trial from 2 March 2026 (14 days): the first Счёт on 16 March for 16…31 March (16 of 31 days),
 * due 26.03.2026 (payment_due_days 10):
 *   «Сигма» (trade + notes): 190000 × 16/31 = 98064.51… → 98065, 120000 × 16/31 = 61935.48… → 61935; total 160000 = 1 600,00 ₽;
 *     VAT 22/122 per line: 17683.85… → 17684, 11168.60… → 11169 = 28853 → 288,53 ₽.
 *   «Тета» (notes): 61935 = 619,35 ₽.
 * Overdue from 27.03; suspended grace_days (14) + 1 after the due date: 26.03 + 15 = 10.04.2026.
 */
const NBSP = '\u00a0';
const SELLER: BankParty = { name: 'ООО «ВоркКлауд Тест»', inn: '7707083893', kpp: '770701001', account: '40702810938000099999', bankName: 'ПАО СБЕРБАНК', bankCity: 'г. Москва', bik: '044525225', corrAccount: '30101810400000000225' };
const MAIL_FROM = 'WorkCloud <billing@workcloud.test>';

let smtp: FakeSmtp;
let stack: TestStack;
let time: ReturnType<typeof billingTime>;
let ownerToken: string;
let dispatcher: MailDispatcher;
const sigma = { id: '', inn: '', adminToken: '' };
const theta = { id: '' };

/** Mails that arrived since the last call. */
let seen = 0;
function arrived(): ReceivedMail[] {
  const fresh = smtp.received.slice(seen);
  seen = smtp.received.length;
  return fresh;
}
const to = (mails: ReceivedMail[], address: string) => mails.filter((m) => m.rcptTo.includes(address));
const pdfText = (pdf: Buffer) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wc-mail-'));
  try {
    writeFileSync(path.join(dir, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', path.join(dir, 'a.pdf'), '-']).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

beforeAll(async () => {
  smtp = await startFakeSmtp();
  Object.assign(process.env, {
    WORKCLOUD_SELLER_NAME: SELLER.name,
    WORKCLOUD_SELLER_INN: SELLER.inn,
    WORKCLOUD_SELLER_KPP: SELLER.kpp,
    WORKCLOUD_SELLER_ACCOUNT: SELLER.account,
    WORKCLOUD_SELLER_BANK: 'ПАО СБЕРБАНК, г. Москва',
    WORKCLOUD_SELLER_BIK: SELLER.bik,
    WORKCLOUD_SELLER_CORR_ACCOUNT: SELLER.corrAccount,
  });
  stack = await startStack({ label: 'billing_mail', env: { SMTP_URL: smtp.url, MAIL_FROM } });
  time = billingTime(stack);
  dispatcher = stack.app.get(MailDispatcher);
  ownerToken = await login(stack.url, OWNER.email, OWNER.password);

  const a = await onboardTenant(stack, ownerToken, { name: 'ООО «Сигма»', adminEmail: 'Admin@Sigma.ru', modules: ['trade', 'notes'] });
  Object.assign(sigma, { id: a.tenantId, adminToken: a.adminToken });
  const b = await onboardTenant(stack, ownerToken, { name: 'ООО «Тета»', adminEmail: 'admin@theta.ru', modules: ['notes'] });
  theta.id = b.tenantId;
  await stack.db.knex('platform.tenants').whereIn('id', [a.tenantId, b.tenantId]).update({ created_at: '2026-03-02T07:00:00Z' });
  sigma.inn = (await stack.db.knex('platform.tenants').where({ id: a.tenantId }).first('inn')).inn;

  // «Сигма»: a second admin, an accountant (not an admin), an admin who has left (deactivated).
  const sigmaAdmin = client(stack.url, a.adminToken);
  const roles = (await sigmaAdmin.get('/api/admin/roles')).body as { id: string; code: string }[];
  const role = (code: string) => roles.find((r) => r.code === code)!.id;
  const add = async (api: ReturnType<typeof client>, email: string, roleCode: string, fullName: string) => {
    const res = await api.post('/api/admin/users', { email, fullName, password: 'Mail-Test-Passw0rd-1', roleIds: [roleCode] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  await add(sigmaAdmin, 'second@sigma.ru', role('admin'), 'Ольга Петрова');
  await add(sigmaAdmin, 'buh@sigma.ru', role('accountant'), 'Бухгалтер Сигмы');
  // Admin of «Тета», only an accountant at «Сигма»: gets «Тета»'s mail, never «Сигма»'s.
  await add(sigmaAdmin, 'both@multi.ru', role('accountant'), 'Иван Двойной');
  const gone = await add(sigmaAdmin, 'gone@sigma.ru', role('admin'), 'Ушедший Админ');
  expect((await sigmaAdmin.post(`/api/admin/users/${gone}/deactivate`)).status).toBe(200);
  const thetaAdmin = client(stack.url, b.adminToken);
  const thetaRoles = (await thetaAdmin.get('/api/admin/roles')).body as { id: string; code: string }[];
  await add(thetaAdmin, 'both@multi.ru', thetaRoles.find((r) => r.code === 'admin')!.id, 'Иван Двойной');
  // An existing account joins «Тета» only by accepting the invitation itself (backend/test/platform/people.test.ts).
  const both = client(stack.url, await login(stack.url, 'both@multi.ru', 'Mail-Test-Passw0rd-1'));
  const [invitation] = (await both.get('/api/me/invitations')).body;
  expect((await both.post(`/api/me/invitations/${invitation.id}/accept`)).status).toBe(200);
  // Only billing's letters are counted below; the invitation letters are tested with the invitations.
  await stack.db.knex('platform.mail_outbox').where('kind', 'like', 'auth.%').delete();
});
afterAll(async () => {
  await stack?.close();
  await smtp?.close();
});

describe('the monthly Счёт', () => {
  let invoice: { id: string; number: string; totalKopecks: number; vatKopecks: number };

  test('goes to every active admin of the company, with the PDF the admin UI downloads', async () => {
    expect((await time.cycle('2026-03-16')).invoicesIssued).toBe(2);
    const report = await dispatcher.dispatchDue();
    expect(report).toEqual({ sent: 4, retried: 0, failed: 0, notConfigured: false });
    const mails = arrived();
    // One message per recipient; nobody deactivated, no accountant, no other company's people.
    expect(mails.map((m) => m.rcptTo).flat().sort()).toEqual(['admin@sigma.ru', 'admin@theta.ru', 'both@multi.ru', 'second@sigma.ru']);
    for (const m of mails) {
      expect(m.rcptTo).toHaveLength(1);
      expect(m.mailFrom).toBe('billing@workcloud.test');
      expect(m.user).toBe('workcloud-mailer'); // signed in with the credentials of SMTP_URL
      expect(m.parsed.from?.value).toEqual([{ name: 'WorkCloud', address: 'billing@workcloud.test' }]);
    }

    [invoice] = (await client(stack.url, sigma.adminToken).get('/api/admin/billing/invoices')).body.items;
    expect(invoice).toMatchObject({ totalKopecks: 160000, vatKopecks: 28853 });
    const [mail, second] = [to(mails, 'admin@sigma.ru')[0], to(mails, 'second@sigma.ru')[0]];
    expect(mail.parsed.subject).toBe(`Счёт № ${invoice.number} на 1${NBSP}600,00${NBSP}₽ за WorkCloud — оплатить до 26.03.2026`);
    expect(second.parsed.subject).toBe(mail.parsed.subject);
    const text = mail.parsed.text!;
    expect(text).toContain(`Выставлен счёт № ${invoice.number} от 16.03.2026 за доступ к WorkCloud компании ООО «Сигма» за период с 16.03.2026 по 31.03.2026.`);
    expect(text).toContain(`Сумма: 1${NBSP}600,00${NBSP}₽ (Одна тысяча шестьсот рублей 00 копеек)`);
    expect(text).toContain(`В том числе НДС 22 %: 288,53${NBSP}₽`);
    expect(text).toContain('Оплатить до: 26.03.2026');
    expect(text).toContain(`— Доступ к модулю «Торговля и склад» WorkCloud за март 2026 с 16.03.2026 по 31.03.2026 (16 из 31 дн.) — 980,65${NBSP}₽`);
    expect(text).toContain('Оплатить в WorkCloud: http://localhost:8080/m/admin/billing');
    // The owner's brand and requisites sign it.
    expect(text).toContain('WorkCloud — ООО «ВоркКлауд Тест»\nИНН 7707083893, КПП 770701001');
    expect(text).toContain('Р/с 40702810938000099999 в ПАО СБЕРБАНК, г. Москва, БИК 044525225, к/с 30101810400000000225');
    expect(text).toContain('Вы получили это письмо как администратор компании ООО «Сигма» в WorkCloud.');
    expect(to(mails, 'second@sigma.ru')[0].parsed.text).toContain('Здравствуйте, Ольга Петрова!');
    // HTML says the same, escaped.
    expect(mail.parsed.html).toContain(`счёт № ${invoice.number}`);
    expect(mail.parsed.html).toContain('компании ООО «Сигма»');
    expect(mail.parsed.html).toContain(`<td><b>1${NBSP}600,00${NBSP}₽ (Одна тысяча шестьсот рублей 00 копеек)</b></td>`);
    expect(mail.parsed.html).toContain('<a href="http://localhost:8080/m/admin/billing"');

    // The PDF: a real PDF, named as the download, with the same content as GET …/invoices/:id/pdf.
    expect(mail.parsed.attachments).toHaveLength(1);
    const [attachment] = mail.parsed.attachments;
    expect(attachment.filename).toBe(`Счёт ${invoice.number}.pdf`);
    expect(attachment.contentType).toBe('application/pdf');
    expect(attachment.content.subarray(0, 5).toString()).toBe('%PDF-');
    const download = await fetch(`${stack.url}/api/admin/billing/invoices/${invoice.id}/pdf`, { headers: { authorization: `Bearer ${sigma.adminToken}` } });
    const downloaded = Buffer.from(await download.arrayBuffer());
    expect(pdfText(attachment.content)).toBe(pdfText(downloaded));
    expect(pdfText(attachment.content)).toContain(invoice.number);

    // «Тета»'s admins get «Тета»'s Счёт only.
    for (const m of [...to(mails, 'admin@theta.ru'), ...to(mails, 'both@multi.ru')]) {
      expect(m.parsed.subject).toMatch(new RegExp(`^Счёт № WC-\\d{6} на 619,35${NBSP}₽ за WorkCloud`));
      expect(m.parsed.subject).not.toContain(invoice.number);
      expect(m.parsed.text).toContain('компании ООО «Тета»');
    }
  });

  test('running the cycle again, or the dispatcher again, sends nothing new', async () => {
    const rows = Number((await stack.db.knex('platform.mail_outbox').count('* as n'))[0].n);
    await time.cycle('2026-03-16');
    await time.cycle('2026-03-17');
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(arrived()).toEqual([]);
    expect(Number((await stack.db.knex('platform.mail_outbox').count('* as n'))[0].n)).toBe(rows);
    // Writing the same event's mail again (e.g. a repeated step) is ignored by (event_key, recipient).
    const again = await enqueueMail(stack.db.knex, [{ eventKey: `billing.invoice_issued:${invoice.id}`, kind: 'billing.invoice_issued', to: 'ADMIN@sigma.ru', subject: 'x', text: 'x', html: 'x' }]);
    expect(again).toBe(0);
  });
});

describe('overdue', () => {
  test('a reminder names what is owed, the due date and the day work will be suspended', async () => {
    const report = await time.cycle('2026-03-27');
    expect(report.pastDue.sort()).toEqual([sigma.id, theta.id].sort());
    expect(report.reminders).toBe(2);
    expect((await dispatcher.dispatchDue()).sent).toBe(4);
    const mails = arrived();
    const [mail] = to(mails, 'admin@sigma.ru');
    const [invoice] = (await client(stack.url, sigma.adminToken).get('/api/admin/billing/invoices')).body.items;
    expect(mail.parsed.subject).toBe(`Напоминание: счёт № ${invoice.number} на 1${NBSP}600,00${NBSP}₽ не оплачен — работа будет приостановлена 10.04.2026`);
    expect(mail.parsed.text).toContain(`Счёт № ${invoice.number} от 16.03.2026 за WorkCloud не оплачен: срок оплаты был 26.03.2026.`);
    expect(mail.parsed.text).toContain(`К оплате: 1${NBSP}600,00${NBSP}₽`);
    expect(mail.parsed.text).toContain('Приостановка работы: 10.04.2026');
    expect(mail.parsed.text).toContain('Если счёт не будет оплачен, 10.04.2026 работа компании ООО «Сигма» в WorkCloud будет приостановлена');
    expect(mail.parsed.attachments.map((a) => a.filename)).toEqual([`Счёт ${invoice.number}.pdf`]);
    expect(to(mails, 'second@sigma.ru')).toHaveLength(1);
    expect(to(mails, 'buh@sigma.ru')).toHaveLength(0);

    // The same day again: no second reminder; the next one after reminder_every_days (3).
    await time.cycle('2026-03-27');
    await time.cycle('2026-03-29');
    expect((await dispatcher.dispatchDue()).sent).toBe(0);
    expect(arrived()).toEqual([]);
    expect((await time.cycle('2026-03-30')).reminders).toBe(2);
    expect((await dispatcher.dispatchDue()).sent).toBe(4);
    expect(to(arrived(), 'admin@sigma.ru')[0].parsed.subject).toContain('работа будет приостановлена 10.04.2026');
  });

  test('suspension for non-payment, then resumption after the payment arrives', async () => {
    time.setDay('2026-04-10');
    const report = await time.cycle('2026-04-10');
    expect(report.suspended.sort()).toEqual([sigma.id, theta.id].sort());
    await dispatcher.dispatchDue();
    const mails = to(arrived(), 'admin@sigma.ru');
    const invoices = (await client(stack.url, sigma.adminToken).get('/api/admin/billing/invoices')).body.items as { id: string; number: string; periodStart: string }[];
    const march = invoices.find((i) => i.periodStart === '2026-03-16')!;
    const april = invoices.find((i) => i.periodStart === '2026-04-01')!;
    // April's Счёт (3 100,00 ₽, due 20.04), the last reminder, and the suspension.
    expect(mails.map((m) => m.parsed.subject)).toEqual([
      `Счёт № ${april.number} на 3${NBSP}100,00${NBSP}₽ за WorkCloud — оплатить до 20.04.2026`,
      `Напоминание: счёт № ${march.number} на 1${NBSP}600,00${NBSP}₽ не оплачен — работа будет приостановлена 10.04.2026`,
      'Работа компании ООО «Сигма» в WorkCloud приостановлена за неоплату',
    ]);
    const suspended = mails[2];
    expect(suspended.parsed.text).toContain('С 10.04.2026 работа компании ООО «Сигма» в WorkCloud приостановлена');
    expect(suspended.parsed.text).toContain(`— Счёт № ${march.number} от 16.03.2026, срок оплаты 26.03.2026: к оплате 1${NBSP}600,00${NBSP}₽`);
    expect(suspended.parsed.text).toContain(`Всего к оплате: 1${NBSP}600,00${NBSP}₽`);
    expect(suspended.parsed.attachments.map((a) => a.filename)).toEqual([`Счёт ${march.number}.pdf`]);

    // A reminder while suspended says work has stopped (no future date).
    expect((await time.cycle('2026-04-13')).reminders).toBe(2);
    await dispatcher.dispatchDue();
    const reminder = to(arrived(), 'admin@sigma.ru')[0];
    expect(reminder.parsed.subject).toBe(`Напоминание: счёт № ${march.number} на 1${NBSP}600,00${NBSP}₽ не оплачен — работа приостановлена`);
    expect(reminder.parsed.text).toContain('приостановлена за неоплату');

    // «Сигма» pays the March Счёт by bank transfer (April's is not due yet) → works again → e-mail.
    time.setDay('2026-04-14');
    const statement = writeBankExchange([
      {
        kind: 'Платежное поручение',
        number: '77',
        date: '2026-04-14',
        creditedOn: '2026-04-14',
        amountKopecks: 160000,
        payer: { name: 'ООО «Сигма»', inn: sigma.inn, kpp: '', account: '40702810100000000077', bankName: 'АО «Банк»', bankCity: 'г. Москва', bik: '044525311', corrAccount: '30101810000000000311' },
        payee: SELLER,
        purpose: `Оплата по счёту № ${march.number} за WorkCloud, в т.ч. НДС`,
      },
    ]);
    const upload = await fetch(`${stack.url}/api/owner/billing/bank-statements`, { method: 'POST', headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(statement) });
    expect(upload.status).toBe(201);
    expect((await stack.db.knex('platform.tenants').where({ id: sigma.id }).first('status')).status).toBe('active');
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 2 });
    const resumed = arrived();
    expect(resumed.map((m) => m.rcptTo[0]).sort()).toEqual(['admin@sigma.ru', 'second@sigma.ru']);
    expect(resumed[0].parsed.subject).toBe('Работа компании ООО «Сигма» в WorkCloud возобновлена');
    expect(resumed[0].parsed.text).toContain('С 14.04.2026 работа компании ООО «Сигма» в WorkCloud возобновлена');
  });
});

describe('delivery failures', () => {
  const testMail = (key: string, address: string) => ({ eventKey: key, kind: 'test', to: address, subject: `Проверка ${key}`, text: `Текст ${key}`, html: `<p>Текст ${key}</p>` });
  const row = (key: string, address: string) => stack.db.knex('platform.mail_outbox').where({ event_key: key, recipient: address }).first();

  test('a refused recipient is retried with backoff, then marked failed with the error; the others still go', async () => {
    const failing = new MailDispatcher(stack.db, stack.app.get(MailAttachmentSources), { mail: loadMailConfig({ SMTP_URL: smtp.url, MAIL_FROM, MAIL_MAX_ATTEMPTS: '3' }) });
    smtp.rejectRecipient('nobody@sigma.ru', { code: 550, message: '5.1.1 <nobody@sigma.ru>: Recipient address rejected: User unknown' });
    await enqueueMail(stack.db.knex, [testMail('t1', 'nobody@sigma.ru'), testMail('t1', 'ok@sigma.ru'), testMail('t2', 'ok2@sigma.ru')]);
    const start = new Date();
    expect(await failing.dispatchDue({ now: start })).toEqual({ sent: 2, retried: 1, failed: 0, notConfigured: false });
    expect(arrived().map((m) => m.rcptTo[0]).sort()).toEqual(['ok2@sigma.ru', 'ok@sigma.ru']);
    let bad = await row('t1', 'nobody@sigma.ru');
    expect(bad).toMatchObject({ status: 'pending', attempts: 1 });
    expect(bad.last_error).toContain('550');
    expect(bad.last_error).toContain('User unknown');
    // The next attempt is 1 minute later: not before.
    expect(new Date(bad.next_attempt_at).getTime() - start.getTime()).toBe(60_000);
    expect(await failing.dispatchDue({ now: new Date(start.getTime() + 59_000) })).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(await failing.dispatchDue({ now: new Date(start.getTime() + 60_000) })).toMatchObject({ retried: 1 });
    bad = await row('t1', 'nobody@sigma.ru');
    expect(bad).toMatchObject({ status: 'pending', attempts: 2 });
    // Then 5 minutes; the third attempt is the last allowed (MAIL_MAX_ATTEMPTS=3).
    expect(new Date(bad.next_attempt_at).getTime() - start.getTime()).toBe(60_000 + 300_000);
    expect(await failing.dispatchDue({ now: new Date(start.getTime() + 360_000) })).toMatchObject({ failed: 1, sent: 0 });
    bad = await row('t1', 'nobody@sigma.ru');
    expect(bad).toMatchObject({ status: 'failed', attempts: 3, sent_at: null });
    expect(bad.last_error).toContain('550');
    expect(await failing.dispatchDue({ now: new Date(start.getTime() + 86_400_000) })).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(arrived()).toEqual([]);
    expect(await row('t1', 'ok@sigma.ru')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  test('the mail server down: the row waits and goes once the server answers', async () => {
    const down = new MailDispatcher(stack.db, stack.app.get(MailAttachmentSources), { mail: loadMailConfig({ SMTP_URL: await closedPortUrl(), MAIL_FROM }) });
    await enqueueMail(stack.db.knex, [testMail('t3', 'later@sigma.ru')]);
    const start = new Date();
    expect(await down.dispatchDue({ now: start })).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await row('t3', 'later@sigma.ru');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.last_error).toMatch(/ECONNREFUSED/);
    expect(await dispatcher.dispatchDue({ now: new Date(start.getTime() + 60_000) })).toMatchObject({ sent: 1 });
    expect(arrived().map((m) => m.rcptTo[0])).toEqual(['later@sigma.ru']);
    expect(await row('t3', 'later@sigma.ru')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('a mail is due in the millisecond it was enqueued (the dispatcher counts in milliseconds, PostgreSQL in microseconds)', async () => {
    await enqueueMail(stack.db.knex, [testMail('t5', 'same-ms@sigma.ru')]);
    // The JS clock reads the enqueue instant to the millisecond; with microseconds kept, the row was "later".
    const enqueuedAt = new Date((await row('t5', 'same-ms@sigma.ru')).next_attempt_at);
    expect(await dispatcher.dispatchDue({ now: enqueuedAt })).toMatchObject({ sent: 1 });
    expect(arrived().map((m) => m.rcptTo[0])).toEqual(['same-ms@sigma.ru']);
  });

  test('without SMTP_URL nothing is sent, nothing crashes, mails wait (said once in the log)', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => {});
    try {
      const none = new MailDispatcher(stack.db, stack.app.get(MailAttachmentSources), { mail: loadMailConfig({}) });
      await enqueueMail(stack.db.knex, [testMail('t4', 'wait@sigma.ru')]);
      expect(await none.dispatchDue()).toEqual({ sent: 0, retried: 0, failed: 0, notConfigured: true });
      expect(await none.dispatchDue()).toEqual({ sent: 0, retried: 0, failed: 0, notConfigured: true });
      expect(warn.mock.calls.filter(([message]) => String(message).includes('SMTP_URL не задан'))).toHaveLength(1);
      expect(await row('t4', 'wait@sigma.ru')).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
      expect(arrived()).toEqual([]);
      // The billing cycle itself never sends: it runs the same with or without a mail server.
      await expect(time.cycle('2026-04-15')).resolves.toMatchObject({ errors: [] });
    } finally {
      warn.mockRestore();
    }
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 1 });
    expect(arrived().map((m) => m.rcptTo[0])).toEqual(['wait@sigma.ru']);
  });
});

describe('owner API', () => {
  test('lists mails by status with paging, shows one, and sends a failed one again', async () => {
    const owner = client(stack.url, ownerToken);
    const failed = await owner.get('/api/owner/mail?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.total).toBe(1);
    expect(failed.body.items[0]).toMatchObject({ recipient: 'nobody@sigma.ru', status: 'failed', attempts: 3, kind: 'test' });
    expect(failed.body.items[0].lastError).toContain('550');

    const all = await owner.get('/api/owner/mail');
    const sent = await owner.get('/api/owner/mail?status=sent&limit=2&offset=1');
    expect(sent.body.items).toHaveLength(2);
    expect(sent.body.total).toBe(all.body.total - 1);
    const bySigma = await owner.get(`/api/owner/mail?tenantId=${sigma.id}&status=sent&limit=200`);
    expect(bySigma.body.items.every((m: { tenantName: string }) => m.tenantName === 'ООО «Сигма»')).toBe(true);
    expect(bySigma.body.items.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['billing.invoice_issued', 'billing.reminder', 'billing.suspended', 'billing.resumed']));
    const one = await owner.get(`/api/owner/mail/${bySigma.body.items[0].id}`);
    expect(one.body.text).toContain('Здравствуйте');
    expect(one.body.html).toContain('<!DOCTYPE html>');
    expect((await owner.get('/api/owner/mail?status=lost')).status).toBe(400);
    expect((await owner.get('/api/owner/mail/999999')).status).toBe(404);

    // Only the owner.
    expect((await client(stack.url, sigma.adminToken).get('/api/owner/mail')).status).toBe(403);
    expect((await client(stack.url, sigma.adminToken).post(`/api/owner/mail/${failed.body.items[0].id}/retry`)).status).toBe(403);

    // The address was fixed at the provider: send again.
    smtp.rejectRecipient('nobody@sigma.ru', null);
    const retry = await owner.post(`/api/owner/mail/${failed.body.items[0].id}/retry`);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await dispatcher.dispatchDue()).toMatchObject({ sent: 1 });
    expect(arrived().map((m) => m.rcptTo[0])).toEqual(['nobody@sigma.ru']);
    expect((await owner.post(`/api/owner/mail/${failed.body.items[0].id}/retry`)).status).toBe(409);
    const audit = await stack.db.knex('platform.audit_log').where({ entity: 'Mail', action: 'retry' }).first('entity_id');
    expect(audit.entity_id).toBe(String(failed.body.items[0].id));
  });
});

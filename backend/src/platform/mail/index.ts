/**
 * Outgoing e-mail of the platform (notifications to clients' people).
 *
 *   outbox.ts        enqueueMail(trx, mails): rows in platform.mail_outbox, written in the transaction of
 *                    the event they announce; UNIQUE (event_key, recipient) makes writing them idempotent
 *   attachments.ts   MailAttachmentSources: files built when sending (billing registers 'billing.invoice_pdf')
 *   dispatcher.ts    MailDispatcher.dispatchDue(): claim → send through SMTP_URL (nodemailer) → sent / retry / failed
 *   scheduler.ts     startMailDispatcher(app): the timer main.ts starts (MAIL_DISPATCH_SECONDS)
 *   mail.controller  owner API: GET /api/owner/mail?status=, GET /api/owner/mail/:id, POST /api/owner/mail/:id/retry
 * Environment variables: see config.ts (SMTP_URL, MAIL_FROM, MAIL_MAX_ATTEMPTS, MAIL_DISPATCH_SECONDS).
 */
import type { Provider, Type } from '@nestjs/common';
import { MailAttachmentSources } from './attachments';
import { MailDispatcher } from './dispatcher';
import { OwnerMailController } from './mail.controller';

export const mailControllers: Type[] = [OwnerMailController];
export const mailProviders: Provider[] = [MailAttachmentSources, MailDispatcher];

export { MailAttachmentSources, type MailFile } from './attachments';
export { loadMailConfig, type MailConfig } from './config';
export { MailDispatcher, smtpTransportOptions, type DispatchReport } from './dispatcher';
export { enqueueMail, escapeHtml, type MailAttachmentRef, type OutgoingMail } from './outbox';
export { startMailDispatcher } from './scheduler';

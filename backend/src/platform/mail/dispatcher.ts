import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { claimDue, retryDelaySeconds } from '../database/claim-due';
import { Database } from '../database/database';
import { MailAttachmentSources, type MailFile } from './attachments';
import type { MailAttachmentRef } from './outbox';

export interface DispatchReport {
  sent: number;
  /** Failed this time, to be tried again later. */
  retried: number;
  /** Failed for the last allowed time: status 'failed'. */
  failed: number;
  /** SMTP_URL is not set: nothing was tried, pending mails wait. */
  notConfigured: boolean;
}

interface OutboxRow {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachmentRef[];
  attempts: number;
}

/** How long a claimed row is not offered to another dispatcher (longer than one send can take). */
const LEASE_SECONDS = 600;

/**
 * Sends what platform.mail_outbox holds, at least once per row:
 *
 * 1. a due 'pending' row is claimed (claimDue: FOR UPDATE SKIP LOCKED, the attempt counted, a lease ahead) —
 *    several instances never send the same row at the same time, and a row whose sender crashed is sent
 *    again after the lease (hence "at least once"; the Message-ID is the same on every attempt, so mail
 *    clients show a repeat as one message);
 * 2. attachments are built from their sources, the mail goes to SMTP_URL;
 * 3. success → 'sent' with sent_at and the server's message id; failure → last_error and the next attempt
 *    after retryDelaysSeconds[attempt − 1], or 'failed' after MAIL_MAX_ATTEMPTS attempts.
 *    Each row (one recipient) is on its own: one refused address does not hold up the others.
 *
 * Without SMTP_URL nothing is sent and rows stay 'pending' (said once in the log).
 */
@Injectable()
export class MailDispatcher {
  private readonly log = new Logger('Mail');
  private warnedNotConfigured = false;

  constructor(
    private readonly db: Database,
    private readonly sources: MailAttachmentSources,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'mail'>,
  ) {}

  /** Sends up to `limit` due mails. `now` is when "due" is judged and the next attempt counted from. */
  async dispatchDue(options: { now?: Date; limit?: number } = {}): Promise<DispatchReport> {
    const now = options.now ?? new Date();
    const limit = options.limit ?? 100;
    const report: DispatchReport = { sent: 0, retried: 0, failed: 0, notConfigured: false };
    const mail = this.config.mail;
    if (!mail.smtpUrl) {
      report.notConfigured = true;
      if (!this.warnedNotConfigured) {
        this.warnedNotConfigured = true;
        const [{ count }] = await this.db.knex('platform.mail_outbox').where({ status: 'pending' }).count<{ count: string }[]>('* as count');
        this.log.warn(`SMTP_URL не задан: письма не отправляются и ждут в platform.mail_outbox (сейчас ${count}); они уйдут, когда SMTP_URL будет задан`);
      }
      return report;
    }
    // One pooled connection for the run, closed at its end (nothing stays open between runs).
    let transport: Transporter<SMTPTransport.SentMessageInfo> | undefined;
    try {
      for (let i = 0; i < limit; i++) {
        const row = await this.claim(now);
        if (!row) break;
        transport ??= nodemailer.createTransport(smtpTransportOptions(mail.smtpUrl));
        await this.attempt(transport, row, now, report);
      }
    } finally {
      transport?.close();
    }
    return report;
  }

  private async attempt(transport: Transporter<SMTPTransport.SentMessageInfo>, row: OutboxRow, now: Date, report: DispatchReport): Promise<void> {
    const mail = this.config.mail;
    try {
      const info = await this.send(transport, row);
      await this.db.knex('platform.mail_outbox').where({ id: row.id }).update({ status: 'sent', sent_at: this.db.knex.fn.now(), message_id: info.messageId ?? null });
      report.sent++;
    } catch (error) {
      const message = errorText(error);
      const final = row.attempts >= mail.maxAttempts;
      const delay = retryDelaySeconds(mail.retryDelaysSeconds, row.attempts);
      await this.db.knex('platform.mail_outbox')
        .where({ id: row.id })
        .update(final ? { status: 'failed', last_error: message } : { last_error: message, next_attempt_at: new Date(now.getTime() + delay * 1000) });
      if (final) {
        report.failed++;
        this.log.warn(`Письмо ${row.id} (${row.recipient}) не отправлено после ${row.attempts} попыток: ${message}`);
      } else report.retried++;
    }
  }

  private claim(now: Date): Promise<OutboxRow | null> {
    return claimDue<OutboxRow>(this.db.knex, {
      table: 'platform.mail_outbox',
      returning: ['id', 'recipient', 'subject', 'text', 'html', 'attachments', 'attempts'],
      now,
      leaseSeconds: LEASE_SECONDS,
    });
  }

  private async send(transport: Transporter<SMTPTransport.SentMessageInfo>, row: OutboxRow): Promise<SMTPTransport.SentMessageInfo> {
    const files: MailFile[] = [];
    for (const a of row.attachments) files.push(await this.sources.build(a.source, a.id));
    return transport.sendMail({
      from: this.config.mail.from,
      to: row.recipient,
      subject: row.subject,
      text: row.text,
      html: row.html,
      attachments: files.map((f) => ({ filename: f.fileName, content: f.content, contentType: f.contentType })),
      // The same on every attempt of this row: a repeat after a crash is recognisable as the same message.
      messageId: `<wc-mail-${row.id}@${domainOf(this.config.mail.from)}>`,
    });
  }
}

/**
 * SMTP_URL → nodemailer options: smtp://user:pass@host:port (STARTTLS when the server offers it) or
 * smtps:// (TLS at once). Query parameters pass options through: ?requireTLS=true, ?ignoreTLS=true,
 * ?name=<EHLO name>, ?tls.rejectUnauthorized=false (a server with a self-signed certificate), timeouts in ms.
 */
export function smtpTransportOptions(url: string): SMTPTransport.Options {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const options: SMTPTransport.Options & Record<string, unknown> = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  for (const [key, raw] of u.searchParams) {
    const value = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
    if (key.startsWith('tls.')) options.tls = { ...options.tls, [key.slice(4)]: value };
    else options[key] = value;
  }
  return options;
}

function domainOf(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match ? match[1] : 'workcloud.local';
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 2000);
}

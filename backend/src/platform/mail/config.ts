/**
 * E-mail settings (part of AppConfig, read once at start; documented in README):
 *   SMTP_URL              where mail is handed over: smtp://user:pass@host:587 (STARTTLS when offered) or
 *                         smtps://user:pass@host:465 (TLS from the start); user and password URL-encoded.
 *                         Not set: nothing is sent — mails stay 'pending' in platform.mail_outbox and go
 *                         out once it is set (the dispatcher says so in the log once).
 *   MAIL_FROM             the From of every mail (default `WorkCloud <no-reply@workcloud.local>`)
 *   MAIL_MAX_ATTEMPTS     attempts before a mail is marked 'failed' (default 5)
 *   MAIL_DISPATCH_SECONDS how often main.ts runs the dispatcher (default 30; 0 turns the timer off)
 */
export interface MailConfig {
  smtpUrl?: string;
  from: string;
  maxAttempts: number;
  dispatchSeconds: number;
  /** Pause after the 1st, 2nd, … failed attempt (the last value repeats). */
  retryDelaysSeconds: number[];
}

export const DEFAULT_MAIL_FROM = 'WorkCloud <no-reply@workcloud.local>';

export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^/]/i.test(smtpUrl)) throw new Error(`SMTP_URL: ожидается smtp://пользователь:пароль@сервер:порт или smtps://…, получено «${smtpUrl.replace(/:[^:@/]+@/, ':***@')}»`);
  const maxAttempts = Number(env.MAIL_MAX_ATTEMPTS || 5);
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`MAIL_MAX_ATTEMPTS="${env.MAIL_MAX_ATTEMPTS}": ожидается целое число ≥ 1`);
  return {
    smtpUrl,
    from: env.MAIL_FROM?.trim() || DEFAULT_MAIL_FROM,
    maxAttempts,
    dispatchSeconds: Number(env.MAIL_DISPATCH_SECONDS ?? 30),
    // 1 min, 5 min, 30 min, 2 h, 6 h: a short SMTP outage costs minutes, a long one is retried for hours.
    retryDelaysSeconds: [60, 300, 1800, 7200, 21600],
  };
}

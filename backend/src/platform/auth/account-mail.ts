import type { Knex } from '@mikro-orm/postgresql';
import { enqueueMail, escapeHtml } from '../mail';

/** A short letter about a person's own account (password link, invitation): paragraphs, one button-like link. */
export async function enqueueAccountMail(
  trx: Knex | Knex.Transaction,
  mail: { eventKey: string; kind: string; to: string; userId: string; tenantId?: string | null; subject: string; fullName?: string; paragraphs: string[]; link: { text: string; href: string }; footer: string },
): Promise<void> {
  const greeting = mail.fullName?.trim() ? `Здравствуйте, ${mail.fullName.trim()}!` : 'Здравствуйте!';
  const text = [greeting, ...mail.paragraphs, `${mail.link.text}: ${mail.link.href}`, mail.footer, 'WorkCloud'].join('\n\n');
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    ...mail.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(mail.link.href)}">${escapeHtml(mail.link.text)}</a></p>`,
    `<p style="color:#555;font-size:13px">${escapeHtml(mail.footer)}</p>`,
    '<p>WorkCloud</p>',
  ].join('\n');
  await enqueueMail(trx, [{ eventKey: mail.eventKey, kind: mail.kind, tenantId: mail.tenantId ?? null, userId: mail.userId, to: mail.to, subject: mail.subject, text, html }]);
}

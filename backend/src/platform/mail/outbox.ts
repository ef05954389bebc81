import type { Knex } from '@mikro-orm/postgresql';

/** A file attached when the mail is sent, built by the registered source (see MailAttachmentSources). */
export interface MailAttachmentRef {
  /** Registered source, e.g. 'billing.invoice_pdf'. */
  source: string;
  /** What the source builds the file from (an invoice id…). */
  id: string;
}

export interface OutgoingMail {
  /**
   * The event the mail announces, unique per recipient: the same key and address are written once,
   * however often the code that writes it runs (e.g. 'billing.invoice_issued:<invoice id>').
   */
  eventKey: string;
  /** For the owner's list and filters, e.g. 'billing.reminder'. */
  kind: string;
  tenantId?: string | null;
  userId?: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachmentRef[];
}

export type MailStatus = 'pending' | 'sent' | 'failed';

/**
 * Puts mails into platform.mail_outbox. Call it with the transaction of the change the mail announces:
 * the mail exists if and only if the change committed, and MailDispatcher sends it at least once.
 * A row with the same (event key, recipient) is left as it is. Returns how many rows were new.
 */
export async function enqueueMail(trx: Knex | Knex.Transaction, mails: OutgoingMail[]): Promise<number> {
  if (!mails.length) return 0;
  const inserted = await trx('platform.mail_outbox')
    .insert(
      mails.map((m) => ({
        event_key: m.eventKey,
        kind: m.kind,
        tenant_id: m.tenantId ?? null,
        user_id: m.userId ?? null,
        recipient: m.to.trim().toLowerCase(),
        subject: m.subject,
        text: m.text,
        html: m.html,
        attachments: JSON.stringify(m.attachments ?? []),
      })),
    )
    .onConflict(['event_key', 'recipient'])
    .ignore()
    .returning('id');
  return inserted.length;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

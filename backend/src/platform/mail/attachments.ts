import { Injectable } from '@nestjs/common';

export interface MailFile {
  fileName: string;
  content: Buffer;
  contentType: string;
}

export type MailAttachmentSource = (id: string) => Promise<MailFile>;

/**
 * Where attached files come from. A module registers a source by name (billing: 'billing.invoice_pdf'
 * renders a Счёт); outbox rows keep only { source, id }, and the file is built when the mail is sent.
 * The platform thus knows no module, and a row never holds a stale or bulky copy of a document.
 */
@Injectable()
export class MailAttachmentSources {
  private readonly sources = new Map<string, MailAttachmentSource>();

  register(name: string, source: MailAttachmentSource): void {
    this.sources.set(name, source);
  }

  async build(name: string, id: string): Promise<MailFile> {
    const source = this.sources.get(name);
    if (!source) throw new Error(`Нет источника вложений «${name}»`);
    return source(id);
  }
}

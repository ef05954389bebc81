import { Injectable } from '@nestjs/common';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { catalogItemReader } from './catalog-reader';
import { ruDate } from './dates';
import type { DocumentDeclaration } from './declarations';
import { DocumentReader } from './document-reader';
import { ConfigurationRegistry } from './registry';

export interface PrintedForm {
  content: Buffer;
  filename: string;
  contentType: string;
  /** How a browser should treat it: a PDF opens in place, another file (an ЭДО XML) is saved. */
  disposition: string;
}

/** Print forms of documents (Счёт, УПД, ТОРГ-12, the УПД XML for ЭДО), rendered for a document the caller may read. */
@Injectable()
export class PrintService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly documents: DocumentReader,
  ) {}

  async print(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, formCode: string): Promise<PrintedForm> {
    const form = decl.printForms?.find((f) => f.code === formCode);
    if (!form) throw Problem.notFound(`У документа «${decl.title}» нет печатной формы «${formCode}». Есть: ${(decl.printForms ?? []).map((f) => f.code).join(', ') || 'нет'}.`);
    const doc = await this.documents.get(ctx, decl, id);
    const out = await form.render(doc, {
      knex: this.db.knex,
      table: (name) => tenantTable(ctx.tenant.schema, name),
      catalogItem: catalogItemReader(this.registry, this.db.knex, ctx.tenant.schema, decl.module),
    });
    const file = Buffer.isBuffer(out) ? { content: out, filename: `${form.title} ${doc.number} от ${ruDate(doc.date)}.pdf` } : out;
    const contentType = form.contentType ?? 'application/pdf';
    const inline = contentType === 'application/pdf' ? `inline; filename="${encodeURIComponent(decl.code)}.pdf"; ` : 'attachment; ';
    return { ...file, contentType, disposition: `${inline}filename*=UTF-8''${encodeURIComponent(file.filename)}` };
  }
}

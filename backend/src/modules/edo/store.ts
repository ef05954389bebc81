import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { CatalogDeclaration } from '../../platform/engine/declarations';
import { searchText } from '../../platform/engine/records';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { edoFiles, edoHistory, edoInbox, edoOutbox } from './catalogs';
import type { Box, FileKind, FlowStatus } from './flow';
import type { EdoSignature } from './signer';

/**
 * The module's own tables in ONE tenant schema: a mailbox. The sender's request uses it with its own schema,
 * and, for delivery, with the recipient's schema — the only tables of another tenant WorkCloud writes, always
 * inside the sender's transaction, never read beyond the recipient's copy of the same document.
 */
export class Mailbox {
  constructor(
    private readonly trx: Knex.Transaction,
    readonly schema: string,
    private readonly userId: string | null,
  ) {}

  private table(decl: CatalogDeclaration) {
    return tenantTable(this.schema, `c_edo_${decl.code}`);
  }

  private async insert(decl: CatalogDeclaration, values: Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    await this.trx(this.table(decl)).insert({ id, ...values, custom: '{}', search_text: searchText(decl.fields, values, [values.name]), created_by: this.userId });
    return id;
  }

  box(box: Box) {
    return box === 'inbox' ? edoInbox : edoOutbox;
  }

  async get(box: Box, id: string, forUpdate = false) {
    const q = this.trx(this.table(this.box(box))).where({ id });
    if (forUpdate) q.forUpdate();
    return q.first();
  }

  createDocument(box: Box, values: Record<string, unknown>) {
    return this.insert(this.box(box), values);
  }

  async update(box: Box, id: string, patch: Record<string, unknown>) {
    await this.trx(this.table(this.box(box))).where({ id }).update({ ...patch, updated_at: this.trx.fn.now(), version: this.trx.raw('version + 1') });
  }

  addFile(box: Box, document: string, file: { kind: FileKind; fileId: string; content: Buffer; author: 'us' | 'counterparty'; signature: EdoSignature }) {
    return this.insert(edoFiles, {
      name: `${file.fileId}.xml`,
      box,
      document,
      kind: file.kind,
      file_id: file.fileId,
      author: file.author,
      content: file.content.toString('base64'),
      sha256: createHash('sha256').update(file.content).digest('hex'),
      signature: file.signature.kind,
    });
  }

  async addHistory(box: Box, document: string, entry: { action: string; from: FlowStatus | null; to: FlowStatus; by: 'us' | 'counterparty' | 'platform'; file?: string | null }) {
    const [{ n }] = await this.trx(tenantTable(this.schema, 'c_edo_history')).where({ document }).count<{ n: string }[]>('* as n');
    return this.insert(edoHistory, { name: entry.action, box, document, step: Number(n) + 1, action: entry.action, from_status: entry.from, to_status: entry.to, by: entry.by, file: entry.file ?? null });
  }

  files(document: string) {
    return this.trx(tenantTable(this.schema, 'c_edo_files')).where({ document }).orderBy('created_at').select('*');
  }
}

import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { auditRow } from '../../platform/audit/audit.service';
import { type Change, writeChanges } from '../../platform/engine/changes';
import type { CatalogDeclaration } from '../../platform/engine/declarations';
import { outboxRow } from '../../platform/engine/events';
import { searchText } from '../../platform/engine/records';
import { subjectOf, tableOf } from '../../platform/engine/registry';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { edoFiles, edoHistory, edoInbox, edoOutbox } from './catalogs';
import type { Box, FileKind, FlowStatus } from './flow';
import type { EdoSignature, Verification } from './signer';

/** A module table of one tenant, named by the engine from the declaration (never `c_edo_…` by hand). */
export const edoTable = (schema: string, decl: CatalogDeclaration) => tenantTable(schema, tableOf.catalog(decl));
export const boxOf = (box: Box) => (box === 'inbox' ? edoInbox : edoOutbox);

/**
 * Who writes into a mailbox: a user of its own tenant, or — for a document delivered from another company —
 * the tenant's system actor «ЭДО: входящий от <ИНН>» (no user), so that the recipient's audit log shows who
 * put the document there.
 */
export interface MailboxActor {
  tenantId: string;
  userId: string | null;
  /** Set for the system actor. */
  name?: string;
}

export const incomingActor = (tenantId: string, senderInn: string): MailboxActor => ({ tenantId, userId: null, name: `ЭДО: входящий от ${senderInn}` });

/** Columns never copied into the audit log and events: the file bytes (their SHA-256 is kept). */
const BULKY = new Set(['content', 'signature_der', 'search_text']);
const slim = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([k]) => !BULKY.has(k)));

/**
 * The module's tables in ONE tenant schema: a mailbox. The sender's request uses its own, and, for delivery, the
 * recipient's — the only tables of another tenant WorkCloud writes, inside the sender's transaction, never read
 * beyond the recipient's copy of the same document. Every write leaves the engine's change (outbox event + audit
 * entry) in the mailbox's own tenant, by its actor.
 */
export class Mailbox {
  constructor(
    private readonly trx: Knex.Transaction,
    readonly schema: string,
    private readonly actor: MailboxActor,
  ) {}

  private change(decl: CatalogDeclaration, type: string, id: string, before: unknown, after: Record<string, unknown>): Change {
    const by = this.actor.name ? { actor: this.actor.name } : {};
    const payloadAfter = { ...slim(after), ...by };
    return {
      event: outboxRow({ tenantId: this.actor.tenantId, aggregateType: subjectOf(decl), aggregateId: id, type, payload: { id, userId: this.actor.userId, before: before ?? null, after: payloadAfter } }),
      audit: auditRow({ tenantId: this.actor.tenantId, userId: this.actor.userId, action: type.split('.')[1], entity: subjectOf(decl), entityId: id, before, after: payloadAfter }),
    };
  }

  private async insert(decl: CatalogDeclaration, values: Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    await this.trx(edoTable(this.schema, decl)).insert({ id, ...values, custom: '{}', search_text: searchText(decl.fields, values, [values.name]), created_by: this.actor.userId });
    await writeChanges(this.trx, [this.change(decl, 'catalog.created', id, undefined, { id, ...values })]);
    return id;
  }

  async get(box: Box, id: string, forUpdate = false) {
    const q = this.trx(edoTable(this.schema, boxOf(box))).where({ id });
    if (forUpdate) q.forUpdate();
    return q.first();
  }

  createDocument(box: Box, values: Record<string, unknown>) {
    return this.insert(boxOf(box), values);
  }

  async update(box: Box, id: string, patch: Record<string, unknown>) {
    const decl = boxOf(box);
    const before = await this.trx(edoTable(this.schema, decl)).where({ id }).first(Object.keys(patch));
    await this.trx(edoTable(this.schema, decl)).where({ id }).update({ ...patch, updated_at: this.trx.fn.now(), version: this.trx.raw('version + 1') });
    await writeChanges(this.trx, [this.change(decl, 'catalog.updated', id, before, patch)]);
  }

  addFile(box: Box, document: string, file: { kind: FileKind; fileId: string; content: Buffer; author: 'us' | 'counterparty'; signature: EdoSignature; verification?: Verification; operatorEntity?: string | null }) {
    const v = file.verification;
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
      signature_der: file.signature.der?.toString('base64') ?? null,
      poa_number: file.signature.poa?.number ?? null,
      poa_principal_inn: file.signature.poa?.principalInn ?? null,
      verification: v?.status ?? (file.signature.der ? 'not_checked' : 'unsigned'),
      verification_note: v?.note ?? null,
      signer_name: v?.signer?.name ?? null,
      signer_inn: v?.signer?.inn ?? null,
      signed_at: v?.signedAt ?? null,
      operator_entity: file.operatorEntity ?? null,
    });
  }

  async addHistory(box: Box, document: string, entry: { action: string; from: FlowStatus | null; to: FlowStatus; by: 'us' | 'counterparty' | 'platform'; file?: string | null }) {
    const [{ n }] = await this.trx(edoTable(this.schema, edoHistory)).where({ document }).count<{ n: string }[]>('* as n');
    // The counterparty's step is news for the company: the document is unread until its card is opened (a display flag, not a change of the document).
    if (entry.by === 'counterparty') await this.trx(edoTable(this.schema, boxOf(box))).where({ id: document }).update({ unread: true });
    return this.insert(edoHistory, { name: entry.action, box, document, step: Number(n) + 1, action: entry.action, from_status: entry.from, to_status: entry.to, by: entry.by, file: entry.file ?? null });
  }

  files(document: string) {
    return this.trx(edoTable(this.schema, edoFiles)).where({ document }).orderBy('created_at').select('*');
  }
}

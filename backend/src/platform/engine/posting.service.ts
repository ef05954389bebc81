import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { assertCanPost, readsAll } from './access';
import { cachedCatalogReader, type CatalogCache } from './catalog-reader';
import { change, recordChange, writeChanges, type Change } from './changes';
import type { DocumentDeclaration, PostingContext } from './declarations';
import { DocumentHooks } from './document-hooks';
import { DocumentReader } from './document-reader';
import { HookDocumentsFactory } from './hook-documents';
import { PeriodLockService } from './period-lock.service';
import { documentOf, withHeader, type DocumentOut } from './records';
import { Registers } from './registers';
import { ConfigurationRegistry, qualified, subjectOf, tableOf } from './registry';

/** What the transaction posting a document already did or knows (see `PostingService.postInTransaction`). */
export interface PostingKnown {
  /** The document as this transaction has just written it (its row is locked by the insert). */
  doc?: DocumentOut;
  /** Its date was already checked against the closed period in this transaction. */
  periodChecked?: boolean;
  /** Events and audit entries of this transaction still to write (written together with the posting's own). */
  changes?: Change[];
  /** Its current movements were already reversed in this transaction (see `repostInOrder`). */
  reversed?: boolean;
  /** Catalog items this request has already read (by `beforeSave` just before). */
  catalogCache?: CatalogCache;
}

/**
 * Posting, cancelling and re-posting documents: the declaration's `post` turns a document into register
 * movements, written tagged with the posting revision; cancelling or re-posting writes storno rows — the
 * ledger is never rewritten. A document dated in a closed period is refused.
 */
@Injectable()
export class PostingService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly documents: DocumentReader,
    private readonly periods: PeriodLockService,
    private readonly hooks: DocumentHooks,
    private readonly hookDocuments: HookDocumentsFactory,
  ) {}

  /** `trx`: join the caller's transaction instead of committing alone. */
  async post(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, trx?: Knex.Transaction): Promise<DocumentOut> {
    const posted = await (trx ?? this.db.knex).transaction((own) => this.postInTransaction(own, ctx, decl, id));
    return posted ?? this.documents.get(ctx, decl, id, trx);
  }

  /**
   * Posting, atomically: the document row is locked; earlier movements (if re-posting) are reversed;
   * the declaration's `post` computes movements; the registers write them and check balances; the
   * status, the event and the audit entry are written — all or nothing. Returns the posted document
   * when the caller may read every document of its kind (else undefined: read it through the rules).
   */
  async postInTransaction(trx: Knex.Transaction, ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, known: PostingKnown = {}): Promise<DocumentOut | undefined> {
    if (!decl.post) throw Problem.unprocessable(`Документ «${decl.title}» не проводится.`);
    assertCanPost(ctx, decl);
    const doc = known.doc ?? (await this.documents.get(ctx, decl, id, trx, true));
    refuseEmpty(decl, doc);
    if (!known.periodChecked) await this.periods.assertOpen(trx, ctx, doc.date);
    // The periods modules keep closed (accounting's дата запрета), for every posting path.
    await this.hooks.assertOpen(trx, ctx, decl, doc, [doc.date]);
    const registers = new Registers(this.registry, trx, ctx.tenant.schema);
    const recorderType = subjectOf(decl);
    if (doc.status === 'posted' && !known.reversed) await this.storno(registers, ctx, decl, { type: recorderType, id, revision: Number(doc.revision) });
    const revision = Number(doc.revision) + 1;
    const t = (name: string) => tenantTable(ctx.tenant.schema, name);
    const cache = known.catalogCache ?? new Map();
    const contextIn = (module: string) => postingContext(this.registry, registers, trx, ctx.tenant.schema, module, cache);
    const recorder = { type: recorderType, id, revision, date: doc.date };
    const movements = await decl.post(doc, contextIn(decl.module));
    await registers.write(decl.module, recorder, movements);
    // Marked posted before the hooks: a document a hook creates may require its basis to be posted (an invoice for a sale).
    const [row] = await trx(t(tableOf.document(decl))).where({ id }).update({ status: 'posted', posted_at: trx.fn.now(), revision, updated_at: trx.fn.now() }).returning('*');
    // Other modules' movements for this document (accounting's entries for a trade document), same transaction.
    for (const hook of this.hooks.active(ctx, recorderType)) {
      const hookCtx = this.hookDocuments.context(trx, ctx, hook.module, contextIn(hook.module));
      await registers.write(hook.module, recorder, await hook.post(doc, hookCtx, movements));
      await hook.afterPost?.(doc, hookCtx, movements);
    }
    await writeChanges(trx, [...(known.changes ?? []), change(ctx, decl, 'document.posted', id, { status: doc.status }, { status: 'posted', revision, movements: movements.length })]);
    if (!readsAll(ctx, decl)) return undefined;
    // The header as just updated; the lines read again, since `post` may have written to them (an inventory's book quantities).
    const lines: Record<string, Record<string, any>[]> = {};
    for (const section of Object.keys(decl.sections ?? {})) lines[section] = await trx(t(tableOf.lines(decl, section))).where({ doc_id: id }).orderBy('line_no');
    return documentOf(decl, row, lines);
  }

  /**
   * Re-posts documents in the given order inside the caller's transaction (e.g. «восстановление
   * последовательности»: cost of goods recomputed in date order). Every document is locked first; those
   * no longer posted are skipped. The movements of documents marked `reverseFirst` (those whose movements
   * depend on the balances they read) are all reversed before any document is posted again, so each of
   * them reads only what comes before it in the order; the others are re-posted in place (storno, then
   * new movements). The caller's `ctx` needs the right to post each kind; the periods are the caller's
   * to check. Returns the documents re-posted, in order.
   */
  async repostInOrder(ctx: TenantRequestContext, trx: Knex.Transaction, docs: { decl: DocumentDeclaration; id: string; reverseFirst?: boolean }[]) {
    const locked: { decl: DocumentDeclaration; doc: DocumentOut; reverseFirst: boolean }[] = [];
    for (const d of docs) {
      const doc = await this.documents.get(ctx, d.decl, d.id, trx, true);
      if (doc.status === 'posted') locked.push({ decl: d.decl, doc, reverseFirst: !!d.reverseFirst });
    }
    const registers = new Registers(this.registry, trx, ctx.tenant.schema);
    for (const d of locked.filter((x) => x.reverseFirst)) await this.storno(registers, ctx, d.decl, { type: subjectOf(d.decl), id: d.doc.id, revision: Number(d.doc.revision) });
    for (const d of locked) await this.postInTransaction(trx, ctx, d.decl, d.doc.id, { doc: d.doc, periodChecked: true, reversed: d.reverseFirst });
    return locked.map((d) => ({ decl: d.decl, id: d.doc.id, date: d.doc.date }));
  }

  /** Cancels posting: the movements are reversed by storno rows, the document stays for the record. */
  async cancel(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string): Promise<DocumentOut> {
    const cancelled = await this.db.knex.transaction((trx) => this.cancelInTransaction(trx, ctx, decl, id));
    return cancelled ?? this.documents.get(ctx, decl, id);
  }

  /**
   * Cancelling in the caller's transaction: the hooking modules' `cancel` first (what they created for the
   * document — an invoice for a sale — is cancelled with it), then the movements reversed. Returns the
   * document when the caller may read every document of its kind.
   */
  async cancelInTransaction(trx: Knex.Transaction, ctx: TenantRequestContext, decl: DocumentDeclaration, id: string): Promise<DocumentOut | undefined> {
    const doc = await this.documents.get(ctx, decl, id, trx, true);
    assertCanPost(ctx, decl);
    if (doc.status !== 'posted') throw Problem.unprocessable('Документ не проведён — отменять нечего.');
    await this.periods.assertOpen(trx, ctx, doc.date);
    await this.hooks.assertOpen(trx, ctx, decl, doc, [doc.date]);
    const registers = new Registers(this.registry, trx, ctx.tenant.schema);
    const cache: CatalogCache = new Map();
    for (const hook of this.hooks.active(ctx, subjectOf(decl)))
      if (hook.cancel) await hook.cancel(doc, this.hookDocuments.context(trx, ctx, hook.module, postingContext(this.registry, registers, trx, ctx.tenant.schema, hook.module, cache)));
    await this.storno(registers, ctx, decl, { type: subjectOf(decl), id, revision: Number(doc.revision) });
    const [row] = await trx(tenantTable(ctx.tenant.schema, tableOf.document(decl))).where({ id }).update({ status: 'cancelled', updated_at: trx.fn.now() }).returning('*');
    await recordChange(trx, ctx, decl, 'document.cancelled', id, { status: 'posted' }, { status: 'cancelled' });
    return readsAll(ctx, decl) ? withHeader(decl, doc, row) : undefined;
  }

  /** Reverses a posting revision: the document's own movements and those other modules added to it. */
  private async storno(registers: Registers, ctx: TenantRequestContext, decl: DocumentDeclaration, recorder: { type: string; id: string; revision: number }) {
    await registers.storno(decl.module, recorder);
    for (const module of this.hooks.withTables(ctx, recorder.type)) await registers.storno(module, recorder);
  }
}

/**
 * What a `post` (or another module's hook) reads, in `module`: its registers and catalogs by code,
 * another module's as `module.code`; catalog items read once per `cache`.
 */
export function postingContext(registry: ConfigurationRegistry, registers: Registers, trx: Knex.Transaction, schema: string, module: string, cache: CatalogCache): PostingContext {
  return {
    knex: trx,
    schema,
    table: (name) => tenantTable(schema, name),
    balance: async (register, dimensions, date) => (await registers.balances(...qualified(module, register), date, dimensions))[0] ?? {},
    balances: async (register, date, filter = {}) => registers.balances(...qualified(module, register), date, filter),
    sliceLast: (register, dimensions, date) => registers.sliceLast(...qualified(module, register), dimensions, date),
    ...cachedCatalogReader(registry, trx, schema, module, cache),
  };
}

/** A document with tabular sections and not one line has nothing to post (an order with no goods). */
function refuseEmpty(decl: DocumentDeclaration, doc: Record<string, any>) {
  const sections = Object.entries(decl.sections ?? {}).filter(([, s]) => !s.optional);
  if (!sections.length || sections.some(([code]) => (doc[code] ?? []).length > 0)) return;
  throw Problem.unprocessable(`«${decl.title}» без строк провести нельзя: заполните ${sections.map(([, s]) => `«${s.title}»`).join(' или ')}.`);
}

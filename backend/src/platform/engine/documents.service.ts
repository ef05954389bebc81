import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { quoteSchema, tenantTable } from '../tenancy/tenant-schema';
import { tenantToday } from '../time/clock';
import { assertCan, readsAll } from './access';
import { cachedCatalogReader, type CatalogCache } from './catalog-reader';
import { change, recordChange, writeChanges } from './changes';
import { CustomFieldsService } from './custom-fields.service';
import type { DocumentDeclaration, PrefillContext } from './declarations';
import { DocumentHooks } from './document-hooks';
import { DocumentReader } from './document-reader';
import { HookDocumentsFactory } from './hook-documents';
import type { ListQuery } from './list-query';
import { PeriodLockService } from './period-lock.service';
import { PostingService } from './posting.service';
import { documentFields, documentOf, documentTitles, explainDbError, headerColumns, searchText, type DocumentOut } from './records';
import { Registers } from './registers';
import { RefFilters } from './ref-filters';
import { requiredWhenIssues } from './required-when';
import { UserDefaultsService } from './user-defaults';
import { ConfigurationRegistry, subjectOf, tableOf } from './registry';
import { crossFieldIssues, recordSchema } from './validation';

/**
 * Documents as records: validation, numbering, `beforeSave` and `compute`, saving the header and lines
 * (posting them when asked, through PostingService, in the same transaction), deleting drafts. Reads
 * go through DocumentReader (`list`, `get` here are the same reads).
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly reader: DocumentReader,
    private readonly posting: PostingService,
    private readonly periods: PeriodLockService,
    private readonly customFields: CustomFieldsService,
    private readonly hooks: DocumentHooks,
    private readonly userDefaults: UserDefaultsService,
    hookDocuments: HookDocumentsFactory,
  ) {
    hookDocuments.attach(this, posting);
  }

  list(ctx: TenantRequestContext, decl: DocumentDeclaration, query: ListQuery, trx?: Knex) {
    return this.reader.list(ctx, decl, query, trx);
  }

  get(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, trx?: Knex) {
    return this.reader.get(ctx, decl, id, trx);
  }

  private table(ctx: TenantRequestContext, name: string) {
    return tenantTable(ctx.tenant.schema, name);
  }

  /** What `beforeSave` and `prefill` read; `catalogCache` keeps the catalog items for the posting of the same request. */
  private saveContext(ctx: TenantRequestContext, decl: DocumentDeclaration, knex: Knex, catalogCache?: CatalogCache): PrefillContext {
    const registers = new Registers(this.registry, knex, ctx.tenant.schema);
    return {
      sliceLast: (register, dimensions, date) => registers.sliceLast(decl.module, register, dimensions, date),
      ...cachedCatalogReader(this.registry, knex, ctx.tenant.schema, decl.module, catalogCache),
    };
  }

  /** `draftLines`: lines may miss required values (live computation of a form being filled in). */
  private async validate(ctx: TenantRequestContext, decl: DocumentDeclaration, body: unknown, partial: boolean, draftLines = false, trx: Knex = this.db.knex) {
    const extra: Record<string, z.ZodType> = { version: z.number().int().optional() };
    for (const [section, s] of Object.entries(decl.sections ?? {}))
      extra[section] = z.array(recordSchema(s.fields, { partial: draftLines }), { message: `«${s.title}»: ожидается список строк` }).max(5000, `«${s.title}»: не больше 5000 строк`).optional();
    const custom = await this.customFields.of(ctx, subjectOf(decl), trx);
    const record = recordSchema(documentFields(decl), { partial, extra, custom }).parse(body ?? {}) as Record<string, any>;
    const issues = crossFieldIssues(decl.fields, record);
    // A document always has a date and a number: they may be left out (today, the next number), not erased.
    for (const [field, title] of [['date', 'Дата'], ['number', 'Номер']])
      if (record[field] === null) issues.push({ field, message: `«${title}»: не может быть пустым — укажите значение или не передавайте поле` });
    if (issues.length) throw Problem.badRequest(issues.map((i) => i.message).join('; '), { errors: issues });
    return record;
  }

  /**
   * What a new document gets without the user choosing it, in the form's live compute as on saving: the user's main
   * organization, warehouse… (their settings), then the only contract of the counterparty (and the like).
   */
  private async fillChoices(ctx: TenantRequestContext, decl: DocumentDeclaration, record: Record<string, unknown>, refs: RefFilters, read: PrefillContext['catalogItem'], trx?: Knex.Transaction) {
    await this.userDefaults.apply(ctx, decl, record, read, trx);
    await refs.fillOnlyChoices(decl.fields, record);
  }

  /**
   * A 400 naming each field required by its `requiredWhen` and left empty, and each reference whose item does not
   * fit the field's `filter` (another counterparty's contract).
   */
  private async refuseUnfit(refs: RefFilters, decl: DocumentDeclaration, record: Record<string, any>, read: PrefillContext['catalogItem']) {
    const issues = [...(await requiredWhenIssues(this.registry, decl.module, decl.fields, record, read)), ...(await refs.issues(decl.fields, record))];
    if (issues.length) throw Problem.badRequest(issues.map((i) => i.message).join('; '), { errors: issues });
  }

  /** The next number of the document's series (per year, and per `numberBy` value), e.g. `РТУ-000042`. */
  private async nextNumber(trx: Knex, ctx: TenantRequestContext, decl: DocumentDeclaration, record: Record<string, any>) {
    const series = `${subjectOf(decl)}:${decl.numberBy ? (record[decl.numberBy] ?? '') : ''}`;
    const year = Number(String(record.date).slice(0, 4));
    const { rows } = await trx.raw(
      `INSERT INTO ${quoteSchema(ctx.tenant.schema)}.number_series (series, year, last_number) VALUES (?, ?, 1)
       ON CONFLICT (series, year) DO UPDATE SET last_number = number_series.last_number + 1 RETURNING last_number`,
      [series, year],
    );
    return `${decl.numberPrefix}-${String(rows[0].last_number).padStart(6, '0')}`;
  }

  /**
   * Replaces the lines of the sections present in `record` and returns the written rows by section.
   * `fresh`: the document was inserted by this transaction, so it has no lines to delete yet.
   */
  private async writeLines(trx: Knex, ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, record: Record<string, any>, fresh = false) {
    const written: Record<string, Record<string, any>[]> = {};
    for (const section of Object.keys(decl.sections ?? {})) {
      if (record[section] === undefined) continue;
      const table = this.table(ctx, tableOf.lines(decl, section));
      if (!fresh) await trx(table).where({ doc_id: id }).delete();
      const lines = (record[section] as Record<string, unknown>[]).map((l, i) => ({ ...l, doc_id: id, line_no: i + 1 }));
      written[section] = [];
      for (let i = 0; i < lines.length; i += 500) written[section].push(...(await trx(table).insert(lines.slice(i, i + 500)).returning('*')));
    }
    return written;
  }

  /**
   * Runs the declaration's `beforeSave` and `compute` on an unsaved document (amounts, VAT, totals) and returns it,
   * so a form shows exactly what saving would store. Validation problems come back as 400, as on save.
   */
  async compute(ctx: TenantRequestContext, decl: DocumentDeclaration, body: unknown) {
    // A form being filled in is incomplete: required fields are not enforced, and lines still missing
    // a required value are returned as they are, in place, while the complete ones are computed.
    const record = await this.validate(ctx, decl, body, true, true);
    record.date ??= tenantToday(ctx.tenant);
    const reading = this.saveContext(ctx, decl, this.db.knex);
    await this.fillChoices(ctx, decl, record, new RefFilters(this.registry, this.db.knex, ctx.tenant.schema, decl.module, reading.catalogItem), reading.catalogItem);
    if (decl.prefill) await decl.prefill(record, reading);
    const drafts: Record<string, Record<string, unknown>[]> = {};
    const complete: Record<string, (line: Record<string, unknown>) => boolean> = {};
    for (const [section, s] of Object.entries(decl.sections ?? {})) {
      const required = Object.entries(s.fields).filter(([, f]) => f.required).map(([n]) => n);
      complete[section] = (l) => required.every((n) => l[n] !== undefined && l[n] !== null && l[n] !== '');
      drafts[section] = (record[section] ?? []) as Record<string, unknown>[];
      record[section] = drafts[section].filter(complete[section]);
    }
    // What saving completes before `compute` (a payroll's lines from the registers); a draft it still refuses
    // is computed without it — the refusal is for saving to say.
    if (decl.beforeSave) await decl.beforeSave(record, reading).catch((e: unknown) => {
      if (!(e instanceof Problem)) throw e;
    });
    decl.compute?.(record);
    for (const [section, lines] of Object.entries(drafts)) {
      const computed = [...(record[section] as Record<string, unknown>[])];
      record[section] = lines.map((l) => (complete[section](l) ? computed.shift() : l));
    }
    return record;
  }

  /** `post`: post it in the same transaction; `trx`: join the caller's transaction instead of committing alone. */
  async create(ctx: TenantRequestContext, decl: DocumentDeclaration, body: unknown, options: { post?: boolean; trx?: Knex.Transaction } = {}): Promise<DocumentOut> {
    assertCan(ctx, 'create', decl);
    // Catalog items read before saving (the organization, the products) are not read again by the posting.
    const catalogCache: CatalogCache = new Map();
    const saving = this.saveContext(ctx, decl, options.trx ?? this.db.knex, catalogCache);
    const refs = new RefFilters(this.registry, options.trx ?? this.db.knex, ctx.tenant.schema, decl.module, saving.catalogItem);
    // Filled in before required fields are checked.
    if (body && typeof body === 'object' && !Array.isArray(body)) await this.fillChoices(ctx, decl, (body = { ...body }) as Record<string, unknown>, refs, saving.catalogItem, options.trx);
    const record = await this.validate(ctx, decl, body, false, false, options.trx);
    record.date ??= tenantToday(ctx.tenant);
    for (const [n, f] of Object.entries(decl.fields)) if (record[n] === undefined && f.default !== undefined) record[n] = f.default;
    if (decl.beforeSave) await decl.beforeSave(record, saving);
    await this.refuseUnfit(refs, decl, record, saving.catalogItem);
    decl.compute?.(record);
    const id = randomUUID();
    // With unconditional read rules the rows written here are the document as it will be read back, so
    // posting and the response use them instead of reading the document again.
    const all = readsAll(ctx, decl);
    const saved = await (options.trx ?? this.db.knex)
      .transaction(async (trx) => {
        await this.periods.assertOpen(trx, ctx, record.date);
        record.number ??= await this.nextNumber(trx, ctx, decl, record);
        const [row] = await trx(this.table(ctx, tableOf.document(decl)))
          .insert({
            id,
            ...headerColumns(decl, record),
            status: 'draft',
            custom: JSON.stringify(record.custom ?? {}),
            search_text: searchText(decl.fields, record, [record.number]),
            created_by: ctx.principal.userId,
          })
          .returning('*');
        const lines = await this.writeLines(trx, ctx, decl, id, record, true);
        const created = change(ctx, decl, 'document.created', id, undefined, record);
        const doc = all ? documentOf(decl, row, lines) : undefined;
        // The period of the document's date was checked above, in this transaction.
        if (options.post) return this.posting.postInTransaction(trx, ctx, decl, id, { doc, periodChecked: true, changes: [created], catalogCache });
        await writeChanges(trx, [created]);
        return doc;
      })
      .catch((e) => explainDbError(e, documentTitles(decl)));
    return saved ?? this.reader.get(ctx, decl, id, options.trx);
  }

  /** Saves changes; a posted document is re-posted in the same transaction (its movements follow the change). */
  async update(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, body: unknown): Promise<DocumentOut> {
    const record = await this.validate(ctx, decl, body, true);
    await this.db.knex
      .transaction(async (trx) => {
        const before = await this.reader.get(ctx, decl, id, trx, true);
        if (record.version !== undefined && record.version !== before.version) throw Problem.conflict('Документ уже изменил другой пользователь. Обновите страницу.', { currentVersion: before.version });
        await this.periods.assertOpen(trx, ctx, before.status === 'posted' ? before.date : undefined, before.status === 'posted' ? record.date : undefined);
        const merged: Record<string, any> = { ...before, ...record };
        // The old date here; the new one when the change is posted below.
        if (before.status === 'posted') await this.hooks.assertOpen(trx, ctx, decl, before, [before.date]);
        const saving = this.saveContext(ctx, decl, trx);
        const refs = new RefFilters(this.registry, trx, ctx.tenant.schema, decl.module, saving.catalogItem);
        await refs.fillOnlyChoices(decl.fields, merged);
        if (decl.beforeSave) await decl.beforeSave(merged, saving);
        await this.refuseUnfit(refs, decl, merged, saving.catalogItem);
        decl.compute?.(merged);
        await trx(this.table(ctx, tableOf.document(decl)))
          .where({ id })
          .update({
            ...headerColumns(decl, merged),
            ...(record.custom ? { custom: JSON.stringify({ ...(before.custom as object), ...record.custom }) } : {}),
            search_text: searchText(decl.fields, merged, [merged.number]),
            updated_at: trx.fn.now(),
            version: trx.raw('version + 1'),
          });
        await this.writeLines(trx, ctx, decl, id, merged);
        const updated = change(ctx, decl, 'document.updated', id, before, record);
        // A posted document's old and new dates were checked above, in this transaction.
        if (before.status === 'posted') await this.posting.postInTransaction(trx, ctx, decl, id, { periodChecked: true, changes: [updated] });
        else await writeChanges(trx, [updated]);
      })
      .catch((e) => explainDbError(e, documentTitles(decl)));
    return this.reader.get(ctx, decl, id);
  }

  /** `trx`: join the caller's transaction (a hook deleting its module's document). */
  async delete(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, outer?: Knex.Transaction): Promise<void> {
    await (outer ?? this.db.knex).transaction(async (trx) => {
      const before = await this.reader.get(ctx, decl, id, trx, true);
      if (before.status === 'posted') throw Problem.unprocessable('Проведённый документ нельзя удалить: сначала отмените проведение.');
      await trx(this.table(ctx, tableOf.document(decl))).where({ id }).delete();
      await recordChange(trx, ctx, decl, 'document.deleted', id, before, undefined);
    });
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import Decimal from 'decimal.js';
import { z } from 'zod';
import { whereAllowed } from '../access/ability';
import type { TenantRequestContext } from '../access/request-context';
import { actionTitles, type Action } from '../access/subjects';
import { AuditService, auditRow } from '../audit/audit.service';
import type { KvStore } from '../cache/kv-store';
import { KV_STORE } from '../cache/tokens';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { quoteSchema, tenantTable } from '../tenancy/tenant-schema';
import type { CatalogDeclaration, DocumentDeclaration, DocumentRecord, Fields, PostingContext, PrefillContext, ReportDeclaration } from './declarations';
import { outboxRow } from './events';
import { Registers } from './registers';
import { ConfigurationRegistry, subjectOf, tableOf } from './registry';
import { crossFieldIssues, recordSchema, type CustomField } from './validation';

export interface ListQuery {
  search?: string;
  sort?: string;
  limit: number;
  offset: number;
  filters: Record<string, string>;
}

/** An outbox event and its audit entry, as rows ready to insert (see `writeChanges`). */
interface Change {
  event: ReturnType<typeof outboxRow>;
  audit: ReturnType<typeof auditRow>;
}

/** How long a process keeps a tenant's custom fields of one target; a change bumps the version at once. */
const CUSTOM_FIELDS_TTL_MS = 300_000;

/** Catalog items read during one request, by catalog and id (null: read and not found). */
type CatalogCache = Map<string, Map<string, Record<string, any> | null>>;

const SYSTEM_LIST_PARAMS = new Set(['search', 'sort', 'limit', 'offset', 'deleted', 'format']);

/** "ООО Ромашка" → `ООО:* & Ромашка:*` — every word as a prefix, for quick search. */
function toTsQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** PostgreSQL errors a person can fix, turned into problems that say what to fix. */
function explainDbError(e: unknown, titles: Record<string, string>): never {
  const err = e as { code?: string; constraint?: string; detail?: string };
  if (err.code === '23505') throw Problem.conflict(`Такая запись уже есть: ${describeConstraint(err.detail, titles)}. Измените значения или найдите существующую запись.`);
  if (err.code === '23503') {
    const field = /\((\w+)\)/.exec(err.detail ?? '')?.[1];
    if (/is still referenced/.test(err.detail ?? '')) throw Problem.conflict('Запись используется в других документах или справочниках — её можно только пометить на удаление.');
    throw Problem.badRequest(`Поле «${titles[field ?? ''] ?? field}»: выбранный элемент не найден. Выберите значение из списка.`);
  }
  throw e;
}

function describeConstraint(detail: string | undefined, titles: Record<string, string>) {
  const m = /Key \(([^)]+)\)=\(([^)]*)\)/.exec(detail ?? '');
  if (!m) return 'нарушена уникальность';
  const fields = m[1].split(', ').map((f) => `«${titles[f] ?? f}»`);
  return `${fields.join(', ')} = ${m[2]}`;
}

/**
 * What every declared catalog and document can do, without code of its own: list, read, create,
 * change, mark for deletion, post and cancel. All access goes through the tenant's schema from the
 * request context, with the caller's CASL rules applied in SQL.
 *
 * Each write is one transaction of its own. Code that must make several writes all or nothing (a bank
 * statement import) opens one with `withTransaction` and passes it as `trx` to the calls that take it:
 * they then join it instead of committing on their own, with the same validation and access checks.
 */
@Injectable()
export class EngineService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly audit: AuditService,
    @Inject(KV_STORE) private readonly kv: KvStore,
  ) {}

  /** Custom fields by `<schema>:<target>:<version>`, so every write and validation need not read them. */
  private readonly customFieldCache = new Map<string, { at: number; fields: CustomField[] }>();

  /** A table of the caller's tenant, for the query builder (which quotes both parts itself). */
  private t(ctx: TenantRequestContext, table: string) {
    return tenantTable(ctx.tenant.schema, table);
  }

  /**
   * Runs `fn` in one database transaction: what the engine calls given this `trx` write is committed
   * together when `fn` resolves, and none of it when `fn` throws.
   */
  withTransaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.knex.transaction(fn);
  }

  /**
   * A write's own transaction, or — inside the caller's `outer` one — a savepoint in it: a refused
   * write is undone alone and the caller decides whether the whole transaction fails.
   */
  private transaction<T>(outer: Knex.Transaction | undefined, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return (outer ?? this.db.knex).transaction(fn);
  }

  /**
   * The access guard checks the route's permission; in-process callers (an import creating catalog
   * items and documents of several kinds) reach writes the route did not name, so writes check too.
   */
  private assertCan(ctx: TenantRequestContext, action: Action, decl: { module: string; code: string; title: string }) {
    if (!ctx.ability.can(action, subjectOf(decl)))
      throw Problem.forbidden(`Недостаточно прав: нужно право «${actionTitles[action].ru}» на «${decl.title}». Попросите администратора компании добавить его в вашу роль.`, {
        missingPermission: { action, subject: subjectOf(decl) },
      });
  }

  /**
   * The tenant's own fields of a catalog or document. Cached per process by (schema, target) under the
   * tenant's custom-field version in the KV store, which `invalidateCustomFields` bumps on every change —
   * so a change is seen by the next request on every backend instance sharing the store.
   */
  async customFields(ctx: TenantRequestContext, target: string, trx: Knex = this.db.knex): Promise<CustomField[]> {
    const version = (await this.kv.get(`cfv:${ctx.tenant.id}`)) ?? '0';
    const key = `${ctx.tenant.schema}:${target}:${version}`;
    const cached = this.customFieldCache.get(key);
    if (cached && Date.now() - cached.at < CUSTOM_FIELDS_TTL_MS) return structuredClone(cached.fields);
    const rows = (await trx(this.t(ctx, 'custom_fields')).where({ target }).orderBy('created_at').select('code', 'title', 'type', 'values', 'ref', 'required')) as CustomField[];
    if (this.customFieldCache.size >= 1000) this.customFieldCache.clear();
    this.customFieldCache.set(key, { at: Date.now(), fields: structuredClone(rows) });
    return rows;
  }

  /** Custom fields of the tenant were added or removed: cached ones are stale everywhere. */
  async invalidateCustomFields(tenantId: string): Promise<void> {
    await this.kv.incr(`cfv:${tenantId}`, 30 * 24 * 3600);
  }

  /**
   * Whether the caller may read every document of the declaration (no conditions in the read rules):
   * then rows the engine has just written or locked can be returned as they are instead of being read
   * again through the rules.
   */
  private readsAll(ctx: TenantRequestContext, decl: DocumentDeclaration) {
    const subject = subjectOf(decl);
    return ctx.ability.can('read', subject) && ctx.ability.rulesFor('read', subject).every((r) => !r.conditions);
  }

  /** A document as `getDocument` returns it, from its header row and its line rows by section. */
  private documentOf(decl: DocumentDeclaration, header: Record<string, any>, lines: Record<string, Record<string, any>[]>) {
    const doc: Record<string, unknown> = this.toApi(this.documentFields(decl), header);
    for (const [section, s] of Object.entries(decl.sections ?? {}))
      doc[section] = [...(lines[section] ?? [])].sort((a, b) => a.line_no - b.line_no).map(({ doc_id: _d, ...l }) => this.toApi(s.fields, l));
    return doc as DocumentRecord & Record<string, any>;
  }

  /** DB row → API: money as integer kopecks, custom fields kept under `custom`. */
  private toApi(fields: Fields, row: Record<string, any>) {
    const out: Record<string, unknown> = { ...row };
    for (const [name, f] of Object.entries(fields)) if (f.type === 'money' && out[name] !== null && out[name] !== undefined) out[name] = Number(out[name]);
    delete out.search_text;
    return out;
  }

  /**
   * The words quick search matches. Punctuation becomes spaces, so «РТУ-000001» is found by «РТУ 000001»
   * or «000001» (PostgreSQL's parser would otherwise read «-000001» as a negative number).
   */
  private searchText(fields: Fields, record: Record<string, unknown>, base: unknown[]): string {
    return [...base, ...Object.entries(fields).filter(([, f]) => f.search).map(([n]) => record[n])]
      .filter((v) => v !== null && v !== undefined && v !== '')
      .join(' ')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  }

  private applyListQuery(q: Knex.QueryBuilder, fields: Fields, query: ListQuery, standard: string[]) {
    if (query.search) {
      const ts = toTsQuery(query.search);
      if (ts) q.whereRaw(`to_tsvector('simple', search_text) @@ to_tsquery('simple', ?)`, [ts]);
    }
    for (const [key, value] of Object.entries(query.filters)) {
      if (SYSTEM_LIST_PARAMS.has(key)) continue;
      const [field, op] = key.endsWith('_from') ? [key.slice(0, -5), '>='] : key.endsWith('_to') ? [key.slice(0, -3), '<='] : [key, '='];
      if (!fields[field] && !standard.includes(field)) throw Problem.badRequest(`Нельзя фильтровать по «${field}»: такого поля нет. Доступны: ${[...standard, ...Object.keys(fields)].join(', ')}.`);
      if (value === '') continue;
      const f = fields[field];
      if (f?.type === 'boolean') q.where(field, value === 'true');
      else if (op === '=' && value.includes(',') && (f?.type === 'ref' || f?.type === 'enum' || field === 'status')) q.whereIn(field, value.split(','));
      else q.where(field, op, value);
    }
    const sort = query.sort ?? '';
    const desc = sort.startsWith('-');
    const sortField = desc ? sort.slice(1) : sort;
    if (sortField) {
      if (!fields[sortField] && !standard.includes(sortField)) throw Problem.badRequest(`Нельзя сортировать по «${sortField}».`);
      q.orderBy(sortField, desc ? 'desc' : 'asc');
    }
  }

  /**
   * What a declaration's `beforeSave` reads, in the saving transaction. `catalogCache`: the catalog items it
   * reads are kept there, so posting the document in the same request does not read them again.
   */
  private saveContext(ctx: TenantRequestContext, decl: DocumentDeclaration, knex: Knex, catalogCache?: CatalogCache): PrefillContext {
    const registers = new Registers(this.registry, knex, ctx.tenant.schema);
    return {
      sliceLast: (register, dimensions, date) => registers.sliceLast(decl.module, register, dimensions, date),
      ...this.postingCatalogReader(ctx, decl.module, knex, catalogCache),
    };
  }

  /** Reads one item of a catalog of the declaration's module (null for an unknown catalog or id), for declared code. */
  private catalogItemReader(ctx: TenantRequestContext, module: string, knex: Knex = this.db.knex) {
    return async (catalog: string, itemId: string): Promise<Record<string, any> | null> => {
      const c = this.registry.catalog(module, catalog);
      if (!c || !itemId || !z.uuid().safeParse(itemId).success) return null;
      return (await knex(this.t(ctx, tableOf.catalog(c))).where({ id: itemId }).first()) ?? null;
    };
  }

  /**
   * The catalog reads of one posting: `catalogItems` reads every item not yet read in one statement,
   * `catalogItem` is the same read for one id; an item (or its absence) read once is not read again
   * during the posting. Each caller gets its own copy of a record.
   */
  private postingCatalogReader(ctx: TenantRequestContext, module: string, knex: Knex, cache: CatalogCache = new Map()) {
    const catalogItems = async (catalog: string, ids: Iterable<string>): Promise<Map<string, Record<string, any>>> => {
      const found = new Map<string, Record<string, any>>();
      const c = this.registry.catalog(module, catalog);
      if (!c) return found;
      let known = cache.get(catalog);
      if (!known) cache.set(catalog, (known = new Map()));
      const wanted = [...new Set(ids)].filter((id) => !!id && z.uuid().safeParse(id).success);
      const missing = wanted.filter((id) => !known.has(id));
      if (missing.length) {
        const rows: Record<string, any>[] = await knex(this.t(ctx, tableOf.catalog(c))).whereRaw('id = any(?::uuid[])', [missing]);
        for (const id of missing) known.set(id, null);
        for (const row of rows) known.set(String(row.id), row);
      }
      for (const id of wanted) {
        const row = known.get(id);
        if (row) found.set(id, { ...row });
      }
      return found;
    };
    const catalogItem = async (catalog: string, id: string): Promise<Record<string, any> | null> => (await catalogItems(catalog, [id])).get(id) ?? null;
    return { catalogItem, catalogItems };
  }

  // ---------------------------------------------------------------- catalogs

  private catalogFields(decl: CatalogDeclaration): Fields {
    return { name: { type: 'string', title: 'Наименование', required: true, search: true }, ...decl.fields };
  }

  async listCatalog(ctx: TenantRequestContext, decl: CatalogDeclaration, query: ListQuery, trx: Knex = this.db.knex) {
    const fields = this.catalogFields(decl);
    const q = trx(this.t(ctx, tableOf.catalog(decl)));
    if (query.filters.deleted !== 'true') q.where('deletion_mark', false);
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    const standard = ['name', 'code', 'created_at', 'updated_at', ...(decl.hierarchical ? ['parent_id', 'is_group'] : []), ...(decl.owner ? ['owner_id'] : [])];
    this.applyListQuery(q, fields, query, standard);
    if (!query.sort) q.orderBy(decl.orderBy?.field ?? 'name', decl.orderBy?.direction ?? 'asc');
    q.orderBy('id');
    const [{ count }] = await q.clone().clearSelect().clearOrder().count<{ count: string }[]>('* as count');
    const rows = await q.select('*').limit(query.limit).offset(query.offset);
    return { items: rows.map((r) => this.toApi(fields, r)), total: Number(count) };
  }

  async getCatalogItem(ctx: TenantRequestContext, decl: CatalogDeclaration, id: string, trx: Knex = this.db.knex) {
    if (!z.uuid().safeParse(id).success) throw Problem.notFound(`${decl.title}: элемент не найден.`);
    const q = trx(this.t(ctx, tableOf.catalog(decl))).where({ id });
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    const row = await q.first();
    if (!row) throw Problem.notFound(`${decl.title}: элемент не найден.`);
    return this.toApi(this.catalogFields(decl), row);
  }

  private async validateCatalog(ctx: TenantRequestContext, decl: CatalogDeclaration, body: unknown, partial: boolean, trx: Knex = this.db.knex) {
    const fields = this.catalogFields(decl);
    const extra: Record<string, z.ZodType> = {
      code: z.string().trim().max(50).nullable().optional(),
      version: z.number().int().optional(),
      ...(decl.hierarchical ? { parent_id: z.uuid().nullable().optional(), is_group: z.boolean().optional() } : {}),
      ...(decl.owner ? { owner_id: partial ? z.uuid().optional() : z.uuid({ message: 'Укажите владельца (owner_id)' }) } : {}),
    };
    const custom = await this.customFields(ctx, subjectOf(decl), trx);
    const record = recordSchema(fields, { partial, extra, custom }).parse(body ?? {}) as Record<string, any>;
    const issues = crossFieldIssues(fields, record);
    if (issues.length) throw Problem.badRequest(issues.map((i) => i.message).join('; '), { errors: issues });
    return { record, fields };
  }

  /** `trx`: join the caller's transaction (see `withTransaction`) instead of committing alone. */
  async createCatalogItem(ctx: TenantRequestContext, decl: CatalogDeclaration, body: unknown, trx?: Knex.Transaction) {
    this.assertCan(ctx, 'create', decl);
    const { record, fields } = await this.validateCatalog(ctx, decl, body, false, trx);
    const { version: _v, custom, ...values } = record;
    for (const [n, f] of Object.entries(decl.fields)) if (values[n] === undefined && f.default !== undefined) values[n] = f.default;
    const id = randomUUID();
    const row = { id, ...values, custom: JSON.stringify(custom ?? {}), search_text: this.searchText(fields, values, [values.code]), created_by: ctx.principal.userId };
    await this.transaction(trx, async (own) => {
      await own(this.t(ctx, tableOf.catalog(decl))).insert(row);
      await this.recordChange(own, ctx, decl, 'catalog.created', id, undefined, { id, ...values, custom });
    }).catch((e) => explainDbError(e, titlesOf(fields)));
    return this.getCatalogItem(ctx, decl, id, trx);
  }

  async updateCatalogItem(ctx: TenantRequestContext, decl: CatalogDeclaration, id: string, body: unknown) {
    const before = await this.getCatalogItem(ctx, decl, id);
    const { record, fields } = await this.validateCatalog(ctx, decl, body, true);
    const { version, custom, ...values } = record;
    if (version !== undefined && version !== before.version) throw Problem.conflict('Запись уже изменил другой пользователь. Обновите страницу и внесите изменения заново.', { currentVersion: before.version });
    if (!ctx.ability.can('update', subjectOf(decl))) throw Problem.forbidden(`Недостаточно прав на изменение: ${decl.title}.`);
    const merged = { ...before, ...values };
    const patch = {
      ...values,
      ...(custom ? { custom: JSON.stringify({ ...(before.custom as object), ...custom }) } : {}),
      search_text: this.searchText(fields, merged, [merged.code]),
      updated_at: this.db.knex.fn.now(),
      version: this.db.knex.raw('version + 1'),
    };
    await this.db.knex
      .transaction(async (trx) => {
        await trx(this.t(ctx, tableOf.catalog(decl))).where({ id }).update(patch);
        await this.recordChange(trx, ctx, decl, 'catalog.updated', id, before, { ...values, custom });
      })
      .catch((e) => explainDbError(e, titlesOf(fields)));
    return this.getCatalogItem(ctx, decl, id);
  }

  /** Catalog items are marked for deletion (documents may still refer to them), as in 1C. */
  async markCatalogItemDeleted(ctx: TenantRequestContext, decl: CatalogDeclaration, id: string, mark = true) {
    const before = await this.getCatalogItem(ctx, decl, id);
    await this.db.knex.transaction(async (trx) => {
      await trx(this.t(ctx, tableOf.catalog(decl))).where({ id }).update({ deletion_mark: mark, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
      await this.recordChange(trx, ctx, decl, mark ? 'catalog.deleted' : 'catalog.restored', id, before, { deletion_mark: mark });
    });
    return this.getCatalogItem(ctx, decl, id);
  }

  private async recordChange(trx: Knex.Transaction, ctx: TenantRequestContext, decl: { module: string; code: string }, type: string, id: string, before: unknown, after: unknown) {
    await this.writeChanges(trx, [this.change(ctx, decl, type, id, before, after)]);
  }

  /** An event and its audit entry, serialised now (later changes to `before`/`after` do not leak in). */
  private change(ctx: TenantRequestContext, decl: { module: string; code: string }, type: string, id: string, before: unknown, after: unknown): Change {
    return {
      event: outboxRow({ tenantId: ctx.tenant.id, aggregateType: subjectOf(decl), aggregateId: id, type, payload: { id, userId: ctx.principal.userId, before: before ?? null, after: after ?? null } }),
      audit: auditRow({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: type.split('.')[1], entity: subjectOf(decl), entityId: id, before, after }),
    };
  }

  /** Outbox events and audit entries, in their order, in one statement of the caller's transaction. */
  private async writeChanges(trx: Knex.Transaction, changes: Change[]) {
    if (!changes.length) return;
    await trx
      .with('events', trx('platform.outbox').insert(changes.map((c) => c.event)))
      .insert(changes.map((c) => c.audit))
      .into('platform.audit_log');
  }

  // ---------------------------------------------------------------- documents

  private documentFields(decl: DocumentDeclaration): Fields {
    return { date: { type: 'date', title: 'Дата' }, number: { type: 'string', title: 'Номер', maxLength: 40 }, ...decl.fields };
  }

  async listDocuments(ctx: TenantRequestContext, decl: DocumentDeclaration, query: ListQuery, trx: Knex = this.db.knex) {
    const fields = this.documentFields(decl);
    const q = trx(this.t(ctx, tableOf.document(decl)));
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    this.applyListQuery(q, fields, query, ['number', 'date', 'status', 'created_at', 'created_by']);
    if (!query.sort) q.orderBy([{ column: 'date', order: 'desc' }, { column: 'number', order: 'desc' }]);
    const [{ count }] = await q.clone().clearSelect().clearOrder().count<{ count: string }[]>('* as count');
    const rows = await q.select('*').limit(query.limit).offset(query.offset);
    return { items: rows.map((r) => this.toApi(fields, r)), total: Number(count) };
  }

  async getDocument(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, trx: Knex = this.db.knex, forUpdate = false) {
    if (!z.uuid().safeParse(id).success) throw Problem.notFound(`${decl.title}: документ не найден.`);
    const q = trx(this.t(ctx, tableOf.document(decl))).where({ id });
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    if (forUpdate) q.forUpdate();
    const row = await q.first();
    if (!row) throw Problem.notFound(`${decl.title}: документ не найден.`);
    const doc: Record<string, unknown> = this.toApi(this.documentFields(decl), row);
    for (const [section, s] of Object.entries(decl.sections ?? {})) {
      const lines = await trx(this.t(ctx, tableOf.lines(decl, section))).where({ doc_id: id }).orderBy('line_no');
      doc[section] = lines.map(({ doc_id: _d, ...l }) => this.toApi(s.fields, l));
    }
    return doc as DocumentRecord & Record<string, any>;
  }

  /** `draftLines`: lines may miss required values (live computation of a form being filled in). */
  private async validateDocument(ctx: TenantRequestContext, decl: DocumentDeclaration, body: unknown, partial: boolean, draftLines = false, trx: Knex = this.db.knex) {
    const extra: Record<string, z.ZodType> = { version: z.number().int().optional() };
    for (const [section, s] of Object.entries(decl.sections ?? {}))
      extra[section] = z.array(recordSchema(s.fields, { partial: draftLines }), { message: `«${s.title}»: ожидается список строк` }).max(5000, `«${s.title}»: не больше 5000 строк`).optional();
    const custom = await this.customFields(ctx, subjectOf(decl), trx);
    const record = recordSchema(this.documentFields(decl), { partial, extra, custom }).parse(body ?? {}) as Record<string, any>;
    const issues = crossFieldIssues(decl.fields, record);
    if (issues.length) throw Problem.badRequest(issues.map((i) => i.message).join('; '), { errors: issues });
    return record;
  }

  private async assertPeriodOpen(trx: Knex, ctx: TenantRequestContext, ...dates: (string | undefined)[]) {
    const lock = await trx(this.t(ctx, 'period_lock')).first('closed_through');
    const closed = lock?.closed_through as string | null;
    const hit = dates.find((d) => d && closed && d <= closed);
    if (hit) throw Problem.unprocessable(`Период по ${ruDate(closed!)} закрыт: документ от ${ruDate(hit)} изменить нельзя. Откройте период (раздел «Закрытие периода») или выберите другую дату.`, { closedThrough: closed });
  }

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
      if (!fresh) await trx(this.t(ctx, tableOf.lines(decl, section))).where({ doc_id: id }).delete();
      const lines = (record[section] as Record<string, unknown>[]).map((l, i) => ({ ...l, doc_id: id, line_no: i + 1 }));
      written[section] = [];
      for (let i = 0; i < lines.length; i += 500) written[section].push(...(await trx(this.t(ctx, tableOf.lines(decl, section))).insert(lines.slice(i, i + 500)).returning('*')));
    }
    return written;
  }

  private headerColumns(decl: DocumentDeclaration, record: Record<string, any>) {
    const header: Record<string, unknown> = {};
    for (const name of [...Object.keys(decl.fields), 'date', 'number']) if (record[name] !== undefined) header[name] = record[name];
    return header;
  }

  /**
   * Runs the declaration's `compute` on an unsaved document (amounts, VAT, totals) and returns it,
   * so a form shows exactly what saving would store. Validation problems come back as 400, as on save.
   */
  async computeDocument(ctx: TenantRequestContext, decl: DocumentDeclaration, body: unknown) {
    // A form being filled in is incomplete: required fields are not enforced, and lines still missing
    // a required value are returned as they are, in place, while the complete ones are computed.
    const record = await this.validateDocument(ctx, decl, body, true, true);
    record.date ??= todayInMoscow();
    if (decl.prefill) {
      const registers = new Registers(this.registry, this.db.knex, ctx.tenant.schema);
      await decl.prefill(record, {
        sliceLast: (register, dimensions, date) => registers.sliceLast(decl.module, register, dimensions, date),
        ...this.postingCatalogReader(ctx, decl.module, this.db.knex),
      });
    }
    const drafts: Record<string, Record<string, unknown>[]> = {};
    const complete: Record<string, (line: Record<string, unknown>) => boolean> = {};
    for (const [section, s] of Object.entries(decl.sections ?? {})) {
      const required = Object.entries(s.fields).filter(([, f]) => f.required).map(([n]) => n);
      complete[section] = (l) => required.every((n) => l[n] !== undefined && l[n] !== null && l[n] !== '');
      drafts[section] = (record[section] ?? []) as Record<string, unknown>[];
      record[section] = drafts[section].filter(complete[section]);
    }
    decl.compute?.(record);
    for (const [section, lines] of Object.entries(drafts)) {
      const computed = [...(record[section] as Record<string, unknown>[])];
      record[section] = lines.map((l) => (complete[section](l) ? computed.shift() : l));
    }
    return record;
  }

  /** `post`: post it in the same transaction; `trx`: join the caller's transaction (see `withTransaction`). */
  async createDocument(ctx: TenantRequestContext, decl: DocumentDeclaration, body: unknown, options: { post?: boolean; trx?: Knex.Transaction } = {}) {
    this.assertCan(ctx, 'create', decl);
    const record = await this.validateDocument(ctx, decl, body, false, false, options.trx);
    record.date ??= todayInMoscow();
    for (const [n, f] of Object.entries(decl.fields)) if (record[n] === undefined && f.default !== undefined) record[n] = f.default;
    // Catalog items read before saving (the organization, the products) are not read again by the posting.
    const catalogCache: CatalogCache = new Map();
    if (decl.beforeSave) await decl.beforeSave(record, this.saveContext(ctx, decl, options.trx ?? this.db.knex, catalogCache));
    decl.compute?.(record);
    const id = randomUUID();
    // With unconditional read rules the rows written here are the document as it will be read back, so
    // posting and the response use them instead of reading the document again.
    const readsAll = this.readsAll(ctx, decl);
    const saved = await this.transaction(options.trx, async (trx) => {
      await this.assertPeriodOpen(trx, ctx, record.date);
      record.number ??= await this.nextNumber(trx, ctx, decl, record);
      const header = this.headerColumns(decl, record);
      const [row] = await trx(this.t(ctx, tableOf.document(decl)))
        .insert({
          id,
          ...header,
          status: 'draft',
          custom: JSON.stringify(record.custom ?? {}),
          search_text: this.searchText(decl.fields, record, [record.number]),
          created_by: ctx.principal.userId,
        })
        .returning('*');
      const lines = await this.writeLines(trx, ctx, decl, id, record, true);
      const created = this.change(ctx, decl, 'document.created', id, undefined, record);
      const doc = readsAll ? this.documentOf(decl, row, lines) : undefined;
      // The period of the document's date was checked above, in this transaction.
      if (options.post) return this.postInTransaction(trx, ctx, decl, id, { doc, periodChecked: true, changes: [created], catalogCache });
      await this.writeChanges(trx, [created]);
      return doc;
    }).catch((e) => explainDbError(e, titlesOf({ ...decl.fields, ...Object.assign({}, ...Object.values(decl.sections ?? {}).map((s) => titlesOf(s.fields))) })));
    return saved ?? this.getDocument(ctx, decl, id, options.trx);
  }

  /** Saves changes; a posted document is re-posted in the same transaction (its movements follow the change). */
  async updateDocument(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, body: unknown) {
    const record = await this.validateDocument(ctx, decl, body, true);
    await this.db.knex
      .transaction(async (trx) => {
        const before = await this.getDocument(ctx, decl, id, trx, true);
        if (record.version !== undefined && record.version !== before.version) throw Problem.conflict('Документ уже изменил другой пользователь. Обновите страницу.', { currentVersion: before.version });
        await this.assertPeriodOpen(trx, ctx, before.status === 'posted' ? before.date : undefined, before.status === 'posted' ? record.date : undefined);
        const merged: Record<string, any> = { ...before, ...record };
        if (decl.beforeSave) await decl.beforeSave(merged, this.saveContext(ctx, decl, trx));
        decl.compute?.(merged);
        const header = this.headerColumns(decl, merged);
        await trx(this.t(ctx, tableOf.document(decl)))
          .where({ id })
          .update({
            ...header,
            ...(record.custom ? { custom: JSON.stringify({ ...(before.custom as object), ...record.custom }) } : {}),
            search_text: this.searchText(decl.fields, merged, [merged.number]),
            updated_at: trx.fn.now(),
            version: trx.raw('version + 1'),
          });
        await this.writeLines(trx, ctx, decl, id, merged);
        const updated = this.change(ctx, decl, 'document.updated', id, before, record);
        // A posted document's old and new dates were checked above, in this transaction.
        if (before.status === 'posted') await this.postInTransaction(trx, ctx, decl, id, { periodChecked: true, changes: [updated] });
        else await this.writeChanges(trx, [updated]);
      })
      .catch((e) => explainDbError(e, titlesOf(decl.fields)));
    return this.getDocument(ctx, decl, id);
  }

  async deleteDocument(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string) {
    await this.db.knex.transaction(async (trx) => {
      const before = await this.getDocument(ctx, decl, id, trx, true);
      if (before.status === 'posted') throw Problem.unprocessable('Проведённый документ нельзя удалить: сначала отмените проведение.');
      await trx(this.t(ctx, tableOf.document(decl))).where({ id }).delete();
      await this.recordChange(trx, ctx, decl, 'document.deleted', id, before, undefined);
    });
  }

  /** `trx`: join the caller's transaction (see `withTransaction`) instead of committing alone. */
  async post(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, trx?: Knex.Transaction) {
    const posted = await this.transaction(trx, (own) => this.postInTransaction(own, ctx, decl, id));
    return posted ?? this.getDocument(ctx, decl, id, trx);
  }

  /**
   * Posting, atomically: the document row is locked; earlier movements (if re-posting) are reversed;
   * the declaration's `post` computes movements; the registers write them and check balances; the
   * status, the event and the audit entry are written — all or nothing.
   */
  private async postInTransaction(
    trx: Knex.Transaction,
    ctx: TenantRequestContext,
    decl: DocumentDeclaration,
    id: string,
    /**
     * `doc`: the document as this transaction has just written it (its row is locked by the insert);
     * `periodChecked`: its date was already checked in this transaction; `changes`: events and audit
     * entries of this transaction still to write (written together with the posting's own);
     * `reversed`: its current movements were already reversed in this transaction (see `repostInOrder`);
     * `catalogCache`: catalog items this request has already read (by `beforeSave` just before).
     */
    known: { doc?: DocumentRecord & Record<string, any>; periodChecked?: boolean; changes?: Change[]; reversed?: boolean; catalogCache?: CatalogCache } = {},
  ): Promise<(DocumentRecord & Record<string, any>) | undefined> {
    if (!decl.post) throw Problem.unprocessable(`Документ «${decl.title}» не проводится.`);
    if (!ctx.ability.can('post', subjectOf(decl))) throw Problem.forbidden(`Недостаточно прав: нужно право «проведение» на «${decl.title}».`);
    const doc = known.doc ?? (await this.getDocument(ctx, decl, id, trx, true));
    if (!known.periodChecked) await this.assertPeriodOpen(trx, ctx, doc.date);
    const registers = new Registers(this.registry, trx, ctx.tenant.schema);
    const recorderType = subjectOf(decl);
    if (doc.status === 'posted' && !known.reversed) await registers.storno(decl.module, { type: recorderType, id, revision: Number(doc.revision) });
    const revision = Number(doc.revision) + 1;
    const context: PostingContext = {
      knex: trx,
      schema: ctx.tenant.schema,
      table: (name) => this.t(ctx, name),
      balance: async (register, dimensions, date) => (await registers.balances(decl.module, register, date, dimensions))[0] ?? {},
      balances: async (register, date, filter = {}) => registers.balances(decl.module, register, date, filter),
      sliceLast: (register, dimensions, date) => registers.sliceLast(decl.module, register, dimensions, date),
      ...this.postingCatalogReader(ctx, decl.module, trx, known.catalogCache),
    };
    const movements = await decl.post(doc, context);
    await registers.write(decl.module, { type: recorderType, id, revision, date: doc.date }, movements);
    const [row] = await trx(this.t(ctx, tableOf.document(decl))).where({ id }).update({ status: 'posted', posted_at: trx.fn.now(), revision, updated_at: trx.fn.now() }).returning('*');
    await this.writeChanges(trx, [...(known.changes ?? []), this.change(ctx, decl, 'document.posted', id, { status: doc.status }, { status: 'posted', revision, movements: movements.length })]);
    if (!this.readsAll(ctx, decl)) return undefined;
    // The header as just updated; the lines read again, since `post` may have written to them (an inventory's book quantities).
    const lines: Record<string, Record<string, any>[]> = {};
    for (const section of Object.keys(decl.sections ?? {})) lines[section] = await trx(this.t(ctx, tableOf.lines(decl, section))).where({ doc_id: id }).orderBy('line_no');
    return this.documentOf(decl, row, lines);
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
    const locked: { decl: DocumentDeclaration; doc: DocumentRecord & Record<string, any>; reverseFirst: boolean }[] = [];
    for (const d of docs) {
      const doc = await this.getDocument(ctx, d.decl, d.id, trx, true);
      if (doc.status === 'posted') locked.push({ decl: d.decl, doc, reverseFirst: !!d.reverseFirst });
    }
    const registers = new Registers(this.registry, trx, ctx.tenant.schema);
    for (const d of locked.filter((x) => x.reverseFirst)) await registers.storno(d.decl.module, { type: subjectOf(d.decl), id: d.doc.id, revision: Number(d.doc.revision) });
    for (const d of locked) await this.postInTransaction(trx, ctx, d.decl, d.doc.id, { doc: d.doc, periodChecked: true, reversed: d.reverseFirst });
    return locked.map((d) => ({ decl: d.decl, id: d.doc.id, date: d.doc.date }));
  }

  /** A document read in this transaction with its header row as just updated (its lines untouched since). */
  private withHeader(decl: DocumentDeclaration, read: DocumentRecord & Record<string, any>, row: Record<string, any>) {
    const doc: Record<string, unknown> = this.toApi(this.documentFields(decl), row);
    for (const section of Object.keys(decl.sections ?? {})) doc[section] = read[section];
    return doc as DocumentRecord & Record<string, any>;
  }

  /** Cancels posting: the movements are reversed by storno rows, the document stays for the record. */
  async cancel(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string) {
    const cancelled = await this.db.knex.transaction(async (trx) => {
      const doc = await this.getDocument(ctx, decl, id, trx, true);
      if (!ctx.ability.can('post', subjectOf(decl))) throw Problem.forbidden(`Недостаточно прав: нужно право «проведение» на «${decl.title}».`);
      if (doc.status !== 'posted') throw Problem.unprocessable('Документ не проведён — отменять нечего.');
      await this.assertPeriodOpen(trx, ctx, doc.date);
      await new Registers(this.registry, trx, ctx.tenant.schema).storno(decl.module, { type: subjectOf(decl), id, revision: Number(doc.revision) });
      const [row] = await trx(this.t(ctx, tableOf.document(decl))).where({ id }).update({ status: 'cancelled', updated_at: trx.fn.now() }).returning('*');
      await this.recordChange(trx, ctx, decl, 'document.cancelled', id, { status: 'posted' }, { status: 'cancelled' });
      return this.readsAll(ctx, decl) ? this.withHeader(decl, doc, row) : undefined;
    });
    return cancelled ?? this.getDocument(ctx, decl, id);
  }

  /** Renders a print form of a document the caller may read. */
  async print(ctx: TenantRequestContext, decl: DocumentDeclaration, id: string, formCode: string): Promise<{ content: Buffer; filename: string; contentType: string }> {
    const form = decl.printForms?.find((f) => f.code === formCode);
    if (!form) throw Problem.notFound(`У документа «${decl.title}» нет печатной формы «${formCode}». Есть: ${(decl.printForms ?? []).map((f) => f.code).join(', ') || 'нет'}.`);
    const doc = await this.getDocument(ctx, decl, id);
    const out = await form.render(doc, {
      knex: this.db.knex,
      table: (name) => this.t(ctx, name),
      catalogItem: this.catalogItemReader(ctx, decl.module),
    });
    const file = Buffer.isBuffer(out) ? { content: out, filename: `${form.title} ${doc.number} от ${ruDate(doc.date)}.pdf` } : out;
    return { ...file, contentType: form.contentType ?? 'application/pdf' };
  }

  // ---------------------------------------------------------------- registers and reports

  /**
   * Registers whose sequence is broken (see `RegisterDeclaration.sequence`) on or before `through`
   * (every one without it), earliest first: the register, the dimension's value (and its catalog name) and the date.
   */
  async brokenSequences(ctx: TenantRequestContext, through?: string, trx: Knex = this.db.knex) {
    const out: { register: string; registerTitle: string; dimension: string; value: string; valueName: string | null; brokenFrom: string }[] = [];
    for (const reg of this.registry.all()) {
      if (reg.kind !== 'register' || !reg.sequence) continue;
      const dim = reg.sequence.dimension;
      const target = reg.dimensions[dim].type === 'ref' ? this.registry.resolveRef(reg.module, reg.dimensions[dim].ref) : undefined;
      const q = trx(`${this.t(ctx, tableOf.sequence(reg))} as s`).whereNotNull('s.broken_from').orderBy('s.broken_from');
      if (through) q.where('s.broken_from', '<=', through);
      if (target?.kind === 'catalog') q.leftJoin(`${this.t(ctx, tableOf.catalog(target))} as c`, 'c.id', `s.${dim}`).select('c.name as value_name');
      const rows = await q.select(`s.${dim} as value`, 's.broken_from');
      for (const r of rows) out.push({ register: subjectOf(reg), registerTitle: reg.title, dimension: dim, value: String(r.value), valueName: r.value_name ?? null, brokenFrom: r.broken_from });
    }
    return out.sort((a, b) => (a.brokenFrom < b.brokenFrom ? -1 : a.brokenFrom > b.brokenFrom ? 1 : 0));
  }

  async balances(ctx: TenantRequestContext, module: string, register: string, date: string, filter: Record<string, unknown>) {
    const reg = this.registry.register(module, register);
    if (!reg || reg.type !== 'balance') throw Problem.notFound(`Регистр остатков ${register} не найден.`);
    const rows = await new Registers(this.registry, this.db.knex, ctx.tenant.schema).balances(module, register, date, filter);
    return { date, items: rows };
  }

  async runReport(ctx: TenantRequestContext, decl: ReportDeclaration, raw: Record<string, string>) {
    const input: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(decl.params)) {
      const v = raw[name];
      if (v === undefined || v === '') continue;
      input[name] = f.type === 'integer' || f.type === 'money' ? Number(v) : f.type === 'boolean' ? v === 'true' : v;
    }
    const params = recordSchema(decl.params, { partial: false }).parse(input);
    const schema = ctx.tenant.schema;
    const registers = new Registers(this.registry, this.db.knex, schema);
    const rows = await decl.query(
      {
        knex: this.db.knex,
        table: (name) => `${schema}.${name}`,
        balances: (register, date, filter) => registers.balances(decl.module, register, date, filter),
      },
      params,
    );
    const numeric = decl.columns.filter((c) => c.type === 'money' || c.type === 'decimal' || c.type === 'integer');
    const totals: Record<string, string | number> = {};
    for (const c of numeric) {
      const sum = rows.reduce((acc: Decimal, r) => acc.plus(new Decimal(String(r[c.field] ?? 0))), new Decimal(0));
      totals[c.field] = c.type === 'decimal' ? sum.toString() : sum.toNumber();
    }
    const items = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, decl.columns.find((c) => c.field === k)?.type === 'money' ? Number(v) : v])));
    return { title: decl.title, params, columns: decl.columns, chart: decl.chart ?? null, items, totals };
  }
}

const titlesOf = (fields: Fields) => Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.title]));

export function ruDate(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** Today's calendar date in Moscow (the default date of a new document). */
export function todayInMoscow(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
}

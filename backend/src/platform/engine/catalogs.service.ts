import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { whereAllowed } from '../access/ability';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { assertCan } from './access';
import { recordChange } from './changes';
import { CustomFieldsService } from './custom-fields.service';
import type { CatalogDeclaration, CatalogWriteContext } from './declarations';
import { applyListQuery, badParam, type ListColumns, type ListQuery } from './list-query';
import { PersonalFields } from './personal-fields';
import { catalogFields, explainDbError, searchText, titlesOf, toApi } from './records';
import { subjectOf, tableOf } from './registry';
import { crossFieldIssues, recordSchema } from './validation';

/** The engine's own columns of a catalog's list, besides its declared fields. */
function catalogColumns(decl: CatalogDeclaration): ListColumns {
  return {
    name: { type: 'string', title: 'Наименование' },
    code: { type: 'string', title: 'Код' },
    created_at: { type: 'timestamp', title: 'Создан' },
    updated_at: { type: 'timestamp', title: 'Изменён' },
    created_by: { type: 'ref', title: 'Автор' },
    ...(decl.hierarchical ? { parent_id: { type: 'ref', title: 'Группа' }, is_group: { type: 'boolean', title: 'Группа' } } : {}),
    ...(decl.owner ? { owner_id: { type: 'ref', title: 'Владелец' } } : {}),
    ...decl.fields,
  } as ListColumns;
}

/**
 * What every declared catalog can do without code of its own: list, read, create, change and mark for
 * deletion, through the tenant's schema with the caller's CASL rules applied in SQL.
 *
 * Each write is one transaction of its own; given a caller's `trx` (e.g. a bank statement import that
 * must be all or nothing) it runs in a savepoint of it instead, with the same validation and checks.
 */
@Injectable()
export class CatalogsService {
  constructor(
    private readonly db: Database,
    private readonly customFields: CustomFieldsService,
    private readonly personal: PersonalFields,
  ) {}

  private table(ctx: TenantRequestContext, decl: CatalogDeclaration) {
    return tenantTable(ctx.tenant.schema, tableOf.catalog(decl));
  }

  /** `?deleted=true` lists the items marked for deletion too. */
  async list(ctx: TenantRequestContext, decl: CatalogDeclaration, query: ListQuery, trx: Knex = this.db.knex) {
    const fields = catalogFields(decl);
    const { deleted, ...all } = query.filters;
    const { rest: filters, where: wherePersonal } = await this.personal.splitFilters(ctx, fields, all);
    if (deleted !== undefined && deleted !== '' && deleted !== 'true' && deleted !== 'false') throw badParam('deleted', 'ожидается true или false');
    const q = trx(this.table(ctx, decl));
    if (deleted !== 'true') q.where('deletion_mark', false);
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    applyListQuery(q, catalogColumns(decl), { ...query, filters });
    wherePersonal(q);
    if (!query.sort) q.orderBy(decl.orderBy?.field ?? 'name', decl.orderBy?.direction ?? 'asc');
    q.orderBy('id');
    const [{ count }] = await q.clone().clearSelect().clearOrder().count<{ count: string }[]>('* as count');
    const rows = await q.select('*').limit(query.limit).offset(query.offset);
    return { items: await Promise.all(rows.map((r) => this.personal.reveal(ctx, fields, toApi(fields, r)))), total: Number(count) };
  }

  async get(ctx: TenantRequestContext, decl: CatalogDeclaration, id: string, trx: Knex = this.db.knex) {
    if (!z.uuid().safeParse(id).success) throw Problem.notFound(`${decl.title}: элемент не найден.`);
    const q = trx(this.table(ctx, decl)).where({ id });
    whereAllowed(q, ctx.ability, 'read', subjectOf(decl), (f) => f);
    const row = await q.first();
    if (!row) throw Problem.notFound(`${decl.title}: элемент не найден.`);
    return this.personal.reveal(ctx, catalogFields(decl), toApi(catalogFields(decl), row));
  }

  private async validate(ctx: TenantRequestContext, decl: CatalogDeclaration, body: unknown, partial: boolean, trx: Knex = this.db.knex) {
    const fields = catalogFields(decl);
    const extra: Record<string, z.ZodType> = {
      code: z.string().trim().max(50).nullable().optional(),
      version: z.number().int().optional(),
      ...(decl.hierarchical ? { parent_id: z.uuid().nullable().optional(), is_group: z.boolean().optional() } : {}),
      ...(decl.owner ? { owner_id: partial ? z.uuid().optional() : z.uuid({ message: 'Укажите владельца (owner_id)' }) } : {}),
    };
    const custom = await this.customFields.of(ctx, subjectOf(decl), trx);
    const record = recordSchema(fields, { partial, extra, custom }).parse(body ?? {}) as Record<string, any>;
    const issues = crossFieldIssues(fields, record);
    if (issues.length) throw Problem.badRequest(issues.map((i) => i.message).join('; '), { errors: issues });
    return { record, fields };
  }

  /** `trx`: join the caller's transaction instead of committing alone. */
  async create(ctx: TenantRequestContext, decl: CatalogDeclaration, body: unknown, trx?: Knex.Transaction) {
    refuseReadOnly(decl);
    assertCan(ctx, 'create', decl);
    const { record, fields } = await this.validate(ctx, decl, body, false, trx);
    const { version: _v, custom, ...values } = record;
    for (const [n, f] of Object.entries(decl.fields)) if (values[n] === undefined && f.default !== undefined) values[n] = f.default;
    const id = randomUUID();
    const row = { id, ...(await this.personal.seal(ctx, fields, values)), custom: JSON.stringify(custom ?? {}), search_text: searchText(fields, values, [values.code]), created_by: ctx.principal.userId };
    await (trx ?? this.db.knex)
      .transaction(async (own) => {
        await own(this.table(ctx, decl)).insert(row);
        await decl.onWrite?.(values, writeContext(ctx, own, id));
        await recordChange(own, ctx, decl, 'catalog.created', id, undefined, { id, ...this.personal.masked(fields, values), custom });
      })
      .catch((e) => explainDbError(e, titlesOf(fields)));
    return this.get(ctx, decl, id, trx);
  }

  async update(ctx: TenantRequestContext, decl: CatalogDeclaration, id: string, body: unknown) {
    refuseReadOnly(decl);
    const before = await this.get(ctx, decl, id);
    const { record, fields } = await this.validate(ctx, decl, this.personal.withoutMasked(catalogFields(decl), body), true);
    const { version, custom, ...values } = record;
    if (version !== undefined && version !== before.version) throw Problem.conflict('Запись уже изменил другой пользователь. Обновите страницу и внесите изменения заново.', { currentVersion: before.version });
    if (!ctx.ability.can('update', subjectOf(decl))) throw Problem.forbidden(`Недостаточно прав на изменение: ${decl.title}.`);
    const merged = { ...before, ...values };
    const patch = {
      ...(await this.personal.seal(ctx, fields, values)),
      ...(custom ? { custom: JSON.stringify({ ...(before.custom as object), ...custom }) } : {}),
      search_text: searchText(fields, merged, [merged.code]),
      updated_at: this.db.knex.fn.now(),
      version: this.db.knex.raw('version + 1'),
    };
    await this.db.knex
      .transaction(async (trx) => {
        await trx(this.table(ctx, decl)).where({ id }).update(patch);
        await decl.onWrite?.(merged, writeContext(ctx, trx, id, before));
        await recordChange(trx, ctx, decl, 'catalog.updated', id, this.personal.masked(fields, before), { ...this.personal.masked(fields, values), custom });
      })
      .catch((e) => explainDbError(e, titlesOf(fields)));
    return this.get(ctx, decl, id);
  }

  /** Catalog items are marked for deletion (documents may still refer to them), as in 1C; `mark = false` restores. */
  async markDeleted(ctx: TenantRequestContext, decl: CatalogDeclaration, id: string, mark = true) {
    refuseReadOnly(decl);
    const before = await this.get(ctx, decl, id);
    await this.db.knex.transaction(async (trx) => {
      await trx(this.table(ctx, decl)).where({ id }).update({ deletion_mark: mark, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
      await recordChange(trx, ctx, decl, mark ? 'catalog.deleted' : 'catalog.restored', id, this.personal.masked(catalogFields(decl), before), { deletion_mark: mark });
    });
    return this.get(ctx, decl, id);
  }
}

/** A catalog the module writes itself (`readOnly`): its items change through the module's actions only. */
function refuseReadOnly(decl: CatalogDeclaration) {
  if (decl.readOnly) throw Problem.forbidden(`«${decl.title}» изменяется только действиями модуля (отправить, подписать, отказать…), а не напрямую.`);
}

/** What a catalog's `onWrite` reads and writes with: the write's own transaction in the caller's company. */
function writeContext(ctx: TenantRequestContext, knex: Knex.Transaction, id: string, previous?: Record<string, any>): CatalogWriteContext {
  return { id, previous, userId: ctx.principal.userId, schema: ctx.tenant.schema, table: (name) => tenantTable(ctx.tenant.schema, name), knex };
}

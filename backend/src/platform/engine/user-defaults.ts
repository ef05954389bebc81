import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import type { CatalogDeclaration, DocumentDeclaration } from './declarations';
import { refConditions } from './ref-filters';
import { ConfigurationRegistry, subjectOf, tableOf } from './registry';

/** A catalog whose main item each user may choose, titled as the fields that take it («Организация»). */
export interface DefaultedCatalog {
  catalog: CatalogDeclaration;
  subject: string;
  title: string;
  titleEn: string;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * «Основные значения для подстановки» (1C): each user's main item of the catalogs that document header
 * fields declared `userDefault` refer to — the main organization, warehouse, price type, cash desk. Kept per
 * user in the company's schema (`user_defaults`). A new document's empty such field takes it (on create
 * and in the form's live compute, before `fillWhenOnly` and `prefill`); the form gets it as the field's
 * default in the meta. An item marked for deletion, or not fitting the field's `filter`, is not taken.
 */
@Injectable()
export class UserDefaultsService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
  ) {}

  /** The catalogs of a module's `userDefault` fields, once each, in the order the documents declare them. */
  catalogs(module: string): DefaultedCatalog[] {
    const out = new Map<string, DefaultedCatalog>();
    for (const d of this.registry.byModule(module))
      if (d.kind === 'document')
        for (const f of Object.values(d.fields)) {
          const catalog = f.userDefault ? this.registry.resolveRef(d.module, f.ref) : undefined;
          if (catalog?.kind === 'catalog' && !out.has(subjectOf(catalog))) out.set(subjectOf(catalog), { catalog, subject: subjectOf(catalog), title: f.title, titleEn: f.titleEn ?? f.title });
        }
    return [...out.values()];
  }

  /** The caller's main items (catalog subject → id) among these catalogs. */
  async of(ctx: TenantRequestContext, subjects: string[], knex: Knex = this.db.knex): Promise<Map<string, string>> {
    if (!subjects.length) return new Map();
    const rows = await knex(tenantTable(ctx.tenant.schema, 'user_defaults')).where({ user_id: ctx.principal.userId }).whereIn('catalog', subjects).select('catalog', 'item_id');
    return new Map(rows.map((r) => [r.catalog as string, String(r.item_id)]));
  }

  /** The caller's settings: each catalog of the module they may read, with the chosen item (or null) and its name. */
  async list(ctx: TenantRequestContext, module: string) {
    const catalogs = this.catalogs(module).filter((c) => ctx.ability.can('read', c.subject));
    const chosen = await this.of(ctx, catalogs.map((c) => c.subject));
    return Promise.all(
      catalogs.map(async (c) => {
        const id = chosen.get(c.subject) ?? null;
        const item = id ? await this.db.knex(tenantTable(ctx.tenant.schema, tableOf.catalog(c.catalog))).where({ id }).first('name') : null;
        return { catalog: c.subject, title: c.title, titleEn: c.titleEn, item: item ? id : null, name: item?.name ?? null };
      }),
    );
  }

  /** Sets (an id) or clears (null) the caller's main items: `{ "trade.organizations": "<id>", "trade.warehouses": null }`. */
  async set(ctx: TenantRequestContext, module: string, body: unknown) {
    // A person's own settings, as the account is: a program acting by an API key has none to change.
    if (ctx.apiKeyId) throw Problem.forbidden('API-ключ не меняет основные значения сотрудника: их задаёт сам сотрудник, войдя в систему.');
    const catalogs = new Map(this.catalogs(module).map((c) => [c.subject, c]));
    const parsed = z.record(z.string(), z.uuid({ message: 'ожидается id элемента справочника или null' }).nullable(), { message: 'Ожидается объект «справочник: id элемента»' }).safeParse(body);
    if (!parsed.success) throw Problem.badRequest(`Основные значения: ${parsed.error.issues[0].message}.`);
    await this.db.knex.transaction(async (trx) => {
      for (const [subject, id] of Object.entries(parsed.data)) {
        const c = catalogs.get(subject);
        if (!c) throw Problem.badRequest(`«${subject}»: для этого справочника основное значение не выбирают — можно: ${[...catalogs.keys()].join(', ') || 'ничего'}.`, { errors: [{ field: subject, message: 'нет такого основного значения' }] });
        if (!ctx.ability.can('read', subject)) throw Problem.forbidden(`Недостаточно прав: нужно право «чтение» на «${c.catalog.title}».`);
        const mine = { user_id: ctx.principal.userId, catalog: subject };
        const table = tenantTable(ctx.tenant.schema, 'user_defaults');
        if (id === null) {
          await trx(table).where(mine).delete();
          continue;
        }
        const item = await trx(tenantTable(ctx.tenant.schema, tableOf.catalog(c.catalog))).where({ id }).first('deletion_mark');
        if (!item || item.deletion_mark)
          throw Problem.badRequest(`«${c.title}»: ${item ? 'элемент помечен на удаление' : 'такого элемента нет'} в справочнике «${c.catalog.title}» — выберите другой.`, { errors: [{ field: subject, message: 'нет такого элемента' }] });
        await trx(table).insert({ ...mine, item_id: id }).onConflict(['user_id', 'catalog']).merge({ item_id: id, updated_at: trx.fn.now() });
      }
    });
    return this.list(ctx, module);
  }

  /**
   * Fills the document's empty `userDefault` header fields with the caller's main items. Reads nothing when
   * none of them is empty (a document sent complete, as an import or a posting test sends it).
   */
  async apply(ctx: TenantRequestContext, decl: DocumentDeclaration, record: Record<string, unknown>, read: (catalog: string, id: string) => Promise<Record<string, any> | null>, knex?: Knex): Promise<void> {
    const wanted = Object.entries(decl.fields).filter(([n, f]) => f.userDefault && empty(record[n]));
    if (!wanted.length) return;
    const subjectFor = (ref: string) => subjectOf(this.registry.resolveRef(decl.module, ref)!);
    const chosen = await this.of(ctx, wanted.map(([, f]) => subjectFor(f.ref!)), knex);
    for (const [name, f] of wanted) {
      const id = chosen.get(subjectFor(f.ref!));
      const item = id ? await read(f.ref!, id) : null;
      if (!item || item.deletion_mark) continue;
      const conditions = f.filter ? refConditions(f.filter, decl.fields, record) : {};
      if (conditions && Object.entries(conditions).every(([column, value]) => String(item[column] ?? '') === value)) record[name] = id;
    }
  }
}

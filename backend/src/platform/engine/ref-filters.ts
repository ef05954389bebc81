import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { tenantTable } from '../tenancy/tenant-schema';
import type { FieldDeclaration, Fields, RefFilter } from './declarations';
import { ConfigurationRegistry, qualified, tableOf } from './registry';

/**
 * A reference field's `filter` (declarations.ts): which items of its catalog fit this record — e.g. the
 * contracts of the chosen counterparty of the supplier kind. The picker lists only those (the UI sends
 * the same conditions as list filters), saving another is refused, and with `fillWhenOnly` the only
 * item that fits is filled in when the field is left empty.
 */

const isUuid = (v: unknown) => typeof v === 'string' && z.uuid().safeParse(v).success;
const empty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * The filter as column → value for this record. A condition on a field left empty is left out; null when
 * a field it depends on holds no id (nothing can be looked up yet).
 */
export function refConditions(filter: RefFilter, fields: Fields, record: Record<string, unknown>): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const [column, cond] of Object.entries(filter)) {
    if (typeof cond === 'string') out[column] = cond;
    else if (!empty(record[cond.field])) {
      const value = record[cond.field];
      if (fields[cond.field]?.type === 'ref' && !isUuid(value)) return null;
      out[column] = String(value);
    }
  }
  return out;
}

/** Reference fields with a filter or `fillWhenOnly` (without a filter: the only item of the catalog, e.g. the company's one organization). */
const filtered = (fields: Fields) =>
  Object.entries(fields)
    .filter(([, f]) => (!!f.filter || !!f.fillWhenOnly) && !!f.ref)
    .map(([name, f]) => [name, { ...f, filter: f.filter ?? {} }] as [string, FieldDeclaration & { filter: RefFilter; ref: string }]);

/** Reads a referenced catalog's items for the filters, in the tenant's schema. */
export class RefFilters {
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly knex: Knex,
    private readonly schema: string,
    private readonly module: string,
    /** Reads an item (the save's cached reader, so `beforeSave` and this check read a contract once). */
    private readonly item: (catalog: string, id: string) => Promise<Record<string, any> | null>,
  ) {}

  private catalog(ref: string) {
    return this.registry.catalog(...qualified(this.module, ref));
  }

  /** Fills each empty `fillWhenOnly` field whose dependencies are set with the only item that fits (of those not marked for deletion). */
  async fillOnlyChoices(fields: Fields, record: Record<string, unknown>): Promise<void> {
    for (const [name, f] of filtered(fields)) {
      if (!f.fillWhenOnly || !empty(record[name])) continue;
      const dependsOn = Object.values(f.filter).filter((c): c is { field: string } => typeof c !== 'string');
      if (dependsOn.some((c) => empty(record[c.field]))) continue;
      const conditions = refConditions(f.filter, fields, record);
      const c = this.catalog(f.ref);
      if (!conditions || !c) continue;
      const rows = await this.knex(tenantTable(this.schema, tableOf.catalog(c))).where(conditions).where({ deletion_mark: false }).select('id').limit(2);
      if (rows.length === 1) record[name] = String(rows[0].id);
    }
  }

  /** What is wrong with the chosen items: one message per field whose item does not fit its filter. */
  async issues(fields: Fields, record: Record<string, any>): Promise<{ field: string; message: string }[]> {
    const out: { field: string; message: string }[] = [];
    for (const [name, f] of filtered(fields)) {
      const conditions = refConditions(f.filter, fields, record);
      const c = this.catalog(f.ref);
      // A field with fillWhenOnly and no filter takes any item: nothing to check, nothing to read.
      if (empty(record[name]) || !isUuid(record[name]) || !conditions || !Object.keys(conditions).length || !c) continue;
      const item = await this.item(f.ref, String(record[name]));
      if (!item) continue;
      const wrong = Object.entries(conditions).filter(([column, value]) => String(item[column] ?? '') !== value);
      if (!wrong.length) continue;
      const what = wrong.map(([column, value]) => {
        const cond = f.filter[column];
        const label = column === 'owner_id' ? 'Владелец' : (c.fields[column]?.title ?? column);
        return `«${label}» — ${typeof cond === 'string' ? `«${c.fields[column]?.values?.[value] ?? value}»` : `как в поле «${fields[cond.field]?.title ?? cond.field}»`}`;
      });
      out.push({ field: name, message: `«${f.title}»: «${item.name ?? item.id}» не подходит — нужен элемент, у которого ${what.join(' и ')}` });
    }
    return out;
  }
}

import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { tenantTable } from '../tenancy/tenant-schema';
import { ConfigurationRegistry, qualified, tableOf } from './registry';

/** Catalog items read during one request, by catalog and id (null: read and not found). */
export type CatalogCache = Map<string, Map<string, Record<string, any> | null>>;

const isUuid = (id: string) => !!id && z.uuid().safeParse(id).success;

/** A catalog of `module` by code, or of another module as `module.code`. */
const catalogOf = (registry: ConfigurationRegistry, module: string, name: string) => registry.catalog(...qualified(module, name));

/** Reads one item of a catalog of `module` (null for an unknown catalog or id), for declared code (print forms). */
export function catalogItemReader(registry: ConfigurationRegistry, knex: Knex, schema: string, module: string) {
  return async (catalog: string, itemId: string): Promise<Record<string, any> | null> => {
    const c = catalogOf(registry, module, catalog);
    if (!c || !isUuid(itemId)) return null;
    return (await knex(tenantTable(schema, tableOf.catalog(c))).where({ id: itemId }).first()) ?? null;
  };
}

/**
 * The catalog reads of one posting (or save): `catalogItems` reads every item not yet read in one
 * statement, `catalogItem` is the same read for one id; an item (or its absence) read once is not read
 * again while `cache` lives. Each caller gets its own copy of a record.
 */
export function cachedCatalogReader(registry: ConfigurationRegistry, knex: Knex, schema: string, module: string, cache: CatalogCache = new Map()) {
  const catalogItems = async (catalog: string, ids: Iterable<string>): Promise<Map<string, Record<string, any>>> => {
    const found = new Map<string, Record<string, any>>();
    const c = catalogOf(registry, module, catalog);
    if (!c) return found;
    // Keyed by the catalog itself: `products` read by trade and `trade.products` read by accounting share it.
    const key = `${c.module}.${c.code}`;
    let known = cache.get(key);
    if (!known) cache.set(key, (known = new Map()));
    const wanted = [...new Set(ids)].filter(isUuid);
    const missing = wanted.filter((id) => !known.has(id));
    if (missing.length) {
      const rows: Record<string, any>[] = await knex(tenantTable(schema, tableOf.catalog(c))).whereRaw('id = any(?::uuid[])', [missing]);
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

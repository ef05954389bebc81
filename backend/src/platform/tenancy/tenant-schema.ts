/**
 * A tenant's schema name is derived from its id (a UUID the platform generated), never from text a
 * person typed, so it is always a safe SQL identifier: `t_` + 32 lowercase hex digits.
 */
export function schemaNameFor(tenantId: string): string {
  const hex = tenantId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`Not a tenant id: ${tenantId}`);
  return `t_${hex}`;
}

/** Quotes a schema name after checking it is one of ours (defence in depth for raw SQL). */
export function quoteSchema(schema: string): string {
  if (!/^t_[0-9a-f]{32}$/.test(schema)) throw new Error(`Not a tenant schema: ${schema}`);
  return `"${schema}"`;
}

/** `schema.table` for Knex (which quotes both parts), after checking the schema is a tenant's. */
export function tenantTable(schema: string, table: string): string {
  quoteSchema(schema);
  return `${schema}.${table}`;
}

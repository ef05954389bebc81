import type { Knex } from '@mikro-orm/postgresql';
import { tenantTable } from '../tenancy/tenant-schema';
import type { RegisterDeclaration } from './declarations';
import { tableOf } from './registry';

/**
 * Read queries of a register (balances, turnovers, movements), built with the query builder: every
 * declared name (dimension, resource) reaches SQL as a quoted identifier (`??` or a builder column).
 */

export const PERIOD_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export const monthOf = (date: string) => `${date.slice(0, 7)}-01`;

/**
 * `date_trunc('<unit>', column)::date`: the first day of the period a date falls in (weeks start on
 * Monday). The unit is written into the SQL, not bound: PostgreSQL matches a grouped select column to
 * its GROUP BY expression only when both are the same text, and `$1` and `$3` are not. It is one of
 * PERIOD_UNITS, checked here.
 */
export function periodStart(knex: Knex, column: string, unit: PeriodUnit, alias?: string): Knex.Raw {
  if (!PERIOD_UNITS.includes(unit)) throw new Error(`Unknown period unit ${unit}: one of ${PERIOD_UNITS.join(', ')}`);
  const expr = `date_trunc('${unit}', ??)::date`;
  return alias ? knex.raw(`${expr} AS ??`, [column, alias]) : knex.raw(expr, [column]);
}

/** Restricts a query to rows a filter by dimensions allows (an array: any of the values). */
export type RegisterFilter = Record<string, unknown>;
/** Adds the caller's row rules (CASL conditions on dimensions) to a query. */
export type Restrict = (q: Knex.QueryBuilder) => void;

function whereDimensions(q: Knex.QueryBuilder, reg: RegisterDeclaration, filter: RegisterFilter) {
  for (const [k, v] of Object.entries(filter))
    if (Object.hasOwn(reg.dimensions, k) && v !== undefined && v !== null && v !== '') Array.isArray(v) ? q.whereIn(k, v) : q.where(k, v as never);
  return q;
}

/**
 * Balances at the end of `date`, grouped by all dimensions, optionally filtered by some dimensions
 * (`filter`), limited to exact sets of dimension values (`keys`) and to the rows `restrict` allows.
 * Reads the month totals before the date's month and the day totals of its month.
 */
export function balanceQuery(k: Knex, schema: string, reg: RegisterDeclaration, date: string, options: { filter?: RegisterFilter; keys?: Record<string, unknown>[]; restrict?: Restrict } = {}): Knex.QueryBuilder {
  const dims = Object.keys(reg.dimensions);
  const resources = Object.keys(reg.resources);
  const where = (q: Knex.QueryBuilder) => {
    whereDimensions(q, reg, options.filter ?? {});
    if (options.keys) q.whereIn(dims, options.keys.map((key) => dims.map((d) => key[d])) as never);
    options.restrict?.(q);
    return q;
  };
  const fromTotals = where(k(tenantTable(schema, tableOf.totals(reg))).where('month', '<', monthOf(date)).select([...dims, ...resources]));
  const fromMonth = where(k(tenantTable(schema, tableOf.daily(reg))).where('day', '>=', monthOf(date)).where('day', '<=', date).select([...dims, ...resources]));
  return k
    .from(k.raw(`(${fromTotals.toQuery()} UNION ALL ${fromMonth.toQuery()}) AS b`))
    .select([...dims, ...resources.map((r) => k.raw('sum(??)::text AS ??', [r, r]))])
    .groupBy(dims);
}

/** Column aliases of the receipt and expense sums of a resource (quoted; no declared name can take them). */
export const receiptAlias = (r: string) => `+${r}`;
export const expenseAlias = (r: string) => `-${r}`;

/**
 * Turnovers of a period (`from`…`to`, both included) from the movements, by period start (when `period`
 * is given) and by the `groupBy` dimensions. Every resource's net turnover comes as `<resource>` (text,
 * exact); a balance register's also as receipt (`+<resource>`) and expense (`-<resource>`). Storno rows
 * carry the negated value with the original direction, so a cancelled posting nets out in each column.
 */
export function turnoverQuery(
  k: Knex,
  schema: string,
  reg: RegisterDeclaration,
  p: { from: string; to: string; period?: PeriodUnit; groupBy: string[]; filter?: RegisterFilter; restrict?: Restrict },
): Knex.QueryBuilder {
  const resources = Object.keys(reg.resources);
  const q = k(tenantTable(schema, tableOf.register(reg))).whereBetween('period', [p.from, p.to]);
  whereDimensions(q, reg, p.filter ?? {});
  p.restrict?.(q);
  const sums = resources.flatMap((r) => [
    k.raw('sum(direction * ??)::text AS ??', [r, r]),
    ...(reg.type === 'balance'
      ? [k.raw('sum(CASE WHEN direction = 1 THEN ?? ELSE 0 END)::text AS ??', [r, receiptAlias(r)]), k.raw('sum(CASE WHEN direction = -1 THEN ?? ELSE 0 END)::text AS ??', [r, expenseAlias(r)])]
      : []),
  ]);
  if (p.period) {
    q.select(periodStart(k, 'period', p.period, 'period')).groupBy(periodStart(k, 'period', p.period) as never).orderBy('period');
  }
  if (p.groupBy.length) q.select(p.groupBy).groupBy(p.groupBy).orderBy(p.groupBy);
  return q.select(sums);
}

/** Every movement of one recorder (document) in a register, storno rows included, in the order written. */
export function movementsQuery(k: Knex, schema: string, reg: RegisterDeclaration, recorderId: string, restrict?: Restrict): Knex.QueryBuilder {
  const q = k(tenantTable(schema, tableOf.register(reg))).where('recorder_id', recorderId);
  restrict?.(q);
  return q.orderBy(['revision', 'storno', 'line_no', 'id']).select('*');
}

import { monthStart } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import type { TenantTables } from './journal';

/**
 * Where sums are read: `entries` keeps every subconto (for the few accounts whose keys stay few — 41 by
 * product and warehouse, 44, 90, 91); `by_account` only subconto 1, with totals whatever the number of documents.
 */
export type Totals = 'entries' | 'by_account';

export type EntryKey = 'organization' | 'account' | 'subconto1' | 'subconto2' | 'subconto3';

/** Σ of the four resources of a key through a date. */
export interface Sums {
  debit: Decimal;
  credit: Decimal;
  quantityDebit: Decimal;
  quantityCredit: Decimal;
}

export const zeroSums = (): Sums => ({ debit: new Decimal(0), credit: new Decimal(0), quantityDebit: new Decimal(0), quantityCredit: new Decimal(0) });


export interface CumulativeFilter {
  /** Which totals to read (default `by_account`; `by` beyond subconto 1 needs `entries`). */
  from?: Totals;
  organization?: string | null;
  accounts?: string[];
  /** Only these values of subconto 1 (e.g. the products of a document). */
  subconto1?: string[];
}

/**
 * The SQL of Σ debit, Σ credit and quantities through the end of each of `dates`, grouped by `by` (and the
 * date as `at`): the month totals before the date's month plus the day totals of its month up to the date.
 * It reads one row per key and earlier month plus one per key and day of the last month — never the
 * movements, so the time does not grow with the number of postings.
 */
export function cumulativeSql(k: Knex, table: (name: string) => string, dates: string[], by: EntryKey[], filter: CumulativeFilter): Knex.QueryBuilder {
  const register = filter.from ?? (by.some((b) => b === 'subconto2' || b === 'subconto3') ? 'entries' : 'by_account');
  const [TOTALS, DAILY] = [`r_accounting_${register}__totals`, `r_accounting_${register}__daily`];
  const where = (q: Knex.QueryBuilder) => {
    if (filter.organization) q.where('organization', filter.organization);
    if (filter.accounts) q.whereIn('account', filter.accounts.length ? filter.accounts : ['00000000-0000-0000-0000-000000000000']);
    if (filter.subconto1) q.whereIn('subconto1', filter.subconto1.length ? filter.subconto1 : ['']);
    return q;
  };
  const parts = dates.flatMap((date) => [
    where(k(table(TOTALS)).where('month', '<', monthStart(date)).select(k.raw('?::date AS at', [date]), ...by, 'debit', 'credit', 'quantity_debit', 'quantity_credit')),
    where(
      k(table(DAILY))
        .where('day', '>=', monthStart(date))
        .where('day', '<=', date)
        .select(k.raw('?::date AS at', [date]), ...by, 'debit', 'credit', 'quantity_debit', 'quantity_credit'),
    ),
  ]);
  return k
    .from(k.raw(`(${parts.map((p) => p.toQuery()).join(' UNION ALL ')}) AS c`))
    .groupBy(['at', ...by])
    .select(
      k.raw(`to_char(at, 'YYYY-MM-DD') AS at`),
      ...by,
      k.raw('sum(debit)::text AS debit'),
      k.raw('sum(credit)::text AS credit'),
      k.raw('sum(quantity_debit)::text AS quantity_debit'),
      k.raw('sum(quantity_credit)::text AS quantity_credit'),
    );
}

/** Cumulative sums through each date, by key (the `by` values joined with `|`), as exact decimals. */
export async function cumulative(ctx: TenantTables, dates: string[], by: EntryKey[], filter: CumulativeFilter): Promise<Map<string, Map<string, Sums>>> {
  const rows: Record<string, string>[] = await cumulativeSql(ctx.knex as Knex, ctx.table, dates, by, filter);
  const out = new Map<string, Map<string, Sums>>(dates.map((d) => [d, new Map()]));
  for (const r of rows) {
    out.get(r.at)?.set(by.map((b) => r[b]).join('|'), {
      debit: new Decimal(r.debit),
      credit: new Decimal(r.credit),
      quantityDebit: new Decimal(r.quantity_debit),
      quantityCredit: new Decimal(r.quantity_credit),
    });
  }
  return out;
}

/** Balance (Σ debit − Σ credit) of money and quantity. */
export const net = (s: Sums) => ({ amount: s.debit.minus(s.credit), quantity: s.quantityDebit.minus(s.quantityCredit) });

import { customerReturn } from '../trade/documents/customer-return';
import { inventory } from '../trade/documents/inventory';
import { moneyIn } from '../trade/documents/money-in';
import { moneyOut } from '../trade/documents/money-out';
import { receipt } from '../trade/documents/receipt';
import { sale } from '../trade/documents/sale';
import { supplierReturn } from '../trade/documents/supplier-return';
import { transfer } from '../trade/documents/transfer';
import { monthClosing } from './documents/month-closing';
import { openingBalances } from './documents/opening-balances';
import { operation } from './documents/operation';
import { ruDate } from '../../platform/engine/dates';
import type { Chart, TenantTables } from './journal';
import { BUDGET_PAYMENTS, NO_SUBCONTO, SUBCONTO_CATALOG, isUuid, type SubcontoKind } from './subconto';

/** Documents that write entries (the module's own and the trade documents it posts) and settlement documents. */
const DOCUMENTS = [operation, openingBalances, monthClosing, receipt, sale, customerReturn, supplierReturn, transfer, inventory, moneyIn, moneyOut].map((d) => ({
  table: `d_${d.module || 'accounting'}_${d.code}`,
  title: d.title,
}));

/** «Реализация товаров и услуг РТУ-000001 от 10.03.2026» for each id of a document that is found. */
export async function documentLabels(ctx: TenantTables, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter(isUuid))];
  if (!wanted.length) return new Map();
  const k = ctx.knex;
  const parts = DOCUMENTS.map((d, i) => k(ctx.table(d.table)).whereIn('id', wanted).select('id', 'number', 'date', k.raw('? AS kind', [i])));
  const { rows } = await k.raw(parts.map((p) => p.toQuery()).join(' UNION ALL '));
  return new Map(rows.map((r: { id: string; number: string; date: string; kind: number }) => [String(r.id), `${DOCUMENTS[r.kind].title} ${r.number} от ${ruDate(r.date)}`]));
}

/** What a person reads for a subconto value: the catalog item's name, the document, the bank account number. */
export async function subcontoNames(ctx: TenantTables, values: { kind: SubcontoKind | undefined; value: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const byKind = new Map<SubcontoKind, Set<string>>();
  for (const { kind, value } of values) if (kind && value && value !== NO_SUBCONTO) byKind.set(kind, (byKind.get(kind) ?? new Set()).add(value));
  for (const [kind, set] of byKind) {
    const ids = [...set];
    if (kind === 'settlement_document') for (const [id, label] of await documentLabels(ctx, ids)) out.set(`${kind}|${id}`, label);
    else if (kind === 'budget_payment') for (const v of ids) out.set(`${kind}|${v}`, BUDGET_PAYMENTS[v as keyof typeof BUDGET_PAYMENTS] ?? v);
    else if (SUBCONTO_CATALOG[kind]) {
      const rows: { id: string; name: string }[] = await ctx.knex(ctx.table(SUBCONTO_CATALOG[kind]!)).whereIn('id', ids.filter(isUuid)).select('id', 'name');
      for (const r of rows) out.set(`${kind}|${r.id}`, r.name);
    }
  }
  return out;
}

/** The name of one value from `subcontoNames`' map; the value itself when it has none (a bank account number). */
export const nameOf = (names: Map<string, string>, kind: SubcontoKind | undefined, value: string | null | undefined) =>
  !value || value === NO_SUBCONTO ? '' : (names.get(`${kind}|${value}`) ?? value);

/** One side of an entry row as `entryNames` reads it: the account id and its three subconto values. */
export interface RowSide {
  account: string;
  values: unknown[];
}

/**
 * What rows of entries need to be read by a person, fetched in one go: the label of each row's document
 * (`recorder_id`) and the names of the subconto values of the sides `sidesOf` picks from a row.
 */
export async function entryNames(ctx: TenantTables, chart: Chart, rows: Record<string, any>[], sidesOf: (row: Record<string, any>) => RowSide[]) {
  const labels = await documentLabels(ctx, rows.map((r) => r.recorder_id));
  const names = await subcontoNames(
    ctx,
    rows.flatMap((r) => sidesOf(r).flatMap((s) => s.values.map((v, i) => ({ kind: chart.find(s.account)?.subconto[i], value: v as string })))),
  );
  return {
    document: (row: Record<string, any>) => labels.get(String(row.recorder_id)) ?? '',
    /** «ООО «Поставщик», Договор поставки 7» — the names of an account's subconto values, empty ones left out. */
    analytics: (account: string, values: unknown[]) => values.map((v, i) => nameOf(names, chart.find(account)?.subconto[i], v as string)).filter(Boolean).join(', '),
  };
}

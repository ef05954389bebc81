import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import { Problem } from '../http/problem';
import type { Movement, RegisterDeclaration } from './declarations';
import type { Recorder } from './registers';
import { ConfigurationRegistry, tableOf } from './registry';

/** What the check reads: the tenant's balances as Registers computes them, and its catalogs for names. */
export interface BalanceReader {
  registry: ConfigurationRegistry;
  trx: Knex | Knex.Transaction;
  /** The tenant's schema (checked by Registers). */
  schema: string;
  balances(module: string, code: string, date: string, filter: Record<string, unknown>, keys?: Record<string, unknown>[]): Knex.QueryBuilder;
}

const table = (reader: BalanceReader, name: string) => `${reader.schema}.${name}`;

/** A register's dimension values as one key (for sets, maps and advisory lock names). */
export function dimKey(reg: RegisterDeclaration, dims: Record<string, unknown>) {
  return Object.keys(reg.dimensions)
    .map((d) => String(dims[d]))
    .join('|');
}

export function pick<T extends Record<string, unknown>>(o: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/**
 * Refuses a posting that leaves a forbidden resource below zero, at the document's date or after it
 * (a back-dated sale must not take goods that later documents already took). Names what is short.
 */
export async function checkNegativeBalances(reader: BalanceReader, module: string, recorder: Recorder, movements: Movement[]) {
  const problems: string[] = [];
  for (const code of new Set(movements.map((m) => m.register))) {
    const reg = reader.registry.register(module, code)!;
    if (reg.type !== 'balance' || !reg.forbidNegative) continue;
    const dims = Object.keys(reg.dimensions);
    const expenses = movements.filter((m) => m.register === code && m.kind === 'expense').map((m) => pick(m.dimensions, dims));
    let keys = [...new Map(expenses.map((k) => [dimKey(reg, k), k])).values()];
    const allow = reg.forbidNegative.unlessDimensionAllows;
    const target = allow && reader.registry.catalog(module, allow.catalog);
    if (allow && target) {
      const allowed = new Set(await reader.trx(table(reader, tableOf.catalog(target))).whereIn('id', [...new Set(keys.map((k) => k[allow.dimension]))] as string[]).where(allow.field, true).pluck('id'));
      keys = keys.filter((k) => !allowed.has(k[allow.dimension]));
    }
    if (!keys.length) continue;
    // Balances of every touched key at the document's date and after all later documents, in one query.
    const farFuture = '9999-12-31';
    const reported = new Set<string>();
    const k = reader.trx;
    const both: Record<string, any>[] = await k
      .from(k.raw(`(SELECT 1 AS wc_at, b.* FROM (${reader.balances(module, code, recorder.date, {}, keys).toQuery()}) AS b UNION ALL SELECT 2, f.* FROM (${reader.balances(module, code, farFuture, {}, keys).toQuery()}) AS f) AS both_dates`))
      .orderBy('wc_at')
      .select('*');
    for (const date of [recorder.date, farFuture]) {
      for (const { wc_at: _at, ...row } of both.filter((r) => r.wc_at === (date === farFuture ? 2 : 1))) {
        const short = reg.forbidNegative.resources.find((r) => new Decimal(row[r]).lessThan(0));
        if (!short || reported.has(dimKey(reg, row))) continue;
        reported.add(dimKey(reg, row));
        const shortfall = new Decimal(row[short]).negated().toString();
        problems.push(
          (reg.forbidNegative.message ?? 'Недостаточно остатка: {dimensions} — {resource} не хватает {shortfall}')
            .replace('{dimensions}', await describe(reader, module, reg, row))
            .replace('{resource}', reg.resources[short].title.toLowerCase())
            .replace('{shortfall}', shortfall) + (date === farFuture ? ' (с учётом более поздних документов)' : ''),
        );
      }
    }
  }
  if (problems.length) throw Problem.unprocessable(problems.join('; ') + '.', { shortages: problems });
}

/** «Товар "Молоко", склад "Основной"» — dimension values by their catalog names, for messages. */
async function describe(reader: BalanceReader, module: string, reg: RegisterDeclaration, key: Record<string, unknown>): Promise<string> {
  const parts: string[] = [];
  for (const [d, f] of Object.entries(reg.dimensions)) {
    let value = String(key[d]);
    const target = f.type === 'ref' ? reader.registry.resolveRef(module, f.ref) : undefined;
    if (target?.kind === 'catalog') value = (await reader.trx(table(reader, tableOf.catalog(target))).where({ id: key[d] }).first('name'))?.name ?? value;
    parts.push(`${f.title.toLowerCase()} «${value}»`);
  }
  return parts.join(', ');
}

import type { Knex } from '@mikro-orm/postgresql';
import { Chart, type TenantTables } from '../journal';
import { documentLabels } from '../names';

/**
 * What УСН counts, read from the journal of entries of an organization's year (the cash method, ст. 346.17 НК РФ):
 * доходы — money received from customers (Дт 50/51 Кт 62, advances included; money returned to them reduces it);
 * расходы (ст. 346.16–346.17, in a simple form for a trading company) — what was paid to suppliers (Дт 60 Кт 50/51)
 * as far as it is covered by services received (Дт 44 Кт 60) and the cost of goods sold (Дт 90.02 Кт 41): an
 * expense counts once paid and received/sold, whichever comes later; insurance contributions paid (Дт 69 Кт 51
 * or Кт 68.90) reduce the tax on «доходы».
 */
export interface UsnRow {
  date: string;
  document: string;
  content: string;
  income: number;
  expense: number;
}

export interface UsnQuarter {
  /** Totals from the start of the year through the quarter's end (the tax is computed on them, ст. 346.21 п.3). */
  income: number;
  expense: number;
  contributions: number;
}

const MONEY = /^(50|51|52|55)(\.|$)/;
const under = (code: string, parent: string) => code === parent || code.startsWith(`${parent}.`);

/** The entries (Дт, Кт, amount) of an organization dated in [from, to] that stand (not reversed), in date order. */
async function entriesOf(t: TenantTables, organization: string, from: string, to: string) {
  const k = t.knex as Knex;
  const table = t.table('r_accounting_entries');
  return k(`${table} as d`)
    .join(`${table} as c`, (j) => j.on('c.recorder_id', 'd.recorder_id').andOn('c.revision', 'd.revision').andOn('c.entry_no', 'd.entry_no').andOn('c.storno', 'd.storno').andOnVal('c.side', 'kt'))
    .where({ 'd.side': 'dt', 'd.storno': false, 'd.organization': organization })
    .whereNotExists(k(`${table} as x`).whereRaw('x.recorder_id = d.recorder_id AND x.revision = d.revision AND x.storno').select(k.raw('1')))
    .whereBetween('d.period', [from, to])
    .orderBy(['d.period', 'd.recorder_id', 'd.entry_no'])
    .select(k.raw(`to_char(d.period, 'YYYY-MM-DD') AS date`), 'd.recorder_id', 'd.account as dt', 'c.account as kt', 'd.debit as amount', 'd.content') as Promise<
    { date: string; recorder_id: string; dt: string; kt: string; amount: string; content: string | null }[]
  >;
}

/** The КУДиР's rows (раздел I) of the year and the totals through each quarter. `expenses`: count расходы (the object «доходы минус расходы»). */
export async function usnFigures(t: TenantTables, organization: string, year: number, expenses: boolean): Promise<{ rows: UsnRow[]; quarters: UsnQuarter[] }> {
  const chart = await Chart.load(t.knex as Knex, t.table);
  const code = (id: string) => chart.find(id)?.code ?? '';
  const entries = await entriesOf(t, organization, `${year}-01-01`, `${year}-12-31`);
  const labels = await documentLabels(t, entries.map((e) => e.recorder_id));
  const rows: UsnRow[] = [];
  const quarters: UsnQuarter[] = [];
  const sums = { income: 0, paid: 0, received: 0, recognized: 0, contributions: 0 };
  const closeQuartersBefore = (date: string) => {
    const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
    while (quarters.length < q) quarters.push({ income: sums.income, expense: sums.recognized, contributions: sums.contributions });
  };
  for (const e of entries) {
    closeQuartersBefore(e.date);
    const [dt, kt, amount] = [code(e.dt), code(e.kt), Number(e.amount)];
    const row = (income: number, expense: number) => rows.push({ date: e.date, document: labels.get(e.recorder_id) ?? '', content: e.content ?? '', income, expense });
    // Money from customers is income when it comes, advances too; money returned to them reduces it.
    const income = MONEY.test(dt) && under(kt, '62') ? amount : under(dt, '62') && MONEY.test(kt) ? -amount : 0;
    if (income) {
      row(income, 0);
      sums.income += income;
    } else if (under(dt, '69') && (MONEY.test(kt) || kt === '68.90')) sums.contributions += amount;
    if (!expenses) continue;
    if (under(dt, '60') && MONEY.test(kt)) sums.paid += amount;
    else if (MONEY.test(dt) && under(kt, '60')) sums.paid -= amount;
    else if (under(dt, '44') && under(kt, '60')) sums.received += amount;
    else if (under(dt, '90.02') && under(kt, '41')) sums.received += amount;
    else continue;
    // Paid and received (sold), whichever comes later: the part of the payments covered by what was received.
    const recognized = Math.max(0, Math.min(sums.paid, sums.received));
    if (recognized !== sums.recognized) row(0, recognized - sums.recognized);
    sums.recognized = recognized;
  }
  closeQuartersBefore(`${year}-12-31`);
  quarters.push({ income: sums.income, expense: sums.recognized, contributions: sums.contributions });
  return { rows, quarters };
}

import { addDays } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { defineReport, type ReportQueryContext } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';
import { cumulative } from './balances';
import { Chart } from './journal';
import { accountIds, figureOf, formColumns, formRow, tenantTables, totalOf, yearBefore, type DecodingItem, type FormFigure } from './reports-forms-common';

/**
 * Отчёт о финансовых результатах (форма по ОКУД 0710002, приказ Минфина 66н), lines 2110–2400, as
 * 1C:Бухгалтерия 3.0 fills it: from the period's turnovers of the sub-accounts of 90 and 91 without the
 * closing entries of «Закрытие месяца» (90.xx → 90.09, 91.xx → 91.09), so a month not yet closed shows
 * what is booked and a closed one is not counted twice. Издержки обращения (44) reach 2210 when the month's
 * closing writes them off to 90.07. Lines in whole thousands (half up), totals from the rounded lines — the
 * ФНС control ratios (2100 = 2110 − 2120…) hold on the form; the decoding is in exact kopecks. The second
 * column is the same period a year earlier.
 *
 * 2310 «Доходы от участия» and 2320 «Проценты к получению» stay empty: the catalog «Прочие доходы и расходы»
 * has no such kinds yet, so those incomes are in 2340. 2330 «Проценты к уплате» is what 91.02 accrued
 * against loans (Дт 91.02 Кт 66, 67). 2410 is the profit tax accrued (Кт 68.04, вид платежа «Налог»).
 */

interface Part {
  accounts: string[];
  /** The side whose net turnover the line takes. */
  side: 'Дт' | 'Кт';
  sign: 1 | -1;
  /** Only this subconto 1 value (68.04: the tax, not penalties). */
  subconto1?: string;
}
interface ResultLine {
  code: string;
  title: string;
  parts?: Part[];
  /** A total of other lines with their signs, computed on their rounded values. */
  sum?: [string, 1 | -1][];
  /** Printed in parentheses. */
  expense?: boolean;
  /** Turnovers of 91.02 against 66 and 67: interest on loans. */
  interest?: boolean;
  /** 91.02 less its interest (which is line 2330). */
  lessInterest?: boolean;
}

export const FINANCIAL_RESULTS: ResultLine[] = [
  {
    code: '2110',
    title: 'Выручка',
    parts: [
      { accounts: ['90.01'], side: 'Кт', sign: 1 },
      { accounts: ['90.03', '90.04', '90.05'], side: 'Дт', sign: -1 },
    ],
  },
  { code: '2120', title: 'Себестоимость продаж', expense: true, parts: [{ accounts: ['90.02'], side: 'Дт', sign: 1 }] },
  { code: '2100', title: 'Валовая прибыль (убыток)', sum: [['2110', 1], ['2120', -1]] },
  { code: '2210', title: 'Коммерческие расходы', expense: true, parts: [{ accounts: ['90.07'], side: 'Дт', sign: 1 }] },
  { code: '2220', title: 'Управленческие расходы', expense: true, parts: [{ accounts: ['90.08'], side: 'Дт', sign: 1 }] },
  { code: '2200', title: 'Прибыль (убыток) от продаж', sum: [['2100', 1], ['2210', -1], ['2220', -1]] },
  { code: '2310', title: 'Доходы от участия в других организациях' },
  { code: '2320', title: 'Проценты к получению' },
  { code: '2330', title: 'Проценты к уплате', expense: true, interest: true },
  { code: '2340', title: 'Прочие доходы', parts: [{ accounts: ['91.01'], side: 'Кт', sign: 1 }] },
  { code: '2350', title: 'Прочие расходы', expense: true, lessInterest: true, parts: [{ accounts: ['91.02'], side: 'Дт', sign: 1 }] },
  { code: '2300', title: 'Прибыль (убыток) до налогообложения', sum: [['2200', 1], ['2310', 1], ['2320', 1], ['2330', -1], ['2340', 1], ['2350', -1]] },
  { code: '2410', title: 'Налог на прибыль', expense: true, parts: [{ accounts: ['68.04'], side: 'Кт', sign: 1, subconto1: 'tax' }] },
  { code: '2400', title: 'Чистая прибыль (убыток)', sum: [['2300', 1], ['2410', -1]] },
];

type Turnover = { debit: Decimal; credit: Decimal };
const zero = (): Turnover => ({ debit: new Decimal(0), credit: new Decimal(0) });

/**
 * Turnovers of a period by account and subconto 1 from the month and day totals, less the closing entries
 * of «Закрытие месяца» (entries of its documents against 90.09 and 91.09), and the interest on loans by
 * account of 91.02. The closing documents' entries and 91.02 against 66/67 are read as movements: a few
 * rows per month, whatever the number of sales.
 */
async function periodTurnovers(q: ReportQueryContext, chart: Chart, from: string, to: string, organization: string | undefined) {
  const ids = accountIds(chart, ['90', '91', '68.04']);
  const open = addDays(from, -1);
  const sums = await cumulative(tenantTables(q), [open, to], ['account', 'subconto1'], { organization, accounts: [...ids] });
  const out = new Map<string, Turnover>();
  const add = (key: string, debit: Decimal.Value, credit: Decimal.Value) => {
    const t = out.get(key) ?? out.set(key, zero()).get(key)!;
    t.debit = t.debit.plus(debit);
    t.credit = t.credit.plus(credit);
  };
  const [before, after] = [sums.get(open)!, sums.get(to)!];
  for (const [key, s] of after) add(key, s.debit.minus(before.get(key)?.debit ?? 0), s.credit.minus(before.get(key)?.credit ?? 0));
  const k = q.knex;
  const entries = () => {
    const e = k(q.table('r_accounting_entries')).whereBetween('period', [from, to]);
    if (organization) e.where('organization', organization);
    return e;
  };
  const closings = k(q.table('d_accounting_month_closing')).whereBetween('date', [from, to]).select('id');
  if (organization) closings.where('organization', organization);
  const closingEntries: { account: string; subconto1: string; debit: string; credit: string }[] = await entries()
    .whereIn('recorder_id', closings)
    .whereIn('corr_account', [...accountIds(chart, ['90.09', '91.09'])])
    .whereIn('account', [...ids])
    .groupBy('account', 'subconto1')
    .select('account', 'subconto1', k.raw('sum(debit)::text AS debit'), k.raw('sum(credit)::text AS credit'));
  for (const r of closingEntries) add(`${r.account}|${r.subconto1}`, new Decimal(r.debit).negated(), new Decimal(r.credit).negated());
  const interest: { account: string; amount: string }[] = await entries()
    .whereIn('account', [...accountIds(chart, ['91.02'])])
    .whereIn('corr_account', [...accountIds(chart, ['66', '67'])])
    .groupBy('account')
    .select('account', k.raw('sum(debit - credit)::text AS amount'));
  return { turnovers: out, interest: new Map(interest.map((r) => [String(r.account), new Decimal(r.amount)])) };
}

/** The lines of one period: exact kopecks, thousands (totals from rounded lines), the decoding. */
function resultLines(chart: Chart, figures: Awaited<ReturnType<typeof periodTurnovers>>) {
  const out = new Map<string, FormFigure>();
  for (const line of FINANCIAL_RESULTS) {
    if (line.sum) {
      out.set(line.code, totalOf(line.sum, out));
      continue;
    }
    const byAccount = new Map<string, { part: Part; value: Decimal }>();
    for (const part of line.parts ?? []) {
      const ids = accountIds(chart, part.accounts);
      for (const [key, t] of figures.turnovers) {
        const [id, subconto1] = key.split('|');
        if (!ids.has(id) || (part.subconto1 && subconto1 !== part.subconto1)) continue;
        const v = part.side === 'Дт' ? t.debit.minus(t.credit) : t.credit.minus(t.debit);
        const a = byAccount.get(id) ?? byAccount.set(id, { part, value: new Decimal(0) }).get(id)!;
        a.value = a.value.plus(v);
      }
    }
    if (line.lessInterest) for (const [id, a] of byAccount) a.value = a.value.minus(figures.interest.get(id) ?? 0);
    if (line.interest) for (const [id, v] of figures.interest) byAccount.set(id, { part: { accounts: [], side: 'Дт', sign: 1 }, value: v });
    const items: DecodingItem[] = [...byAccount]
      .filter(([, a]) => !a.value.isZero())
      .map(([id, { part, value }]) => {
        const account = chart.find(id)!;
        const opposite = part.side === 'Дт' ? 'Кт' : 'Дт';
        return { account: account.code, name: account.name, side: value.isNegative() ? opposite : part.side, sum: value.abs().toNumber(), amount: value.times(part.sign).toNumber() };
      })
      .sort((a, b) => b.amount - a.amount || a.account.localeCompare(b.account, 'ru', { numeric: true }));
    out.set(line.code, figureOf(items));
  }
  return out;
}

export const financialResults = defineReport({
  code: 'financial_results',
  group: 'reports',
  title: 'Отчёт о финансовых результатах (форма № 2)',
  titleEn: 'Statement of financial results (form 2)',
  params: {
    from: { type: 'date', title: 'Начало периода', required: true },
    to: { type: 'date', title: 'Конец периода', required: true },
    organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация' },
  },
  columns: formColumns('За отчётный период, тыс. руб.', 'За аналогичный период предыдущего года, тыс. руб.'),
  query: async (q, p) => {
    if (p.from > p.to) throw Problem.badRequest('Начало периода позже его конца — поменяйте даты местами.');
    const chart = await Chart.load(q.knex, q.table);
    const now = resultLines(chart, await periodTurnovers(q, chart, p.from, p.to, p.organization));
    const before = resultLines(chart, await periodTurnovers(q, chart, yearBefore(p.from), yearBefore(p.to), p.organization));
    return FINANCIAL_RESULTS.map((line) => formRow(line.code, line.title, !!line.sum, now.get(line.code)!, before.get(line.code)!, line.expense));
  },
  defaultAccess: { accountant: ['read'] },
});

import type { Knex } from '@mikro-orm/postgresql';
import { formatRubles } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { defineReport } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { cumulative } from '../balances';
import { Chart, type TenantTables } from '../journal';
import { tablesOf } from '../vat/books';

/** What an entry against 68.90 is, by its correspondent account. */
const TAXES: [RegExp, string][] = [
  [/^68\.02$/, 'НДС'],
  [/^68\.12$/, 'Налог по УСН'],
  [/^68\.01$/, 'НДФЛ'],
  [/^68\.04/, 'Налог на прибыль'],
  [/^69(\.|$)/, 'Страховые взносы'],
  [/^(50|51|52|55)(\.|$)/, 'Единый налоговый платёж'],
];
const taxOf = (code: string) => TAXES.find(([re]) => re.test(code))?.[1] ?? `Прочее (счёт ${code})`;
/** Rows in the order of TAXES (the payment last), anything else after them. */
const order = (tax: string) => {
  const i = TAXES.findIndex(([, t]) => t === tax);
  return i < 0 ? TAXES.length : i;
};

/** «1 234,56 — переплата» / «— задолженность»: the ЕНС is in the company's favour when 68.90 has a debit balance. */
const balanceText = (b: Decimal) => (b.isZero() ? '0,00' : `${formatRubles(b.abs().toFixed(), { currency: false })} — ${b.gt(0) ? 'переплата (положительное сальдо)' : 'задолженность (отрицательное сальдо)'}`);

/** The period's entries on 68.90 of the organization that stand, with the correspondent account. */
async function ensEntries(t: TenantTables, chart: Chart, organization: string, from: string, to: string) {
  const k = t.knex as Knex;
  const table = t.table('r_accounting_entries');
  return k(`${table} as e`)
    .where({ 'e.organization': organization, 'e.account': chart.code('68.90').id, 'e.storno': false })
    .whereNotExists(k(`${table} as x`).whereRaw('x.recorder_id = e.recorder_id AND x.revision = e.revision AND x.storno').select(k.raw('1')))
    .whereBetween('e.period', [from, to])
    .select('e.corr_account', 'e.debit', 'e.credit') as Promise<{ corr_account: string; debit: string; credit: string }[]>;
}

/**
 * Расчёты по ЕНС: the balance of the единый налоговый счёт (68.90) at the start and the end of the period, and in
 * between, by tax, what was accrued to it (Кт 68.90 from 68.xx / 69.xx) and what was paid (the ЕНП, Дт 68.90 Кт 51).
 */
export const ensReport = defineReport({
  code: 'ens_settlements',
  group: 'reports',
  title: 'Расчёты по ЕНС',
  titleEn: 'Unified tax account',
  params: {
    organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true },
    from: { type: 'date', title: 'Начало периода', required: true },
    to: { type: 'date', title: 'Конец периода', required: true },
  },
  columns: [
    { field: 'indicator', title: 'Показатель' },
    { field: 'accrued', title: 'Начислено', type: 'money' },
    { field: 'paid', title: 'Уплачено (ЕНП)', type: 'money' },
    { field: 'balance', title: 'Сальдо ЕНС' },
  ],
  query: async (q, p) => {
    if (p.from > p.to) throw Problem.badRequest('Начало периода позже его конца — поменяйте даты местами.', { errors: [{ field: 'from', message: 'Начало периода позже конца' }] });
    const t = tablesOf(q);
    const chart = await Chart.load(q.knex, q.table);
    const ens = chart.code('68.90').id;
    const dayBefore = new Date(Date.parse(`${p.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const sums = await cumulative(t, [dayBefore, p.to], ['account'], { organization: p.organization, accounts: [ens] });
    const balanceAt = (d: string) => {
      const s = sums.get(d)!.get(ens);
      return s ? s.debit.minus(s.credit) : new Decimal(0);
    };
    const byTax = new Map<string, { accrued: number; paid: number }>();
    for (const e of await ensEntries(t, chart, p.organization, p.from, p.to)) {
      const tax = taxOf(chart.find(e.corr_account)?.code ?? '');
      const row = byTax.get(tax) ?? { accrued: 0, paid: 0 };
      // Кт 68.90 is a tax accrued to the ЕНС (a refund of it, Дт 68.90 from 68.xx, lowers it); Дт 68.90 from money is paid.
      if (tax === 'Единый налоговый платёж') row.paid += Number(e.debit) - Number(e.credit);
      else row.accrued += Number(e.credit) - Number(e.debit);
      byTax.set(tax, row);
    }
    return [
      { indicator: 'Сальдо на начало периода', balance: balanceText(balanceAt(dayBefore)) },
      ...[...byTax].sort(([a], [b]) => order(a) - order(b)).map(([tax, r]) => ({ indicator: tax, accrued: r.accrued, paid: r.paid })),
      { indicator: 'Сальдо на конец периода', balance: balanceText(balanceAt(p.to)) },
    ];
  },
  defaultAccess: { accountant: ['read'] },
});

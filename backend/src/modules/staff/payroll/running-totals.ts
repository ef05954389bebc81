import { addDays, monthEnd, monthStart } from '@workcloud/shared-core';
import type { Movement, PostingContext, PrefillContext } from '../../../platform/engine/declarations';

/** What the module keeps running totals of, per person (register `running_totals`). */
export type TotalKind = 'earnings' | 'months' | 'vacation_pay' | 'sick_pay' | 'compensation' | 'vacation_days' | 'income' | 'deductions' | 'ndfl' | 'contribution_base';

type Reader = Pick<PrefillContext, 'sliceLast'> | Pick<PostingContext, 'sliceLast'>;

/** The running total of a kind at the end of a date: `amount` in kopecks, `days` as a decimal string. */
export async function totalAt(ctx: Reader, employee: string, kind: TotalKind, date: string): Promise<{ amount: number; days: number }> {
  const row = (await ctx.sliceLast('running_totals', { employee, kind }, date)) as { amount?: string; days?: string } | null;
  return { amount: Number(row?.amount ?? 0), days: Number(row?.days ?? 0) };
}

/** A kind's amount over a period, both ends included. */
export async function totalBetween(ctx: Reader, employee: string, kind: TotalKind, from: string, to: string) {
  const [end, start] = await Promise.all([totalAt(ctx, employee, kind, to), totalAt(ctx, employee, kind, addDays(from, -1))]);
  return { amount: end.amount - start.amount, days: end.days - start.days };
}

/** The amount since 1 January of the date's year up to the end of the month before `month`. */
export const sinceYearStart = (ctx: Reader, employee: string, kind: TotalKind, month: string) =>
  totalBetween(ctx, employee, kind, `${month.slice(0, 4)}-01-01`, addDays(monthStart(month), -1));

/** The 12 calendar months before the month of `date` (ТК ст. 139): [first day, last day]. */
export function twelveMonthsBefore(date: string, months = 12): [string, string] {
  const [y, m] = date.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - months, 1)).toISOString().slice(0, 10);
  return [first, addDays(monthStart(date), -1)];
}

/** The movement that adds `amount` (and `days`) to a kind's running total at `date`. */
export async function addToTotal(ctx: PostingContext, employee: string, kind: TotalKind, date: string, amount: number, days = 0): Promise<Movement> {
  const before = await totalAt(ctx, employee, kind, date);
  return { register: 'running_totals', period: date, dimensions: { employee, kind }, resources: { amount: before.amount + amount, days: (before.days + days).toFixed(2) } };
}

export { monthEnd, monthStart };

import Decimal from 'decimal.js';
import { defineReport, type Fields } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { policyObject, type UsnObject } from './policy';
import { tablesOf } from '../vat/books';
import { usnFigures, type UsnQuarter } from './figures';
import { paymentDay } from '../working-days';

export const yearParams: Fields = {
  organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true },
  year: { type: 'integer', title: 'Год', required: true },
};

export function yearOf(p: Record<string, any>): number {
  const year = Number(p.year);
  if (!Number.isInteger(year) || year < 2019 || year > 2100) throw Problem.badRequest('Год — четырьмя цифрами, с 2019 по 2100.', { errors: [{ field: 'year', message: 'Год — с 2019 по 2100' }] });
  return year;
}

/** Rates of ст. 346.20 НК РФ (regional reductions are not applied) and the minimum tax of ст. 346.18 п.6. */
export const USN_RATES = { income: 6, income_minus_expenses: 15, minimum: 1 } as const;
/** An organization reduces the tax on «доходы» by the contributions paid, by no more than half of it (ст. 346.21 п.3.1). */
const CONTRIBUTIONS_LIMIT = 50;

/** A tax in full rubles, as ст. 52 п.6 НК РФ counts it: under 50 kopecks dropped, 50 and more a ruble, in kopecks. */
export const fullRubles = (kopecks: Decimal.Value) => new Decimal(kopecks).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(100).toNumber();
const percent = (base: number, rate: number) => new Decimal(base).times(rate).div(100);

const PERIODS = ['I квартал', 'Полугодие', '9 месяцев', 'Год'];
/**
 * When an organization pays: advances by the 28th of the month after the quarter, the year's tax by 28 March
 * (ст. 346.21 п.7, 58 НК РФ) — the next work day when that is a day off (п. 7 ст. 6.1).
 */
const dueDate = (year: number, i: number) => paymentDay(i < 3 ? `${year}-${String(i * 3 + 4).padStart(2, '0')}-28` : `${year + 1}-03-28`);

export interface UsnPeriodTax {
  period: string;
  income: number;
  expense: number;
  base: number;
  rate: number;
  tax: number;
  contributions: number;
  reduction: number;
  minimum: number;
  /** The tax (advance) for the year so far, and what is to be paid for this period: it less the earlier periods'. */
  due: number;
  payable: number;
  due_date: string;
}

/**
 * The УСН tax of a year and its advances, each period from the year's start (ст. 346.21 НК РФ): «доходы» — 6 % of
 * доходы less the contributions paid (at most half of it); «доходы минус расходы» — 15 % of (доходы − расходы),
 * and for the year no less than the minimum tax, 1 % of доходы. Each amount in full rubles.
 */
export function usnTax(object: UsnObject, year: number, quarters: UsnQuarter[]): UsnPeriodTax[] {
  let earlier = 0;
  return quarters.map((q, i) => {
    const expense = object === 'income' ? 0 : q.expense;
    const base = Math.max(0, q.income - expense);
    const rate = USN_RATES[object];
    const tax = fullRubles(percent(base, rate));
    // Half of a tax in full rubles is a whole number of kopecks.
    const reduction = object === 'income' ? Decimal.min(Math.max(0, q.contributions), percent(tax, CONTRIBUTIONS_LIMIT)).toNumber() : 0;
    const minimum = object === 'income_minus_expenses' && i === 3 ? fullRubles(percent(Math.max(0, q.income), USN_RATES.minimum)) : 0;
    const due = fullRubles(Math.max(tax - reduction, minimum));
    const payable = due - earlier;
    earlier = due;
    return { period: PERIODS[i], income: q.income, expense, base, rate, tax, contributions: object === 'income' ? q.contributions : 0, reduction, minimum, due, payable, due_date: dueDate(year, i) };
  });
}

const money = (field: string, title: string) => ({ field, title, type: 'money' as const });

/** Report «Налог УСН»: the four periods of the year with the figures the tax and its advances come from. */
export const usnTaxReport = defineReport({
  code: 'usn_tax',
  group: 'usn',
  title: 'Налог по УСН и авансовые платежи',
  titleEn: 'Simplified tax and advance payments',
  params: yearParams,
  columns: [
    { field: 'period', title: 'Период' },
    money('income', 'Доходы'),
    money('expense', 'Расходы'),
    money('base', 'Налоговая база'),
    { field: 'rate', title: 'Ставка, %', type: 'integer' },
    money('tax', 'Исчислено'),
    money('contributions', 'Страховые взносы уплачено'),
    money('reduction', 'Уменьшение на взносы'),
    money('minimum', 'Минимальный налог (1 %)'),
    money('due', 'Налог за период (нарастающим итогом)'),
    money('payable', 'К уплате за период'),
    { field: 'due_date', title: 'Срок уплаты', type: 'date' },
  ],
  query: async (q, p) => {
    const year = yearOf(p);
    const t = tablesOf(q);
    const object = await policyObject(t, p.organization);
    const { quarters } = await usnFigures(t, p.organization, year, object === 'income_minus_expenses');
    return usnTax(object, year, quarters) as unknown as Record<string, unknown>[];
  },
  defaultAccess: { accountant: ['read'] },
});

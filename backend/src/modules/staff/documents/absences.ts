import { lineAmountKopecks, monthStart } from '@workcloud/shared-core';
import { defineDocument } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { INSURANCE_BASE_BY_YEAR, SICK_PAY_PERCENT, sickDaily, sickDailyCap, sickPay } from '../payroll/rules-2026';
import { addToTotal, totalBetween } from '../payroll/running-totals';
import { markPayrollsStale } from '../payroll/stale';
import { accountantKeeps, employee, organization } from '../fields';
import { averageDailyEarnings, employmentOn } from './hr-orders';

const days = { type: 'integer', title: 'Календарных дней', required: true } as const;

/** Отпуск: days × average daily earnings of the 12 months before (earnings / 12 / 29,3 for a full year); paid with that month's payroll. */
export const vacations = defineDocument({
  code: 'vacations',
  group: 'hr',
  title: 'Отпуск',
  titleEn: 'Vacation',
  numberPrefix: 'ОТ',
  numberBy: 'organization',
  fields: {
    organization,
    employee,
    date_from: { type: 'date', title: 'С', required: true },
    days,
    average_daily: { type: 'money', title: 'Средний дневной заработок', computed: true },
    amount: { type: 'money', title: 'Отпускные', computed: true },
  },
  beforeSave: async (doc, ctx) => {
    if (!doc.employee || !doc.date_from || !doc.days) return;
    if ((await employmentOn(ctx, doc.employee, doc.date_from))?.status !== 'working') throw Problem.unprocessable('Отпуск оформляется работающему сотруднику: проверьте дату начала и приём на работу.');
    doc.average_daily = (await averageDailyEarnings(ctx, doc.employee, doc.date_from)).daily;
    doc.amount = lineAmountKopecks(doc.days, doc.average_daily);
  },
  post: async (doc, ctx) => {
    // The vacation pay is accrued by the payroll of the document's month.
    await markPayrollsStale(ctx, doc.organization, monthStart(doc.date));
    return [await addToTotal(ctx, doc.employee, 'vacation_pay', doc.date, doc.amount), await addToTotal(ctx, doc.employee, 'vacation_days', doc.date, 0, doc.days)];
  },
  defaultAccess: accountantKeeps,
});

/** The employer pays the first 3 days of an illness (255-ФЗ ст. 3 ч. 2); the rest is the СФР's (прямые выплаты). */
export const EMPLOYER_SICK_DAYS = 3;

/**
 * Больничный: the employer's days × average daily earnings × the share by the insurance record (60 / 80 / 100 %,
 * the card's «Страховой стаж»). The average (255-ФЗ ст. 14): the earnings subject to contributions in the two
 * calendar years before the illness's year, each year's up to its insurance base, / 730 — not below МРОТ × 24 / 730.
 */
export const sickLeaves = defineDocument({
  code: 'sick_leaves',
  group: 'hr',
  title: 'Больничный',
  titleEn: 'Sick leave',
  numberPrefix: 'БЛ',
  numberBy: 'organization',
  fields: {
    organization,
    employee,
    date_from: { type: 'date', title: 'С', required: true },
    days,
    earnings_first_year: { type: 'money', title: 'Заработок за первый год расчётного периода', computed: true },
    earnings_second_year: { type: 'money', title: 'Заработок за второй год расчётного периода', computed: true },
    average_daily: { type: 'money', title: 'Средний дневной заработок', computed: true },
    employer_days: { type: 'integer', title: 'Дней за счёт работодателя', computed: true },
    percent: { type: 'integer', title: 'Процент по страховому стажу', computed: true },
    amount: { type: 'money', title: 'Пособие за счёт работодателя', computed: true },
  },
  beforeSave: async (doc, ctx) => {
    if (!doc.employee || !doc.date_from || !doc.days) return;
    const year = Number(String(doc.date_from).slice(0, 4));
    const cap = sickDailyCap(year);
    if (cap === null) throw Problem.unprocessable(`Больничный с ${year} года: в модуле нет предельных баз взносов за ${year - 2} и ${year - 1} годы — расчёт невозможен до обновления.`);
    // The contribution base of each year (vacation pay and compensation included, sick pay not), up to that year's limit.
    const yearEarnings = async (y: number) => Math.min((await totalBetween(ctx, doc.employee, 'contribution_base', `${y}-01-01`, `${y}-12-31`)).amount, INSURANCE_BASE_BY_YEAR[y]);
    doc.earnings_first_year = await yearEarnings(year - 2);
    doc.earnings_second_year = await yearEarnings(year - 1);
    const record = (await ctx.catalogItem('employees', doc.employee))?.insurance_record as keyof typeof SICK_PAY_PERCENT | undefined;
    doc.average_daily = sickDaily(doc.earnings_first_year + doc.earnings_second_year, cap);
    doc.percent = SICK_PAY_PERCENT[record ?? 'over_8'];
    doc.employer_days = Math.min(EMPLOYER_SICK_DAYS, doc.days);
    doc.amount = sickPay(doc.average_daily, doc.employer_days, doc.percent);
  },
  post: async (doc, ctx) => {
    await markPayrollsStale(ctx, doc.organization, monthStart(doc.date));
    return [await addToTotal(ctx, doc.employee, 'sick_pay', doc.date, doc.amount)];
  },
  defaultAccess: accountantKeeps,
});

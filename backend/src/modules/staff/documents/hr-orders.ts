import { lineAmountKopecks } from '@workcloud/shared-core';
import { Problem } from '../../../platform/http/problem';
import { defineDocument, type PostingContext, type PrefillContext } from '../../../platform/engine/declarations';
import { averageDaily, unusedVacationDays } from '../payroll/rules-2026';
import { addToTotal, totalAt, totalBetween, twelveMonthsBefore } from '../payroll/running-totals';
import { markPayrollsStale } from '../payroll/stale';
import { accountantKeeps, department, employee, organization, position } from '../fields';

/** Кадровые документы: приём, перевод, увольнение — each writes the person's employment from its date. */

type Reader = Pick<PrefillContext, 'sliceLast'> | Pick<PostingContext, 'sliceLast'>;

/** Where and on what salary a person works on a date (the latest HR document up to it), or null. */
export async function employmentOn(ctx: Reader, employee: string, date: string) {
  return (await ctx.sliceLast('employment', { employee }, date)) as { organization: string; department: string; position: string; salary: string; status: string; hired_on: string } | null;
}

const assignment = { organization, employee, department, position, salary: { type: 'money', title: 'Оклад', required: true } } as const;

/** Приём на работу. */
export const hirings = defineDocument({
  code: 'hirings',
  group: 'hr',
  title: 'Приём на работу',
  titleEn: 'Hiring',
  numberPrefix: 'ПР',
  numberBy: 'organization',
  fields: assignment,
  beforeSave: async (doc, ctx) => {
    const now = doc.employee && doc.date ? await employmentOn(ctx, doc.employee, doc.date) : null;
    if (now?.status === 'working') throw Problem.unprocessable('Сотрудник уже принят на работу: для новой должности или оклада оформите кадровый перевод.');
  },
  post: (doc) => [
    {
      register: 'employment',
      dimensions: { employee: doc.employee },
      resources: { salary: doc.salary },
      attributes: { organization: doc.organization, department: doc.department, position: doc.position, status: 'working', hired_on: doc.date },
    },
  ],
  defaultAccess: accountantKeeps,
});

/** Кадровый перевод: another department, position or salary from the document's date. */
export const transfers = defineDocument({
  code: 'transfers',
  group: 'hr',
  title: 'Кадровый перевод',
  titleEn: 'Transfer',
  numberPrefix: 'КП',
  numberBy: 'organization',
  fields: assignment,
  post: async (doc, ctx) => {
    const now = await employmentOn(ctx, doc.employee, doc.date);
    if (now?.status !== 'working') throw Problem.unprocessable('Перевести можно только работающего сотрудника: сначала оформите приём на работу.');
    return [
      {
        register: 'employment',
        dimensions: { employee: doc.employee },
        resources: { salary: doc.salary },
        attributes: { organization: doc.organization, department: doc.department, position: doc.position, status: 'working', hired_on: now.hired_on },
      },
    ];
  },
  defaultAccess: accountantKeeps,
});

/**
 * Average daily earnings of the 12 months before the month of `date`: earnings (оклад, премии, районные; not
 * vacation or sick pay) / (29,3 × months paid). Simplification: a month with a payroll counts as worked in full.
 */
export async function averageDailyEarnings(ctx: Reader, employee: string, date: string) {
  const [from, to] = twelveMonthsBefore(date);
  const [earnings, months] = await Promise.all([totalBetween(ctx, employee, 'earnings', from, to), totalBetween(ctx, employee, 'months', from, to)]);
  return { earnings: earnings.amount, months: months.days, daily: averageDaily(earnings.amount, months.days) };
}

/** Grounds of dismissal, as ЕФС-1 writes them: the article, part and item of the Labour Code. */
export const DISMISSAL_GROUNDS = {
  own_wish: 'По собственному желанию, п. 3 ч. 1 ст. 77 ТК РФ',
  agreement: 'Соглашение сторон, п. 1 ч. 1 ст. 77 ТК РФ',
  term_end: 'Истечение срока трудового договора, п. 2 ч. 1 ст. 77 ТК РФ',
};

/** Увольнение: the last day of work; компенсация за неиспользованный отпуск = unused days × average daily earnings. */
export const dismissals = defineDocument({
  code: 'dismissals',
  group: 'hr',
  title: 'Увольнение',
  titleEn: 'Dismissal',
  numberPrefix: 'УВ',
  numberBy: 'organization',
  fields: {
    organization,
    employee,
    // The ground as ЕФС-1 подраздел 1.1 names it (reports/efs1.ts).
    ground: { type: 'enum', title: 'Основание увольнения', values: DISMISSAL_GROUNDS, default: 'own_wish' },
    unused_days: { type: 'decimal', title: 'Дней неиспользованного отпуска', scale: 2, computed: true },
    average_daily: { type: 'money', title: 'Средний дневной заработок', computed: true },
    compensation: { type: 'money', title: 'Компенсация отпуска', computed: true },
  },
  beforeSave: async (doc, ctx) => {
    if (!doc.employee || !doc.date) return;
    const now = await employmentOn(ctx, doc.employee, doc.date);
    if (now?.status !== 'working') throw Problem.unprocessable('Уволить можно только работающего сотрудника.');
    const taken = await totalAt(ctx, doc.employee, 'vacation_days', doc.date);
    doc.unused_days = unusedVacationDays(now.hired_on, doc.date, String(taken.days));
    doc.average_daily = (await averageDailyEarnings(ctx, doc.employee, doc.date)).daily;
    doc.compensation = lineAmountKopecks(doc.unused_days, doc.average_daily);
  },
  post: async (doc, ctx) => {
    const now = await employmentOn(ctx, doc.employee, doc.date);
    // The compensation is accrued by the payroll of the dismissal's month.
    await markPayrollsStale(ctx, doc.organization, doc.date);
    return [
      {
        register: 'employment',
        dimensions: { employee: doc.employee },
        resources: { salary: 0 },
        attributes: { organization: doc.organization, department: now?.department ?? null, position: now?.position ?? null, status: 'dismissed', hired_on: now?.hired_on ?? null },
      },
      await addToTotal(ctx, doc.employee, 'compensation', doc.date, doc.compensation ?? 0),
    ];
  },
  defaultAccess: accountantKeeps,
});

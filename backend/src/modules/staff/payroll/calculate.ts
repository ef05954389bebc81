import { monthEnd, monthStart, prorateKopecks, sumKopecks } from '@workcloud/shared-core';
import type { PrefillContext } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { calendarMonthId } from '../catalogs/production-calendar';
import { employmentOn } from '../documents/hr-orders';
import { CHILD_DEDUCTION_INCOME_LIMIT, childDeduction, contributions, injuryContribution, INSURANCE_BASE_BY_YEAR, MROT, NDFL_SCALE, ndflAbove13, ndflOnBase, regionalAllowance } from './rules-2026';
import { sinceYearStart, totalBetween } from './running-totals';

/** A line of «Начисление зарплаты»: the person and the премия are typed, the rest is computed here. */
export interface PayrollLine {
  employee: string;
  bonus?: number | null;
  cost_account?: string;
  salary_rate?: number;
  norm_days?: number;
  days?: number;
  salary?: number;
  /** Доплата до МРОТ: what lifts оклад and премия of the days worked to МРОТ for those days (ТК ст. 133). */
  mrot_topup?: number;
  regional?: number;
  vacation_pay?: number;
  sick_pay?: number;
  compensation?: number;
  accrued?: number;
  deductions?: number;
  ndfl?: number;
  /** Of `accrued` and `ndfl`: the income taxed above 13 % (the base beyond 2,4 млн ₽) and its tax. */
  income_above_13?: number;
  ndfl_above_13?: number;
  contribution_base?: number;
  contributions?: number;
  injury?: number;
  net?: number;
}

/**
 * One person's month: оклад by days worked (the табель, or the calendar's norm without one), премия, районный
 * коэффициент and северная надбавка on them, and the
 * отпускные, больничные and компенсация of documents dated in the month; НДФЛ on the income since 1 January
 * less the tax already computed (progressive scale, children's deductions while the income is within 450 000 ₽);
 * contributions on the month's base (without the sick pay) — 30 % up to the year's limit, 15,1 % above; НС и ПЗ.
 */
export interface PayrollTerms {
  injuryRate: string;
  /** Районный коэффициент (1.15) and северная надбавка, percent (30), on оклад and премия. */
  regionalCoefficient: string;
  northernPercent: string;
}

/** A payroll's terms from its fields (or the body of «Заполнить»), an empty one taking the document's default. */
export function payrollTerms(values: { injury_rate?: string | null; regional_coefficient?: string | null; northern_percent?: string | null }): PayrollTerms {
  return { injuryRate: values.injury_rate ?? '0.20', regionalCoefficient: values.regional_coefficient ?? '1.00', northernPercent: values.northern_percent ?? '0' };
}

export async function calculateLine(line: PayrollLine, month: string, terms: PayrollTerms, ctx: PrefillContext): Promise<void> {
  const [start, end] = [monthStart(month), monthEnd(month)];
  const atEnd = await employmentOn(ctx, line.employee, end);
  const atStart = await employmentOn(ctx, line.employee, start);
  const job = atEnd?.status === 'working' ? atEnd : atStart?.status === 'working' ? atStart : null;
  const person = await ctx.catalogItem('employees', line.employee);
  if (!person) throw Problem.unprocessable('Сотрудник не найден: выберите его из справочника «Сотрудники».');
  if (!job && !atEnd) throw Problem.unprocessable(`${person.name}: не принят на работу — сначала оформите приём на работу.`);
  const calendar = await ctx.catalogItem('production_calendar', calendarMonthId(start));
  if (!calendar) throw Problem.unprocessable(`В производственном календаре нет месяца ${start.slice(0, 7)}: добавьте его в справочник «Производственный календарь».`);
  const worked = await ctx.sliceLast('worked_time', { employee: line.employee, pay_month: start }, end);

  line.cost_account = person.cost_account ?? '44.01';
  line.salary_rate = Number(job?.salary ?? 0);
  line.norm_days = Number(calendar.work_days);
  line.days = worked ? Number(worked.days) : job ? line.norm_days : 0;
  line.salary = line.norm_days ? prorateKopecks(line.salary_rate, line.days, line.norm_days) : 0;
  line.bonus = line.bonus ?? 0;
  // МРОТ is the floor of the pay for the norm worked, before the районный коэффициент (КС РФ 38-П of 07.12.2017);
  // for part of the norm, its share.
  const floor = line.norm_days && line.days ? prorateKopecks(MROT, line.days, line.norm_days) : 0;
  line.mrot_topup = Math.max(0, floor - line.salary - line.bonus);
  line.regional = regionalAllowance(line.salary + line.bonus + line.mrot_topup, terms.regionalCoefficient, terms.northernPercent);
  const [vacation, sick, compensation] = await Promise.all((['vacation_pay', 'sick_pay', 'compensation'] as const).map((k) => totalBetween(ctx, line.employee, k, start, end)));
  line.vacation_pay = vacation.amount;
  line.sick_pay = sick.amount;
  line.compensation = compensation.amount;
  line.accrued = sumKopecks([line.salary, line.bonus, line.mrot_topup, line.regional, line.vacation_pay, line.sick_pay, line.compensation]);

  const [income, deducted, taxed, base] = await Promise.all((['income', 'deductions', 'ndfl', 'contribution_base'] as const).map((k) => sinceYearStart(ctx, line.employee, k, start)));
  const incomeYtd = income.amount + line.accrued;
  line.deductions = incomeYtd <= CHILD_DEDUCTION_INCOME_LIMIT ? Math.min(childDeduction(Number(person.children ?? 0)), line.accrued) : 0;
  const baseBefore = Math.max(0, income.amount - deducted.amount);
  const baseAfter = Math.max(0, incomeYtd - deducted.amount - line.deductions);
  line.ndfl = ndflOnBase(baseAfter) - taxed.amount;
  const above = (base: number) => Math.max(0, base - NDFL_SCALE[0].upTo);
  line.income_above_13 = above(baseAfter) - above(baseBefore);
  line.ndfl_above_13 = ndflAbove13(baseAfter) - ndflAbove13(baseBefore);
  line.contribution_base = line.accrued - line.sick_pay;
  line.contributions = contributions(line.contribution_base, base.amount, INSURANCE_BASE_BY_YEAR[Number(start.slice(0, 4))]).amount;
  line.injury = injuryContribution(line.contribution_base, terms.injuryRate);
  line.net = line.accrued - line.ndfl;
}

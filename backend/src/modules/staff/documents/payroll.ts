import { addDays, monthEnd, monthStart, sumKopecks } from '@workcloud/shared-core';
import { defineDocument, type Movement } from '../../../platform/engine/declarations';
import { COST_ACCOUNTS } from '../catalogs/employees';
import { calculateLine, payrollTerms, type PayrollLine } from '../payroll/calculate';
import { addToTotal } from '../payroll/running-totals';
import { markPayrollsStale } from '../payroll/stale';
import { payslipsPrint } from '../reports/payslip';
import { accountantKeeps, employee, organization } from '../fields';

const money = (title: string) => ({ type: 'money', title, computed: true }) as const;

/** Начисление зарплаты за месяц: per person what was accrued, withheld (НДФЛ) and charged (взносы). */
export const payrolls = defineDocument({
  code: 'payrolls',
  group: 'payroll',
  title: 'Начисление зарплаты',
  titleEn: 'Payroll',
  numberPrefix: 'НЗ',
  numberBy: 'organization',
  fields: {
    organization,
    month: { type: 'date', title: 'Месяц', required: true },
    injury_rate: { type: 'decimal', title: 'Тариф НС и ПЗ, %', scale: 2, default: '0.20' },
    regional_coefficient: { type: 'decimal', title: 'Районный коэффициент', scale: 2, default: '1.00' },
    northern_percent: { type: 'decimal', title: 'Северная надбавка, %', scale: 0, default: '0' },
    total: { type: 'money', title: 'Начислено', computed: true },
    ndfl: money('НДФЛ'),
    contributions: money('Страховые взносы'),
    // Set when an earlier month's payroll of the organization is posted after this one: НДФЛ and the contribution
    // base are cumulative since January, so this month's figures may be stale until «Перезаполнить».
    needs_recompute: { type: 'boolean', title: 'Требует перерасчёта', computed: true },
  },
  sections: {
    lines: {
      title: 'Сотрудники',
      fields: {
        employee,
        bonus: { type: 'money', title: 'Премия' },
        cost_account: { type: 'enum', title: 'Счёт затрат', values: COST_ACCOUNTS, computed: true },
        salary_rate: money('Оклад'),
        norm_days: { type: 'integer', title: 'Норма дней', computed: true },
        days: { type: 'integer', title: 'Отработано дней', computed: true },
        salary: money('Оплата по окладу'),
        mrot_topup: money('Доплата до МРОТ'),
        regional: money('Районный коэффициент и северная надбавка'),
        vacation_pay: money('Отпускные'),
        sick_pay: money('Больничные'),
        compensation: money('Компенсация отпуска'),
        accrued: money('Начислено'),
        deductions: money('Вычеты'),
        ndfl: money('НДФЛ'),
        income_above_13: money('Доход свыше 2,4 млн ₽'),
        ndfl_above_13: money('НДФЛ свыше 13 %'),
        contribution_base: money('База взносов'),
        contributions: money('Страховые взносы'),
        injury: money('НС и ПЗ'),
        net: money('К выплате'),
      },
    },
  },
  beforeSave: async (doc, ctx) => {
    if (!doc.month) return;
    doc.month = monthStart(doc.month);
    doc.needs_recompute = false;
    const terms = payrollTerms(doc);
    for (const line of (doc.lines ?? []) as PayrollLine[]) if (line.employee) await calculateLine(line, doc.month, terms, ctx);
  },
  compute: (doc) => {
    const lines: PayrollLine[] = doc.lines ?? [];
    doc.total = sumKopecks(lines.map((l) => l.accrued));
    doc.ndfl = sumKopecks(lines.map((l) => l.ndfl));
    doc.contributions = sumKopecks(lines.map((l) => l.contributions));
  },
  post: async (doc, ctx) => {
    const end = monthEnd(doc.month);
    const out: Movement[] = [];
    for (const line of doc.lines as Required<PayrollLine>[]) {
      const l = { ...line, bonus: line.bonus ?? 0 };
      const { employee: person } = l;
      out.push({
        register: 'payroll',
        period: end,
        dimensions: { organization: doc.organization, employee: person, pay_month: doc.month },
        resources: {
          salary: l.salary, bonus: l.bonus, mrot_topup: l.mrot_topup, regional: l.regional, vacation_pay: l.vacation_pay, sick_pay: l.sick_pay, compensation: l.compensation, accrued: l.accrued,
          deductions: l.deductions, ndfl: l.ndfl, income_above_13: l.income_above_13, ndfl_above_13: l.ndfl_above_13, contribution_base: l.contribution_base, contributions: l.contributions, injury: l.injury,
        },
      });
      out.push({ register: 'salary_due', kind: 'receipt', period: end, dimensions: { organization: doc.organization, employee: person }, resources: { amount: l.net } });
      out.push(await addToTotal(ctx, person, 'earnings', end, l.salary + l.bonus + l.mrot_topup + l.regional));
      out.push(await addToTotal(ctx, person, 'months', end, 0, l.salary > 0 ? 1 : 0));
      out.push(await addToTotal(ctx, person, 'income', end, l.accrued));
      out.push(await addToTotal(ctx, person, 'deductions', end, l.deductions));
      out.push(await addToTotal(ctx, person, 'ndfl', end, l.ndfl));
      out.push(await addToTotal(ctx, person, 'contribution_base', end, l.contribution_base));
    }
    // Later months of the same year read this one's running totals: mark them for «Перезаполнить».
    if (doc.month.slice(5, 7) !== '12') await markPayrollsStale(ctx, doc.organization, addDays(end, 1), doc.id);
    return out;
  },
  printForms: [payslipsPrint],
  // «Заполнить»: everyone working in the organization in the month (payroll/fill.controller.ts).
  formActions: [{ code: 'fill', title: 'Заполнить', titleEn: 'Fill in', route: '/api/staff/payrolls/fill', needs: ['organization', 'month'], fills: 'lines' }],
  defaultAccess: accountantKeeps,
});

/** Ведомость на выплату: аванс or the final payment, through the bank (salary project) or the cash desk. */
export const salaryPayments = defineDocument({
  code: 'salary_payments',
  group: 'payroll',
  title: 'Ведомость на выплату зарплаты',
  titleEn: 'Salary payment list',
  numberPrefix: 'ВВ',
  numberBy: 'organization',
  fields: {
    organization,
    month: { type: 'date', title: 'Месяц', required: true },
    kind: { type: 'enum', title: 'Выплата', values: { advance: 'Аванс', final: 'Зарплата за месяц' }, default: 'final' },
    method: { type: 'enum', title: 'Способ', values: { bank: 'Через банк', cash: 'Через кассу' }, default: 'bank' },
    // The bank's file of a payment through the bank names the salary-project contract (reports/salary-project.controller.ts).
    project_contract: { type: 'string', title: 'Договор зарплатного проекта: номер', maxLength: 40, list: false },
    project_contract_date: { type: 'date', title: 'Договор зарплатного проекта: дата', list: false },
    total: { type: 'money', title: 'Итого', computed: true },
  },
  sections: { lines: { title: 'Сотрудники', fields: { employee, amount: { type: 'money', title: 'Сумма', required: true } } } },
  compute: (doc) => {
    doc.total = sumKopecks((doc.lines ?? []).map((l: { amount?: number }) => l.amount));
  },
  post: (doc) =>
    (doc.lines as { employee: string; amount: number }[]).map((l) => ({ register: 'salary_due', kind: 'expense', dimensions: { organization: doc.organization, employee: l.employee }, resources: { amount: l.amount } })),
  defaultAccess: accountantKeeps,
});

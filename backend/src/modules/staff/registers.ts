import { defineRegister } from '../../platform/engine/declarations';
import { accountantKeeps, department, employee, organization, position } from './fields';

/** Кадровые данные: where a person works and the salary in force, from the date of each HR document. */
export const employment = defineRegister({
  code: 'employment',
  title: 'Кадровые данные сотрудников',
  titleEn: 'Employment',
  type: 'information',
  dimensions: { employee },
  resources: { salary: { type: 'money', title: 'Оклад' } },
  attributes: {
    organization,
    department,
    position,
    status: { type: 'enum', title: 'Состояние', values: { working: 'Работает', dismissed: 'Уволен' } },
    hired_on: { type: 'date', title: 'Дата приёма' },
  },
  defaultAccess: accountantKeeps,
});

/** Штатное расписание: positions of a department with salary and headcount, versioned by the date of approval. */
export const staffing = defineRegister({
  code: 'staffing',
  title: 'Штатное расписание',
  titleEn: 'Staffing table',
  type: 'information',
  dimensions: { department, position },
  resources: { salary: { type: 'money', title: 'Оклад' }, headcount: { type: 'integer', title: 'Штатных единиц' } },
  defaultAccess: accountantKeeps,
});

/** Отработанное время by the табель: days and hours of a person in a month. */
export const workedTime = defineRegister({
  code: 'worked_time',
  title: 'Отработанное время',
  titleEn: 'Time worked',
  type: 'information',
  dimensions: { employee, pay_month: { type: 'date', title: 'Месяц' } },
  resources: { days: { type: 'integer', title: 'Дней' }, hours: { type: 'decimal', title: 'Часов', scale: 1 } },
  defaultAccess: accountantKeeps,
});

/**
 * Нарастающие итоги of a person by kind (see payroll/running-totals.ts): each posting writes the sum so far,
 * so a period's amount is the difference of two slices — 12 months of earnings for a vacation, the income
 * since January for НДФЛ — read with `sliceLast` before a document is saved.
 */
export const runningTotals = defineRegister({
  code: 'running_totals',
  title: 'Нарастающие итоги по сотрудникам',
  titleEn: 'Running totals by employee',
  type: 'information',
  dimensions: { employee, kind: { type: 'string', title: 'Показатель' } },
  resources: { amount: { type: 'money', title: 'Сумма' }, days: { type: 'decimal', title: 'Дней', scale: 2 } },
  defaultAccess: accountantKeeps,
});

/** Начисления и удержания by month: what payroll accrued, withheld and charged — the source of 6-НДФЛ and РСВ. */
export const payrollRegister = defineRegister({
  code: 'payroll',
  title: 'Начисления и удержания',
  titleEn: 'Payroll',
  type: 'turnover',
  dimensions: { organization, employee, pay_month: { type: 'date', title: 'Месяц' } },
  resources: {
    salary: { type: 'money', title: 'Оклад' },
    bonus: { type: 'money', title: 'Премия' },
    mrot_topup: { type: 'money', title: 'Доплата до МРОТ' },
    regional: { type: 'money', title: 'Районный коэффициент и северная надбавка' },
    vacation_pay: { type: 'money', title: 'Отпускные' },
    sick_pay: { type: 'money', title: 'Больничные' },
    compensation: { type: 'money', title: 'Компенсация отпуска' },
    accrued: { type: 'money', title: 'Начислено' },
    deductions: { type: 'money', title: 'Вычеты' },
    ndfl: { type: 'money', title: 'НДФЛ' },
    income_above_13: { type: 'money', title: 'Доход по ставкам выше 13 %' },
    ndfl_above_13: { type: 'money', title: 'НДФЛ по ставкам выше 13 %' },
    contribution_base: { type: 'money', title: 'База взносов' },
    contributions: { type: 'money', title: 'Страховые взносы' },
    injury: { type: 'money', title: 'Взносы НС и ПЗ' },
  },
  defaultAccess: accountantKeeps,
});

/** Расчёты с сотрудниками: pay owed (accrued less НДФЛ) and paid. */
export const salaryDue = defineRegister({
  code: 'salary_due',
  title: 'Зарплата к выплате',
  titleEn: 'Salary due',
  type: 'balance',
  dimensions: { organization, employee },
  resources: { amount: { type: 'money', title: 'Сумма' } },
  defaultAccess: accountantKeeps,
});

export const staffRegisters = [employment, staffing, workedTime, runningTotals, payrollRegister, salaryDue];

import Decimal from 'decimal.js';
import { defineReport, type ReportQueryContext } from '../../../platform/engine/declarations';
import { unusedVacationDays } from '../payroll/rules-2026';
import { accountantKeeps } from '../fields';

/** The latest row per person of a register up to a date (a slice of an information register for everybody). */
const latestPerEmployee = (q: ReportQueryContext, register: string, date: string) =>
  q
    .knex(q.table(register))
    .distinctOn('employee')
    .where('period', '<=', date)
    .orderBy([{ column: 'employee' }, { column: 'period', order: 'desc' }, { column: 'id', order: 'desc' }]);

/** Остатки отпусков на дату: days earned since hiring (28 a year), taken, and left — for the people working on that date. */
export const vacationBalances = defineReport({
  code: 'vacation_balances',
  group: 'reports',
  title: 'Остатки отпусков',
  titleEn: 'Vacation balances',
  params: { date: { type: 'date', title: 'На дату', required: true } },
  columns: [
    { field: 'employee', title: 'Сотрудник' },
    { field: 'hired_on', title: 'Принят', type: 'date' },
    { field: 'earned', title: 'Заработано дней', type: 'decimal' },
    { field: 'taken', title: 'Использовано', type: 'decimal' },
    { field: 'left', title: 'Остаток', type: 'decimal' },
  ],
  query: async (q, p) => {
    const jobs = (await latestPerEmployee(q, 'r_staff_employment', p.date).select('employee', 'status', 'hired_on')).filter((j) => j.status === 'working');
    const taken = new Map<string, string>(
      (await latestPerEmployee(q, 'r_staff_running_totals', p.date).where({ kind: 'vacation_days' }).select('employee', 'days')).map((r) => [r.employee, String(r.days)]),
    );
    const names = new Map<string, string>((await q.knex(q.table('c_staff_employees')).whereIn('id', jobs.map((j) => j.employee)).select('id', 'name')).map((r) => [r.id, r.name]));
    return jobs
      .map((j) => {
        const earned = unusedVacationDays(j.hired_on, p.date, '0');
        const used = new Decimal(taken.get(j.employee) ?? 0).toFixed(2);
        return { employee: names.get(j.employee) ?? '', hired_on: j.hired_on, earned, taken: used, left: new Decimal(earned).minus(used).toFixed(2) };
      })
      .sort((a, b) => a.employee.localeCompare(b.employee, 'ru'));
  },
  defaultAccess: accountantKeeps,
});

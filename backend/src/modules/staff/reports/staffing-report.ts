import { defineReport } from '../../../platform/engine/declarations';
import { accountantKeeps } from '../fields';

/** Штатное расписание на дату: the latest approved version of each department's position (0 units: abolished). */
export const staffingOnDate = defineReport({
  code: 'staffing_on_date',
  group: 'reports',
  title: 'Штатное расписание на дату',
  titleEn: 'Staffing table on a date',
  params: { date: { type: 'date', title: 'На дату', required: true } },
  columns: [
    { field: 'department', title: 'Подразделение' },
    { field: 'position', title: 'Должность' },
    { field: 'salary', title: 'Оклад', type: 'money' },
    { field: 'headcount', title: 'Единиц', type: 'integer' },
    { field: 'fund', title: 'Фонд оплаты в месяц', type: 'money' },
  ],
  query: (q, p) => {
    const latest = q
      .knex(q.table('r_staff_staffing'))
      .distinctOn('department', 'position')
      .where('period', '<=', p.date)
      .orderBy([{ column: 'department' }, { column: 'position' }, { column: 'period', order: 'desc' }, { column: 'id', order: 'desc' }])
      .select('department', 'position', 'salary', 'headcount')
      .as('s');
    return q
      .knex(latest)
      .join(`${q.table('c_staff_departments')} as d`, 'd.id', 's.department')
      .join(`${q.table('c_staff_positions')} as p`, 'p.id', 's.position')
      .where('s.headcount', '>', 0)
      .select('d.name as department', 'p.name as position', 's.salary', 's.headcount', q.knex.raw('s.salary * s.headcount as fund'))
      .orderBy(['d.name', 'p.name']);
  },
  defaultAccess: accountantKeeps,
});

import { defineReport } from '../../../src/platform/engine/declarations';

/** Отчёт «Трудозатраты по месяцам»: hours and their cost per month, of one project or of all. */
export const hoursByMonth = defineReport({
  code: 'hours_by_month',
  group: 'reports',
  title: 'Трудозатраты по месяцам',
  titleEn: 'Hours by month',
  params: {
    from: { type: 'date', title: 'С', required: true },
    to: { type: 'date', title: 'По', required: true },
    project: { type: 'ref', ref: 'projects', title: 'Проект' },
  },
  columns: [
    { field: 'month', title: 'Месяц', type: 'date' },
    { field: 'hours', title: 'Часы', type: 'decimal' },
    { field: 'cost', title: 'Стоимость', type: 'money' },
  ],
  chart: { type: 'bar', x: 'month', y: ['hours'] },
  query: (q, p) =>
    q
      .knex(q.table('r_timesheets_hours'))
      .whereBetween('period', [p.from, p.to])
      .modify((query) => {
        if (p.project) query.where('project', p.project);
      })
      .select(q.period('period', 'month', 'month'))
      .sum({ hours: 'hours', cost: 'cost' })
      .groupBy(q.period('period', 'month'))
      .orderBy('month'),
});

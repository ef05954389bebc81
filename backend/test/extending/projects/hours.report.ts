import { defineReport } from '../../../src/platform/engine/declarations';

/** Отчёт «Трудозатраты по проектам» for a period, with a chart. */
export const hoursByProject = defineReport({
  module: 'projects',
  code: 'hours_by_project',
  title: 'Трудозатраты по проектам',
  params: {
    from: { type: 'date', title: 'С', required: true },
    to: { type: 'date', title: 'По', required: true },
  },
  columns: [
    { field: 'project', title: 'Проект' },
    { field: 'hours', title: 'Часы', type: 'decimal' },
    { field: 'cost', title: 'Стоимость', type: 'money' },
  ],
  chart: { type: 'bar', x: 'project', y: ['hours'] },
  query: (q, p) =>
    q.knex(`${q.table('r_projects_hours')} as h`)
      .join(`${q.table('c_projects_projects')} as p`, 'p.id', 'h.project')
      .whereBetween('h.period', [p.from, p.to])
      .groupBy('p.name')
      .orderBy('p.name')
      .select('p.name as project', q.knex.raw('sum(h.hours)::text as hours'), q.knex.raw('sum(h.cost)::bigint as cost')),
});

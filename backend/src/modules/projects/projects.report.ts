import { defineReport, type ReportDeclaration } from '../../platform/engine/declarations';

const date = (title: string) => ({ type: 'date', title, required: true }) as const;
const project = { type: 'ref', ref: 'projects', title: 'Проект' } as const;
const access: ReportDeclaration['defaultAccess'] = { sales_manager: ['read'], accountant: ['read'], viewer: ['read'] };
/** «42.5 %» of a part of a whole (exact text from PostgreSQL), or empty without a whole. */
const percent = (part: string, whole: string) => `CASE WHEN coalesce(${whole}, 0) = 0 THEN NULL ELSE round(100 * ${part} / ${whole}, 1) || ' %' END`;

/** Отчёт «Часы по неделям»: approved hours, their cost and the amount to bill, by week, project and person. */
export const hoursByWeek = defineReport({
  code: 'hours_by_week',
  group: 'reports',
  title: 'Часы по проектам и неделям',
  titleEn: 'Hours by project and week',
  params: { from: date('С'), to: date('По'), project, person: { type: 'ref', ref: 'people', title: 'Исполнитель' } },
  columns: [
    { field: 'week', title: 'Неделя с', type: 'date' },
    { field: 'project_name', title: 'Проект' },
    { field: 'person_name', title: 'Исполнитель' },
    { field: 'hours', title: 'Часы', type: 'decimal' },
    { field: 'cost', title: 'Себестоимость', type: 'money' },
    { field: 'amount', title: 'К выставлению', type: 'money' },
  ],
  chart: { type: 'bar', x: 'week', y: ['hours'] },
  query: async (q, p) =>
    q.knex
      .from(q.turnovers('hours', { from: p.from, to: p.to, period: 'week', groupBy: ['project', 'person'], filter: { project: p.project, person: p.person } }).as('t'))
      .join(`${q.table('c_projects_projects')} as p`, 'p.id', 't.project')
      .join(`${q.table('c_projects_people')} as w`, 'w.id', 't.person')
      .whereRaw('t.hours::numeric <> 0')
      .orderBy([{ column: 't.period' }, { column: 'p.name' }, { column: 'w.name' }])
      .select('t.period as week', 'p.name as project_name', 'w.name as person_name', 't.hours', 't.cost', 't.amount'),
  defaultAccess: access,
});

/** Отчёт «Бюджет проектов»: planned hours and money against the approved hours and their cost so far. */
export const budget = defineReport({
  code: 'budget',
  group: 'reports',
  title: 'Бюджет проектов: план и факт',
  titleEn: 'Project budgets: planned and used',
  params: { date: date('На дату'), project },
  columns: [
    { field: 'project_name', title: 'Проект' },
    { field: 'budget_hours', title: 'Бюджет, ч', type: 'decimal' },
    { field: 'hours', title: 'Потрачено, ч', type: 'decimal' },
    { field: 'hours_used', title: 'Часов израсходовано' },
    { field: 'budget_amount', title: 'Бюджет, ₽', type: 'money' },
    { field: 'cost', title: 'Себестоимость', type: 'money' },
    { field: 'amount_used', title: 'Бюджета израсходовано' },
  ],
  query: async (q, p) => {
    const k = q.knex;
    const spent = q.turnovers('hours', { from: '2000-01-01', to: p.date, groupBy: ['project'] }).as('t');
    return k
      .from(`${q.table('c_projects_projects')} as p`)
      .leftJoin(spent, 't.project', 'p.id')
      .where('p.deletion_mark', false)
      .modify((qb) => (p.project ? qb.where('p.id', p.project) : qb))
      .orderBy('p.name')
      .select(
        'p.name as project_name',
        'p.budget_hours',
        k.raw('coalesce(t.hours::numeric, 0) as hours'),
        k.raw(`${percent('coalesce(t.hours::numeric, 0)', 'p.budget_hours')} as hours_used`),
        'p.budget_amount',
        k.raw('coalesce(t.cost::numeric, 0) as cost'),
        k.raw(`${percent('coalesce(t.cost::numeric, 0)', 'p.budget_amount')} as amount_used`),
      );
  },
  defaultAccess: access,
});

/** Отчёт «Рентабельность проектов»: what was billed by hours in the period minus the cost of the hours worked. */
export const profitability = defineReport({
  code: 'profitability',
  group: 'reports',
  title: 'Рентабельность проектов',
  titleEn: 'Project profitability',
  params: { from: date('С'), to: date('По'), project },
  columns: [
    { field: 'project_name', title: 'Проект' },
    { field: 'customer_name', title: 'Заказчик' },
    { field: 'hours', title: 'Часы', type: 'decimal' },
    { field: 'cost', title: 'Себестоимость', type: 'money' },
    { field: 'billed', title: 'Выставлено', type: 'money' },
    { field: 'profit', title: 'Прибыль', type: 'money' },
    { field: 'margin', title: 'Рентабельность' },
  ],
  chart: { type: 'bar', x: 'project_name', y: ['billed', 'cost'] },
  query: async (q, p) => {
    const k = q.knex;
    const spent = q.turnovers('hours', { from: p.from, to: p.to, groupBy: ['project'] }).as('t');
    const billed = k(q.table('d_projects_hour_invoices')).where('status', 'posted').whereBetween('date', [p.from, p.to]).groupBy('project').select('project', k.raw('sum(total) as billed')).as('b');
    return k
      .from(`${q.table('c_projects_projects')} as p`)
      .join(`${q.table('c_trade_counterparties')} as c`, 'c.id', 'p.customer')
      .leftJoin(spent, 't.project', 'p.id')
      .leftJoin(billed, 'b.project', 'p.id')
      .where((w) => w.whereNotNull('t.project').orWhereNotNull('b.project'))
      .modify((qb) => (p.project ? qb.where('p.id', p.project) : qb))
      .orderBy('p.name')
      .select(
        'p.name as project_name',
        'c.name as customer_name',
        k.raw('coalesce(t.hours::numeric, 0) as hours'),
        k.raw('coalesce(t.cost::numeric, 0) as cost'),
        k.raw('coalesce(b.billed, 0) as billed'),
        k.raw('coalesce(b.billed, 0) - coalesce(t.cost::numeric, 0) as profit'),
        k.raw(`${percent('(coalesce(b.billed, 0) - coalesce(t.cost::numeric, 0))', 'b.billed')} as margin`),
      );
  },
  defaultAccess: access,
});

/** Отчёт «Просроченные задачи»: open tasks whose due date has passed, the most overdue first. */
export const overdueTasks = defineReport({
  code: 'overdue_tasks',
  group: 'reports',
  title: 'Просроченные задачи',
  titleEn: 'Overdue tasks',
  params: { date: date('На дату'), project },
  columns: [
    { field: 'project_name', title: 'Проект' },
    { field: 'task_name', title: 'Задача' },
    { field: 'assignee_name', title: 'Исполнитель' },
    { field: 'due_date', title: 'Срок', type: 'date' },
    { field: 'days_overdue', title: 'Дней просрочки' },
  ],
  query: async (q, p) =>
    q.knex
      .from(`${q.table('c_projects_tasks')} as t`)
      .join(`${q.table('c_projects_projects')} as p`, 'p.id', 't.project')
      .leftJoin(`${q.table('c_projects_people')} as w`, 'w.id', 't.assignee')
      .where({ 't.deletion_mark': false })
      .whereNot('t.status', 'done')
      .where('t.due_date', '<', p.date)
      .modify((qb) => (p.project ? qb.where('p.id', p.project) : qb))
      .orderBy([{ column: 't.due_date' }, { column: 't.name' }])
      .select('p.name as project_name', 't.name as task_name', 'w.name as assignee_name', 't.due_date', q.knex.raw('(?::date - t.due_date) as days_overdue', [p.date])),
  defaultAccess: access,
});

import { defineReport, type ReportDeclaration } from '../../platform/engine/declarations';

/** Whoever reads deals reads the reports over them (each counts only the deals the reader may see). */
const access: ReportDeclaration['defaultAccess'] = { sales_manager: ['read'], accountant: ['read'], viewer: ['read'] };

/** The deal's manager by name (a user of the company; the id when the user is gone, «Без менеджера» when empty). */
const USERS = 'left join platform.users as u on u.id::text = d.manager';
const MANAGER = "coalesce(nullif(u.full_name, ''), u.email, nullif(d.manager, ''), 'Без менеджера')";

// Every report below reads deals through q.allowed('crm.deals', 'd'): a role that shows a manager only their deals
// («only my deals») makes their reports count only theirs too.

/**
 * «Конверсия воронки»: how many deals of a funnel reached each stage, per manager, and their share of the deals that
 * entered the funnel (from «Движение сделок по этапам», so a deal that went on counts in every stage it passed).
 */
export const funnelConversion = defineReport({
  code: 'funnel_conversion',
  group: 'reports',
  defaultAccess: access,
  title: 'Конверсия воронки по этапам и менеджерам',
  titleEn: 'Funnel conversion by stage and manager',
  params: {
    funnel: { type: 'ref', ref: 'funnels', title: 'Воронка', required: true },
    from: { type: 'date', title: 'Сделки созданы с' },
    to: { type: 'date', title: 'по' },
  },
  columns: [
    { field: 'manager', title: 'Менеджер', titleEn: 'Manager', type: 'string' },
    { field: 'position', title: '№ этапа', titleEn: 'Stage no.', type: 'integer' },
    { field: 'stage', title: 'Этап', titleEn: 'Stage', type: 'string' },
    { field: 'deals', title: 'Сделок дошло', titleEn: 'Deals reached', type: 'integer' },
    { field: 'conversion', title: 'Конверсия, %', titleEn: 'Conversion, %', type: 'decimal' },
  ],
  chart: { type: 'bar', x: 'stage', y: ['deals'] },
  query: (q, p) =>
    q
      .knex(`${q.table('c_crm_stage_history')} as h`)
      .join(`${q.table('c_crm_deals')} as d`, 'd.id', 'h.deal')
      .join(`${q.table('c_crm_stages')} as s`, 's.id', 'h.stage')
      .joinRaw(USERS)
      .where('d.funnel', p.funnel)
      .where('d.deletion_mark', false)
      .modify(q.allowed('crm.deals', 'd'))
      .modify((w) => {
        if (p.from) w.where('d.created_at', '>=', p.from);
        if (p.to) w.whereRaw('d.created_at < ?::date + 1', [p.to]);
      })
      .groupByRaw(`${MANAGER}, s.id, s.position, s.name`)
      .select(
        q.knex.raw(`${MANAGER} as manager`),
        's.position',
        's.name as stage',
        q.knex.raw('count(distinct h.deal)::int as deals'),
        q.knex.raw(`round(100.0 * count(distinct h.deal) / max(count(distinct h.deal)) over (partition by ${MANAGER}), 1)::text as conversion`),
      )
      .orderByRaw("1, 2"),
});

/** «Прогноз продаж на месяц»: the open deals expected to close in the month, each amount weighted by its stage's probability. */
export const monthForecast = defineReport({
  code: 'month_forecast',
  group: 'reports',
  defaultAccess: access,
  title: 'Прогноз продаж на месяц',
  titleEn: 'Sales forecast for the month',
  params: { month: { type: 'date', title: 'Месяц (любой его день)', required: true }, funnel: { type: 'ref', ref: 'funnels', title: 'Воронка' } },
  columns: [
    { field: 'stage', title: 'Этап', titleEn: 'Stage', type: 'string' },
    { field: 'probability', title: 'Вероятность, %', titleEn: 'Probability, %', type: 'integer' },
    { field: 'deals', title: 'Сделок', titleEn: 'Deals', type: 'integer' },
    { field: 'amount', title: 'Сумма сделок', titleEn: 'Amount', type: 'money' },
    { field: 'forecast', title: 'Прогноз', titleEn: 'Forecast', type: 'money' },
  ],
  chart: { type: 'bar', x: 'stage', y: ['forecast'] },
  query: (q, p) =>
    q
      .knex(`${q.table('c_crm_deals')} as d`)
      .join(`${q.table('c_crm_stages')} as s`, 's.id', 'd.stage')
      .where({ 's.outcome': 'open', 'd.deletion_mark': false })
      .modify(q.allowed('crm.deals', 'd'))
      .whereRaw("d.expected_close >= date_trunc('month', ?::date) and d.expected_close < date_trunc('month', ?::date) + interval '1 month'", [p.month, p.month])
      .modify((w) => {
        if (p.funnel) w.where('d.funnel', p.funnel);
      })
      .groupBy('s.id', 's.name', 's.position', 's.probability')
      // Kopecks × percent / 100, rounded half-up per stage: integer arithmetic in SQL, no floats.
      .select('s.name as stage', 's.probability', q.knex.raw('count(*)::int as deals'), q.knex.raw('coalesce(sum(d.amount), 0)::bigint as amount'), q.knex.raw('round(coalesce(sum(d.amount), 0) * s.probability / 100.0)::bigint as forecast'))
      .orderBy('s.position'),
});

/** «Причины проигрыша»: the lost deals of a period by their reason, with the amounts lost. */
export const lostReasons = defineReport({
  code: 'lost_reasons',
  group: 'reports',
  defaultAccess: access,
  title: 'Причины проигрыша',
  titleEn: 'Lost reasons',
  params: { from: { type: 'date', title: 'С', required: true }, to: { type: 'date', title: 'По', required: true } },
  columns: [
    { field: 'reason', title: 'Причина', titleEn: 'Reason', type: 'string' },
    { field: 'deals', title: 'Сделок', titleEn: 'Deals', type: 'integer' },
    { field: 'amount', title: 'Сумма', titleEn: 'Amount', type: 'money' },
  ],
  chart: { type: 'pie', x: 'reason', y: ['deals'] },
  query: (q, p) =>
    q
      .knex(`${q.table('c_crm_deals')} as d`)
      .join(`${q.table('c_crm_stages')} as s`, 's.id', 'd.stage')
      .where({ 's.outcome': 'lost', 'd.deletion_mark': false })
      .modify(q.allowed('crm.deals', 'd'))
      .whereBetween('d.closed_on', [p.from, p.to])
      .groupByRaw("coalesce(nullif(d.lost_reason, ''), 'Не указана')")
      .select(q.knex.raw("coalesce(nullif(d.lost_reason, ''), 'Не указана') as reason"), q.knex.raw('count(*)::int as deals'), q.knex.raw('coalesce(sum(d.amount), 0)::bigint as amount'))
      .orderBy('deals', 'desc'),
});

/** «Сделки по источникам»: deals created in a period by where they came from — how many, won, lost, the amount won. */
export const dealsBySource = defineReport({
  code: 'deals_by_source',
  group: 'reports',
  defaultAccess: access,
  title: 'Сделки по источникам',
  titleEn: 'Deals by source',
  params: { from: { type: 'date', title: 'Сделки созданы с', required: true }, to: { type: 'date', title: 'по', required: true } },
  columns: [
    { field: 'source', title: 'Источник', titleEn: 'Source', type: 'string' },
    { field: 'deals', title: 'Сделок', titleEn: 'Deals', type: 'integer' },
    { field: 'won', title: 'Выиграно', titleEn: 'Won', type: 'integer' },
    { field: 'lost', title: 'Проиграно', titleEn: 'Lost', type: 'integer' },
    { field: 'won_amount', title: 'Сумма выигранных', titleEn: 'Amount won', type: 'money' },
  ],
  chart: { type: 'pie', x: 'source', y: ['deals'] },
  query: (q, p) =>
    q
      .knex(`${q.table('c_crm_deals')} as d`)
      .join(`${q.table('c_crm_stages')} as s`, 's.id', 'd.stage')
      .where('d.deletion_mark', false)
      .modify(q.allowed('crm.deals', 'd'))
      .whereRaw('d.created_at >= ?::date and d.created_at < ?::date + 1', [p.from, p.to])
      .groupByRaw(SOURCE)
      .select(
        q.knex.raw(`${SOURCE} as source`),
        q.knex.raw('count(*)::int as deals'),
        q.knex.raw("(count(*) filter (where s.outcome = 'won'))::int as won"),
        q.knex.raw("(count(*) filter (where s.outcome = 'lost'))::int as lost"),
        q.knex.raw("coalesce(sum(d.amount) filter (where s.outcome = 'won'), 0)::bigint as won_amount"),
      )
      .orderBy('deals', 'desc'),
});
const SOURCE = "case d.source when 'web_form' then 'Веб-форма' when 'email' then 'E-mail' when 'lead' then 'Лид' else 'Вручную' end";

/** «Мои задачи на сегодня» (a home widget): the caller's open tasks due today or overdue — theirs or on their deals. */
export const myTasksToday = defineReport({
  code: 'my_tasks_today',
  group: 'reports',
  defaultAccess: access,
  title: 'Мои задачи на сегодня',
  titleEn: 'My tasks for today',
  params: {},
  columns: [
    { field: 'task', title: 'Задача', titleEn: 'Task', type: 'string' },
    { field: 'due_date', title: 'Срок', titleEn: 'Due', type: 'date' },
    { field: 'deal', title: 'Сделка', titleEn: 'Deal', type: 'string' },
    { field: 'id', title: 'id', titleEn: 'id', type: 'string' },
  ],
  query: (q) =>
    q
      .knex(`${q.table('c_crm_activities')} as a`)
      .leftJoin(`${q.table('c_crm_deals')} as d`, 'd.id', 'a.deal')
      .where({ 'a.kind': 'task', 'a.done': false, 'a.deletion_mark': false })
      .modify(q.allowed('crm.activities', 'a'))
      // Moscow's today: the company works on Moscow time.
      .whereRaw("a.due_date <= (now() at time zone 'Europe/Moscow')::date")
      .where((w) => w.where('a.created_by', q.userId).orWhere('d.manager', q.userId))
      .select('a.name as task', q.knex.raw("to_char(a.due_date, 'YYYY-MM-DD') as due_date"), 'd.name as deal', 'a.id')
      .orderBy([{ column: 'a.due_date' }, { column: 'a.name' }]),
});

/** «Сделки без движения» (a home widget): open deals that have stayed in their stage longer than N days (14 unless given). */
export const stuckDeals = defineReport({
  code: 'stuck_deals',
  group: 'reports',
  defaultAccess: access,
  title: 'Сделки без движения',
  titleEn: 'Stuck deals',
  params: { days: { type: 'integer', title: 'Дольше, дней', min: 0 } },
  columns: [
    { field: 'deal', title: 'Сделка', titleEn: 'Deal', type: 'string' },
    { field: 'stage', title: 'Этап', titleEn: 'Stage', type: 'string' },
    { field: 'manager', title: 'Менеджер', titleEn: 'Manager', type: 'string' },
    { field: 'days', title: 'Дней на этапе', titleEn: 'Days in stage', type: 'integer' },
    { field: 'amount', title: 'Сумма', titleEn: 'Amount', type: 'money' },
    { field: 'id', title: 'id', titleEn: 'id', type: 'string' },
  ],
  query: (q, p) =>
    q
      .knex(`${q.table('c_crm_deals')} as d`)
      .join(`${q.table('c_crm_stages')} as s`, 's.id', 'd.stage')
      // The stage's entry still open (no time spent yet) is when the deal last moved.
      .join(`${q.table('c_crm_stage_history')} as h`, (j) => j.on('h.deal', 'd.id').andOn('h.stage', 'd.stage').andOnNull('h.seconds'))
      .joinRaw(USERS)
      .where({ 's.outcome': 'open', 'd.deletion_mark': false })
      .modify(q.allowed('crm.deals', 'd'))
      .whereRaw("h.created_at < now() - make_interval(days => ?)", [p.days ?? 14])
      .select('d.name as deal', 's.name as stage', q.knex.raw(`${MANAGER} as manager`), q.knex.raw('extract(day from now() - h.created_at)::int as days'), q.knex.raw('coalesce(d.amount, 0)::bigint as amount'), 'd.id')
      .orderBy('days', 'desc'),
});

export const crmReports = [funnelConversion, monthForecast, lostReasons, dealsBySource, myTasksToday, stuckDeals];

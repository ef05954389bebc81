import { defineReport } from '../../platform/engine/declarations';

/**
 * «Конверсия воронки»: how many deals of a funnel reached each stage, per manager, and their share of the deals that
 * entered the funnel (from «Движение сделок по этапам», so a deal that went on counts in every stage it passed).
 */
export const funnelConversion = defineReport({
  code: 'funnel_conversion',
  group: 'reports',
  title: 'Конверсия воронки по этапам и менеджерам',
  titleEn: 'Funnel conversion by stage and manager',
  params: {
    funnel: { type: 'ref', ref: 'funnels', title: 'Воронка', required: true },
    from: { type: 'date', title: 'Сделки созданы с' },
    to: { type: 'date', title: 'по' },
  },
  columns: [
    { field: 'manager', title: 'Менеджер (id)', titleEn: 'Manager (id)', type: 'string' },
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
      .where('d.funnel', p.funnel)
      .where('d.deletion_mark', false)
      .modify((w) => {
        if (p.from) w.where('d.created_at', '>=', p.from);
        if (p.to) w.whereRaw('d.created_at < ?::date + 1', [p.to]);
      })
      .groupByRaw("coalesce(d.manager, ''), s.id, s.position, s.name")
      .select(
        q.knex.raw("coalesce(d.manager, '') as manager"),
        's.position',
        's.name as stage',
        q.knex.raw('count(distinct h.deal)::int as deals'),
        q.knex.raw("round(100.0 * count(distinct h.deal) / max(count(distinct h.deal)) over (partition by coalesce(d.manager, '')), 1)::text as conversion"),
      )
      .orderByRaw("1, 2"),
});

/** «Прогноз продаж на месяц»: the open deals expected to close in the month, each amount weighted by its stage's probability. */
export const monthForecast = defineReport({
  code: 'month_forecast',
  group: 'reports',
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
      .whereBetween('d.closed_on', [p.from, p.to])
      .groupByRaw("coalesce(nullif(d.lost_reason, ''), 'Не указана')")
      .select(q.knex.raw("coalesce(nullif(d.lost_reason, ''), 'Не указана') as reason"), q.knex.raw('count(*)::int as deals'), q.knex.raw('coalesce(sum(d.amount), 0)::bigint as amount'))
      .orderBy('deals', 'desc'),
});

export const crmReports = [funnelConversion, monthForecast, lostReasons];

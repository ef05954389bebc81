import { defineCatalog, defineDocument, defineRegister, defineReport } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';

/**
 * A sample module (`kw`) whose names are SQL keywords: a catalog coded `group` with fields `order`,
 * `user`, `group`, `select`, `table`; a document coded `select` whose section `order` has a field
 * `order`; a balance register coded `order` with dimensions `order`, `user` (its sequence dimension too)
 * and resources `select`, `table`; a report grouping by month through `q.period`. Unquoted, each of
 * them breaks the SQL (or, like `user`, silently reads something else).
 */
const group = defineCatalog({
  code: 'group',
  title: 'Группы',
  fields: {
    order: { type: 'integer', title: 'Порядок' },
    user: { type: 'string', title: 'Пользователь', search: true },
    group: { type: 'enum', title: 'Вид', values: { a: 'Первый', b: 'Второй' } },
    select: { type: 'boolean', title: 'Отобран' },
    table: { type: 'money', title: 'Стол' },
  },
  unique: [['user', 'order']],
});

const order = defineRegister({
  code: 'order',
  title: 'Заказано',
  type: 'balance',
  dimensions: { order: { type: 'ref', ref: 'group', title: 'Группа' }, user: { type: 'string', title: 'Пользователь' } },
  resources: { select: { type: 'decimal', title: 'Количество' }, table: { type: 'money', title: 'Сумма' } },
  forbidNegative: { resources: ['select'], message: 'Не хватает: {dimensions} — {resource} не хватает {shortfall}' },
  sequence: { dimension: 'user' },
});

const select = defineDocument({
  code: 'select',
  title: 'Выбор',
  numberPrefix: 'ВБ',
  fields: {
    group: { type: 'ref', ref: 'group', title: 'Группа', required: true },
    user: { type: 'string', title: 'Пользователь', required: true },
    from: { type: 'boolean', title: 'Расход' },
  },
  sections: {
    order: {
      title: 'Строки',
      fields: {
        order: { type: 'ref', ref: 'group', title: 'Группа', required: true },
        select: { type: 'decimal', title: 'Количество', required: true },
        table: { type: 'money', title: 'Сумма' },
      },
    },
  },
  post: (doc) =>
    doc.order.map((l: Record<string, any>) => ({
      register: 'order',
      kind: doc.from ? ('expense' as const) : ('receipt' as const),
      dimensions: { order: l.order, user: doc.user },
      resources: { select: l.select, table: l.table ?? 0 },
    })),
});

/** Net quantity and amount by month, grouped with `q.period` (no raw SQL for the period). */
/** The same figures from the register's turnovers, with no SQL of its own. */
const byMonthTurnovers = defineReport({
  code: 'by_month_turnovers',
  title: 'По месяцам (обороты)',
  params: { from: { type: 'date', title: 'С', required: true }, to: { type: 'date', title: 'По', required: true } },
  columns: [
    { field: 'month', title: 'Месяц', type: 'date' },
    { field: 'select', title: 'Количество', type: 'decimal' },
    { field: 'table', title: 'Сумма', type: 'money' },
    { field: 'spent', title: 'Расход', type: 'money' },
  ],
  query: async (q, p) =>
    (await q.turnovers('order', { from: p.from, to: p.to, period: 'month', groupBy: [] })).map((r: Record<string, string>) => ({
      month: r.period,
      select: r.select,
      table: Number(r.table),
      spent: Number(r['-table']),
    })),
});

const byMonth = defineReport({
  code: 'by_month',
  title: 'По месяцам',
  params: { from: { type: 'date', title: 'С', required: true }, to: { type: 'date', title: 'По', required: true } },
  columns: [
    { field: 'month', title: 'Месяц', type: 'date' },
    { field: 'select', title: 'Количество', type: 'decimal' },
    { field: 'table', title: 'Сумма', type: 'money' },
  ],
  query: (q, p) =>
    q
      .knex(`${q.table('r_kw_order')} as m`)
      .whereBetween('m.period', [p.from, p.to])
      .select(q.period('m.period', 'month', 'month'), q.knex.raw('sum(m.direction * m.??)::text AS ??', ['select', 'select']), q.knex.raw('sum(m.direction * m.??)::bigint AS ??', ['table', 'table']))
      .groupBy(q.period('m.period', 'month') as never)
      .orderBy('month'),
});

export const keywordModule = defineModule({
  code: 'kw',
  title: 'Ключевые слова',
  titleEn: 'Keywords',
  description: 'Тестовый модуль',
  monthlyPriceKopecks: 10000,
  declarations: [group, order, select, byMonth, byMonthTurnovers],
  ui: { remote: 'engine' },
});

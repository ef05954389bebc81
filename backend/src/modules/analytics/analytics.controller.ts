import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import type { SubjectInfo } from '../../platform/access/subjects';
import { Answers, AnswersFile, arrayOf, date as dateSchema, int, money, nullable, objectOf, str, uuid, type Schema } from '../../platform/http/openapi-responses';
import { Problem } from '../../platform/http/problem';
import { ValidQuery } from '../../platform/http/validation';
import { AnalyticsService, type SalesFilter } from './dashboards.service';

export const analyticsSubjects: SubjectInfo[] = [
  { subject: 'analytics.sales', title: 'Аналитика: продажи', titleEn: 'Analytics: sales', module: 'analytics', actions: ['read'], fields: [], defaultAccess: { accountant: ['read'], sales_manager: ['read'], viewer: ['read'] } },
  { subject: 'analytics.stock', title: 'Аналитика: склад', titleEn: 'Analytics: stock', module: 'analytics', actions: ['read'], fields: [], defaultAccess: { accountant: ['read'], storekeeper: ['read'], viewer: ['read'] } },
  { subject: 'analytics.money', title: 'Аналитика: деньги', titleEn: 'Analytics: money', module: 'analytics', actions: ['read'], fields: [], defaultAccess: { accountant: ['read'] } },
  { subject: 'analytics.forecast', title: 'Аналитика: прогноз продаж', titleEn: 'Analytics: sales forecast', module: 'analytics', actions: ['read'], fields: [], defaultAccess: { accountant: ['read'], sales_manager: ['read'], storekeeper: ['read'] } },
  // update: rebuild the company's facts from its registers (the admin has every action).
  { subject: 'analytics.store', title: 'Аналитика: хранилище фактов', titleEn: 'Analytics: fact store', module: 'analytics', actions: ['update'], fields: [] },
];

const date = (what: string) => z.iso.date({ message: `${what}: дата в формате ГГГГ-ММ-ДД` });
const id = (what: string) => z.uuid({ message: `${what}: идентификатор (UUID) из справочника` }).optional();
const periodFields = {
  from: date('Начало периода (from)'),
  to: date('Конец периода (to)'),
  organization: id('Организация'),
  warehouse: id('Склад'),
  group: id('Группа товаров'),
};
const drillFields = {
  ...periodFields,
  by: z.enum(['product', 'counterparty', 'manager', 'month', 'product_group'], { message: 'by: product, counterparty, manager, month или product_group' }).optional(),
  value: z.string().regex(/^[0-9a-f-]{36}$|^\d{4}-\d{2}-01$/, 'value: id из справочника или первый день месяца (ГГГГ-ММ-01)').optional(),
};
const WIDGETS = ['by_month', 'top_products', 'top_clients', 'by_manager', 'documents', 'stock', 'cash_flow', 'receivables', 'payables'] as const;

/** The period's checks, on any query that has one. */
function checked<T extends z.ZodRawShape>(fields: T) {
  return z
    .object(fields)
    .refine((p: any) => p.from <= p.to, { message: 'Начало периода позже его конца — поменяйте даты местами', path: ['from'] })
    .refine((p: any) => Date.parse(p.to) - Date.parse(p.from) <= 5 * 366 * 86_400_000, { message: 'Период не длиннее пяти лет', path: ['to'] })
    .refine((p: any) => !p.by || p.value, { message: 'Укажите value — что выбрано на графике', path: ['value'] });
}
const period = checked(periodFields);
const drillQuery = checked(drillFields);
const exportQuery = checked({ ...drillFields, widget: z.enum(WIDGETS, { message: `widget: ${WIDGETS.join(', ')}` }) });
const reorderQuery = checked({
  ...periodFields,
  lead_days: z.coerce.number({ message: 'lead_days: срок поставки в днях, 1–365' }).int('lead_days: целое число дней').min(1, 'lead_days: от 1 до 365 дней').max(365, 'lead_days: от 1 до 365 дней').default(14),
});
const forecastQuery = checked({
  ...periodFields,
  product: id('Товар'),
  horizon: z.coerce.number({ message: 'horizon: число месяцев, 1–3' }).int('horizon: целое число месяцев').min(1, 'horizon: от 1 до 3 месяцев').max(3, 'horizon: от 1 до 3 месяцев').default(3),
});

const MONEY_COLUMNS = [
  { key: 'revenue', title: 'Выручка без НДС, ₽', money: true },
  { key: 'cost', title: 'Себестоимость, ₽', money: true },
  { key: 'margin', title: 'Валовая прибыль, ₽', money: true },
  { key: 'quantity', title: 'Количество' },
];

const num = (description?: string): Schema => ({ type: 'number', ...(description ? { description } : {}) });
const measureProps = {
  revenue: money('Выручка без НДС'),
  cost: money('Себестоимость'),
  margin: money('Валовая прибыль'),
  vat: money('НДС'),
  quantity: str('Количество, десятичная строка'),
  documents: int('Документов'),
};
const measuresSchema = objectOf(measureProps);
const periodSchema = objectOf({ from: dateSchema(), to: dateSchema() });
const namedSchema = objectOf({ id: nullable(str('Id товара, клиента или менеджера')), name: str('Наименование'), ...measureProps });
const salesSchema = objectOf({
  store: str('postgresql или clickhouse'),
  period: periodSchema,
  previousPeriod: periodSchema,
  totals: measuresSchema,
  previousTotals: measuresSchema,
  yearBefore: periodSchema,
  yearBeforeTotals: measuresSchema,
  byMonth: arrayOf(objectOf({ month: dateSchema('Первый день месяца'), ...measureProps, previous: measuresSchema })),
  topProducts: arrayOf(namedSchema),
  topClients: arrayOf(namedSchema),
  byManager: arrayOf(namedSchema),
});
const documentSchema = objectOf({ id: uuid(), type: str('Вид документа, например trade.sale'), title: str('«Реализация № … от …»'), number: nullable(str()), date: dateSchema(), link: str('Страница документа'), ...measureProps }, ['id', 'type', 'title', 'date', 'link']);
const stockSchema = objectOf({
  store: str('postgresql или clickhouse'),
  period: periodSchema,
  value: money('Стоимость запасов на конец периода'),
  turnoverDays: nullable(int('Оборачиваемость, дней')),
  items: arrayOf(
    objectOf({ id: uuid(), name: str(), quantity: int('Остаток, тысячные доли единицы'), value: money('Стоимость'), revenue: money('Выручка за период'), cogs: money('Себестоимость продаж'), turnoverDays: nullable(int()), abc: str('A, B или C') }),
  ),
});
const ageingSchema = arrayOf(
  objectOf({ id: uuid(), name: str('Контрагент'), total: money('Всего'), d0_30: money('До 30 дней'), d31_60: money('31–60 дней'), d61_90: money('61–90 дней'), d90_plus: money('Больше 90 дней') }),
);
const moneySchema = objectOf({
  store: str('postgresql или clickhouse'),
  period: periodSchema,
  balance: money('Деньги на конец периода'),
  cashFlow: arrayOf(objectOf({ month: dateSchema('Первый день месяца'), inflow: money('Поступило'), outflow: money('Выбыло'), net: money('Чистый поток') })),
  receivables: ageingSchema,
  payables: ageingSchema,
});
const reorderSchema = objectOf({
  leadDays: int('Срок поставки, дней'),
  items: arrayOf(
    objectOf({ id: uuid(), name: str('Товар'), stock: num('Остаток'), demand: num('Спрос за срок поставки'), safetyStock: num('Страховой запас'), suggested: int('Заказать, единиц'), method: str('Метод прогноза') }),
  ),
});
const monthValue = objectOf({ month: dateSchema('Первый день месяца'), quantity: num('Количество') });
const forecastSchema = objectOf(
  {
    method: str('holt-winters, holt или mean'),
    methodTitle: str('Метод по-русски'),
    seasonLength: nullable(int('Длина сезона, месяцев')),
    alpha: nullable(num()),
    beta: nullable(num()),
    gamma: nullable(num()),
    mape: nullable(num('MAPE на истории, %')),
    values: arrayOf(num()),
    history: arrayOf(monthValue),
    forecast: arrayOf(monthValue),
  },
  ['method', 'methodTitle', 'history', 'forecast'],
);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The dashboards «Продажи» and «Склад», their drill-down and Excel, the sales forecast, and the rebuild. */
@ApiTags('analytics: Аналитика')
@ApiBearerAuth()
@ForModule('analytics')
@Controller('api/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('sales')
  @Allow('read', 'analytics.sales')
  @ApiOperation({ summary: 'Дашборд «Продажи»: выручка, валовая прибыль, по месяцам против предыдущего периода той же длины, топ товаров и клиентов, по менеджерам' })
  @Answers(salesSchema, 'Дашборд')
  sales(@Ctx() ctx: TenantRequestContext, @ValidQuery(period) q: SalesFilter) {
    return this.analytics.sales(ctx, q);
  }

  @Get('sales/documents')
  @Allow('read', 'analytics.sales')
  @ApiOperation({ summary: 'Документы за столбцом графика: продажи периода по товару, клиенту, менеджеру или месяцу (by, value)' })
  @Answers(arrayOf(documentSchema), 'Документы')
  documents(@Ctx() ctx: TenantRequestContext, @ValidQuery(drillQuery) q: SalesFilter & { by?: any; value?: string }) {
    return this.analytics.documents(ctx, q, q.by, q.value);
  }

  @Get('export')
  @Allow('read', 'analytics.sales')
  @ApiOperation({ summary: 'Данные виджета в Excel: by_month, top_products, top_clients, by_manager, documents (с by/value), stock' })
  @AnswersFile(XLSX, 'Книга Excel с данными виджета')
  async export(@Ctx() ctx: TenantRequestContext, @ValidQuery(exportQuery) q: SalesFilter & { by?: any; value?: string; widget: (typeof WIDGETS)[number] }, @Res({ passthrough: true }) reply: FastifyReply) {
    // The route is the sales dashboard's; the other dashboards' widgets need their own permission.
    const subject = q.widget === 'stock' ? 'analytics.stock' : ['cash_flow', 'receivables', 'payables'].includes(q.widget) ? 'analytics.money' : 'analytics.sales';
    if (!ctx.ability.can('read', subject)) throw Problem.forbidden(`Нет права на просмотр данных этого виджета (${subject}) — его выдаёт администратор компании.`);
    let title: string;
    let columns: { key: string; title: string; money?: boolean }[];
    let rows: Record<string, unknown>[];
    if (q.widget === 'documents') {
      title = 'Документы';
      columns = [{ key: 'title', title: 'Документ' }, ...MONEY_COLUMNS];
      rows = await this.analytics.documents(ctx, q, q.by, q.value);
    } else if (q.widget === 'cash_flow' || q.widget === 'receivables' || q.widget === 'payables') {
      const money = await this.analytics.money(ctx, q);
      const ageing = [{ key: 'name', title: 'Контрагент' }, { key: 'total', title: 'Всего, ₽', money: true }, { key: 'd0_30', title: 'До 30 дней, ₽', money: true }, { key: 'd31_60', title: '31–60 дней, ₽', money: true }, { key: 'd61_90', title: '61–90 дней, ₽', money: true }, { key: 'd90_plus', title: 'Больше 90 дней, ₽', money: true }];
      title = { cash_flow: 'Денежный поток', receivables: 'Дебиторская задолженность', payables: 'Кредиторская задолженность' }[q.widget];
      columns = q.widget === 'cash_flow' ? [{ key: 'month', title: 'Месяц' }, { key: 'inflow', title: 'Поступило, ₽', money: true }, { key: 'outflow', title: 'Выбыло, ₽', money: true }, { key: 'net', title: 'Чистый поток, ₽', money: true }] : ageing;
      rows = q.widget === 'cash_flow' ? money.cashFlow : money[q.widget];
    } else if (q.widget === 'stock') {
      title = 'Склад';
      columns = [{ key: 'name', title: 'Товар' }, { key: 'quantity', title: 'Остаток' }, { key: 'value', title: 'Стоимость, ₽', money: true }, { key: 'turnoverDays', title: 'Оборачиваемость, дней' }, { key: 'abc', title: 'ABC' }];
      rows = (await this.analytics.stock(ctx, q)).items.map((i) => ({ ...i, quantity: i.quantity / 1000 }));
    } else {
      const sales = await this.analytics.sales(ctx, q);
      const pick = { by_month: ['По месяцам', 'month', 'Месяц', sales.byMonth], top_products: ['Топ товаров', 'name', 'Товар', sales.topProducts], top_clients: ['Топ клиентов', 'name', 'Клиент', sales.topClients], by_manager: ['По менеджерам', 'name', 'Менеджер', sales.byManager] } as const;
      const [t, key, keyTitle, data] = pick[q.widget];
      title = t;
      columns = [{ key, title: keyTitle }, ...MONEY_COLUMNS];
      rows = data as unknown as Record<string, unknown>[];
    }
    reply.header('Content-Type', XLSX);
    reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title} ${q.from}—${q.to}.xlsx`)}`);
    return this.analytics.xlsx(title, columns, rows);
  }

  @Get('stock')
  @Allow('read', 'analytics.stock')
  @ApiOperation({ summary: 'Дашборд «Склад»: стоимость запасов на конец периода, оборачиваемость в днях, ABC-анализ по выручке' })
  @Answers(stockSchema, 'Склад')
  stock(@Ctx() ctx: TenantRequestContext, @ValidQuery(period) q: SalesFilter) {
    return this.analytics.stock(ctx, q);
  }

  @Get('money')
  @Allow('read', 'analytics.money')
  @ApiOperation({ summary: 'Дашборд «Деньги»: денежный поток по месяцам, остаток денег, дебиторская и кредиторская задолженность по срокам (0–30, 31–60, 61–90, больше 90 дней)' })
  @Answers(moneySchema, 'Деньги')
  money(@Ctx() ctx: TenantRequestContext, @ValidQuery(period) q: SalesFilter) {
    return this.analytics.money(ctx, q);
  }

  @Get('forecast')
  @Allow('read', 'analytics.forecast')
  @ApiOperation({ summary: 'Прогноз продаж (количество) на 1–3 месяца по истории периода: метод (Хольт–Уинтерс), его параметры и ошибка MAPE' })
  @Answers(forecastSchema, 'Прогноз')
  forecast(@Ctx() ctx: TenantRequestContext, @ValidQuery(forecastQuery) q: SalesFilter & { product?: string; horizon: number }) {
    return this.analytics.forecast(ctx, q);
  }

  @Get('reorder')
  @Allow('read', 'analytics.forecast')
  @ApiOperation({ summary: 'Что заказать у поставщиков: прогноз спроса за срок поставки (lead_days) + страховой запас − остаток, по товарам' })
  @Answers(reorderSchema, 'Предложение к заказу')
  reorder(@Ctx() ctx: TenantRequestContext, @ValidQuery(reorderQuery) q: SalesFilter & { lead_days: number }) {
    return this.analytics.reorder(ctx, { ...q, leadDays: q.lead_days });
  }

  @Post('rebuild')
  @HttpCode(200)
  @Allow('update', 'analytics.store')
  @ApiOperation({ summary: 'Пересобрать факты компании из её регистров (после сбоя хранилища или смены CLICKHOUSE_URL)' })
  @Answers(objectOf({ store: str('postgresql или clickhouse'), facts: int('Записано фактов') }), 'Факты пересобраны')
  rebuild(@Ctx() ctx: TenantRequestContext) {
    return this.analytics.rebuild(ctx);
  }
}

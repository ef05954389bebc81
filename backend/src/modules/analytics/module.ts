import { Logger } from '@nestjs/common';
import { defineModule } from '../../platform/modules/define-module';
import { AnalyticsController, analyticsSubjects } from './analytics.controller';
import { AnalyticsService } from './dashboards.service';
import { createPgTables, factStore } from './store';
import { analyticsSubscriber, rebuildTenant } from './subscriber';

/**
 * «Аналитика»: an analytic store kept by an outbox subscriber (facts: every movement of trade's sales, stock,
 * cost, money and settlements registers, and accounting's entries when bought; dimensions: the names of
 * products, groups, counterparties, warehouses, organizations, managers), in ClickHouse when CLICKHOUSE_URL is
 * set or in the company's own PostgreSQL schema; the dashboards «Продажи» and «Склад» over it with drill-down to
 * the documents and Excel; the sales forecast by Holt–Winters. See README.md.
 */
export const analyticsModule = defineModule({
  code: 'analytics',
  title: 'Аналитика',
  titleEn: 'Analytics',
  description: 'Дашборды продаж и склада, прогноз продаж',
  descriptionEn: 'Sales and stock dashboards, sales forecast',
  // 2 000,00 ₽ a month, VAT included.
  monthlyPriceKopecks: 200000,
  // Its facts are trade's movements, its dimensions trade's catalogs.
  depends: ['trade'],
  // With accounting, its entries become facts too.
  worksWith: ['accounting'],
  ui: { remote: 'analytics', version: '0.1.0' },
  subjects: analyticsSubjects,
  controllers: [AnalyticsController],
  providers: [AnalyticsService],
  subscribers: [analyticsSubscriber()],
  migrations: [{ version: 1, name: 'Таблицы фактов и измерений (PostgreSQL)', up: (trx, schema) => createPgTables(trx, schema) }],
  // A company that buys the module later gets the current tables (its migrations count as done) and its history as facts at once.
  seed: async (trx, schema) => {
    await createPgTables(trx, schema);
    const store = await factStore();
    try {
      await rebuildTenant(trx, store, schema.replace(/"/g, ''));
    } catch (e) {
      // ClickHouse down must not stop a purchase: the history comes with «Пересобрать» (POST /api/analytics/rebuild).
      if (store.kind === 'postgresql') throw e;
      new Logger('Analytics').warn(`ClickHouse: история компании не перенесена при подключении модуля (${(e as Error).message}); пересоберите факты`);
    }
  },
});

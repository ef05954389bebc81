import { defineModule } from '../../../src/platform/modules/define-module';
import { hours } from './hours.register';
import { hoursByMonth } from './hours.report';
import { timesheetsMigrations } from './migrations';
import { projects } from './projects.catalog';
import { timesheet } from './timesheet.document';

/** The «Табели» module: what it is, what it costs, what it needs, what it holds, how it is drawn. */
export const timesheetsModule = defineModule({
  code: 'timesheets',
  title: 'Табели',
  titleEn: 'Timesheets',
  description: 'Проекты для заказчиков, табели, трудозатраты',
  descriptionEn: 'Customer projects, timesheets, hours spent',
  // 800,00 ₽ a month, VAT included: the first catalogue price; later the owner sets prices in the console.
  monthlyPriceKopecks: 80000,
  // Its catalog and register refer to trade.counterparties: a company needs «Торговля и склад» first.
  depends: ['trade'],
  // Side-menu sections, in this order; each declaration names its own in `group`.
  menuGroups: [
    { code: 'work', title: 'Работа', titleEn: 'Work' },
    { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
  ],
  declarations: [projects, timesheet, hours, hoursByMonth],
  // The engine's generic pages (lists, forms, reports): no UI code.
  ui: { remote: 'engine' },
  migrations: timesheetsMigrations,
});

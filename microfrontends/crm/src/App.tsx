import { createModuleApp, type ModuleMenuItem, type ModuleWidget } from '@workcloud/shared-ui/core';
import { lazy } from 'react';
import { MyTasksWidget, StuckDealsWidget } from './widgets';

const BASE = '/m/crm';
const groups = {
  sales: { code: 'sales', title: 'Продажи', titleEn: 'Sales' },
  clients: { code: 'clients', title: 'Клиенты', titleEn: 'Clients' },
  reports: { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
  settings: { code: 'settings', title: 'Настройки', titleEn: 'Settings' },
};
const catalog = (code: string, title: string, titleEn: string, group: keyof typeof groups): ModuleMenuItem => ({ path: `${BASE}/catalogs/${code}`, title, titleEn, can: ['read', `crm.${code}`], group: groups[group] });
const report = (code: string, title: string, titleEn: string): ModuleMenuItem => ({ path: `${BASE}/reports/${code}`, title, titleEn, can: ['read', `crm.${code}`], group: groups.reports });

/** The board is the module's own page; the catalogs and reports are the engine's generic pages. */
export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/board`, title: 'Сделки: доска', titleEn: 'Deals board', can: ['read', 'crm.deals'], group: groups.sales },
  catalog('leads', 'Лиды', 'Leads', 'sales'),
  catalog('deals', 'Сделки', 'Deals', 'sales'),
  catalog('deal_products', 'Товары сделок', 'Deal products', 'sales'),
  { path: '/m/trade/catalogs/counterparties', title: 'Клиенты (контрагенты)', titleEn: 'Clients (counterparties)', can: ['read', 'trade.counterparties'], group: groups.clients },
  catalog('contacts', 'Контактные лица', 'Contact persons', 'clients'),
  catalog('activities', 'История работы', 'Activities', 'clients'),
  report('funnel_conversion', 'Конверсия воронки', 'Funnel conversion'),
  report('month_forecast', 'Прогноз продаж на месяц', 'Sales forecast for the month'),
  report('lost_reasons', 'Причины проигрыша', 'Lost reasons'),
  report('deals_by_source', 'Сделки по источникам', 'Deals by source'),
  report('my_tasks_today', 'Мои задачи на сегодня', 'My tasks for today'),
  report('stuck_deals', 'Сделки без движения', 'Stuck deals'),
  catalog('stage_history', 'Движение сделок по этапам', 'Deal stage history', 'reports'),
  catalog('funnels', 'Воронки продаж', 'Sales funnels', 'settings'),
  catalog('stages', 'Этапы воронок', 'Funnel stages', 'settings'),
];

/** The manager's home page: tasks due today and deals stuck in a stage (the module's reports, for who may read them). */
export const widgets: ModuleWidget[] = [
  { id: 'crm-my-tasks', module: 'crm', title: 'Мои задачи на сегодня', titleEn: 'My tasks for today', can: ['read', 'crm.my_tasks_today'], Component: MyTasksWidget },
  { id: 'crm-stuck-deals', module: 'crm', title: 'Сделки без движения', titleEn: 'Stuck deals', can: ['read', 'crm.stuck_deals'], Component: StuckDealsWidget },
];

/** The pages load when one is opened: the shell loads this file on every page (for the menu). */
const CrmApp = lazy(() => import('./CrmApp'));

const lifecycles = createModuleApp(CrmApp);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;

import { createModuleApp, type ModuleMenuItem } from '@workcloud/shared-ui/core';
import { lazy } from 'react';

const BASE = '/m/analytics';
const dashboards = { code: 'dashboards', title: 'Дашборды', titleEn: 'Dashboards' };
const forecasts = { code: 'forecasts', title: 'Прогнозы', titleEn: 'Forecasts' };

/** The module's pages, each for the roles that may read what it shows. */
export const menu: ModuleMenuItem[] = [
  { path: `${BASE}/sales`, title: 'Продажи', titleEn: 'Sales', can: ['read', 'analytics.sales'], group: dashboards },
  { path: `${BASE}/stock`, title: 'Склад', titleEn: 'Stock', can: ['read', 'analytics.stock'], group: dashboards },
  { path: `${BASE}/money`, title: 'Деньги', titleEn: 'Money', can: ['read', 'analytics.money'], group: dashboards },
  { path: `${BASE}/forecast`, title: 'Прогноз продаж', titleEn: 'Sales forecast', can: ['read', 'analytics.forecast'], group: forecasts },
];

/** The pages (and the chart library) load when one is opened: the shell loads this file on every page for the menu. */
const AnalyticsApp = lazy(() => import('./AnalyticsApp'));

const lifecycles = createModuleApp(AnalyticsApp);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;

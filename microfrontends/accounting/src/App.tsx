import { apiFetch, createModuleApp, engineMenu, type EngineMeta, type ModuleMenuItem, type ModuleWidget } from '@workcloud/shared-ui/core';
import { lazy } from 'react';
import { accountingWidgets } from './widgets';

const BASE = '/m/accounting';

// The shell reads `menu` and `widgets` once, when it loads this remote, before it mounts it: computed at
// load (a top-level await). Without the metadata the module still works: the shell links to its home page.
const meta = await apiFetch<EngineMeta>('/api/accounting/meta').catch(() => null);

/**
 * The module's documents, catalogs and reports the role may read (the engine's menu — the pages behind
 * some of them are this remote's own), and the month-closing assistant under «Закрытие периода».
 */
export const menu: ModuleMenuItem[] = meta
  ? [
      ...engineMenu(meta, BASE),
      ...(meta.documents.some((d) => d.code === 'month_closing')
        ? [{ path: `${BASE}/closing`, title: 'Помощник закрытия месяца', titleEn: 'Month-end closing assistant', module: 'accounting', group: meta.groups?.find((g) => g.code === 'closing') }]
        : []),
    ]
  : [];

/** Деньги на 50/51, НДС к уплате за квартал, прибыль месяца — for roles that may read the reports behind them. */
export const widgets: ModuleWidget[] = accountingWidgets;

/** The pages load when one is opened: the shell loads this file on every page (menu, cards). */
const AccountingApp = lazy(() => import('./AccountingApp'));

const lifecycles = createModuleApp(AccountingApp);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;

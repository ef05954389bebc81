import { apiFetch, createModuleApp, engineMenu, type EngineMeta, type Me, type ModuleMenuItem, type ModuleWidget } from '@workcloud/shared-ui/core';
import { lazy } from 'react';
import { TodayWidget } from './TodayWidget';
import { tradeWidgets } from './TradeWidgets';

/** This build's federation name (webpack.config.js). The platform may register it as the UI of any engine module. */
const REMOTE_NAME = 'trade';

/**
 * The company's modules whose UI is this remote (e.g. `trade`, and `demo` in the tests), with their
 * metadata. A module whose metadata does not load is left out; the others still get their menu.
 */
async function servedModules(): Promise<{ code: string; meta: EngineMeta }[]> {
  const me = await apiFetch<Me>('/api/me');
  const codes = me.modules.filter((m) => m.remote?.name === REMOTE_NAME).map((m) => m.code);
  const metas = await Promise.allSettled(codes.map((code) => apiFetch<EngineMeta>(`/api/${code}/meta`)));
  return codes.flatMap((code, i) => {
    const r = metas[i];
    return r.status === 'fulfilled' ? [{ code, meta: r.value }] : [];
  });
}

// The shell reads `menu` and `widgets` once, when it loads this remote, before it mounts it with a
// basePath. So they are computed here, at load (a top-level await the federation runtime waits for).
// Without them the module still works: the shell then links to its home page.
// This remote serves every engine module of the company, so each item and card names its module: the
// shell gives each module only its own (the same remote loaded for `trade` and `demo` is one module).
const served = await servedModules().catch(() => []);

/**
 * «Банковские выписки» in trade's «Деньги», for a role that may post receipts of money (what loading a
 * statement does): after the group's documents.
 */
function withBankStatements(items: ModuleMenuItem[], meta: EngineMeta): ModuleMenuItem[] {
  const moneyIn = meta.documents.find((d) => d.code === 'money_in');
  if (!moneyIn?.allowedActions.includes('post')) return items;
  const group = meta.groups?.find((g) => g.code === moneyIn.group);
  const entry: ModuleMenuItem = { path: '/m/trade/bank-statements', title: 'Банковские выписки', titleEn: 'Bank statements', ...(group ? { group: { code: group.code, title: group.title, titleEn: group.titleEn } } : {}) };
  const after = items.map((i) => i.group?.code).lastIndexOf(group?.code);
  return after < 0 ? [...items, entry] : [...items.slice(0, after + 1), entry, ...items.slice(after + 1)];
}

/** Documents, catalogs and reports the role may read, under the module's menu groups, for the shell's side menu. */
export const menu: ModuleMenuItem[] = served.flatMap((s) => {
  const items = engineMenu(s.meta, `/m/${s.code}`);
  return (s.code === 'trade' ? withBankStatements(items, s.meta) : items).map((item) => ({ ...item, module: s.code }));
});

/** «Документы за сегодня» on the shell's home page, and the trade module's own figures when it is served. */
export const widgets: ModuleWidget[] = [
  ...served
    .filter((s) => s.meta.documents.length)
    .map((s) => ({ id: `${s.code}-today`, module: s.code, title: 'Документы за сегодня', titleEn: 'Documents today', Component: () => <TodayWidget module={s.code} documents={s.meta.documents} /> })),
  ...(served.some((s) => s.code === 'trade') ? tradeWidgets.map((w) => ({ ...w, module: 'trade' })) : []),
];

/** The engine pages load when one is opened: the shell loads this file on every page (menu, cards). */
const EngineApp = lazy(() => import('./EngineApp'));

const lifecycles = createModuleApp(EngineApp);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;

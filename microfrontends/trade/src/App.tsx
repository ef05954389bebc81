import { apiFetch, createModuleApp, engineMenu, type EngineMeta, type Me, type ModuleMenuItem, type ModuleWidget } from '@workcloud/shared-ui/core';
import { lazy } from 'react';
import { TodayWidget } from './TodayWidget';
import { tradeWidgets } from './TradeWidgets';

/** This build's federation name (webpack.config.js). The platform may register it as the UI of any engine module. */
const REMOTE_NAME = 'trade';

/** The company's modules whose UI is this remote (e.g. `trade`, or `demo` in the tests), with their metadata. */
async function servedModules(): Promise<{ code: string; meta: EngineMeta }[]> {
  const me = await apiFetch<Me>('/api/me');
  const codes = me.modules.filter((m) => m.remote?.name === REMOTE_NAME).map((m) => m.code);
  return Promise.all(codes.map(async (code) => ({ code, meta: await apiFetch<EngineMeta>(`/api/${code}/meta`) })));
}

// The shell reads `menu` and `widgets` once, when it loads this remote, before it mounts it with a
// basePath. So they are computed here, at load (a top-level await the federation runtime waits for).
// Without them the module still works: the shell then links to its home page.
const served = await servedModules().catch(() => []);

/** Documents, catalogs and reports the role may read, for the shell's side menu. */
export const menu: ModuleMenuItem[] = served.flatMap((s) => engineMenu(s.meta, `/m/${s.code}`));

/** «Документы за сегодня» on the shell's home page, and the trade module's own figures when it is served. */
export const widgets: ModuleWidget[] = [
  ...served
    .filter((s) => s.meta.documents.length)
    .map((s) => ({ id: `${s.code}-today`, title: 'Документы за сегодня', titleEn: 'Documents today', Component: () => <TodayWidget module={s.code} documents={s.meta.documents} /> })),
  ...(served.some((s) => s.code === 'trade') ? tradeWidgets : []),
];

/** The engine pages load when one is opened: the shell loads this file on every page (menu, cards). */
const EngineApp = lazy(() => import('./EngineApp'));

const lifecycles = createModuleApp(EngineApp);
export const { bootstrap, mount, unmount } = lifecycles;
export default lifecycles;

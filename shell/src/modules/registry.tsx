import { loadRemote, registerRemotes } from '@module-federation/enhanced/runtime';
import type { AppAbility, Me, MeModule, ModuleMenuItem, ModuleWidget, Theme } from '@workcloud/shared-ui/core';
import type { EnhancedStore } from '@reduxjs/toolkit';
import type { i18n as I18n } from 'i18next';
import { createRoot } from 'react-dom/client';
import { registerApplication, start, unloadApplication } from 'single-spa';
import { ModuleErrorPanel } from '../components/ModuleErrorPanel';

/**
 * Module UIs, decided at run time: for every module of /api/me that has a remote, register it with
 * the Module Federation runtime and as a single-spa application at /m/<code>. Nothing here knows
 * which modules exist. A remote that fails to load or to mount gets a retry panel instead of
 * breaking the page: single-spa only ever sees lifecycles that succeed.
 */

export interface ModuleState {
  code: string;
  title: string;
  titleEn: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error?: string;
  menu: ModuleMenuItem[];
  widgets: ModuleWidget[];
}

export interface ShellContext {
  store: EnhancedStore;
  i18n: I18n;
  ability: AppAbility;
  me: Me;
  getTheme: () => Theme;
  subscribe: (listener: () => void) => () => void;
  outlet: HTMLElement;
}

/** What a module's ./App exports (createModuleApp in shared-ui): one function per lifecycle, menu, widgets. */
type Lifecycle = (props: any) => Promise<unknown>;
type ShellLifecycles = { bootstrap: Lifecycle; mount: Lifecycle; unmount: Lifecycle; unload: Lifecycle };
type RemoteAppModule = { bootstrap?: Lifecycle; mount?: Lifecycle; unmount?: Lifecycle; default?: any; menu?: ModuleMenuItem[]; widgets?: ModuleWidget[] };

const states = new Map<string, ModuleState>();
const listeners = new Set<() => void>();
let snapshot: ModuleState[] = [];

function update(code: string, patch: Partial<ModuleState>) {
  const prev = states.get(code);
  if (!prev) return;
  states.set(code, { ...prev, ...patch });
  snapshot = [...states.values()];
  listeners.forEach((l) => l());
}

export const moduleStore = {
  subscribe(l: () => void) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  getSnapshot: () => snapshot,
};

export const modulePath = (code: string) => `/m/${code}`;

function remoteUrl(m: MeModule): string {
  const url = new URL(m.remote!.entry, window.location.origin);
  // A new version registered in the catalogue must not be served from the browser cache.
  url.searchParams.set('v', m.remote!.version);
  return url.href;
}

/** The items a remote exports for module `code`: those naming it, and those naming no module. */
export function ownItems<T extends { module?: string }>(code: string, items: T[] | undefined): T[] {
  return (items ?? []).filter((i) => !i.module || i.module === code);
}

let loadAttempt = 0;
const loaded = new Map<string, Promise<RemoteAppModule>>();

/** Loads a module's exposed App once (shared by the menu preload and single-spa). */
function loadModule(m: MeModule, fresh = false): Promise<RemoteAppModule> {
  if (fresh) loaded.delete(m.code);
  let p = loaded.get(m.code);
  if (!p) {
    update(m.code, { status: 'loading', error: undefined });
    p = (async () => {
      if (fresh) {
        // Forget the failed remote entry so the runtime fetches it again.
        loadAttempt++;
        registerRemotes([{ name: m.remote!.name, entry: remoteUrl(m) + `&retry=${loadAttempt}` }], { force: true });
      }
      const expose = m.remote!.exposedModule.replace(/^\.\//, '');
      const mod = await loadRemote<RemoteAppModule>(`${m.remote!.name}/${expose}`);
      if (!mod) throw new Error(`Удалённый модуль ${m.remote!.name}/${expose} не найден`);
      const lifecycles = (mod.mount ? mod : mod.default) as RemoteAppModule | undefined;
      if (!lifecycles?.mount) throw new Error(`Модуль ${m.code} не экспортирует функции bootstrap/mount/unmount`);
      // One remote may serve several modules (the engine remote): each module keeps only its own items.
      update(m.code, { status: 'ready', menu: ownItems(m.code, mod.menu ?? lifecycles.menu), widgets: ownItems(m.code, mod.widgets ?? lifecycles.widgets) });
      return { ...lifecycles, menu: mod.menu, widgets: mod.widgets };
    })();
    p.catch((e: unknown) => {
      loaded.delete(m.code);
      update(m.code, { status: 'error', error: e instanceof Error ? e.message : String(e) });
    });
    loaded.set(m.code, p);
  }
  return p;
}

/** Renders the «Не удалось загрузить модуль» panel into the module's place. */
function errorLifecycles(m: MeModule, error: unknown, ctx: ShellContext, loadFailed: boolean): ShellLifecycles {
  let root: ReturnType<typeof createRoot> | null = null;
  let host: HTMLElement | null = null;
  let unsub: (() => void) | undefined;
  const retry = () => {
    // single-spa unmounts, unloads and mounts again, calling our loader afresh.
    loaded.delete(m.code);
    // A remote entry that failed to load is fetched again; a module that threw is just re-mounted.
    if (loadFailed) retryRequested.add(m.code);
    unloadApplication(m.code, { waitForUnmount: false }).catch((e) => console.error('[shell] retry failed', e));
  };
  return {
    bootstrap: async () => {},
    mount: async () => {
      host = document.createElement('div');
      ctx.outlet.appendChild(host);
      root = createRoot(host);
      const render = () => root?.render(<ModuleErrorPanel i18n={ctx.i18n} theme={ctx.getTheme()} title={titleOf(m, ctx)} error={error} onRetry={retry} />);
      render();
      unsub = ctx.subscribe(render);
    },
    unmount: async () => {
      unsub?.();
      root?.unmount();
      host?.remove();
      root = null;
    },
    unload: async () => {},
  };
}

const retryRequested = new Set<string>();

function titleOf(m: MeModule, ctx: ShellContext) {
  return ctx.i18n.language === 'en' ? m.titleEn : m.title;
}

/** Wraps the remote's lifecycles so a throwing mount becomes the retry panel, not a dead page. */
function guarded(m: MeModule, lc: RemoteAppModule, ctx: ShellContext): ShellLifecycles {
  let fallback: ShellLifecycles | null = null;
  return {
    bootstrap: async (props) => {
      try {
        await lc.bootstrap?.(props);
      } catch (e) {
        fallback = errorLifecycles(m, e, ctx, false);
      }
    },
    mount: async (props) => {
      if (fallback) return fallback.mount(props);
      try {
        await lc.mount!(props);
      } catch (e) {
        console.error(`[shell] module ${m.code} failed to mount`, e);
        try {
          await lc.unmount?.(props);
        } catch {
          /* the module is broken anyway */
        }
        fallback = errorLifecycles(m, e, ctx, false);
        update(m.code, { status: 'error', error: e instanceof Error ? e.message : String(e) });
        await fallback.mount(props);
      }
    },
    unmount: async (props) => {
      if (fallback) {
        await fallback.unmount(props);
        fallback = null;
        return;
      }
      await lc.unmount?.(props);
    },
    unload: async () => {},
  };
}

export function registerModules(ctx: ShellContext): void {
  const withUi = ctx.me.modules.filter((m) => m.remote);
  for (const m of ctx.me.modules) states.set(m.code, { code: m.code, title: m.title, titleEn: m.titleEn, status: 'idle', menu: [], widgets: [] });
  snapshot = [...states.values()];
  registerRemotes(withUi.map((m) => ({ name: m.remote!.name, entry: remoteUrl(m) })));

  for (const m of withUi) {
    const base = modulePath(m.code);
    registerApplication({
      name: m.code,
      app: async () => {
        const fresh = retryRequested.delete(m.code);
        try {
          return guarded(m, await loadModule(m, fresh), ctx);
        } catch (e) {
          console.error(`[shell] module ${m.code} failed to load`, e);
          return errorLifecycles(m, e, ctx, true);
        }
      },
      activeWhen: (loc) => loc.pathname === base || loc.pathname.startsWith(base + '/'),
      customProps: () => ({
        domElement: ctx.outlet,
        store: ctx.store,
        i18n: ctx.i18n,
        ability: ctx.ability,
        me: ctx.me,
        basePath: base,
        getTheme: ctx.getTheme,
        theme: ctx.getTheme(),
        subscribe: ctx.subscribe,
      }),
    });
  }
  start({ urlRerouteOnly: true });
  // Menus and dashboard widgets come from the modules themselves: load them in the background.
  setTimeout(() => withUi.forEach((m) => loadModule(m).catch(() => undefined)), 0);
}

import { ThemeProvider, type Theme } from '@mui/material';
import type { EnhancedStore } from '@reduxjs/toolkit';
import type { i18n as I18n } from 'i18next';
import { Component, StrictMode, Suspense, type ComponentType, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { AbilityContextProvider, type AppAbility } from './ability';
import type { Me } from './api/me';
import { ErrorState, Loading } from './components/States';

/** What the shell hands every module UI through single-spa customProps. */
export interface ModuleProps {
  name: string;
  /** The element the shell reserved for this module. */
  domElement: HTMLElement;
  store: EnhancedStore;
  theme: Theme;
  i18n: I18n;
  ability: AppAbility;
  me: Me;
  /** Base path of the module, e.g. "/m/admin". */
  basePath: string;
  /** The shell re-renders the module with new theme/language through this subscription. */
  subscribe: (listener: () => void) => () => void;
  getTheme: () => Theme;
}

export interface ModuleRootProps {
  me: Me;
  basePath: string;
}

/**
 * Turns a module's React root into single-spa lifecycles. The module does not create its own
 * store, theme or i18n: it renders inside the SHARED ones the shell passes in, which is how the
 * Redux Provider and the MUI theme reach a dynamically loaded remote.
 */
export function createModuleApp(Root: ComponentType<ModuleRootProps>, options: { onMount?: (props: ModuleProps) => void } = {}) {
  const roots = new Map<string, { root: Root; unsubscribe: () => void }>();
  return {
    async bootstrap() {},
    async mount(props: ModuleProps) {
      options.onMount?.(props);
      const host = document.createElement('div');
      host.className = `wc-module wc-module-${props.name}`;
      props.domElement.appendChild(host);
      const root = createRoot(host);
      const render = () =>
        root.render(
          <StrictMode>
            <Provider store={props.store}>
              <ThemeProvider theme={props.getTheme()}>
                <I18nextProvider i18n={props.i18n}>
                  <AbilityContextProvider ability={props.ability}>
                    <ModuleBoundary title={moduleTitle(props)} i18n={props.i18n}>
                      {/* A module's pages may be React.lazy (see core.ts): shown when loaded. */}
                      <Suspense fallback={<Loading />}>
                        <Root me={props.me} basePath={props.basePath} />
                      </Suspense>
                    </ModuleBoundary>
                  </AbilityContextProvider>
                </I18nextProvider>
              </ThemeProvider>
            </Provider>
          </StrictMode>,
        );
      render();
      roots.set(props.name, { root, unsubscribe: props.subscribe(render) });
    },
    async unmount(props: ModuleProps) {
      const entry = roots.get(props.name);
      if (!entry) return;
      entry.unsubscribe();
      entry.root.unmount();
      roots.delete(props.name);
      props.domElement.querySelector(`.wc-module-${props.name}`)?.remove();
    },
  };
}

function moduleTitle(props: ModuleProps): string {
  const m = props.me.modules.find((x) => x.code === props.name);
  return (props.i18n.language === 'en' ? m?.titleEn : m?.title) ?? props.name;
}

/**
 * A render error inside a module must not leave a blank page: mount() has already returned by
 * then, so the shell cannot see it. Shows the same «Не удалось загрузить модуль» with a retry.
 */
class ModuleBoundary extends Component<{ title: string; i18n: I18n; children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  componentDidCatch(error: unknown) {
    console.error(`[module ${this.props.title}] render failed`, error);
  }
  render() {
    if (!this.state.error) return this.props.children;
    const t = this.props.i18n.getFixedT(null, 'common');
    return (
      <div data-testid="module-error">
        <ErrorState title={t('moduleCrashed', { title: this.props.title })} error={{ detail: `${t('moduleCrashedText')} ${String((this.state.error as Error)?.message ?? this.state.error)}` }} onRetry={() => this.setState({ error: null })} />
      </div>
    );
  }
}

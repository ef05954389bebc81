import {
  CssBaseline, type ThemeMode, ThemeProvider, addTranslations, createAppTheme, createI18n, savedThemeMode,
  saveThemeMode
} from '@workcloud/shared-ui/core';
import { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { Provider } from 'react-redux';
import { App } from './App';
import { shellStrings } from './i18n';
import { createStore } from './store';

const store = createStore();
const i18n = createI18n();
addTranslations(i18n, 'shell', shellStrings);
document.documentElement.lang = i18n.language;

/**
 * Module UIs render in their own React roots, so they cannot read the shell's theme state:
 * they call getTheme() and re-render when notified (see createModuleApp in shared-ui).
 */
let currentTheme = createAppTheme(savedThemeMode(), i18n.language);
const themeListeners = new Set<() => void>();
export const themeBus = {
  get: () => currentTheme,
  subscribe(l: () => void) {
    themeListeners.add(l);
    return () => {
      themeListeners.delete(l);
    };
  },
};

function Root() {
  const [mode, setMode] = useState<ThemeMode>(savedThemeMode());
  const [lang, setLang] = useState(i18n.language);
  useEffect(() => {
    const onLang = (l: string) => setLang(l);
    i18n.on('languageChanged', onLang);
    return () => i18n.off('languageChanged', onLang);
  }, []);
  const theme = useMemo(() => createAppTheme(mode, lang), [mode, lang]);
  useEffect(() => {
    currentTheme = theme;
    themeListeners.forEach((l) => l());
  }, [theme]);
  const toggleMode = () => {
    const next = mode === 'light' ? 'dark' : 'light';
    saveThemeMode(next);
    setMode(next);
  };
  return (
    <Provider store={store}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <I18nextProvider i18n={i18n}>
          <App store={store} i18n={i18n} mode={mode} onToggleMode={toggleMode} getTheme={themeBus.get} subscribeTheme={themeBus.subscribe} />
        </I18nextProvider>
      </ThemeProvider>
    </Provider>
  );
}

createRoot(document.getElementById('root')!).render(<Root />);

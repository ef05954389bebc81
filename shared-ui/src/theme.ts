import { createTheme, type Theme } from '@mui/material';
import { enUS, ruRU } from '@mui/material/locale';

export type ThemeMode = 'light' | 'dark';
const MODE_KEY = 'wc.themeMode';

export function savedThemeMode(): ThemeMode {
  return localStorage.getItem(MODE_KEY) === 'dark' ? 'dark' : 'light';
}
export function saveThemeMode(mode: ThemeMode): void {
  localStorage.setItem(MODE_KEY, mode);
}

/** WorkCloud's look: calm blue, dense enough for accounting tables, visible keyboard focus. */
export function createAppTheme(mode: ThemeMode, lang: string = 'ru'): Theme {
  return createTheme(
    {
      palette: {
        mode,
        primary: { main: mode === 'light' ? '#1f5fbf' : '#7fb0ff' },
        secondary: { main: '#00897b' },
        // MUI's default orange and light blue are too pale for text on white (WCAG AA needs 4.5:1):
        // «Отключить», overdue amounts and info texts use these darker tones in the light theme.
        ...(mode === 'light' ? { warning: { main: '#b45309' }, info: { main: '#01579b' } } : {}),
        background: mode === 'light' ? { default: '#f4f6fa', paper: '#ffffff' } : { default: '#0f1419', paper: '#161d26' },
      },
      shape: { borderRadius: 8 },
      typography: {
        fontFamily: '"Inter", "Segoe UI", "Roboto", "Helvetica Neue", Arial, sans-serif',
        h1: { fontSize: '1.6rem', fontWeight: 600 },
        h2: { fontSize: '1.3rem', fontWeight: 600 },
        h3: { fontSize: '1.1rem', fontWeight: 600 },
      },
      components: {
        MuiButtonBase: { defaultProps: { disableRipple: false } },
        MuiButton: { styleOverrides: { root: { textTransform: 'none', fontWeight: 600 } } },
        MuiTab: { styleOverrides: { root: { textTransform: 'none' } } },
        MuiPaper: { defaultProps: { elevation: 0 }, styleOverrides: { root: { backgroundImage: 'none' } } },
        MuiCssBaseline: {
          styleOverrides: {
            // A focus ring people can see: keyboard users must know where they are.
            '*:focus-visible': { outline: `2px solid ${mode === 'light' ? '#1f5fbf' : '#7fb0ff'}`, outlineOffset: 2 },
          },
        },
      },
    },
    lang === 'en' ? enUS : ruRU,
  );
}

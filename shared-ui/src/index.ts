/** @workcloud/shared-ui: what the shell and every module UI build on (a federation singleton). */
export * from './api/tokens';
export * from './api/baseApi';
export * from './api/me';
export * from './ability';
export * from './i18n';
export * from './theme';
export * from './navigation';
export * from './format';
export * from './components/PageHeader';
export * from './components/States';
export * from './components/DataTable';
export * from './forms/fields';
export * from './forms/validation';
export * from './createModuleApp';
export * from './engine';

/** What a module's `./App` may export besides the lifecycles. */
export interface ModuleMenuItem {
  path: string;
  title: string;
  titleEn?: string;
  /** Shown only when the ability allows, e.g. ['read', 'User']. */
  can?: [string, string];
}
export interface ModuleWidget {
  id: string;
  title: string;
  titleEn?: string;
  can?: [string, string];
  /** Renders into the dashboard card (React component rendered by the shell). */
  Component: import('react').ComponentType;
}
export * from './icons';

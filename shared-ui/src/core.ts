/**
 * @workcloud/shared-ui/core: what the shell's first screen (sign-in, layout, home) needs, a
 * federation singleton of its own so a visitor's browser does not download the module pages'
 * parts (engine pages, forms, data table, the rest of MUI) before it shows anything.
 * Module UIs import '@workcloud/shared-ui', which re-exports all of this. A module UI's ./App
 * (lifecycles, menu, home cards) imports /core too and loads its pages lazily, so the shell's home
 * page, which loads every module's ./App for the menu, does not download module pages either.
 */
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
export * from './mui-core';
export * from './createModuleApp';
// The engine's light parts, for a module's menu and home cards (its pages are in ./engine).
export * from './engine/types';
export * from './engine/i18n';
export * from './engine/values';
export * from './engine/menu';

/** A section of a module's side menu (Продажи, Закупки, Склад…), shown as a collapsible heading. */
export interface ModuleMenuGroup {
  code: string;
  title: string;
  titleEn?: string;
}

/**
 * What a module's `./App` may export besides the lifecycles. One remote may serve several modules (the
 * generic engine remote serves every engine module): then each item names its `module`, and the shell
 * gives a module only its own items. An item without `module` belongs to the module that loaded the remote.
 */
export interface ModuleMenuItem {
  path: string;
  title: string;
  titleEn?: string;
  /** Shown only when the ability allows, e.g. ['read', 'User']. */
  can?: [string, string];
  /** The module code this item belongs to (when the remote serves several). */
  module?: string;
  /** The menu section of the item; sections are shown in the order their first item comes. */
  group?: ModuleMenuGroup;
}
export interface ModuleWidget {
  id: string;
  title: string;
  titleEn?: string;
  can?: [string, string];
  /** The module code this card belongs to (when the remote serves several). */
  module?: string;
  /** Renders into the dashboard card (React component rendered by the shell). */
  Component: import('react').ComponentType;
}

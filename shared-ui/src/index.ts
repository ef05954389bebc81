/**
 * @workcloud/shared-ui: what every module UI builds on (a federation singleton). It re-exports
 * ./core (the part the shell's first screen loads) and adds what module pages need.
 */
export * from './core';
export * from './components/DataTable';
export * from './hooks';
export * from './forms/fields';
export * from './forms/validation';
export * from './engine';
export * from './icons';
export * from './mui';

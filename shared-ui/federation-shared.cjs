/**
 * The ONE list of libraries shared between the shell and every module UI (Module Federation).
 * Each is a strict singleton: two copies of React, MUI/emotion or react-redux in one page break
 * hooks, themes and the Redux Provider. webpack.base.cjs requires this file; nobody copies it.
 * `sharedFor({ host })` gives the shell's (host) or a module UI's (remote) view of the list.
 */
const path = require('node:path');

const singleton = (extra = {}) => ({ singleton: true, strictVersion: false, requiredVersion: false, ...extra });

const libraries = {
  react: singleton(),
  'react/jsx-runtime': singleton(),
  'react-dom': singleton(),
  'react-dom/client': singleton(),
  // MUI is NOT listed: a shared package is built whole (~155 KB gzip). One MUI copy reaches every
  // app through @workcloud/shared-ui instead, which re-exports the components WorkCloud uses
  // (shared-ui/src/mui.ts, ~110 KB). Emotion stays shared: it carries the theme between React roots.
  // Tried before: sharing '@mui/material/' deep paths gave each path its own copy of MUI's core;
  // MF "treeShaking: runtime-infer" left remotes blank when they used a component the shell did not.
  '@emotion/react': singleton(),
  '@emotion/styled': singleton(),
  '@reduxjs/toolkit': singleton(),
  '@reduxjs/toolkit/query/react': singleton(),
  'react-redux': singleton(),
  // shared-ui: see sharedFor below.
  i18next: singleton(),
  'react-i18next': singleton(),
  '@casl/ability': singleton(),
  '@casl/ability/extra': singleton(),
  '@casl/react': singleton(),
};

/**
 * shared-ui has two entries: the shell imports only /core (its first screen), module UIs import the
 * package root, which re-exports /core. Both must be the shell's one instance (one API client, one
 * ability context, one MUI), so only the shell provides them — by file path, because webpack
 * provides a package only if the build itself imports it, and the shell never imports the root.
 * A module UI brings no copy of its own (import: false): with equal versions the federation runtime
 * would otherwise prefer whichever app's name sorts last, e.g. "trade" over "shell".
 */
function sharedFor({ host }) {
  const sharedUi = (file) => singleton({ import: host ? path.join(__dirname, file) : false });
  return {
    ...libraries,
    '@workcloud/shared-ui': sharedUi('src/index.ts'),
    '@workcloud/shared-ui/core': sharedUi('src/core.ts'),
  };
}

module.exports = { sharedFor };

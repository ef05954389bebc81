/**
 * The ONE list of libraries shared between the shell and every module UI (Module Federation).
 * Each is a strict singleton: two copies of React, MUI/emotion or react-redux in one page break
 * hooks, themes and the Redux Provider. Every webpack config requires this file; nobody copies it.
 */
const singleton = (extra = {}) => ({ singleton: true, strictVersion: false, requiredVersion: false, ...extra });

module.exports = {
  react: singleton(),
  'react/jsx-runtime': singleton(),
  'react-dom': singleton(),
  'react-dom/client': singleton(),
  '@mui/material': singleton(),
  // Only the package root. Sharing deep paths ('@mui/material/styles', or a '@mui/material/'
  // prefix) made each one a separate bundle with its own copy of MUI's core: ~70-100 KB gzip more
  // on the first screen (tools/ui-budget.mjs). So module UIs import MUI from the root only and
  // take icons from @workcloud/shared-ui (see shared-ui/src/icons.ts).
  // Tried: MF "treeShaking: { mode: 'runtime-infer' }" on @mui/material cut the first screen by
  // ~50 KB gzip, but remotes using a component the shell does not use then rendered blank.
  '@emotion/react': singleton(),
  '@emotion/styled': singleton(),
  '@reduxjs/toolkit': singleton(),
  '@reduxjs/toolkit/query/react': singleton(),
  'react-redux': singleton(),
  '@workcloud/shared-ui': singleton(),
  i18next: singleton(),
  'react-i18next': singleton(),
  '@casl/ability': singleton(),
  '@casl/ability/extra': singleton(),
  '@casl/react': singleton(),
};

/**
 * The ONE list of libraries shared between the shell and every module UI (Module Federation).
 * Each is a strict singleton: two copies of React, MUI/emotion or react-redux in one page break
 * hooks, themes and the Redux Provider. Every webpack config requires this file; nobody copies it.
 */
const singleton = (extra = {}) => ({ singleton: true, strictVersion: false, requiredVersion: false, ...extra });

module.exports = {
  react: singleton(),
  'react/': singleton(),
  'react-dom': singleton(),
  'react-dom/': singleton(),
  '@mui/material': singleton(),
  // Deep imports (@mui/material/styles, icons' createSvgIcon) must hit the same copy as the root.
  '@mui/material/': singleton(),
  '@emotion/react': singleton(),
  '@emotion/styled': singleton(),
  '@reduxjs/toolkit': singleton(),
  '@reduxjs/toolkit/': singleton(),
  'react-redux': singleton(),
  '@workcloud/shared-ui': singleton(),
  i18next: singleton(),
  'react-i18next': singleton(),
  '@casl/ability': singleton(),
  '@casl/ability/': singleton(),
  '@casl/react': singleton(),
};

// Module UI "accounting": a federated remote exposing ./App — the accounting module's own pages (ОСВ with
// drill-down, the operation form, month closing, ф. 1 / ф. 2) over the engine's generic ones.
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'accounting',
    port: 8084,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

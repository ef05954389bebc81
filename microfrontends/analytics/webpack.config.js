// Module UI "analytics": a federated remote exposing ./App — the dashboards «Продажи» and «Склад» with drill-down
// to the documents and Excel, and the sales forecast.
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'analytics',
    port: 8088,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

// Module UI "projects": a federated remote exposing ./App — the task board, the calendar of due dates, the timer and
// «Выставить счёт по часам»; the module's catalogs, documents and reports keep the engine's generic pages.
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'projects',
    port: 8087,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

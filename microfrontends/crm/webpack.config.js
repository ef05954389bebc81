// Module UI "crm": a federated remote exposing ./App — the deals board of a funnel (drag and drop by mouse and
// keyboard), the deal card with its timeline; the module's catalogs and reports keep the engine's generic pages.
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'crm',
    port: 8086,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

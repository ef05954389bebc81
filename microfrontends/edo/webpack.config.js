// Module UI "edo": a federated remote exposing ./App — ЭДО's own pages (inbox, outbox, the document card with its
// flow and signature stamps, sending a posted sale, certificates) and the home card «Входящие ЭДО».
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'edo',
    port: 8085,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

// Module UI "owner": a federated remote exposing ./App (single-spa lifecycles + menu).
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'owner',
    port: 8082,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

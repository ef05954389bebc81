// Module UI "admin": a federated remote exposing ./App (single-spa lifecycles + menu).
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'admin',
    port: 8081,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

// Module UI "trade": a federated remote exposing ./App — the generic engine pages for whichever
// engine module the platform registers it for (the module code comes from the shell's basePath).
const { baseConfig } = require('../../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) =>
  baseConfig({
    dir: __dirname,
    name: 'trade',
    port: 8083,
    production: argv.mode !== 'development',
    exposes: { './App': './src/App.tsx' },
  });

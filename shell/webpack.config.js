// The shell: a Module Federation host with NO static remotes. Which module UIs exist is decided
// at run time from /api/me (see src/modules/registry.ts).
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { baseConfig } = require('../shared-ui/webpack.base.cjs');

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  const config = baseConfig({
    dir: __dirname,
    name: 'shell',
    host: true,
    port: 8080,
    production,
    plugins: [new HtmlWebpackPlugin({ template: path.join(__dirname, 'public/index.html'), publicPath: '/' })],
  });
  // The shell is served at "/", and SPA fallbacks serve index.html at /m/admin/users: absolute paths.
  config.output.publicPath = '/';
  return config;
};

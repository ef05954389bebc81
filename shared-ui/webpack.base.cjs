/**
 * What every WorkCloud webpack config has in common: TS/TSX through swc, the shared singletons,
 * publicPath "auto". Each app's webpack.config.cjs adds only its name, exposes and dev port.
 */
const path = require('node:path');
const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');
const { sharedFor } = require('./federation-shared.cjs');

/** `host: true` only for the shell; every module UI is a remote (see federation-shared.cjs). */
function baseConfig({ dir, name, host = false, exposes = {}, port, production, plugins = [], entry }) {
  return {
    mode: production ? 'production' : 'development',
    context: dir,
    entry: entry ?? { main: path.join(dir, 'src/index.ts') },
    devtool: production ? false : 'eval-cheap-module-source-map',
    output: {
      path: path.join(dir, 'dist'),
      publicPath: 'auto',
      filename: '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      uniqueName: name,
      clean: true,
    },
    resolve: {
      extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'],
      // The browser takes shared-core's TypeScript sources (ES modules: what a page does not use is left out,
      // decimal.js too); Node takes its build (shared-core/dist, CommonJS).
      alias: { '@workcloud/shared-core$': path.resolve(__dirname, '../shared-core/src/index.ts') },
    },
    module: {
      rules: [
        {
          test: /\.[cm]?tsx?$/,
          exclude: /node_modules\/(?!@workcloud)/,
          use: {
            loader: require.resolve('swc-loader'),
            options: {
              jsc: {
                parser: { syntax: 'typescript', tsx: true },
                transform: { react: { runtime: 'automatic' } },
                target: 'es2020',
              },
            },
          },
        },
      ],
    },
    plugins: [
      new ModuleFederationPlugin({
        name,
        filename: 'remoteEntry.js',
        exposes,
        remotes: {},
        shared: sharedFor({ host }),
        dts: false,
        manifest: false,
        // Remotes are loaded from remoteEntry.js URLs (never mf-manifest.json snapshots) and only
        // in browsers: leaving that runtime code out makes every app's first file smaller.
        // Tried: provideExternalRuntime/externalRuntime (remotes use the shell's runtime) saves
        // ~16 KB gzip per module but adds ~22 KB to the shell's first screen (over its budget).
        experiments: { optimization: { disableSnapshot: true, target: 'web' } },
      }),
      ...plugins,
    ],
    performance: { hints: false },
    stats: 'errors-warnings',
    devServer: port ? { port, historyApiFallback: true, headers: { 'Access-Control-Allow-Origin': '*' } } : undefined,
  };
}

module.exports = { baseConfig };

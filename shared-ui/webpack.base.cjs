/**
 * What every WorkCloud webpack config has in common: TS/TSX through swc, the shared singletons,
 * publicPath "auto". Each app's webpack.config.cjs adds only its name, exposes and dev port.
 */
const path = require('node:path');
const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');
const shared = require('./federation-shared.cjs');

function baseConfig({ dir, name, exposes = {}, port, production, plugins = [], entry }) {
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
      // Icons reach MUI through the shared root package, not a private deep copy (see the shim).
      alias: { '@mui/material/SvgIcon$': path.join(__dirname, 'src/mui-svgicon-shim.ts') },
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
        shared,
        dts: false,
        manifest: false,
      }),
      ...plugins,
    ],
    performance: { hints: false },
    stats: 'errors-warnings',
    devServer: port ? { port, historyApiFallback: true, headers: { 'Access-Control-Allow-Origin': '*' } } : undefined,
  };
}

module.exports = { baseConfig };

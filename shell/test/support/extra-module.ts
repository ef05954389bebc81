import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Builds the fixture module UI (remote "extra") with webpack into a temp folder; returns it. */
export async function buildExtraModule(): Promise<string> {
  const webpack = require('webpack');
  const config = require('../fixtures/extra-module/webpack.config.js')({}, { mode: 'production' });
  config.output.path = mkdtempSync(path.join(os.tmpdir(), 'wc-extra-ui-'));
  await new Promise<void>((resolve, reject) =>
    webpack(config, (err: Error | null, stats: any) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString('errors-only')));
      resolve();
    }),
  );
  return config.output.path;
}

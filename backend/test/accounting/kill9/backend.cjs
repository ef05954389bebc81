'use strict';
// A WorkCloud backend in a process of its own, for kill9.test.ts: it runs the TypeScript sources (compiled on
// require by SWC, with the decorator metadata NestJS needs — as the tests' vitest config does) on the database
// given in DATABASE_URL, listens on a free loopback port and sends its address to the parent.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: false,
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } },
  });
  module._compile(code, filename);
};
// The sources of shared-core, as the tests use them (not its build).
const sharedCore = path.resolve(__dirname, '../../../../shared-core/src/index.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === '@workcloud/shared-core' ? sharedCore : resolve.call(this, request, ...rest);
};

(async () => {
  const { createApp, loadConfig, Database, createKvStore, workcloudDefinition } = require('../../../src/index.ts');
  const { standInModules } = require('../../support/modules.ts');
  const config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, JWT_SECRET: `kill9-${Math.random()}`, PROVISIONER_TOKEN: 'kill9', WORKCLOUD_OWNER_EMAIL: 'owner@test.workcloud', WORKCLOUD_OWNER_PASSWORD: 'Owner-Test-Passw0rd' });
  const db = await Database.open(process.env.DATABASE_URL, 5);
  const kv = createKvStore(config.redisUrl, `wc-test-kill9-${process.pid}:`);
  const app = await createApp({ config, db, kv, definition: workcloudDefinition({ modules: standInModules }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1') });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

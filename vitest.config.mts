import { defineConfig } from 'vitest/config';
import swc from 'unplugin-swc';
import path from 'node:path';

// One test run for the whole repository. SWC compiles the TypeScript so that
// NestJS and MikroORM get the decorator metadata they need (esbuild emits none).
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  // Tests run the TypeScript sources of the workspaces, not their builds.
  resolve: {
    alias: {
      '@workcloud/backend': path.resolve(import.meta.dirname, 'backend/src/index.ts'),
      '@workcloud/shared-core': path.resolve(import.meta.dirname, 'shared-core/src/index.ts'),
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['tools/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './tools/test/summary-reporter.ts'],
  },
});

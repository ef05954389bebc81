import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../backend/src/platform/database/embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the PostgreSQL server the tests use; each test file makes its own database on it. */
    serverDatabaseUrl: string;
  }
}

/**
 * Starts one real PostgreSQL for the whole run (embedded, unless DATABASE_URL points at one).
 * Test files create their own databases on it, so they never see each other's data.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('serverDatabaseUrl', process.env.DATABASE_URL);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'workcloud-test-pg-'));
  const db = await startEmbeddedPostgres(dir);
  project.provide('serverDatabaseUrl', db.url);
  return async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

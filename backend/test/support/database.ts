import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * Creates an empty database on the test PostgreSQL server and returns its URL.
 * Each test file calls this once, so files run in parallel without sharing data.
 */
export async function createTestDatabase(label = 'test'): Promise<string> {
  const serverUrl = new URL(inject('serverDatabaseUrl'));
  const name = `wc_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  serverUrl.pathname = `/${name}`;
  return serverUrl.toString();
}

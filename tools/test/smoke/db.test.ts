import pg from 'pg';
import { expect, test } from 'vitest';
import { createTestDatabase } from '../../../backend/test/support/database';

test('a test database is a real PostgreSQL 17', async () => {
  const url = await createTestDatabase('smoke');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query('SHOW server_version');
  await c.end();
  expect(r.rows[0].server_version).toMatch(/^1[5-9]/);
});

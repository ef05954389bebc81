import { Body, Controller, Post } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Public } from '../../src/platform/access/request-context';
import { Database } from '../../src/platform/database/database';
import { expectRussianProblem } from '../support/routes';
import { client, startStack, type TestStack } from '../support/stack';

/**
 * A request whose transaction loses a real PostgreSQL deadlock: the whole unit of work is run again inside
 * the request when nothing of it had committed; when something had, it is not rerun (that would do it
 * twice) and the answer is 409 problem+json in Russian — never a 500.
 */
const attempts = new Map<string, number>();
let databaseUrl = '';

/** Makes the first attempt of a key lose a deadlock against a second connection (outside the request's pool). */
async function loseDeadlock(db: Database, key: string) {
  const other = new pg.Client({ connectionString: databaseUrl });
  await other.connect();
  try {
    await other.query('BEGIN');
    // The other side waits long before looking for deadlocks, so the request's transaction is the one PostgreSQL aborts.
    await other.query(`SET LOCAL deadlock_timeout = '10s'`);
    await other.query('UPDATE deadlock_probe SET v = v + 1 WHERE id = 2');
    const mine = db.knex.transaction(async (trx) => {
      await trx.raw(`SET LOCAL deadlock_timeout = '100ms'`);
      await trx.raw('UPDATE deadlock_probe SET v = v + 1 WHERE id = 1');
      const blocked = trx.raw('UPDATE deadlock_probe SET v = v + 1 WHERE id = 2');
      setTimeout(() => void other.query('UPDATE deadlock_probe SET v = v + 1 WHERE id = 1').then(() => other.query('COMMIT')).catch(() => undefined), 50);
      await blocked;
      await trx('deadlock_log').insert({ key, what: 'not reached' });
    });
    await mine;
  } finally {
    // Wait for the other side to finish before closing it.
    await new Promise((r) => setTimeout(r, 200));
    await other.end();
  }
}

@Public()
@Controller('api/test/deadlock')
class DeadlockController {
  constructor(private readonly db: Database) {}

  @Post()
  async run(@Body() body: { key: string; commitFirst?: boolean }) {
    const attempt = (attempts.get(body.key) ?? 0) + 1;
    attempts.set(body.key, attempt);
    if (body.commitFirst) await this.db.knex.transaction((trx) => trx('deadlock_log').insert({ key: body.key, what: 'committed first' }));
    if (attempt === 1) await loseDeadlock(this.db, body.key);
    await this.db.knex.transaction((trx) => trx('deadlock_log').insert({ key: body.key, what: 'done' }));
    return { attempts: attempt };
  }
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ label: 'transient-retry', controllers: [DeadlockController] });
  databaseUrl = stack.databaseUrl;
  await stack.db.knex.raw('CREATE TABLE deadlock_probe (id int PRIMARY KEY, v int NOT NULL)');
  await stack.db.knex.raw('INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)');
  await stack.db.knex.raw('CREATE TABLE deadlock_log (key text, what text)');
});
afterAll(() => stack?.close());

const log = async (key: string) => (await stack.db.knex('deadlock_log').where({ key }).pluck('what')) as string[];

describe('a request that loses a deadlock', () => {
  test('is run again when nothing of it had committed, and succeeds', async () => {
    const res = await client(stack.url).post('/api/test/deadlock', { key: 'clean' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.attempts).toBe(2);
    expect(await log('clean')).toEqual(['done']);
  });

  test('is not run again when it had committed something first: 409 problem+json in Russian', async () => {
    const res = await client(stack.url).post('/api/test/deadlock', { key: 'dirty', commitFirst: true });
    expectRussianProblem(res, 'deadlock after a commit');
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/изменён одновременно с вами, повторите/);
    expect(attempts.get('dirty')).toBe(1);
    expect(await log('dirty')).toEqual(['committed first']);
  });
});

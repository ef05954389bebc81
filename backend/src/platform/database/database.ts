import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM, PostgreSqlDriver, type Knex } from '@mikro-orm/postgresql';
import pg from 'pg';

// Accounting dates are calendar dates: keep PostgreSQL `date` values as 'YYYY-MM-DD' strings instead of
// turning them into JavaScript Dates at local midnight (which shifts them across time zones).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/**
 * The one connection pool of this process, shared by all tenants.
 *
 * MikroORM owns the pool and transactions; queries are written with its Knex query builder
 * because tenant data lives in per-tenant schemas and in tables generated from module
 * declarations (see platform/engine), which have no entity classes. Always qualify a table with
 * its schema (`platform.users`, `${tenant.schema}.roles`) — never SET search_path on a pooled
 * connection: the next request on that connection would see the wrong tenant.
 */
export class Database {
  private constructor(
    readonly orm: MikroORM,
    readonly knex: Knex,
  ) {}

  static async open(url: string, poolSize = Number(process.env.DB_POOL_SIZE || 10)): Promise<Database> {
    const orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: url,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      pool: { min: 0, max: poolSize },
      allowGlobalContext: true,
      debug: false,
    });
    const knex = orm.em.getKnex();
    trackDurableWrites(knex);
    return new Database(orm, knex);
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}

/** Deadlock (40P01) or serialization failure (40001): PostgreSQL rolled the transaction back whole. */
export function isTransientDbError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === '40P01' || code === '40001';
}

/** What one unit of work (a request) has made durable so far: committed transactions and writes outside any. */
interface UnitOfWork {
  durable: number;
}
const units = new AsyncLocalStorage<UnitOfWork>();

const READ_ONLY = /^\s*(select|show|explain|values)\b/i;

/**
 * Counts, for the unit of work running (see `retryTransient`), what can no longer be undone: a top-level
 * transaction of `knex.transaction(fn)` that committed, and a writing statement outside any transaction.
 * A transaction opened without a callback is counted when opened (its commit is not seen here).
 */
function trackDurableWrites(knex: Knex): void {
  const transaction = knex.transaction.bind(knex) as (...args: unknown[]) => unknown;
  Object.defineProperty(knex, 'transaction', {
    configurable: true,
    value: (container?: unknown, config?: unknown) => {
      const unit = units.getStore();
      if (!unit) return transaction(container, config);
      if (typeof container !== 'function') {
        unit.durable++;
        return transaction(container, config);
      }
      return (transaction(container, config) as Promise<unknown>).then((result) => {
        unit.durable++;
        return result;
      });
    },
  });
  knex.on('query', (q: { sql?: string; __knexTxId?: string }) => {
    const unit = units.getStore();
    if (unit && !q.__knexTxId && !READ_ONLY.test(q.sql ?? '')) unit.durable++;
  });
}

/**
 * Runs `work` — one request's unit of work — and runs it again, up to `attempts` times in all with a short
 * random pause, when it fails with a deadlock or a serialization failure and had made nothing durable: the
 * transaction that lost was rolled back whole and nothing before it committed, so running the whole unit
 * again is the same as running it for the first time. Work that committed something first is never rerun;
 * its error goes to the caller (answered 409, see problem.filter.ts). `canRetry`: the caller's own condition
 * (e.g. nothing was sent to the client yet).
 */
export async function retryTransient<T>(work: () => Promise<T>, options: { attempts?: number; canRetry?: () => boolean } = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    const unit: UnitOfWork = { durable: 0 };
    try {
      return await units.run(unit, work);
    } catch (e) {
      if (attempt >= attempts || !isTransientDbError(e) || unit.durable > 0 || options.canRetry?.() === false) throw e;
      await sleep(10 + Math.random() * 40 * attempt);
    }
  }
}

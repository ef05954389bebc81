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
    return new Database(orm, orm.em.getKnex());
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}

import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import type { PostingContext } from '../../platform/engine/declarations';
import { quoteSchema } from '../../platform/tenancy/tenant-schema';

/**
 * Reads the posting needs and `PostingContext` does not offer: every balance row of a register
 * under a partial key (FIFO batches, open debts, all reserves of a product), and earlier movements
 * of documents. Needs the tenant's schema, which the context does not expose yet — see `of`.
 */
export class Ledger {
  private constructor(
    private readonly knex: Knex.Transaction,
    readonly schema: string,
  ) {}

  /**
   * The posting transaction has already locked the row of the document being posted, so the schema
   * of that document's table among this backend's relation locks is the tenant's. (Engine change
   * asked for: pass the schema, or `table()`, in PostingContext, as ReportQueryContext does.)
   */
  static async of(ctx: PostingContext, documentCode: string): Promise<Ledger> {
    const { rows } = await ctx.knex.raw(
      `SELECT DISTINCT n.nspname AS schema FROM pg_locks l
         JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND c.relname = ?`,
      [`d_trade_${documentCode}`],
    );
    if (rows.length !== 1) throw new Error(`Cannot tell the tenant schema of trade.${documentCode} posting (${rows.length} candidates)`);
    quoteSchema(rows[0].schema);
    return new Ledger(ctx.knex, rows[0].schema);
  }

  /** `schema.table` for the query builder. */
  table(name: string): string {
    return `${this.schema}.${name}`;
  }

  /** `"schema".table` for raw SQL. */
  quoted(name: string): string {
    return `${quoteSchema(this.schema)}.${name}`;
  }

  raw(sql: string, bindings: Knex.RawBinding[]) {
    return this.knex.raw(sql, bindings);
  }

  /** Non-zero balances at the end of `date`, grouped by `dims` (and ordered by them), for the keys matching `filter`. */
  async balances(register: string, resources: string[], dims: string[], filter: Record<string, string>, date: string): Promise<Record<string, string>[]> {
    const month = `${date.slice(0, 7)}-01`;
    const sums = resources.map((r) => `sum(${r})::text AS ${r}`).join(', ');
    const where = Object.keys(filter).map((k) => `${k} = ?`);
    const values = Object.values(filter);
    const { rows } = await this.knex.raw(
      `SELECT ${dims.join(', ')}, ${sums} FROM (
         SELECT ${dims.join(', ')}, ${resources.join(', ')} FROM ${quoteSchema(this.schema)}.r_trade_${register}__totals WHERE month < ? ${where.map((w) => `AND ${w}`).join(' ')}
         UNION ALL
         SELECT ${dims.join(', ')}, ${resources.map((r) => `direction * ${r} AS ${r}`).join(', ')} FROM ${quoteSchema(this.schema)}.r_trade_${register}
          WHERE period >= ? AND period <= ? ${where.map((w) => `AND ${w}`).join(' ')}
       ) b GROUP BY ${dims.join(', ')} HAVING ${resources.map((r) => `sum(${r}) <> 0`).join(' OR ')} ORDER BY ${dims.join(', ')}`,
      [month, ...values, month, date, ...values],
    );
    return rows;
  }

  /** Current (non-reversed) totals of the given documents' movements in a register, by product. */
  async movementsOf(register: string, recorderIds: string[], resources: string[]): Promise<Map<string, Record<string, Decimal>>> {
    const { rows } = await this.knex.raw(
      `SELECT product, ${resources.map((r) => `sum(direction * ${r})::text AS ${r}`).join(', ')} FROM ${quoteSchema(this.schema)}.r_trade_${register} WHERE recorder_id = ANY(?) GROUP BY product`,
      [recorderIds],
    );
    return new Map(rows.map((r: Record<string, string>) => [r.product, Object.fromEntries(resources.map((x) => [x, new Decimal(r[x])]))]));
  }

  /** Ids of documents of one kind whose header `field` points at `target` (e.g. the returns of a sale). */
  async documentsReferring(documentCode: string, field: string, target: string): Promise<string[]> {
    return this.knex(this.table(`d_trade_${documentCode}`)).where(field, target).pluck('id');
  }

  /** Serializes postings that read and then spend the same balance (e.g. FIFO batches of one product). */
  async lock(...key: string[]): Promise<void> {
    await this.knex.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`${this.schema}:trade:${key.join('|')}`]);
  }
}

import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import type { PostingContext } from '../../platform/engine/declarations';
import { quoteSchema } from '../../platform/tenancy/tenant-schema';

/**
 * Reads a posting needs beyond `PostingContext.balance`: balances under a partial key grouped by some
 * dimensions (FIFO batches, open debts, all reserves of a product), and earlier movements of documents.
 */
export class Ledger {
  private constructor(
    private readonly ctx: PostingContext,
    private readonly knex: Knex.Transaction,
    readonly schema: string,
  ) {}

  static of(ctx: PostingContext): Ledger {
    return new Ledger(ctx, ctx.knex, ctx.schema);
  }

  /** `schema.table` for the query builder. */
  table(name: string): string {
    return this.ctx.table(name);
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
    const groups = new Map<string, { key: Record<string, string>; sums: Decimal[] }>();
    for (const row of await this.ctx.balances(register, date, filter)) {
      const id = dims.map((d) => row[d]).join('|');
      const g = groups.get(id) ?? { key: Object.fromEntries(dims.map((d) => [d, row[d]])), sums: resources.map(() => new Decimal(0)) };
      resources.forEach((r, i) => (g.sums[i] = g.sums[i].plus(row[r] ?? 0)));
      groups.set(id, g);
    }
    return [...groups.values()]
      .filter((g) => g.sums.some((x) => !x.isZero()))
      .map((g) => ({ ...g.key, ...Object.fromEntries(resources.map((r, i) => [r, g.sums[i].toString()])) }))
      .sort((a, b) => {
        const x = dims.map((d) => String(a[d])).join('\u0000');
        const y = dims.map((d) => String(b[d])).join('\u0000');
        return x < y ? -1 : x > y ? 1 : 0;
      });
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

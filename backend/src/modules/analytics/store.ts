import type { Knex } from '@mikro-orm/postgresql';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Dimension, Fact, FactKind } from './facts';

/** What a dashboard filters by and groups by (columns of the facts). */
export const DIMENSIONS = ['organization', 'warehouse', 'product', 'product_group', 'counterparty', 'manager', 'account', 'document', 'recorder_type'] as const;
export type FactDimension = (typeof DIMENSIONS)[number];
export type FactGroup = FactDimension | 'month' | 'recorder';

export interface FactQuery {
  kind: FactKind;
  /** Inclusive dates, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  filter?: Partial<Record<FactDimension, string | string[]>>;
  groupBy?: FactGroup[];
  orderBy?: 'amount' | 'quantity' | 'cost' | 'margin';
  limit?: number;
}

/** Sums of a group: integers (kopecks, thousandths of a unit); `recorder` groups also have the document's date. */
export interface FactRow {
  [group: string]: string | number | null;
  quantity: number;
  amount: number;
  cost: number;
  vat: number;
  documents: number;
}

/** Where facts live: the tenant's PostgreSQL schema, or ClickHouse. Both answer the same queries with the same sums. */
export interface FactStore {
  readonly kind: 'postgresql' | 'clickhouse';
  /** Adds the facts not yet stored (a fact is its movement row: the same fact twice is stored once). */
  add(trx: Knex.Transaction, schema: string, facts: Fact[]): Promise<number>;
  /** Writes or renames dimensions. */
  names(trx: Knex.Transaction, schema: string, dims: Dimension[]): Promise<void>;
  /** Replaces all facts and dimensions of the tenant by the given ones (the rebuild). */
  replace(trx: Knex.Transaction, schema: string, batches: AsyncIterable<Fact[]>, dims: Dimension[]): Promise<number>;
  query(knex: Knex, schema: string, q: FactQuery): Promise<FactRow[]>;
  dimensionNames(knex: Knex, schema: string, kind: Dimension['kind'], ids: string[]): Promise<Map<string, Dimension>>;
  /** Forgets the tenant's facts (its store only; PostgreSQL tables go with the schema). */
  drop?(schema: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A literal both dialects read the same way. The values are ids, dates, codes and account numbers the
 * controller has checked; anything else is refused rather than escaped, so no input reaches the SQL as code.
 */
function lit(v: string): string {
  if (!/^[0-9A-Za-z_.\-:]{1,100}$/.test(v)) throw new Error(`analytics: unsafe literal ${JSON.stringify(v)}`);
  return `'${v}'`;
}

interface Dialect {
  month: string;
  maxPeriod: string;
  minPeriod: string;
  facts: string;
}

/** The SELECT of a FactQuery, in SQL both PostgreSQL and ClickHouse 18.16+ accept. */
function selectSql(q: FactQuery, d: Dialect): string {
  const where = [`kind = ${lit(q.kind)}`];
  if (q.from) where.push(`period >= ${lit(q.from)}`);
  if (q.to) where.push(`period <= ${lit(q.to)}`);
  for (const [col, value] of Object.entries(q.filter ?? {})) {
    if (!(DIMENSIONS as readonly string[]).includes(col) || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    where.push(values.length ? `${col} IN (${values.map(lit).join(', ')})` : '1 = 0');
  }
  const groups: string[] = [];
  const cols: string[] = [];
  for (const g of q.groupBy ?? []) {
    if (g === 'month') {
      cols.push(`${d.month} AS month`);
      groups.push(d.month);
    } else if (g === 'recorder') {
      cols.push('recorder_type', 'recorder_id', `${d.maxPeriod} AS last_period`);
      groups.push('recorder_type', 'recorder_id');
    } else if ((DIMENSIONS as readonly string[]).includes(g)) {
      // A settlement document's age counts from its first movement.
      if (g === 'document') cols.push(`${d.minPeriod} AS first_period`);
      cols.push(g);
      groups.push(g);
    }
  }
    // Aliases differ from the columns: ClickHouse sees an alias everywhere in the query (sum(amount) AS amount would
  // make ORDER BY sum(amount) an aggregate of an aggregate).
  cols.push('sum(quantity) AS s_quantity', 'sum(amount) AS s_amount', 'sum(cost) AS s_cost', 'sum(vat) AS s_vat', 'count(DISTINCT recorder_id) AS s_documents');
  const order = q.orderBy ? (q.orderBy === 'margin' ? 'sum(amount) - sum(cost)' : `sum(${q.orderBy})`) + ' DESC' : groups.length ? groups.join(', ') : '';
  // Ties broken by the group columns, so both stores list equal sums in the same order.
  const tie = q.orderBy && groups.length ? `, ${groups.join(', ')}` : '';
  return `SELECT ${cols.join(', ')} FROM ${d.facts} WHERE ${where.join(' AND ')}${groups.length ? ` GROUP BY ${groups.join(', ')}` : ''}${order ? ` ORDER BY ${order}${tie}` : ''}${q.limit ? ` LIMIT ${Math.trunc(q.limit)}` : ''}`;
}

function toRow(r: Record<string, unknown>): FactRow {
  const out: Record<string, string | number | null> = {};
  for (const [k, v] of Object.entries(r))
    if (k.startsWith('s_')) out[k.slice(2)] = Number(v ?? 0);
    else out[k === 'last_period' ? 'period' : k] = v === '' || v === undefined ? null : (v as string | null);
  return out as FactRow;
}

const FACT_COLUMNS = ['register', 'id', 'kind', 'period', 'recorder_type', 'recorder_id', 'organization', 'warehouse', 'product', 'product_group', 'counterparty', 'manager', 'account', 'document', 'quantity', 'amount', 'cost', 'vat'] as const;

/** The tables of the PostgreSQL store in a tenant's schema (quoted): the module's migration and its seed. */
export async function createPgTables(trx: Knex | Knex.Transaction, s: string): Promise<void> {
  await trx.raw(`
    CREATE TABLE IF NOT EXISTS ${s}.analytics_facts (
      register text NOT NULL, id bigint NOT NULL, kind text NOT NULL, period date NOT NULL,
      recorder_type text NOT NULL, recorder_id uuid NOT NULL,
      organization text, warehouse text, product text, product_group text, counterparty text, manager text, account text, document text,
      quantity bigint NOT NULL DEFAULT 0, amount bigint NOT NULL DEFAULT 0, cost bigint NOT NULL DEFAULT 0, vat bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (register, id)
    );
    CREATE INDEX IF NOT EXISTS analytics_facts_kind_period ON ${s}.analytics_facts (kind, period);
    CREATE INDEX IF NOT EXISTS analytics_facts_recorder ON ${s}.analytics_facts (recorder_id);
    CREATE TABLE IF NOT EXISTS ${s}.analytics_dimensions (
      kind text NOT NULL, id text NOT NULL, name text NOT NULL, parent text,
      PRIMARY KEY (kind, id)
    );`);
}

/** Facts in the tenant's own schema: written in the dispatcher's transaction, so exactly once with its delivery mark. */
export class PgFactStore implements FactStore {
  readonly kind = 'postgresql' as const;

  async add(trx: Knex.Transaction, schema: string, facts: Fact[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < facts.length; i += 1000) {
      const rows = await trx(`${schema}.analytics_facts`).insert(facts.slice(i, i + 1000)).onConflict(['register', 'id']).ignore().returning('id');
      added += rows.length;
    }
    return added;
  }

  async names(trx: Knex.Transaction, schema: string, dims: Dimension[]): Promise<void> {
    for (let i = 0; i < dims.length; i += 1000)
      await trx(`${schema}.analytics_dimensions`).insert(dims.slice(i, i + 1000)).onConflict(['kind', 'id']).merge(['name', 'parent']);
  }

  async replace(trx: Knex.Transaction, schema: string, batches: AsyncIterable<Fact[]>, dims: Dimension[]): Promise<number> {
    // The subscriber waits meanwhile: a document posted during the rebuild is added after it, not lost in between.
    await trx.raw(`LOCK TABLE "${schema}".analytics_facts IN EXCLUSIVE MODE`);
    await trx(`${schema}.analytics_facts`).delete();
    await trx(`${schema}.analytics_dimensions`).delete();
    let n = 0;
    for await (const batch of batches) n += await this.add(trx, schema, batch);
    await this.names(trx, schema, dims);
    return n;
  }

  async query(knex: Knex, schema: string, q: FactQuery): Promise<FactRow[]> {
    const sql = selectSql(q, { month: `to_char(date_trunc('month', period), 'YYYY-MM-DD')`, maxPeriod: `to_char(max(period), 'YYYY-MM-DD')`, minPeriod: `to_char(min(period), 'YYYY-MM-DD')`, facts: `"${schema}".analytics_facts` });
    return ((await knex.raw(sql)).rows as Record<string, unknown>[]).map(toRow);
  }

  async dimensionNames(knex: Knex, schema: string, kind: Dimension['kind'], ids: string[]): Promise<Map<string, Dimension>> {
    const rows: Dimension[] = ids.length ? await knex(`${schema}.analytics_dimensions`).where({ kind }).whereIn('id', ids).select('kind', 'id', 'name', 'parent') : [];
    return new Map(rows.map((r) => [r.id, r]));
  }

  async close(): Promise<void> {}
}

/**
 * Facts in ClickHouse, one database per tenant (`wc_<the schema's 32 hex>`, named from the verified tenant
 * only). A fact's key is its movement row: before adding a document's facts the store reads which of them it
 * holds, so a delivery replayed after a crash (ClickHouse written, the PostgreSQL delivery mark not) adds none
 * twice. A rebuild fills a new table and swaps it in with one RENAME.
 */
export class ClickHouseFactStore implements FactStore {
  readonly kind = 'clickhouse' as const;
  private readonly ready = new Set<string>();

  constructor(private readonly client: ClickHouseClient) {}

  static database(schema: string): string {
    const m = /^t_([0-9a-f]{32})$/.exec(schema);
    if (!m) throw new Error(`Not a tenant schema: ${schema}`);
    return `wc_${m[1]}`;
  }

  private async ensure(schema: string): Promise<string> {
    const db = ClickHouseFactStore.database(schema);
    if (this.ready.has(db)) return db;
    await this.client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
    await this.client.command({ query: this.factsDdl(`${db}.facts`) });
    // Names change (a product renamed): the latest version of a row wins, read with FINAL.
    await this.client.command({
      query: `CREATE TABLE IF NOT EXISTS ${db}.dimensions (kind String, id String, name String, parent String, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (kind, id)`,
    });
    this.ready.add(db);
    return db;
  }

  private factsDdl(table: string) {
    // No PARTITION BY: an insert is one part, so a document's facts appear all at once or not at all.
    return `CREATE TABLE IF NOT EXISTS ${table} (register String, id UInt64, kind String, period Date, recorder_type String, recorder_id String,
      organization String, warehouse String, product String, product_group String, counterparty String, manager String, account String, document String,
      quantity Int64, amount Int64, cost Int64, vat Int64) ENGINE = MergeTree ORDER BY (kind, period, register, id)`;
  }

  private rows(facts: Fact[]) {
    return facts.map((f) => Object.fromEntries(FACT_COLUMNS.map((c) => [c, c === 'id' ? Number(f.id) : (f[c] ?? '')])));
  }

  async add(_trx: Knex.Transaction, schema: string, facts: Fact[]): Promise<number> {
    if (!facts.length) return 0;
    const db = await this.ensure(schema);
    const recorders = [...new Set(facts.map((f) => f.recorder_id))];
    const held = await (await this.client.query({ query: `SELECT register, toString(id) AS id FROM ${db}.facts WHERE recorder_id IN (${recorders.map(lit).join(', ')})`, format: 'JSONEachRow' })).json<{ register: string; id: string }>();
    const have = new Set(held.map((h) => `${h.register}:${h.id}`));
    const missing = facts.filter((f) => !have.has(`${f.register}:${f.id}`));
    if (missing.length) await this.client.insert({ table: `${db}.facts`, values: this.rows(missing), format: 'JSONEachRow' });
    return missing.length;
  }

  async names(_trx: Knex.Transaction, schema: string, dims: Dimension[]): Promise<void> {
    if (!dims.length) return;
    const db = await this.ensure(schema);
    const version = Date.now();
    await this.client.insert({ table: `${db}.dimensions`, values: dims.map((d) => ({ kind: d.kind, id: d.id, name: d.name, parent: d.parent ?? '', version })), format: 'JSONEachRow' });
  }

  async replace(_trx: Knex.Transaction, schema: string, batches: AsyncIterable<Fact[]>, dims: Dimension[]): Promise<number> {
    const db = await this.ensure(schema);
    await this.client.command({ query: `DROP TABLE IF EXISTS ${db}.facts_rebuild` });
    await this.client.command({ query: this.factsDdl(`${db}.facts_rebuild`) });
    let n = 0;
    for await (const batch of batches) {
      await this.client.insert({ table: `${db}.facts_rebuild`, values: this.rows(batch), format: 'JSONEachRow' });
      n += batch.length;
    }
    await this.client.command({ query: `DROP TABLE IF EXISTS ${db}.facts_old` });
    await this.client.command({ query: `RENAME TABLE ${db}.facts TO ${db}.facts_old, ${db}.facts_rebuild TO ${db}.facts` });
    await this.client.command({ query: `DROP TABLE ${db}.facts_old` });
    await this.names(_trx, schema, dims);
    return n;
  }

  async query(_knex: Knex, schema: string, q: FactQuery): Promise<FactRow[]> {
    const db = await this.ensure(schema);
    const sql = selectSql(q, { month: 'toString(toStartOfMonth(period))', maxPeriod: 'toString(max(period))', minPeriod: 'toString(min(period))', facts: `${db}.facts` });
    return (await (await this.client.query({ query: sql, format: 'JSONEachRow' })).json<Record<string, unknown>>()).map(toRow);
  }

  async dimensionNames(_knex: Knex, schema: string, kind: Dimension['kind'], ids: string[]): Promise<Map<string, Dimension>> {
    if (!ids.length) return new Map();
    const db = await this.ensure(schema);
    const rows = await (
      await this.client.query({ query: `SELECT kind, id, name, parent FROM ${db}.dimensions FINAL WHERE kind = ${lit(kind)} AND id IN (${ids.map(lit).join(', ')})`, format: 'JSONEachRow' })
    ).json<Dimension>();
    return new Map(rows.map((r) => [r.id, { ...r, parent: r.parent || null }]));
  }

  async drop(schema: string): Promise<void> {
    const db = ClickHouseFactStore.database(schema);
    await this.client.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    this.ready.delete(db);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

let shared: FactStore | undefined;

/** The process's store: ClickHouse when CLICKHOUSE_URL is set, else the tenants' PostgreSQL schemas. */
export async function factStore(): Promise<FactStore> {
  if (!shared) {
    const url = process.env.CLICKHOUSE_URL;
    if (url) {
      const { createClient } = await import('@clickhouse/client');
      shared = new ClickHouseFactStore(createClient({ url }));
    } else shared = new PgFactStore();
  }
  return shared;
}

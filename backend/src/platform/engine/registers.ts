import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import { Problem } from '../http/problem';
import { quoteSchema } from '../tenancy/tenant-schema';
import type { Movement, RegisterDeclaration } from './declarations';
import { balanceQuery, monthOf } from './register-queries';
import { checkNegativeBalances, dimKey, pick } from './negative-balances';
import { columnType, ConfigurationRegistry, tableOf } from './registry';

export interface Recorder {
  type: string;
  id: string;
  revision: number;
  date: string;
}

/** A declared name (dimension, resource, attribute) for raw SQL: the registry allows only `[a-z][a-z0-9_]*`, quoted so keywords (`order`, `user`) work. */
const id = (name: string) => `"${name}"`;
const ids = (names: string[]) => names.map(id).join(', ');

/**
 * Writes and reads register movements inside one tenant schema.
 *
 * Ledgers are immutable in spirit: a movement row is never updated or deleted. Posting writes rows
 * tagged with the document's posting revision; cancelling (or re-posting) writes storno rows that
 * negate that revision. Balance and turnover registers also keep the net change per month and per day
 * for each set of dimensions, so a balance at any date reads at most one row per earlier month plus one
 * per day of its own month — the cost grows with the number of periods, never with the number of movements.
 */
export class Registers {
  /** Advisory locks this transaction holds (see `lockKeys`). */
  private readonly locked = new Set<string>();

  /** `schema` is the tenant's schema name (unquoted; it is checked and quoted here). */
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly trx: Knex | Knex.Transaction,
    private readonly schema: string,
  ) {
    quoteSchema(schema);
  }

  private decl(module: string, code: string): RegisterDeclaration {
    const d = this.registry.register(module, code);
    if (!d) throw new Error(`Регистр «${code}» модуля «${module}» не объявлен — проверьте register в движениях документа или имя в запросе отчёта (другой модуль: «модуль.код»)`);
    return d;
  }

  /** For the query builder. */
  private t(name: string) {
    return `${this.schema}.${name}`;
  }

  /** For raw SQL. */
  private q(name: string) {
    return `${quoteSchema(this.schema)}.${id(name)}`;
  }

  /** The advisory lock names of a register's dimension keys (see `lockKeys`). */
  private lockNames(reg: RegisterDeclaration, keys: string[]) {
    return keys.map((key) => `${this.schema}:${tableOf.register(reg)}:${key}`);
  }

  /**
   * Takes transaction-scoped locks on dimension keys — of all the registers a write or a storno touches,
   * together — in one global order (by name), in one round trip, before any row of totals is locked:
   * two postings never hold them in opposite orders (no deadlocks).
   */
  private async lockKeys(lockNames: string[]) {
    // Transaction-level locks are held until the end: keys this transaction already locked (storno, then
    // the new movements of a re-post) need no second round trip.
    const names = [...new Set(lockNames)].sort().filter((n) => !this.locked.has(n));
    for (const n of names) this.locked.add(n);
    if (names.length)
      await this.trx.raw('SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT hashtextextended(k, 0) AS h, k FROM unnest(?::text[]) AS k ORDER BY k) AS ordered', [names]);
  }

  /** Writes a document's movements (already validated by the caller's transaction). */
  async write(module: string, recorder: Recorder, movements: Movement[]): Promise<void> {
    const byRegister = new Map<string, Movement[]>();
    for (const m of movements) byRegister.set(m.register, [...(byRegister.get(m.register) ?? []), m]);
    // Registers in their declaration order, as `storno` takes them, so rows of totals are locked in one order too.
    const order = this.registry.byModule(module).filter((d) => d.kind === 'register').map((d) => d.code);
    const registers = [...byRegister].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    await this.lockKeys(registers.flatMap(([code, list]) => {
      const reg = this.decl(module, code);
      return reg.forbidNegative ? this.lockNames(reg, list.map((m) => dimKey(reg, m.dimensions))) : [];
    }));
    for (const [code, list] of registers) {
      const reg = this.decl(module, code);
      const dims = Object.keys(reg.dimensions);
      const resources = Object.keys(reg.resources);
      for (const m of list) {
        const missing = dims.filter((d) => m.dimensions[d] === undefined || m.dimensions[d] === null || m.dimensions[d] === '');
        if (missing.length) throw Problem.unprocessable(`Не заполнено: ${missing.map((d) => `«${reg.dimensions[d].title}»`).join(', ')} — без этого документ нельзя провести.`);
        if (reg.type === 'balance' && !m.kind) throw new Error(`Регистр остатков «${reg.title}» (${module}.${code}, ${reg.file ?? 'файл неизвестен'}): движение, которое вернул post документа, должно иметь kind: 'receipt' (приход) или 'expense' (расход)`);
      }
      if (reg.type === 'information') {
        await this.trx(this.t(tableOf.register(reg))).insert(
          list.map((m, i) => ({ period: m.period ?? recorder.date, recorder_type: recorder.type, recorder_id: recorder.id, revision: recorder.revision, line_no: i + 1, ...m.dimensions, ...m.resources, ...(m.attributes ?? {}) })),
        );
        continue;
      }
      const rows = list.map((m, i) => ({
        period: m.period ?? recorder.date,
        recorder_type: recorder.type,
        recorder_id: recorder.id,
        revision: recorder.revision,
        line_no: i + 1,
        direction: m.kind === 'expense' ? -1 : 1,
        ...pick(m.dimensions, dims),
        ...Object.fromEntries(resources.map((r) => [r, String(m.resources[r] ?? 0)])),
        ...(m.attributes ?? {}),
      }));
      const inserts = [];
      for (let i = 0; i < rows.length; i += 1000) inserts.push(this.trx(this.t(tableOf.register(reg))).insert(rows.slice(i, i + 1000)));
      // Month and day totals, summed in JavaScript with exact decimals, then added with one upsert each.
      const upserts: Knex.QueryBuilder[] = [];
      for (const [period, table, periodOf] of [
        ['month', tableOf.totals(reg), monthOf],
        ['day', tableOf.daily(reg), (d: string) => d],
      ] as const) {
        const totals = new Map<string, Record<string, unknown>>();
        for (const r of rows) {
          const key = periodOf(r.period) + '|' + dimKey(reg, r);
          const acc = totals.get(key) ?? { [period]: periodOf(r.period), ...pick(r, dims), ...Object.fromEntries(resources.map((x) => [x, new Decimal(0)])) };
          for (const x of resources) acc[x] = (acc[x] as Decimal).plus(new Decimal(String(r[x as keyof typeof r])).times(r.direction));
          totals.set(key, acc);
        }
        // In key order: rows of totals are locked in the same order by every posting (and by `storno`).
        const sorted = [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
        if (sorted.length) upserts.push(this.addTotals(reg, table, period, sorted.map((t) => ({ ...t, ...Object.fromEntries(resources.map((x) => [x, (t[x] as Decimal).toString()])) }))));
      }
      // The movements and both totals go to different tables: one statement (data-modifying CTEs)
      // writes them all, unless it would carry too many parameters for one statement. The sequence
      // check of a register that keeps one rides on the same statement.
      await this.together([...(reg.sequence ? [this.markSequence(reg, rows)] : []), ...inserts, ...upserts]);
    }
    await checkNegativeBalances({ registry: this.registry, trx: this.trx, schema: this.schema, balances: this.balances.bind(this) }, module, recorder, movements);
  }

  /**
   * For a register with `sequence`: movements dated earlier than a day the register already has totals
   * for (same value of the sequence dimension) break the sequence from their earliest date. Written only
   * then; an in-order posting finds no later day and writes nothing. Reads the totals as they were
   * before the statement, so this document's own movements never count.
   */
  private markSequence(reg: RegisterDeclaration, rows: Record<string, unknown>[]): Knex.Raw {
    const dim = reg.sequence!.dimension;
    const earliest = new Map<string, string>();
    for (const r of rows) {
      const key = String(r[dim]);
      const period = String(r.period);
      if (!earliest.has(key) || period < earliest.get(key)!) earliest.set(key, period);
    }
    const type = columnType(reg.dimensions[dim]);
    return this.trx.raw(
      `INSERT INTO ${this.q(tableOf.sequence(reg))} AS s (${id(dim)}, broken_from)
       SELECT v.k, v.d FROM (VALUES ${[...earliest].map(() => `(?::${type}, ?::date)`).join(', ')}) AS v(k, d)
        WHERE EXISTS (SELECT 1 FROM ${this.q(tableOf.daily(reg))} AS x WHERE x.${id(dim)} = v.k AND x.day > v.d)
       ON CONFLICT (${id(dim)}) DO UPDATE SET broken_from = least(s.broken_from, EXCLUDED.broken_from), updated_at = now()`,
      [...earliest].flat(),
    );
  }

  private addTotals(reg: RegisterDeclaration, table: string, period: 'month' | 'day', rows: Record<string, unknown>[]) {
    const resources = Object.keys(reg.resources);
    return this.trx(this.t(table))
      .insert(rows)
      .onConflict([period, ...Object.keys(reg.dimensions)])
      .merge(Object.fromEntries(resources.map((r) => [r, this.trx.raw('??.?? + EXCLUDED.??', [table, r, r])])));
  }

  /**
   * Runs writes to different tables as one statement — `WITH w1 AS (…), w2 AS (…) <last>` — in one
   * round trip; one by one (in order) when together they would pass PostgreSQL's parameter limit.
   */
  private async together(writes: (Knex.QueryBuilder | Knex.Raw)[]) {
    const parameters = writes.reduce((n, w) => n + w.toSQL().bindings.length, 0);
    if (writes.length < 2 || parameters > 30_000) {
      for (const w of writes) await w;
      return;
    }
    const last = writes[writes.length - 1] as Knex.QueryBuilder;
    writes.slice(0, -1).forEach((w, i) => last.with(`w${i + 1}`, w));
    await last;
  }

  /** Undoes every movement of a recorder's posting revision with storno rows (information registers: removes them). */
  async storno(module: string, recorder: Omit<Recorder, 'date'>): Promise<void> {
    const registers = this.registry.byModule(module).filter((d): d is RegisterDeclaration => d.kind === 'register');
    // The keys to lock of every register, locked together before any write (as `write` does); none means
    // this revision wrote nothing to that register.
    const keysOf = new Map<RegisterDeclaration, Record<string, unknown>[]>();
    for (const reg of registers)
      if (reg.forbidNegative) keysOf.set(reg, await this.trx(this.t(tableOf.register(reg))).where({ recorder_id: recorder.id, revision: recorder.revision, storno: false }).distinct(Object.keys(reg.dimensions)));
    await this.lockKeys([...keysOf].flatMap(([reg, keys]) => this.lockNames(reg, keys.map((r) => dimKey(reg, r)))));
    for (const reg of registers) {
      const table = this.q(tableOf.register(reg));
      if (reg.type === 'information') {
        await this.trx(this.t(tableOf.register(reg))).where({ recorder_id: recorder.id }).delete();
        continue;
      }
      const dims = Object.keys(reg.dimensions);
      const resources = Object.keys(reg.resources);
      const attributes = Object.keys(reg.attributes ?? {});
      if (keysOf.get(reg)?.length === 0) continue;
      // Storno rows and both totals in one statement: every part reads the movements as they were before
      // it (one snapshot), and a revision with no movements here writes nothing.
      const cols = ['period', 'recorder_type', 'recorder_id', 'revision', 'line_no', 'direction', ...dims, ...attributes];
      const totals = ([
        ['month', tableOf.totals(reg), `date_trunc('month', period)::date`],
        ['day', tableOf.daily(reg), 'period'],
      ] as const).map(
        ([period, totals, expr]) =>
          `INSERT INTO ${this.q(totals)} AS t (${period}, ${ids([...dims, ...resources])})
           SELECT ${expr}, ${[ids(dims), ...resources.map((r) => `-sum(direction * ${id(r)})`)].join(', ')}
             FROM ${table} WHERE recorder_id = ? AND revision = ? AND NOT storno GROUP BY 1, ${ids(dims)} ORDER BY 1, ${ids(dims)}
           ON CONFLICT (${period}, ${ids(dims)}) DO UPDATE SET ${resources.map((r) => `${id(r)} = t.${id(r)} + EXCLUDED.${id(r)}`).join(', ')}`,
      );
      // A register with `sequence`: undoing movements dated earlier than later ones breaks the sequence from their date.
      const dim = reg.sequence?.dimension;
      const sequence = dim
        ? `, sequence AS (
           INSERT INTO ${this.q(tableOf.sequence(reg))} AS s (${id(dim)}, broken_from)
           SELECT m.${id(dim)}, min(m.period) FROM ${table} AS m
            WHERE m.recorder_id = ? AND m.revision = ? AND NOT m.storno
              AND EXISTS (SELECT 1 FROM ${this.q(tableOf.daily(reg))} AS x WHERE x.${id(dim)} = m.${id(dim)} AND x.day > m.period)
            GROUP BY m.${id(dim)}
           ON CONFLICT (${id(dim)}) DO UPDATE SET broken_from = least(s.broken_from, EXCLUDED.broken_from), updated_at = now())`
        : '';
      const revision = [recorder.id, recorder.revision];
      await this.trx.raw(
        `WITH storno AS (
           INSERT INTO ${table} (${ids([...cols, 'storno', ...resources])})
           SELECT ${[ids(cols), 'true', ...resources.map((r) => `-${id(r)}`)].join(', ')} FROM ${table} WHERE recorder_id = ? AND revision = ? AND NOT storno
         )${sequence}, month_totals AS (${totals[0]})
         ${totals[1]}`,
        [...revision, ...(dim ? revision : []), ...revision, ...revision],
      );
    }
  }

  /**
   * Balances at the end of `date`, grouped by all dimensions, optionally filtered by some dimensions
   * (`filter`) or limited to exact sets of dimension values (`keys`).
   */
  balances(module: string, code: string, date: string, filter: Record<string, unknown> = {}, keys?: Record<string, unknown>[]): Knex.QueryBuilder {
    const reg = this.decl(module, code);
    if (reg.type !== 'balance') throw new Error(`${code} is not a balance register`);
    return balanceQuery(this.trx, this.schema, reg, date, { filter, keys });
  }

  /** Latest values of an information register on a date for one set of dimensions. */
  async sliceLast(module: string, code: string, dimensions: Record<string, unknown>, date: string) {
    const reg = this.decl(module, code);
    const q = this.trx(this.t(tableOf.register(reg))).where('period', '<=', date);
    for (const d of Object.keys(reg.dimensions)) q.where(d, dimensions[d] as never);
    const row = await q.orderBy([{ column: 'period', order: 'desc' }, { column: 'id', order: 'desc' }]).first();
    return row ?? null;
  }
}


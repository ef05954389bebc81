import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { SchemaContributor } from '../tenancy/tenant-migrations';
import type { FieldDeclaration, Fields } from './declarations';
import { columnType, ConfigurationRegistry, tableOf } from './registry';

interface Column {
  name: string;
  type: string;
  notNull?: boolean;
  default?: string;
}
interface TableSpec {
  name: string;
  columns: Column[];
  primaryKey: string[];
  indexes: { name: string; sql: string }[];
  foreignKeys: { name: string; column: string; references: string; onDelete?: string }[];
}

const std = (type: string, notNull = false, def?: string): Omit<Column, 'name'> => ({ type, notNull, default: def });
const declared = (fields: Fields, required: boolean): Column[] =>
  Object.entries(fields).map(([name, f]) => ({ name, type: columnType(f), notNull: required && !!f.required, default: defaultSql(f) }));

function defaultSql(f: FieldDeclaration): string | undefined {
  if (f.type === 'boolean') return f.default === true ? 'true' : 'false';
  if (f.type === 'money' || f.type === 'integer') return String(Number(f.default ?? 0));
  if (f.type === 'decimal') return `${Number(f.default ?? 0)}`;
  return undefined;
}

/** What every catalog item and document row carries besides its fields: custom values, search words, who/when, version. */
const recordColumns: Column[] = [
  { name: 'custom', ...std('jsonb', true, `'{}'::jsonb`) },
  { name: 'search_text', ...std('text', true, `''`) },
  { name: 'created_at', ...std('timestamptz', true, 'now()') },
  { name: 'updated_at', ...std('timestamptz', true, 'now()') },
  { name: 'created_by', ...std('uuid') },
  { name: 'version', ...std('integer', true, '1') },
];

const cut = (name: string) => (name.length <= 63 ? name : name.slice(0, 54) + '_' + createHash('md5').update(name).digest('hex').slice(0, 8));

/** An identifier in DDL, quoted: declared names are `[a-z][a-z0-9_]*` (checked by the registry), and a keyword (`order`, `user`) must work. */
const q = (name: string) => `"${name}"`;
const qs = (names: string[]) => names.map(q).join(', ');

/**
 * Derives every table of the declared catalogs, documents and registers. Applied in each tenant schema
 * by the migrator: additive changes (new tables, columns, indexes) happen automatically; a changed type
 * stops the migration with a message asking for an explicit migration step, so no data is lost silently.
 */
export class DeclarationsSchema implements SchemaContributor {
  /** `module`: only that module's tables (each module's tables live only in the tenants that have it). */
  constructor(
    private readonly registry: ConfigurationRegistry,
    private readonly module?: string,
  ) {}

  tables(): TableSpec[] {
    const specs: TableSpec[] = [];
    const refFks = (table: string, module: string, fields: Fields) =>
      Object.entries(fields)
        .filter(([, f]) => f.type === 'ref')
        .map(([name, f]) => {
          const target = this.registry.resolveRef(module, f.ref)!;
          return { name: cut(`fk_${table}_${name}`), column: name, references: target.kind === 'catalog' ? tableOf.catalog(target) : tableOf.document(target) };
        });
    const refIndexes = (table: string, fields: Fields) =>
      Object.entries(fields)
        .filter(([, f]) => f.type === 'ref')
        .map(([name]) => ({ name: cut(`ix_${table}_${name}`), sql: `(${q(name)})` }));

    for (const d of this.module ? this.registry.byModule(this.module) : this.registry.all()) {
      if (d.kind === 'catalog') {
        const t = tableOf.catalog(d);
        const extra = declared(d.fields, true).filter((c) => c.name !== 'name' && c.name !== 'code');
        specs.push({
          name: t,
          primaryKey: ['id'],
          columns: [
            { name: 'id', ...std('uuid', true) },
            { name: 'name', ...std('text', true) },
            { name: 'code', ...std('text') },
            ...(d.hierarchical ? [{ name: 'parent_id', ...std('uuid') }, { name: 'is_group', ...std('boolean', true, 'false') }] : []),
            ...(d.owner ? [{ name: 'owner_id', ...std('uuid', true) }] : []),
            ...extra,
            { name: 'deletion_mark', ...std('boolean', true, 'false') },
            ...recordColumns,
          ],
          indexes: [
            { name: cut(`ix_${t}_search`), sql: `USING gin (to_tsvector('simple', search_text))` },
            // Fragments of numbers, codes, barcodes and ИНН for the workplace's search (platform/search).
            { name: cut(`ix_${t}_trgm`), sql: 'USING gin (search_text public.gin_trgm_ops)' },
            { name: cut(`ix_${t}_name`), sql: `(lower(name))` },
            ...(d.unique ?? []).map((cols) => ({ name: cut(`uq_${t}_${cols.join('_')}`), sql: `UNIQUE:(${qs(cols)}) WHERE NOT deletion_mark` })),
            ...(d.owner ? [{ name: cut(`ix_${t}_owner`), sql: '(owner_id)' }] : []),
            ...refIndexes(t, d.fields),
          ],
          foreignKeys: [
            ...refFks(t, d.module, d.fields),
            ...(d.hierarchical ? [{ name: cut(`fk_${t}_parent`), column: 'parent_id', references: t }] : []),
            ...(d.owner ? [{ name: cut(`fk_${t}_owner`), column: 'owner_id', references: tableOf.catalog({ module: d.module, code: d.owner }) }] : []),
          ],
        });
      } else if (d.kind === 'document') {
        const t = tableOf.document(d);
        specs.push({
          name: t,
          primaryKey: ['id'],
          columns: [
            { name: 'id', ...std('uuid', true) },
            { name: 'number', ...std('text', true) },
            { name: 'date', ...std('date', true) },
            { name: 'status', ...std('text', true, `'draft'`) },
            { name: 'posted_at', ...std('timestamptz') },
            // Which posting of the document its current movements belong to (see registers.ts).
            { name: 'revision', ...std('integer', true, '0') },
            ...declared(d.fields, false),
            ...recordColumns,
          ],
          indexes: [
            { name: cut(`ix_${t}_date`), sql: '(date DESC, number DESC)' },
            { name: cut(`ix_${t}_search`), sql: `USING gin (to_tsvector('simple', search_text))` },
            // Fragments of numbers, codes, barcodes and ИНН for the workplace's search (platform/search).
            { name: cut(`ix_${t}_trgm`), sql: 'USING gin (search_text public.gin_trgm_ops)' },
            ...refIndexes(t, d.fields),
          ],
          foreignKeys: refFks(t, d.module, d.fields),
        });
        for (const [section, s] of Object.entries(d.sections ?? {})) {
          const lt = tableOf.lines(d, section);
          specs.push({
            name: lt,
            primaryKey: ['doc_id', 'line_no'],
            columns: [{ name: 'doc_id', ...std('uuid', true) }, { name: 'line_no', ...std('integer', true) }, ...declared(s.fields, false)],
            indexes: refIndexes(lt, s.fields),
            foreignKeys: [{ name: cut(`fk_${lt}_doc`), column: 'doc_id', references: t, onDelete: 'CASCADE' }, ...refFks(lt, d.module, s.fields)],
          });
        }
      } else if (d.kind === 'register') {
        const t = tableOf.register(d);
        const dims = Object.keys(d.dimensions);
        const dimCols = declared(d.dimensions, false).map((c) => ({ ...c, notNull: true }));
        const resCols = declared(d.resources, false).map((c) => ({ ...c, notNull: true, default: '0' }));
        specs.push({
          name: t,
          primaryKey: ['id'],
          columns: [
            { name: 'id', ...std('bigserial', true) },
            { name: 'period', ...std('date', true) },
            { name: 'recorder_type', ...std('text', true) },
            { name: 'recorder_id', ...std('uuid', true) },
            { name: 'revision', ...std('integer', true) },
            { name: 'line_no', ...std('integer', true) },
            // +1 receipt, -1 expense (balance registers); storno rows undo an earlier posting.
            { name: 'direction', ...std('smallint', true, '1') },
            { name: 'storno', ...std('boolean', true, 'false') },
            ...dimCols,
            ...resCols,
            ...declared(d.attributes ?? {}, false),
          ],
          indexes: [
            { name: cut(`ix_${t}_recorder`), sql: '(recorder_id, revision)' },
            { name: cut(`ix_${t}_dims`), sql: `(${qs([...dims, 'period'])})` },
            { name: cut(`ix_${t}_period`), sql: '(period)' },
          ],
          foreignKeys: [],
        });
        if (d.type !== 'information') {
          // Net change per month and per day for each set of dimensions (see registers.ts).
          for (const [tt, period] of [[tableOf.totals(d), 'month'], [tableOf.daily(d), 'day']] as const)
            specs.push({
              name: tt,
              primaryKey: [period, ...dims],
              columns: [{ name: period, ...std('date', true) }, ...dimCols, ...resCols],
              indexes: [{ name: cut(`ix_${tt}_dims`), sql: `(${qs([...dims, period])})` }],
              foreignKeys: [],
            });
          if (d.sequence) {
            const dim = d.sequence.dimension;
            specs.push({
              name: tableOf.sequence(d),
              primaryKey: [dim],
              columns: [
                { name: dim, ...std(columnType(d.dimensions[dim]), true) },
                // The earliest date a posting, re-posting or cancelling earlier than later movements touched; null: in order.
                { name: 'broken_from', ...std('date') },
                { name: 'updated_at', ...std('timestamptz', true, 'now()') },
              ],
              indexes: [],
              foreignKeys: [],
            });
          }
        }
      }
    }
    return specs;
  }

  hash(): string {
    return 'decl:' + createHash('sha256').update(JSON.stringify(this.tables())).digest('hex').slice(0, 16);
  }

  async apply(trx: Knex.Transaction, schema: string): Promise<void> {
    const s = schema; // already quoted by the migrator
    const plain = s.replace(/"/g, '');
    const specs = this.tables();
    for (const t of specs) {
      const cols = t.columns.map((c) => `${q(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.default !== undefined ? ` DEFAULT ${c.default}` : ''}`);
      await trx.raw(`CREATE TABLE IF NOT EXISTS ${s}.${q(t.name)} (${cols.join(', ')}, PRIMARY KEY (${qs(t.primaryKey)}))`);
      const existing = await trx('information_schema.columns').where({ table_schema: plain, table_name: t.name }).select('column_name', 'data_type', 'numeric_scale');
      const byName = new Map(existing.map((c) => [c.column_name, c]));
      for (const c of t.columns) {
        const have = byName.get(c.name);
        if (!have) {
          // A new field on an existing table: nullable unless it has a default, so old rows stay valid.
          await trx.raw(`ALTER TABLE ${s}.${q(t.name)} ADD COLUMN IF NOT EXISTS ${q(c.name)} ${c.type}${c.default !== undefined ? ` DEFAULT ${c.default}${c.notNull ? ' NOT NULL' : ''}` : ''}`);
        } else if (!sameType(have, c.type)) {
          throw new Error(`Таблица ${t.name}, поле ${c.name}: в базе ${have.data_type}, в описании ${c.type}. Такое изменение может потерять данные — добавьте явный шаг миграции (TenantMigration).`);
        }
      }
      for (const ix of t.indexes) {
        const unique = ix.sql.startsWith('UNIQUE:');
        await trx.raw(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${q(ix.name)} ON ${s}.${q(t.name)} ${unique ? ix.sql.slice(7) : ix.sql}`);
      }
    }
    // Foreign keys last: a reference may point to a table created later in the list.
    const constraints = new Set(await trx('pg_constraint as c').join('pg_namespace as n', 'n.oid', 'c.connamespace').where('n.nspname', plain).pluck('c.conname'));
    for (const t of specs)
      for (const fk of t.foreignKeys)
        if (!constraints.has(fk.name))
          await trx.raw(`ALTER TABLE ${s}.${q(t.name)} ADD CONSTRAINT ${q(fk.name)} FOREIGN KEY (${q(fk.column)}) REFERENCES ${s}.${q(fk.references)}(id)${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}`);
  }
}

function sameType(have: { data_type: string; numeric_scale: number | null }, want: string): boolean {
  const m = /^numeric\(\d+,(\d+)\)$/.exec(want);
  if (m) return have.data_type === 'numeric' && Number(have.numeric_scale) === Number(m[1]);
  const map: Record<string, string> = { text: 'text', uuid: 'uuid', integer: 'integer', bigint: 'bigint', bigserial: 'bigint', date: 'date', boolean: 'boolean', jsonb: 'jsonb', timestamptz: 'timestamp with time zone', smallint: 'smallint' };
  return map[want] === have.data_type;
}

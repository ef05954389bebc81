import type { Knex } from '@mikro-orm/postgresql';

/**
 * One fact of the analytic store: one movement row of a register, signed (direction × resource, storno rows
 * included), with the dimensions dashboards filter and group by. Its key is the movement row itself
 * (`register`, `id`): movement rows are append-only, so a fact never changes once written.
 */
export interface Fact {
  register: string;
  id: string;
  kind: FactKind;
  period: string;
  recorder_type: string;
  recorder_id: string;
  organization: string | null;
  warehouse: string | null;
  product: string | null;
  product_group: string | null;
  counterparty: string | null;
  manager: string | null;
  account: string | null;
  /** The settlement document a settlements movement is about (a sale, a receipt): receivables are aged by it. */
  document: string | null;
  /** Thousandths of a unit (trade keeps quantities to 3 decimals): sums stay exact integers in both stores. */
  quantity: number;
  /** Kopecks: revenue without VAT for sales, cost for cost movements, the sum for money and settlements, Дт − Кт for postings. */
  amount: number;
  cost: number;
  vat: number;
}

export type FactKind = 'sale' | 'stock' | 'cost' | 'money' | 'settlement' | 'posting';

/** A dimension's name (a product, its group, a counterparty, a warehouse, an organization, a manager). */
export interface Dimension {
  kind: 'product' | 'counterparty' | 'warehouse' | 'organization' | 'manager';
  id: string;
  name: string;
  parent: string | null;
}

interface Source {
  register: string;
  table: string;
  kind: FactKind;
  dims: Partial<Record<'organization' | 'warehouse' | 'product' | 'counterparty' | 'manager' | 'account' | 'document', string>>;
  quantity?: string;
  amount?: string;
  cost?: string;
  vat?: string;
}

/** The registers the store reads, and what each column becomes. A register the tenant has no table of is skipped. */
export const SOURCES: Source[] = [
  { register: 'trade.sales', table: 'r_trade_sales', kind: 'sale', dims: { organization: 'organization', counterparty: 'counterparty', product: 'product', manager: 'manager' }, quantity: 'quantity', amount: 'revenue', cost: 'cost', vat: 'vat' },
  { register: 'trade.stock', table: 'r_trade_stock', kind: 'stock', dims: { organization: 'organization', warehouse: 'warehouse', product: 'product' }, quantity: 'quantity' },
  { register: 'trade.cost', table: 'r_trade_cost', kind: 'cost', dims: { organization: 'organization', product: 'product' }, quantity: 'quantity', amount: 'amount' },
  { register: 'trade.money', table: 'r_trade_money', kind: 'money', dims: { organization: 'organization', account: 'account' }, amount: 'amount' },
  { register: 'trade.settlements', table: 'r_trade_settlements', kind: 'settlement', dims: { organization: 'organization', counterparty: 'counterparty', document: 'document' }, amount: 'amount' },
  { register: 'accounting.entries', table: 'r_accounting_entries', kind: 'posting', dims: { organization: 'organization', account: 'account' }, amount: 'debit - m.credit' },
];

const BATCH = 5000;

/** Reads facts from a tenant's registers (PostgreSQL, the caller's transaction or pool). */
export class FactReader {
  private readonly columns = new Map<string, Set<string>>();

  constructor(
    private readonly knex: Knex | Knex.Transaction,
    /** Unquoted tenant schema (`t_<32 hex>`). */
    private readonly schema: string,
  ) {}

  private async columnsOf(table: string): Promise<Set<string>> {
    let cols = this.columns.get(table);
    if (!cols) {
      cols = new Set((await this.knex('information_schema.columns').where({ table_schema: this.schema, table_name: table }).pluck('column_name')) as string[]);
      this.columns.set(table, cols);
    }
    return cols;
  }

  private async select(source: Source, where: (q: Knex.QueryBuilder) => void): Promise<Fact[]> {
    const s = `"${this.schema}"`;
    const num = (expr: string | undefined, scale = 1) => (expr ? `round(m.direction * (m.${expr}) * ${scale})::bigint` : '0::bigint');
    const dim = (col: string | undefined) => (col ? `m.${col}::text` : 'NULL::text');
    const products = (await this.columnsOf('c_trade_products')).has('parent_id');
    const q = this.knex
      .from(this.knex.raw(`${s}.${source.table} AS m`))
      .select(
        this.knex.raw(`m.id::text AS id, to_char(m.period, 'YYYY-MM-DD') AS period, m.recorder_type, m.recorder_id::text AS recorder_id`),
        this.knex.raw(
          ['organization', 'warehouse', 'product', 'counterparty', 'manager', 'account', 'document'].map((d) => `${dim(source.dims[d as keyof Source['dims']])} AS ${d}`).join(', '),
        ),
        this.knex.raw(source.dims.product && products ? `(SELECT p.parent_id::text FROM ${s}.c_trade_products p WHERE p.id = m.product) AS product_group` : 'NULL::text AS product_group'),
        this.knex.raw(`${num(source.quantity, 1000)} AS quantity, ${num(source.amount)} AS amount, ${num(source.cost)} AS cost, ${num(source.vat)} AS vat`),
      )
      .modify(where);
    const rows: any[] = await q;
    const facts = rows.map((r) => ({ ...r, register: source.register, kind: source.kind, quantity: Number(r.quantity), amount: Number(r.amount), cost: Number(r.cost), vat: Number(r.vat) }) as Fact);
    await this.fromHeaders(facts);
    return facts;
  }

  /** A sale's warehouse and a payment's counterparty are in the document's header, not in the register: taken from there. */
  private async fromHeaders(facts: Fact[]) {
    const byType = new Map<string, Set<string>>();
    for (const f of facts) if (!f.warehouse || !f.counterparty) (byType.get(f.recorder_type) ?? byType.set(f.recorder_type, new Set()).get(f.recorder_type)!).add(f.recorder_id);
    for (const [type, ids] of byType) {
      const [module, code] = type.split('.');
      if (!/^[a-z0-9_]+$/.test(module ?? '') || !/^[a-z0-9_]+$/.test(code ?? '')) continue;
      const table = `d_${module}_${code}`;
      const cols = await this.columnsOf(table);
      const wanted = ['warehouse', 'counterparty'].filter((c) => cols.has(c));
      if (!wanted.length) continue;
      const headers = new Map<string, any>();
      for (const h of await this.knex(`${this.schema}.${table}`).whereIn('id', [...ids]).select('id', ...wanted)) headers.set(h.id, h);
      for (const f of facts) {
        const h = f.recorder_type === type ? headers.get(f.recorder_id) : undefined;
        if (!h) continue;
        if (!f.warehouse && h.warehouse) f.warehouse = h.warehouse;
        if (!f.counterparty && h.counterparty) f.counterparty = h.counterparty;
      }
    }
  }

  private async sources(): Promise<Source[]> {
    const out: Source[] = [];
    for (const s of SOURCES) if ((await this.columnsOf(s.table)).size) out.push(s);
    return out;
  }

  /** Every movement row a document has written, in every register the store reads. */
  async ofDocument(recorderId: string): Promise<Fact[]> {
    const out: Fact[] = [];
    for (const s of await this.sources()) out.push(...(await this.select(s, (q) => q.where('m.recorder_id', recorderId))));
    return out;
  }

  /** All facts of the tenant, in batches (the rebuild). */
  async *all(): AsyncGenerator<Fact[]> {
    for (const s of await this.sources()) {
      let after = '0';
      for (;;) {
        const batch = await this.select(s, (q) => q.where('m.id', '>', after).orderBy('m.id').limit(BATCH));
        if (!batch.length) break;
        yield batch;
        after = batch[batch.length - 1]!.id;
      }
    }
  }

  /** The names of the dimensions (catalog items, managers as the platform's users). */
  async dimensions(): Promise<Dimension[]> {
    const out: Dimension[] = [];
    const catalogs = { product: 'c_trade_products', counterparty: 'c_trade_counterparties', warehouse: 'c_trade_warehouses', organization: 'c_trade_organizations' } as const;
    for (const [kind, table] of Object.entries(catalogs) as [Dimension['kind'], string][]) {
      const cols = await this.columnsOf(table);
      if (!cols.size) continue;
      const rows = await this.knex(`${this.schema}.${table}`).select('id', 'name', cols.has('parent_id') ? 'parent_id' : this.knex.raw('NULL AS parent_id'));
      out.push(...rows.map((r: any) => ({ kind, id: r.id, name: r.name, parent: r.parent_id ?? null })));
    }
    if ((await this.columnsOf('r_trade_sales')).size) {
      const managers = await this.knex('platform.users as u')
        .whereRaw(`u.id IN (SELECT DISTINCT manager::uuid FROM "${this.schema}".r_trade_sales WHERE manager ~ '^[0-9a-f-]{36}$')`)
        .select('u.id', this.knex.raw(`coalesce(nullif(u.full_name, ''), u.email) AS name`));
      out.push(...managers.map((r: any) => ({ kind: 'manager' as const, id: r.id, name: r.name, parent: null })));
    }
    return out;
  }

  /** One catalog item as a dimension (a catalog event), or null when it is not one the store names. */
  async dimension(aggregateType: string, id: string): Promise<Dimension | null> {
    const kinds: Record<string, Dimension['kind']> = { 'trade.products': 'product', 'trade.counterparties': 'counterparty', 'trade.warehouses': 'warehouse', 'trade.organizations': 'organization' };
    const kind = kinds[aggregateType];
    if (!kind) return null;
    const table = `c_${aggregateType.replace('.', '_')}`;
    const cols = await this.columnsOf(table);
    const row = await this.knex(`${this.schema}.${table}`).where({ id }).first('id', 'name', cols.has('parent_id') ? 'parent_id' : this.knex.raw('NULL AS parent_id'));
    return row ? { kind, id: row.id, name: row.name, parent: row.parent_id ?? null } : null;
  }
}

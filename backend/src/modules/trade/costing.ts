import Decimal from 'decimal.js';
import type { DocumentRecord, Movement, PostingContext } from '../../platform/engine/declarations';
import type { Ledger } from './ledger';
import { quoteSchema } from '../../platform/tenancy/tenant-schema';
import { share, type VatStatus } from './pricing';
import { AVERAGE_BATCH } from './registers';

export interface Organization {
  id: string;
  vat_status: VatStatus;
  cost_method: 'average' | 'fifo';
  allow_negative_stock: boolean;
  account: string | null;
  [field: string]: unknown;
}

export async function organizationOf(ctx: PostingContext, id: string): Promise<Organization> {
  const org = await ctx.catalogItem('organizations', id);
  if (!org) throw new Error(`Organization ${id} not found`);
  return org as Organization;
}

/**
 * The organization of a document that writes the cost register, read with a shared lock on the
 * organization's cost sequence held to the end of the posting: a restoration of the sequence (which
 * takes it exclusively) waits for postings in flight, and postings wait for it — in the same statement
 * as the read, so it costs no extra round trip.
 */
export async function costOrganization(ctx: PostingContext, id: string): Promise<Organization> {
  const { rows } = await ctx.knex.raw(`SELECT o.*, pg_advisory_xact_lock_shared(hashtextextended(?, 0))::text AS wc_lock FROM ${quoteSchema(ctx.schema)}.c_trade_organizations AS o WHERE o.id = ?`, [
    costSequenceLockKey(ctx.schema, id),
    id,
  ]);
  if (!rows[0]) throw new Error(`Organization ${id} not found`);
  const { wc_lock: _lock, ...org } = rows[0];
  return org as Organization;
}

/** The advisory lock key of an organization's cost sequence (the `Ledger.lock` naming). */
export const costSequenceLockKey = (schema: string, organization: string) => `${schema}:trade:cost-sequence|${organization}`;

/**
 * The cost batch goods received by `doc` go to: the document itself on FIFO, the one average batch
 * otherwise. The date and then the moment the document was entered make text order the FIFO order.
 */
export const batchOf = (org: Organization, doc: DocumentRecord) =>
  org.cost_method === 'fifo' ? `${doc.date}/${new Date(doc.created_at as string).toISOString()}/${doc.id}` : AVERAGE_BATCH;

export const costReceipt = (org: Organization, doc: DocumentRecord, product: string, quantity: string, amount: number): Movement => ({
  register: 'cost',
  kind: 'receipt',
  dimensions: { organization: org.id, product, batch: batchOf(org, doc) },
  resources: { quantity, amount },
});

interface CostOut {
  /** Cost of each given line, in the order given. */
  lineCosts: number[];
  movements: Movement[];
}

/**
 * Takes goods off cost for the given lines: per product, the whole quantity at once (two lines of
 * one product must not both see the same balance), then the cost is split back over the lines.
 * Moving average takes the average of the one batch; FIFO takes the oldest batches first.
 * When stock runs negative (allowed by the organization), the missing part is taken at zero cost.
 */
export async function costExpense(ctx: PostingContext, ledger: Ledger, org: Organization, date: string, lines: { product: string; quantity: string }[]): Promise<CostOut> {
  const movements: Movement[] = [];
  const costByProduct = new Map<string, number>();
  const qtyByProduct = new Map<string, Decimal>();
  for (const l of lines) qtyByProduct.set(l.product, (qtyByProduct.get(l.product) ?? new Decimal(0)).plus(l.quantity));
  for (const product of [...qtyByProduct.keys()].sort()) {
    const needed = qtyByProduct.get(product)!;
    // Two postings of one product read, then spend, the same batches: one waits for the other.
    await ledger.lock('cost', org.id, product);
    const batches =
      org.cost_method === 'fifo'
        ? await ledger.balances('cost', ['quantity', 'amount'], ['batch'], { organization: org.id, product }, date)
        : [{ batch: AVERAGE_BATCH, ...(await ctx.balance('cost', { organization: org.id, product, batch: AVERAGE_BATCH }, date)) }];
    let left = needed;
    let total = 0;
    for (const b of batches) {
      const available = new Decimal(b.quantity ?? 0);
      if (left.lte(0) || available.lte(0)) continue;
      const take = Decimal.min(left, available);
      const amount = share(b.amount ?? 0, take, available);
      movements.push({ register: 'cost', kind: 'expense', dimensions: { organization: org.id, product, batch: b.batch }, resources: { quantity: take.toFixed(), amount } });
      total += amount;
      left = left.minus(take);
    }
    if (left.gt(0)) movements.push({ register: 'cost', kind: 'expense', dimensions: { organization: org.id, product, batch: batches.at(-1)?.batch ?? AVERAGE_BATCH }, resources: { quantity: left.toFixed(), amount: 0 } });
    costByProduct.set(product, total);
  }
  // Split each product's cost over its lines by cumulative quantity, so the parts add up exactly.
  const done = new Map<string, { qty: Decimal; cost: number }>();
  const lineCosts = lines.map((l) => {
    const before = done.get(l.product) ?? { qty: new Decimal(0), cost: 0 };
    const qty = before.qty.plus(l.quantity);
    const cumulative = share(costByProduct.get(l.product)!, qty, qtyByProduct.get(l.product)!);
    done.set(l.product, { qty, cost: cumulative });
    return cumulative - before.cost;
  });
  return { lineCosts, movements };
}

/** Ids of the services among the lines' products: they move no stock and carry no cost of goods. */
export async function servicesAmong(ctx: PostingContext, lines: { product: string }[]): Promise<Set<string>> {
  // One statement for all of them; later `ctx.catalogItem('products', …)` of this posting (names in messages) are served from its cache.
  const products = await ctx.catalogItems('products', lines.map((l) => l.product));
  const services = new Set<string>();
  for (const id of new Set(lines.map((l) => l.product))) if (products.get(id)?.kind === 'service') services.add(id);
  return services;
}

import Decimal from 'decimal.js';
import { defineDocument, type Movement } from '../../../platform/engine/declarations';
import { offsetAdvances } from '../allocation';
import { costExpense, organizationOf } from '../costing';
import { comment, contract, customer, organization, salesAccess, warehouse } from '../fields';
import { Ledger } from '../ledger';
import { computeGoods, goodsFields, goodsHeaderFields, type GoodsLine } from '../pricing';

/**
 * Реализация товаров и услуг: goods leave the warehouse at cost, revenue and margin go to sales,
 * and the customer owes us the total, less any advance they paid on the contract. A sale based on a customer order releases its reserve.
 */
export const sale = defineDocument({
  module: 'trade',
  code: 'sale',
  title: 'Реализация товаров и услуг',
  titleEn: 'Sale',
  numberPrefix: 'РТУ',
  numberBy: 'organization',
  fields: {
    organization,
    warehouse,
    counterparty: customer,
    contract,
    customer_order: { type: 'ref', ref: 'customer_order', title: 'Заказ клиента' },
    due_date: { type: 'date', title: 'Срок оплаты' },
    ...goodsHeaderFields,
    comment,
  },
  sections: { goods: { title: 'Товары', fields: goodsFields } },
  compute: (doc) => computeGoods(doc),
  post: async (doc, ctx) => {
    const org = await organizationOf(ctx, doc.organization);
    const lines: GoodsLine[] = doc.goods;
    const ledger = await Ledger.of(ctx, 'sale');
    const { lineCosts, movements } = await costExpense(ctx, ledger, org, doc.date, lines);
    const out: Movement[] = [...movements];
    lines.forEach((l, i) => {
      out.push({ register: 'stock', kind: 'expense', dimensions: { organization: org.id, warehouse: doc.warehouse, product: l.product }, resources: { quantity: l.quantity } });
      out.push({
        register: 'sales',
        dimensions: { organization: org.id, counterparty: doc.counterparty, product: l.product, manager: doc.created_by },
        resources: { quantity: l.quantity, revenue: l.amount!, cost: lineCosts[i], vat: l.vat! },
      });
    });
    if (doc.customer_order) out.push(...(await releaseReserve(ctx, doc.warehouse, doc.customer_order, lines, doc.date)));
    out.push({ register: 'settlements', kind: 'receipt', dimensions: { organization: org.id, counterparty: doc.counterparty, contract: doc.contract, document: doc.id }, resources: { amount: doc.total } });
    out.push(...(await offsetAdvances(ledger, doc, 1)));
    return out;
  },
  defaultAccess: salesAccess,
});

/** Shipped goods no longer need their reserve: release what the order still holds, up to the shipped quantity. */
async function releaseReserve(ctx: Parameters<NonNullable<typeof sale.post>>[1], warehouseId: string, order: string, lines: GoodsLine[], date: string): Promise<Movement[]> {
  const shipped = new Map<string, Decimal>();
  for (const l of lines) shipped.set(l.product, (shipped.get(l.product) ?? new Decimal(0)).plus(l.quantity));
  const out: Movement[] = [];
  for (const [product, qty] of shipped) {
    const reserved = new Decimal((await ctx.balance('reserves', { warehouse: warehouseId, product, customer_order: order }, date)).quantity ?? 0);
    const release = Decimal.min(qty, reserved);
    if (release.gt(0)) out.push({ register: 'reserves', kind: 'expense', dimensions: { warehouse: warehouseId, product, customer_order: order }, resources: { quantity: release.toFixed() } });
  }
  return out;
}

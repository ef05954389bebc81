import Decimal from 'decimal.js';
import { defineDocument, type Movement, type PostingContext } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { offsetAdvances } from '../allocation';
import { dueDateFromContract } from '../contracts';
import { costExpense, costOrganization, servicesAmong } from '../costing';
import { comment, customerContract, customer, organization, salesAccess, warehouse } from '../fields';
import { Ledger } from '../ledger';
import { goodsPrintForms } from '../print-forms';
import { computeGoods, salesGoodsFields, salesHeaderFields, type GoodsLine, prefillSales, checkSalesVat, applyOrganizationVat, requireSalesPrices } from '../pricing';

/**
 * Реализация товаров и услуг: goods leave the warehouse at cost, revenue and margin go to sales,
 * and the customer owes us the total, less any advance they paid on the contract. Goods reserved for
 * other orders cannot be sold; a sale based on a customer order releases its own reserve.
 */
export const sale = defineDocument({
  module: 'trade',
  code: 'sale',
  group: 'sales',
  title: 'Реализация товаров и услуг',
  titleEn: 'Sale',
  numberPrefix: 'РТУ',
  numberBy: 'organization',
  fields: {
    organization,
    warehouse,
    counterparty: customer,
    contract: customerContract,
    customer_order: { type: 'ref', ref: 'customer_order', title: 'Заказ клиента' },
    due_date: { type: 'date', title: 'Срок оплаты' },
    ...salesHeaderFields,
    comment,
  },
  sections: { goods: { title: 'Товары', fields: salesGoodsFields } },
  compute: (doc) => computeGoods(doc),
  basedOn: [{ from: 'customer_order', link: 'customer_order' }],
  prefill: prefillSales,
  beforeSave: async (doc, ctx) => {
    await checkSalesVat(doc, ctx);
    await requireSalesPrices(doc, ctx);
    await dueDateFromContract(doc, ctx);
  },
  printForms: [goodsPrintForms.upd, goodsPrintForms.updXml, goodsPrintForms.torg12, goodsPrintForms.invoice, goodsPrintForms.act],
  post: async (doc, ctx) => {
    const org = await costOrganization(ctx, doc.organization);
    // The organization may have changed its taxation since the sale was saved.
    await applyOrganizationVat(doc, ctx, { organization: org });
    const lines: GoodsLine[] = doc.goods;
    const ledger = Ledger.of(ctx);
    const services = await servicesAmong(ctx, lines);
    const goods = lines.filter((l) => !services.has(l.product));
    if (!org.allow_negative_stock) await refuseOthersReserves(ctx, ledger, doc, goods);
    const { lineCosts, movements } = await costExpense(ctx, ledger, org, doc.date, goods);
    const out: Movement[] = [...movements];
    for (const l of lines) {
      const isGoods = !services.has(l.product);
      if (isGoods) out.push({ register: 'stock', kind: 'expense', dimensions: { organization: org.id, warehouse: doc.warehouse, product: l.product }, resources: { quantity: l.quantity } });
      out.push({
        register: 'sales',
        dimensions: { organization: org.id, counterparty: doc.counterparty, product: l.product, manager: doc.created_by },
        resources: { quantity: l.quantity, revenue: l.amount!, cost: isGoods ? lineCosts[goods.indexOf(l)] : 0, vat: l.vat! },
      });
    }
    if (doc.customer_order) out.push(...(await releaseReserve(ctx, doc.warehouse, doc.customer_order, goods, doc.date)));
    out.push({ register: 'settlements', kind: 'receipt', dimensions: { organization: org.id, counterparty: doc.counterparty, contract: doc.contract, document: doc.id }, resources: { amount: doc.total } });
    out.push(...(await offsetAdvances(ledger, doc, 1)));
    return out;
  },
  defaultAccess: salesAccess,
});

const byProduct = (lines: GoodsLine[]) => {
  const total = new Map<string, Decimal>();
  for (const l of lines) total.set(l.product, (total.get(l.product) ?? new Decimal(0)).plus(l.quantity));
  return [...total].sort(([a], [b]) => a.localeCompare(b));
};

/** Goods reserved for other customers' orders are not for sale: refuse a sale that would eat into them. */
async function refuseOthersReserves(ctx: PostingContext, ledger: Ledger, doc: Record<string, any>, lines: GoodsLine[]) {
  for (const [product, qty] of byProduct(lines)) {
    // The same lock a customer order takes, so a sale and an order do not both count on one unit.
    await ledger.lock('reserve', doc.warehouse, product);
    const reserved = (await ledger.balances('reserves', ['quantity'], ['customer_order'], { warehouse: doc.warehouse, product }, doc.date))
      .filter((r) => r.customer_order !== doc.customer_order)
      .reduce((s, r) => s.plus(r.quantity), new Decimal(0));
    if (reserved.lte(0)) continue;
    const onHand = new Decimal((await ctx.balance('stock', { organization: doc.organization, warehouse: doc.warehouse, product }, doc.date)).quantity ?? 0);
    if (onHand.minus(reserved).lt(qty)) {
      const name = (await ctx.catalogItem('products', product))?.name;
      throw Problem.unprocessable(`«${name}»: продаётся ${qty.toFixed()}, а свободно ${Decimal.max(onHand.minus(reserved), 0).toFixed()} — на складе ${onHand.toFixed()}, из них ${reserved.toFixed()} в резерве по другим заказам.`);
    }
  }
}

/** Shipped goods no longer need their reserve: release what the order still holds, up to the shipped quantity. */
async function releaseReserve(ctx: PostingContext, warehouseId: string, order: string, lines: GoodsLine[], date: string): Promise<Movement[]> {
  const out: Movement[] = [];
  for (const [product, qty] of byProduct(lines)) {
    const reserved = new Decimal((await ctx.balance('reserves', { warehouse: warehouseId, product, customer_order: order }, date)).quantity ?? 0);
    const release = Decimal.min(qty, reserved);
    if (release.gt(0)) out.push({ register: 'reserves', kind: 'expense', dimensions: { warehouse: warehouseId, product, customer_order: order }, resources: { quantity: release.toFixed() } });
  }
  return out;
}

import Decimal from 'decimal.js';
import { defineDocument, type Movement } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { comment, customerContract, customer, organization, salesAccess, warehouse } from '../fields';
import { servicesAmong } from '../costing';
import { Ledger } from '../ledger';
import { computeGoods, salesGoodsFields, salesHeaderFields, type GoodsLine, prefillSales, checkSalesVat, requireSalesPrices } from '../pricing';

/**
 * Заказ клиента: reserves the ordered goods at the warehouse, so other customers cannot be promised
 * them. Only free stock (on hand minus every order's reserve) can be reserved; a sale based on the order releases it.
 */
export const customerOrder = defineDocument({
  module: 'trade',
  code: 'customer_order',
  group: 'sales',
  title: 'Заказ клиента',
  titleEn: 'Customer order',
  numberPrefix: 'ЗК',
  numberBy: 'organization',
  fields: { organization, warehouse, counterparty: customer, contract: customerContract, ship_date: { type: 'date', title: 'Дата отгрузки' }, ...salesHeaderFields, comment },
  sections: { goods: { title: 'Товары', fields: salesGoodsFields } },
  compute: (doc) => computeGoods(doc),
  prefill: prefillSales,
  beforeSave: async (doc, ctx) => {
    await checkSalesVat(doc, ctx);
    await requireSalesPrices(doc, ctx);
  },
  post: async (doc, ctx) => {
    const ledger = Ledger.of(ctx);
    const wanted = new Map<string, Decimal>();
    const services = await servicesAmong(ctx, doc.goods);
    for (const l of (doc.goods as GoodsLine[]).filter((g) => !services.has(g.product))) wanted.set(l.product, (wanted.get(l.product) ?? new Decimal(0)).plus(l.quantity));
    const out: Movement[] = [];
    for (const [product, qty] of [...wanted].sort(([a], [b]) => a.localeCompare(b))) {
      await ledger.lock('reserve', doc.warehouse, product);
      const onHand = new Decimal((await ctx.balance('stock', { organization: doc.organization, warehouse: doc.warehouse, product }, doc.date)).quantity ?? 0);
      const reserved = (await ledger.balances('reserves', ['quantity'], ['product'], { warehouse: doc.warehouse, product }, doc.date)).reduce((s, r) => s.plus(r.quantity), new Decimal(0));
      const free = onHand.minus(reserved);
      if (free.lt(qty)) {
        const name = (await ctx.catalogItem('products', product))?.name;
        throw Problem.unprocessable(`Нельзя зарезервировать «${name}»: заказано ${qty.toFixed()}, свободно ${Decimal.max(free, 0).toFixed()}.`);
      }
      out.push({ register: 'reserves', kind: 'receipt', dimensions: { warehouse: doc.warehouse, product, customer_order: doc.id }, resources: { quantity: qty.toFixed() } });
    }
    return out;
  },
  defaultAccess: salesAccess,
});

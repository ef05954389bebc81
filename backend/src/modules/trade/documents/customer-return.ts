import Decimal from 'decimal.js';
import { defineDocument, type Movement } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { costReceipt, costOrganization } from '../costing';
import { comment, customerContract, customer, organization, salesAccess, warehouse } from '../fields';
import { Ledger } from '../ledger';
import { computeGoods, goodsFields, goodsHeaderFields, share, type GoodsLine, applyOrganizationVat, checkSalesVat } from '../pricing';

/**
 * Возврат от клиента: goods come back at the cost they left with in the sale (not today's cost),
 * the sale's revenue, cost and VAT are reduced, and the customer's debt on that sale goes down.
 */
export const customerReturn = defineDocument({
  module: 'trade',
  code: 'customer_return',
  group: 'sales',
  title: 'Возврат товаров от клиента',
  titleEn: 'Customer return',
  numberPrefix: 'ВК',
  numberBy: 'organization',
  fields: { organization, warehouse, counterparty: customer, contract: customerContract, sale: { type: 'ref', ref: 'sale', title: 'Реализация', required: true }, ...goodsHeaderFields, comment },
  sections: { goods: { title: 'Товары', fields: goodsFields } },
  compute: (doc) => computeGoods(doc),
  // The customer returns what we sold: the same VAT rule as the sale.
  basedOn: [{ from: 'sale', link: 'sale' }],
  prefill: (doc, ctx) => applyOrganizationVat(doc, ctx, { force: true }),
  beforeSave: checkSalesVat,
  post: async (doc, ctx) => {
    const org = await costOrganization(ctx, doc.organization);
    const ledger = Ledger.of(ctx);
    const sold = await ledger.movementsOf('sales', [doc.sale], ['quantity', 'cost']);
    // What is still returnable: the sale less the other posted returns of it (this one's earlier posting is already reversed).
    const others = (await ledger.documentsReferring('customer_return', 'sale', doc.sale)).filter((r) => r !== doc.id);
    const returned = await ledger.movementsOf('sales', others, ['quantity']);
    const out: Movement[] = [];
    const asked = new Map<string, Decimal>();
    for (const l of doc.goods as GoodsLine[]) {
      const s = sold.get(l.product);
      const thisDoc = (asked.get(l.product) ?? new Decimal(0)).plus(l.quantity);
      asked.set(l.product, thisDoc);
      const returnable = (s?.quantity ?? new Decimal(0)).plus(returned.get(l.product)?.quantity ?? 0);
      if (!s || returnable.lt(thisDoc)) {
        const name = (await ctx.catalogItem('products', l.product))?.name;
        throw Problem.unprocessable(`«${name}»: возвращается ${thisDoc.toFixed()}, а по реализации можно вернуть не больше ${Decimal.max(returnable, 0).toFixed()}.`);
      }
      // At the sale's own cost per unit.
      const cost = share(s.cost.toFixed(), l.quantity, s.quantity);
      out.push({ register: 'stock', kind: 'receipt', dimensions: { organization: org.id, warehouse: doc.warehouse, product: l.product }, resources: { quantity: l.quantity } });
      out.push(costReceipt(org, doc, l.product, l.quantity, cost));
      out.push({
        register: 'sales',
        dimensions: { organization: org.id, counterparty: doc.counterparty, product: l.product, manager: doc.created_by },
        resources: { quantity: new Decimal(l.quantity).negated().toFixed(), revenue: -l.amount!, cost: -cost, vat: -l.vat! },
      });
    }
    out.push({ register: 'settlements', kind: 'expense', dimensions: { organization: org.id, counterparty: doc.counterparty, contract: doc.contract, document: doc.sale }, resources: { amount: doc.total } });
    return out;
  },
  defaultAccess: salesAccess,
});

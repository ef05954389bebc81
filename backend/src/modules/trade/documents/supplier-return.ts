import { defineDocument, type Movement } from '../../../platform/engine/declarations';
import { costExpense, costOrganization } from '../costing';
import { comment, supplierContract, organization, purchaseAccess, supplier, warehouse } from '../fields';
import { Ledger } from '../ledger';
import { computeGoods, goodsFields, goodsHeaderFields, type GoodsLine, purchaseVat } from '../pricing';

/** Возврат поставщику: goods leave at cost (as a sale would take them) and the supplier owes us back on that receipt. */
export const supplierReturn = defineDocument({
  module: 'trade',
  code: 'supplier_return',
  group: 'purchases',
  title: 'Возврат товаров поставщику',
  titleEn: 'Return to supplier',
  numberPrefix: 'ВП',
  numberBy: 'organization',
  fields: { organization, warehouse, counterparty: supplier, contract: supplierContract, receipt: { type: 'ref', ref: 'receipt', title: 'Поступление', required: true }, ...goodsHeaderFields, comment },
  sections: { goods: { title: 'Товары', fields: goodsFields } },
  compute: (doc) => computeGoods(doc),
  basedOn: [{ from: 'receipt', link: 'receipt' }],
  prefill: purchaseVat,
  beforeSave: purchaseVat,
  post: async (doc, ctx) => {
    const org = await costOrganization(ctx, doc.organization);
    const lines = doc.goods as GoodsLine[];
    const { movements } = await costExpense(ctx, Ledger.of(ctx), org, doc.date, lines);
    const out: Movement[] = [...movements];
    for (const l of lines) out.push({ register: 'stock', kind: 'expense', dimensions: { organization: org.id, warehouse: doc.warehouse, product: l.product }, resources: { quantity: l.quantity } });
    out.push({ register: 'settlements', kind: 'receipt', dimensions: { organization: org.id, counterparty: doc.counterparty, contract: doc.contract, document: doc.receipt }, resources: { amount: doc.total } });
    return out;
  },
  defaultAccess: purchaseAccess,
});

import { defineDocument, type Movement } from '../../../platform/engine/declarations';
import { offsetAdvances } from '../allocation';
import { costReceipt, costOrganization, servicesAmong } from '../costing';
import { comment, supplierContract, organization, purchaseAccess, supplier, warehouse } from '../fields';
import { Ledger } from '../ledger';
import { computeGoods, goodsFields, goodsHeaderFields, type GoodsLine, purchaseVat } from '../pricing';

/**
 * Поступление товаров и услуг: goods arrive at the warehouse, their cost is the amount without VAT
 * for a VAT payer (the VAT is deducted, not part of cost) and the full amount on УСН; we owe the
 * supplier the total, less what we paid them ahead on the contract.
 */
export const receipt = defineDocument({
  module: 'trade',
  code: 'receipt',
  group: 'purchases',
  title: 'Поступление товаров и услуг',
  titleEn: 'Goods receipt',
  numberPrefix: 'ПТУ',
  numberBy: 'organization',
  fields: {
    organization,
    warehouse,
    counterparty: supplier,
    contract: supplierContract,
    supplier_order: { type: 'ref', ref: 'supplier_order', title: 'Заказ поставщику' },
    incoming_number: { type: 'string', title: 'Номер входящего документа', maxLength: 40, search: true },
    incoming_date: { type: 'date', title: 'Дата входящего документа' },
    ...goodsHeaderFields,
    comment,
  },
  sections: { goods: { title: 'Товары', fields: goodsFields } },
  compute: (doc) => computeGoods(doc),
  prefill: purchaseVat,
  beforeSave: purchaseVat,
  post: async (doc, ctx) => {
    const org = await costOrganization(ctx, doc.organization);
    const out: Movement[] = [];
    const services = await servicesAmong(ctx, doc.goods);
    for (const l of doc.goods as GoodsLine[]) {
      if (services.has(l.product)) continue; // a bought service is an expense, not stock
      out.push({ register: 'stock', kind: 'receipt', dimensions: { organization: org.id, warehouse: doc.warehouse, product: l.product }, resources: { quantity: l.quantity } });
      out.push(costReceipt(org, doc, l.product, l.quantity, org.vat_status === 'general' ? l.amount! : l.total!));
    }
    out.push({ register: 'settlements', kind: 'expense', dimensions: { organization: org.id, counterparty: doc.counterparty, contract: doc.contract, document: doc.id }, resources: { amount: doc.total } });
    out.push(...(await offsetAdvances(Ledger.of(ctx), doc, -1)));
    return out;
  },
  defaultAccess: purchaseAccess,
});

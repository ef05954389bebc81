import { defineDocument } from '../../../platform/engine/declarations';
import { comment, supplierContract, organization, purchaseAccess, supplier, warehouse } from '../fields';
import { computeGoods, goodsFields, goodsHeaderFields, purchaseVat } from '../pricing';

/**
 * Заказ поставщику: what we asked a supplier for. Posting confirms the order; it moves no register
 * yet (goods on order are not tracked until an «ordered goods» register is added).
 */
export const supplierOrder = defineDocument({
  module: 'trade',
  code: 'supplier_order',
  group: 'purchases',
  title: 'Заказ поставщику',
  titleEn: 'Purchase order',
  numberPrefix: 'ЗП',
  numberBy: 'organization',
  fields: { organization, warehouse, counterparty: supplier, contract: supplierContract, delivery_date: { type: 'date', title: 'Дата поступления' }, ...goodsHeaderFields, comment },
  sections: { goods: { title: 'Товары', fields: goodsFields } },
  compute: (doc) => computeGoods(doc),
  prefill: purchaseVat,
  beforeSave: purchaseVat,
  post: () => [],
  defaultAccess: purchaseAccess,
});

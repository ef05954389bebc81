import { defineDocument } from '../../../platform/engine/declarations';
import { comment, organization, warehouseAccess } from '../fields';

/** Перемещение товаров: the same goods, another warehouse; cost is kept per organization, so it does not move. */
export const transfer = defineDocument({
  module: 'trade',
  code: 'transfer',
  group: 'warehouse',
  title: 'Перемещение товаров',
  titleEn: 'Transfer',
  numberPrefix: 'ПМ',
  numberBy: 'organization',
  fields: {
    organization,
    from_warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад-отправитель', required: true },
    to_warehouse: { type: 'ref', ref: 'warehouses', title: 'Склад-получатель', required: true },
    comment,
  },
  sections: {
    goods: {
      title: 'Товары',
      fields: { product: { type: 'ref', ref: 'products', title: 'Номенклатура', required: true }, quantity: { type: 'decimal', title: 'Количество', required: true } },
    },
  },
  post: (doc) =>
    (doc.goods as { product: string; quantity: string }[]).flatMap((l) => [
      { register: 'stock', kind: 'expense' as const, dimensions: { organization: doc.organization, warehouse: doc.from_warehouse, product: l.product }, resources: { quantity: l.quantity } },
      { register: 'stock', kind: 'receipt' as const, dimensions: { organization: doc.organization, warehouse: doc.to_warehouse, product: l.product }, resources: { quantity: l.quantity } },
    ]),
  defaultAccess: warehouseAccess,
});

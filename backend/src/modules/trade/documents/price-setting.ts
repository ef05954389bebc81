import { defineDocument } from '../../../platform/engine/declarations';
import { comment } from '../fields';

/** Установка цен номенклатуры: from its date, these are the prices of the given price type. */
export const priceSetting = defineDocument({
  module: 'trade',
  code: 'price_setting',
  group: 'sales',
  title: 'Установка цен номенклатуры',
  titleEn: 'Price setting',
  numberPrefix: 'УЦ',
  fields: { price_type: { type: 'ref', ref: 'price_types', title: 'Вид цены', required: true }, comment },
  sections: {
    prices: {
      title: 'Цены',
      fields: { product: { type: 'ref', ref: 'products', title: 'Номенклатура', required: true }, price: { type: 'money', title: 'Цена', required: true } },
    },
  },
  post: (doc) => (doc.prices as { product: string; price: number }[]).map((l) => ({ register: 'prices', dimensions: { price_type: doc.price_type, product: l.product }, resources: { price: l.price } })),
  defaultAccess: { sales_manager: ['read'], accountant: ['read', 'create', 'update', 'post'] },
});

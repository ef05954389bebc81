import { defineDocument } from '../../../platform/engine/declarations';
import { comment, customerContract, customer, organization, salesAccess } from '../fields';
import { computeGoods, salesGoodsFields, salesHeaderFields, prefillSales, checkSalesVat, requireSalesPrices } from '../pricing';
import { goodsPrintForms } from '../print-forms';

/** Счёт на оплату покупателю: a printable request to pay; posting marks it issued and moves nothing. */
export const invoiceForPayment = defineDocument({
  module: 'trade',
  code: 'invoice_for_payment',
  group: 'sales',
  title: 'Счёт на оплату',
  titleEn: 'Invoice for payment',
  numberPrefix: 'СЧ',
  numberBy: 'organization',
  fields: { organization, counterparty: customer, contract: customerContract, pay_until: { type: 'date', title: 'Оплатить до' }, ...salesHeaderFields, comment },
  sections: { goods: { title: 'Товары', fields: salesGoodsFields } },
  compute: (doc) => computeGoods(doc),
  prefill: prefillSales,
  beforeSave: async (doc, ctx) => {
    await checkSalesVat(doc, ctx);
    await requireSalesPrices(doc, ctx);
  },
  printForms: [goodsPrintForms.invoice],
  post: () => [],
  defaultAccess: salesAccess,
});

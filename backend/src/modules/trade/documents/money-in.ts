import { defineDocument } from '../../../platform/engine/declarations';
import { allocatePayment } from '../allocation';
import { organizationOf } from '../costing';
import { moneyAccess } from '../fields';
import { Ledger } from '../ledger';
import { moneyFields, moneyAccount, allocationSection } from '../money';

/** Поступление денег (на расчётный счёт или в кассу): money arrives, the payer's debts are settled, oldest first unless the lines say which. */
export const moneyIn = defineDocument({
  module: 'trade',
  code: 'money_in',
  group: 'money',
  title: 'Поступление денежных средств',
  titleEn: 'Incoming payment',
  numberPrefix: 'ПД',
  numberBy: 'organization',
  fields: moneyFields('Плательщик'),
  sections: { allocation: allocationSection },
  // A customer pays for a sale: its payer, contract and total.
  basedOn: [{ from: 'sale', copy: { amount: 'total' } }],
  post: async (doc, ctx) => {
    const org = await organizationOf(ctx, doc.organization);
    return [
      { register: 'money', kind: 'receipt', dimensions: { organization: org.id, account: moneyAccount(doc, org) }, resources: { amount: doc.amount } },
      ...(await allocatePayment(Ledger.of(ctx), doc, 1)),
    ];
  },
  defaultAccess: moneyAccess,
});

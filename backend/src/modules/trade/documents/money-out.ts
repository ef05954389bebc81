import { defineDocument } from '../../../platform/engine/declarations';
import { allocatePayment } from '../allocation';
import { organizationOf } from '../costing';
import { moneyAccess } from '../fields';
import { Ledger } from '../ledger';
import { moneyFields, moneyAccount, allocationSection } from '../money';

/** Списание денег (с расчётного счёта или из кассы): money leaves, our debts to the payee are settled, oldest first unless the lines say which. */
export const moneyOut = defineDocument({
  module: 'trade',
  code: 'money_out',
  group: 'money',
  title: 'Списание денежных средств',
  titleEn: 'Outgoing payment',
  numberPrefix: 'СД',
  numberBy: 'organization',
  fields: {
    ...moneyFields('Получатель'),
    // Set when the payment order is exported for the bank (bank-statements.ts): not exported again, and
    // the statement line that confirms it is matched by this number.
    exported_on: { type: 'date', title: 'Выгружено в банк', list: false },
    exported_number: { type: 'string', title: 'Номер в выгрузке для банка', maxLength: 40, list: false },
  },
  sections: { allocation: allocationSection },
  post: async (doc, ctx) => {
    const org = await organizationOf(ctx, doc.organization);
    return [
      { register: 'money', kind: 'expense', dimensions: { organization: org.id, account: moneyAccount(doc, org) }, resources: { amount: doc.amount } },
      ...(await allocatePayment(Ledger.of(ctx), doc, -1)),
    ];
  },
  defaultAccess: moneyAccess,
});

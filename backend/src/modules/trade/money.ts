import type { Fields, TabularSection } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';
import type { Organization } from './costing';
import { comment, contractsKept, organization } from './fields';

/** Header of Поступление / Списание денег; `party` names the counterparty's role («Плательщик», «Получатель»). */
export const moneyFields = (party: string): Fields => ({
  organization,
  kind: { type: 'enum', title: 'Вид', values: { bank: 'Безналичные', cash: 'Наличные' }, default: 'bank' },
  cash_desk: { type: 'ref', ref: 'cash_desks', title: 'Касса', userDefault: true, fillWhenOnly: true },
  counterparty: { type: 'ref', ref: 'counterparties', title: party, required: true, search: true },
  contract: { type: 'ref', ref: 'contracts', title: 'Договор', filter: { owner_id: { field: 'counterparty' } }, requiredWhen: contractsKept },
  amount: { type: 'money', title: 'Сумма', required: true },
  purpose: { type: 'text', title: 'Назначение платежа', search: true },
  incoming_number: { type: 'string', title: 'Номер платёжного документа', maxLength: 40, search: true },
  incoming_date: { type: 'date', title: 'Дата платёжного документа' },
  counterparty_account: { type: 'string', title: 'Счёт контрагента', maxLength: 20 },
  // Set by the bank statement import: number|date|amount|our account of the bank's document.
  import_key: { type: 'string', title: 'Ключ загрузки из банка', maxLength: 120, list: false },
  comment,
});

export const allocationSection: TabularSection = {
  title: 'Расшифровка платежа',
  // A payment without a breakdown settles the oldest debts (see allocation.ts).
  optional: true,
  fields: {
    contract: { type: 'ref', ref: 'contracts', title: 'Договор' },
    // Id of the sale, receipt or other settlement document this part pays.
    document: { type: 'string', title: 'Документ расчётов', maxLength: 36 },
    amount: { type: 'money', title: 'Сумма', required: true },
  },
};

/** The money register's «счёт / касса»: the organization's bank account, or the cash desk. */
export function moneyAccount(doc: Record<string, any>, org: Organization): string {
  if (doc.kind === 'cash') {
    if (!doc.cash_desk) throw Problem.unprocessable('Укажите кассу.');
    return doc.cash_desk;
  }
  if (!org.account) throw Problem.unprocessable('У организации не указан расчётный счёт — заполните его в карточке организации.');
  return org.account;
}

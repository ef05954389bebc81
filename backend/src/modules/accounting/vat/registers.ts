import { defineRegister, type Fields } from '../../../platform/engine/declarations';
import { RATE_TITLES } from './rates';

/**
 * Коды видов операций (приказ ФНС, приложение к форме декларации; Постановление 1137, графа 2 книг) that
 * WorkCloud writes: a sale and a purchase 01, an advance received 02, a correction 18, a restoration 21,
 * the deduction of an advance's VAT at the shipment that offsets it 22.
 */
export const OPERATIONS = {
  '01': 'Отгрузка (передача) или приобретение товаров, работ, услуг',
  '02': 'Оплата, частичная оплата в счёт предстоящих поставок',
  '18': 'Корректировочный счёт-фактура: изменение стоимости, в том числе возврат',
  '21': 'Восстановление сумм налога',
  '22': 'Вычет налога, исчисленного с оплаты в счёт предстоящих поставок, при отгрузке',
} as const;
export type Operation = keyof typeof OPERATIONS;

const organization = { type: 'ref', ref: 'trade.organizations', title: 'Организация' } as const;
const operation = { type: 'enum', title: 'Код вида операции', values: OPERATIONS } as const;
const money = (title: string) => ({ type: 'money', title }) as const;

/** What a book record points at: the счёт-фактура (issued or received), the counterparty and the trade document behind it. */
const recordAttributes: Fields = {
  invoice: { type: 'string', title: 'Счёт-фактура', maxLength: 36 },
  counterparty: { type: 'string', title: 'Контрагент', maxLength: 36 },
  basis: { type: 'string', title: 'Документ-основание', maxLength: 36 },
};

/**
 * Записи книги продаж: one movement per счёт-фактура, code of operation and rate, dated when the tax base
 * arises (the shipment, the advance). The month totals by organization, code and rate are what the return
 * reads (раздел 3, 9); the book reads the movements. `base` is empty for an advance (графы 14–16 are not
 * filled for code 02).
 */
export const vatSales = defineRegister({
  code: 'vat_sales',
  group: 'vat',
  title: 'НДС: записи книги продаж',
  titleEn: 'VAT: sales ledger records',
  type: 'turnover',
  dimensions: { organization, operation, rate: { type: 'enum', title: 'Ставка НДС', values: RATE_TITLES } },
  resources: { total: money('Стоимость продаж с НДС'), base: money('Стоимость продаж без НДС'), vat: money('Сумма НДС') },
  attributes: recordAttributes,
  defaultAccess: { accountant: ['read'] },
});

/** Записи книги покупок: the VAT accepted for deduction, one movement per счёт-фактура and code, dated when it is deducted. */
export const vatPurchases = defineRegister({
  code: 'vat_purchases',
  group: 'vat',
  title: 'НДС: записи книги покупок',
  titleEn: 'VAT: purchase ledger records',
  type: 'turnover',
  dimensions: { organization, operation },
  resources: { total: money('Стоимость покупок с НДС'), vat: money('Сумма НДС к вычету') },
  attributes: recordAttributes,
  defaultAccess: { accountant: ['read'] },
});

import { defineRegister, type Fields, type Movement } from '../../../platform/engine/declarations';
import { RATE_TITLES, type VatRate } from './rates';

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

/**
 * What a book record points at: the счёт-фактура (issued or received), the counterparty, the trade document
 * behind it, and the document whose entries carry its VAT on 68.02 (the sale for a shipment, the invoice itself
 * for an advance or a deduction) — what the return's check compares the account with.
 */
const recordAttributes: Fields = {
  invoice: { type: 'string', title: 'Счёт-фактура', maxLength: 36 },
  counterparty: { type: 'string', title: 'Контрагент', maxLength: 36 },
  basis: { type: 'string', title: 'Документ-основание', maxLength: 36 },
  entries_by: { type: 'string', title: 'Документ проводок по 68.02', maxLength: 36 },
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

/** A record of a book, as a movement of `vat_sales` (with its rate and base) or `vat_purchases`. */
export interface BookEntry {
  organization: string;
  operation: Operation;
  period: string;
  rate?: VatRate;
  total: number;
  base?: number;
  vat: number;
  invoice: string;
  counterparty: string;
  basis: string;
  entriesBy: string;
}

export function bookEntry(book: 'vat_sales' | 'vat_purchases', r: BookEntry): Movement {
  const sales = book === 'vat_sales';
  return {
    register: book,
    period: r.period,
    dimensions: { organization: r.organization, operation: r.operation, ...(sales ? { rate: r.rate ?? 'none' } : {}) },
    resources: sales ? { total: r.total, base: r.base ?? 0, vat: r.vat } : { total: r.total, vat: r.vat },
    attributes: { invoice: r.invoice, counterparty: r.counterparty, basis: r.basis, entries_by: r.entriesBy },
  };
}

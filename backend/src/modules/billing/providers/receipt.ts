/**
 * A 54-ФЗ receipt (чек) as the billing module describes it, whichever bank's online cash register
 * (онлайн-касса) prints it. Each adapter writes it in its provider's format: ЮKassa `receipt`, Т-Банк `Receipt`.
 *
 * What WorkCloud sells is always the same kind of thing, so the adapters fix these attributes:
 *   - subject (признак предмета расчёта, tag 1212): a service — ЮKassa `payment_subject: "service"`, Т-Банк `PaymentObject: "service"`;
 *   - mode (признак способа расчёта, tag 1214): full payment — `payment_mode` / `PaymentMethod` `"full_payment"`.
 *     The Акт is dated the payment day (payments.service credit → createAct), so the service is
 *     rendered when it is paid: a full settlement, not a prepayment.
 *   - quantity 1: each item is one invoice line, its price equal to its amount.
 */
import { sumKopecks } from '@workcloud/shared-core';
import type { VatRate } from '../../../platform/ru/vat';

/**
 * The seller's tax system (система налогообложения, tag 1055), named as Т-Банк names it in `Taxation`.
 * ЕНВД is gone since 2021 and is not offered.
 */
export const TAX_SYSTEMS = ['osn', 'usn_income', 'usn_income_outcome', 'esn', 'patent'] as const;
export type TaxSystem = (typeof TAX_SYSTEMS)[number];

export interface ReceiptItem {
  /** What is sold, as on the invoice line; the adapters cut it to the 128 characters both banks allow. */
  name: string;
  /** The item's amount with VAT, integer kopecks, > 0. */
  amountKopecks: number;
  /** The VAT rate of the invoice (all prices include VAT). */
  vatRate: VatRate;
}

export interface Receipt {
  /** Where the cash register sends the чек (tag 1008). */
  customerEmail: string;
  /** The buyer organisation (tags 1227/1228), for a receipt between organisations. */
  customerName?: string;
  customerInn?: string;
  taxSystem: TaxSystem;
  /** One per invoice line; the amounts add up to the payment's amount exactly. */
  items: ReceiptItem[];
}

/** Both ЮKassa (`description`) and Т-Банк (`Name`) take up to 128 characters. */
export const RECEIPT_NAME_MAX = 128;
/** Neither bank takes more positions in one receipt. */
export const RECEIPT_ITEMS_MAX = 100;

/** The name cut to `RECEIPT_NAME_MAX` characters (whole code points; an ellipsis marks the cut). */
export function receiptName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.length <= RECEIPT_NAME_MAX ? chars.join('') : `${chars.slice(0, RECEIPT_NAME_MAX - 1).join('')}…`;
}

/**
 * Throws unless the receipt can be sent with a payment of `amountKopecks`: items in whole positive
 * kopecks adding up to the amount exactly, named, at most 100, and an e-mail to send it to.
 * A bank would refuse such a payment anyway; this says why before anything is sent.
 */
export function assertReceiptFits(receipt: Receipt, amountKopecks: number): void {
  if (!receipt.customerEmail.includes('@')) throw new RangeError('Чек: не указан e-mail покупателя');
  if (receipt.items.length === 0 || receipt.items.length > RECEIPT_ITEMS_MAX) {
    throw new RangeError(`Чек: позиций должно быть от 1 до ${RECEIPT_ITEMS_MAX}, а их ${receipt.items.length}`);
  }
  for (const item of receipt.items) {
    if (!Number.isSafeInteger(item.amountKopecks) || item.amountKopecks <= 0) {
      throw new RangeError(`Чек: сумма позиции «${item.name}» должна быть целым положительным числом копеек, а она ${item.amountKopecks}`);
    }
    if (item.name.trim() === '') throw new RangeError('Чек: у позиции нет наименования');
  }
  const sum = sumKopecks(receipt.items.map((item) => item.amountKopecks));
  if (sum !== amountKopecks) throw new RangeError(`Чек: позиции на ${sum} коп., а платёж на ${amountKopecks} коп.`);
}

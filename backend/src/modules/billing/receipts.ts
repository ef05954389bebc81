import { distributeKopecks, sumKopecks } from '@workcloud/shared-core';
import type { VatRate } from '../../platform/ru/vat';
import type { ReceiptItem } from './providers';

/**
 * The items of the 54-ФЗ receipt for paying `payKopecks` of a Счёт: one item per invoice line, with the
 * line's description and the invoice's VAT rate. The amounts add up to `payKopecks` exactly.
 *
 * A receipt has no negative items, yet a Счёт may carry credits (an `adjustment` line for a module
 * removed mid-month) and may already be partly paid (by a bank transfer, which needs no receipt). What
 * is not paid now — the credits plus the part paid before — is taken off the positive lines in
 * proportion to their amounts, the way a discount is spread over a receipt: each line loses its share
 * rounded down, and the kopecks left over go one each to the lines with the largest remainders (the
 * earlier line on a tie: shared-core's distributeKopecks). Lines left at 0 are dropped.
 *
 * `vatRate` is the Счёт's own rate (billing_invoices.vat_rate, set at issue by generalVatRateOn(issue
 * date)), so the чек, the Счёт and its Акт state the same VAT.
 */
export function receiptItems(lines: Array<{ description: string; amountKopecks: number }>, payKopecks: number, vatRate: VatRate): ReceiptItem[] {
  if (!Number.isSafeInteger(payKopecks) || payKopecks <= 0) throw new RangeError(`Сумма к оплате ${payKopecks} — не целое положительное число копеек`);
  const positive = lines.filter((l) => l.amountKopecks > 0);
  const gross = sumKopecks(positive.map((l) => l.amountKopecks));
  if (payKopecks > gross) throw new RangeError(`К оплате ${payKopecks} коп., а строк счёта на ${gross} коп.`);
  const cuts = distributeKopecks(gross - payKopecks, positive.map((l) => l.amountKopecks));
  return positive
    .map((l, i) => ({ name: l.description, amountKopecks: l.amountKopecks - cuts[i]!, vatRate }))
    .filter((item) => item.amountKopecks > 0);
}

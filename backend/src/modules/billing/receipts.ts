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
 * earlier line on a tie). Integer arithmetic only (BigInt for the products); lines left at 0 are dropped.
 *
 * `vatRate` is the Счёт's own rate (billing_invoices.vat_rate, set at issue by generalVatRateOn(issue
 * date)), so the чек, the Счёт and its Акт state the same VAT.
 */
export function receiptItems(lines: Array<{ description: string; amountKopecks: number }>, payKopecks: number, vatRate: VatRate): ReceiptItem[] {
  if (!Number.isSafeInteger(payKopecks) || payKopecks <= 0) throw new RangeError(`Сумма к оплате ${payKopecks} — не целое положительное число копеек`);
  const positive = lines.filter((l) => l.amountKopecks > 0);
  const gross = positive.reduce((sum, l) => sum + BigInt(l.amountKopecks), 0n);
  if (BigInt(payKopecks) > gross) throw new RangeError(`К оплате ${payKopecks} коп., а строк счёта на ${gross} коп.`);
  const cut = gross - BigInt(payKopecks);

  const shares = positive.map((l, index) => {
    const product = BigInt(l.amountKopecks) * cut;
    return { index, share: product / gross, remainder: product % gross };
  });
  let left = cut - shares.reduce((sum, s) => sum + s.share, 0n);
  // left < number of lines: each remainder is < gross, and they add up to left × gross.
  for (const s of [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))) {
    if (left === 0n) break;
    s.share += 1n;
    left -= 1n;
  }
  return positive
    .map((l, i) => ({ name: l.description, amountKopecks: l.amountKopecks - Number(shares[i]!.share), vatRate }))
    .filter((item) => item.amountKopecks > 0);
}

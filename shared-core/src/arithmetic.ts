/**
 * Arithmetic on money (integer kopecks) and quantities (decimal strings) with decimal.js: exact
 * intermediate results, one rounding at the end, half-up (away from zero on a tie), as Russian
 * accounting and 1C round (Окр with Окр15как20). 0.1 × 3 never becomes 0.30000000000000004 on a line.
 */
import Decimal from 'decimal.js';

/** A decimal number as text ('2.345'), or a JS number that is exact (an integer number of kopecks). */
export type DecimalInput = string | number;

// 40 significant digits: a product of two safe integers (< 2^106 ≈ 8·10^31) is never rounded on the way
// (decimal.js defaults to 20).
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

function decimal(value: DecimalInput, what: string): Decimal {
  if (typeof value === 'number' ? !Number.isFinite(value) : !/^-?\d+(\.\d+)?$/.test(value)) {
    throw new RangeError(`${what} «${String(value)}» — не число`);
  }
  return new Exact(value);
}

function toSafeKopecks(value: Decimal): number {
  const kopecks = value.toDecimalPlaces(0).toNumber();
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`Сумма ${value.toFixed()} коп. слишком велика`);
  return kopecks === 0 ? 0 : kopecks; // never -0
}

/** A decimal amount of kopecks ('4645.161…') rounded half-up to whole kopecks. */
export function roundKopecks(value: DecimalInput): number {
  return toSafeKopecks(decimal(value, 'Сумма'));
}

/** quantity × price, rounded half-up to kopecks: ('2.345', 9999) → 23448 (234.47655 ₽ → 234.48 ₽). */
export function lineAmountKopecks(quantity: DecimalInput, priceKopecks: number): number {
  if (!Number.isSafeInteger(priceKopecks)) throw new RangeError(`Цена ${priceKopecks} должна быть целым числом копеек`);
  return toSafeKopecks(decimal(quantity, 'Количество').times(priceKopecks));
}

/**
 * kopecks × part / whole, rounded half-up: the part of an amount that falls on `part` of `whole`
 * (a monthly price for 12 of 31 days: (120000, 12, 31) → 46452; the cost of 2 of 3 pieces).
 */
export function prorateKopecks(kopecks: DecimalInput, part: DecimalInput, whole: DecimalInput): number {
  const of = decimal(whole, 'Целое');
  if (of.isZero()) throw new RangeError('Нельзя взять долю от нуля');
  return toSafeKopecks(decimal(kopecks, 'Сумма').times(decimal(part, 'Доля')).dividedBy(of));
}

/** The exact sum of amounts in kopecks (null and undefined count as 0); throws beyond 2^53. */
export function sumKopecks(values: Iterable<number | string | null | undefined>): number {
  let sum = new Exact(0);
  for (const v of values) if (v !== null && v !== undefined) sum = sum.plus(decimal(v, 'Сумма'));
  return toSafeKopecks(sum);
}

/** An amount split into the part without VAT, the VAT and the whole; each in kopecks, net + vat = gross. */
export interface VatSplit {
  netKopecks: number;
  vatKopecks: number;
  grossKopecks: number;
}

/**
 * VAT inside an amount that includes it («в т.ч. НДС»): vat = gross × rate / (100 + rate), half-up.
 * `ratePercent` is the rate in percent as a decimal string ('22', '10', '0'). (12200, '22') → vat 2200.
 * A negative amount (a credit) has negative VAT of the same size.
 */
export function extractVat(grossKopecks: number, ratePercent: DecimalInput): VatSplit {
  const rate = decimal(ratePercent, 'Ставка НДС');
  const vatKopecks = toSafeKopecks(decimal(grossKopecks, 'Сумма').times(rate).dividedBy(rate.plus(100)));
  return { netKopecks: grossKopecks - vatKopecks, vatKopecks, grossKopecks };
}

/** VAT on top of an amount without it («НДС сверху»): vat = net × rate / 100, half-up. (30000, '22') → vat 6600. */
export function addVat(netKopecks: number, ratePercent: DecimalInput): VatSplit {
  const vatKopecks = toSafeKopecks(decimal(netKopecks, 'Сумма').times(decimal(ratePercent, 'Ставка НДС')).dividedBy(100));
  return { netKopecks, vatKopecks, grossKopecks: toSafeKopecks(new Exact(netKopecks).plus(vatKopecks)) };
}

/**
 * `totalKopecks` split over positive integer `weights` in proportion, whole kopecks that add up to the total
 * exactly: each part is its share rounded down, and the kopecks left over go one each to the parts with the
 * largest remainders (the earlier part on a tie) — the way a discount is spread over the lines of a receipt.
 * (100001, [100000, 100000, 100000]) → [33334, 33334, 33333].
 */
export function distributeKopecks(totalKopecks: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(totalKopecks) || totalKopecks < 0) throw new RangeError(`Распределяемая сумма ${totalKopecks} — не целое неотрицательное число копеек`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w <= 0)) throw new RangeError('Веса распределения должны быть целыми положительными числами');
  if (weights.length === 0) {
    if (totalKopecks === 0) return [];
    throw new RangeError(`Сумму ${totalKopecks} коп. не на что распределить`);
  }
  const whole = weights.reduce((s, w) => s.plus(w), new Exact(0));
  const parts = weights.map((w, index) => {
    const product = new Exact(w).times(totalKopecks);
    const share = product.dividedToIntegerBy(whole);
    return { index, share: share.toNumber(), remainder: product.minus(share.times(whole)) };
  });
  // Fewer kopecks are left than there are parts: each remainder is < whole, and they add up to left × whole.
  let left = totalKopecks - parts.reduce((s, p) => s + p.share, 0);
  for (const p of [...parts].sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index)) {
    if (left === 0) break;
    p.share += 1;
    left -= 1;
  }
  return parts.map((p) => p.share);
}

/** A quantity rounded half-up to `scale` decimals, as a plain decimal string: ('2.3456', 3) → '2.346'. */
export function roundQuantity(quantity: DecimalInput, scale: number): string {
  return decimal(quantity, 'Количество').toDecimalPlaces(scale).toFixed();
}

/**
 * VAT (НДС) rates and per-line VAT arithmetic, the way 1C computes a document line.
 * Money is integer kopecks; the arithmetic is shared-core's (decimal.js, half-up), never JS floats.
 */
import { addVat, extractVat, isIsoDate, lineAmountKopecks } from '@workcloud/shared-core';

/** vat5 and vat7 are the reduced rates for УСН payers; 'none' means «Без НДС» (not a VAT payer / exempt). */
export type VatRate = 'vat22' | 'vat20' | 'vat10' | 'vat0' | 'none' | 'vat5' | 'vat7';

const PERCENT: Record<VatRate, number> = {
  vat22: 22,
  vat20: 20,
  vat10: 10,
  vat0: 0,
  none: 0,
  vat5: 5,
  vat7: 7,
};

export function vatPercent(rate: VatRate): number {
  return PERCENT[rate];
}

/** 20 % general rate since 2019-01-01 (before it was 18 %, a rate this type does not model). */
const VAT20_FROM = '2019-01-01';
/** 22 % general rate since 2026-01-01 (law 425-ФЗ of 28.11.2025). */
const VAT22_FROM = '2026-01-01';

/** 5 % and 7 % for УСН payers since 2025-01-01 (law 176-ФЗ of 12.07.2024). */
export const USN_VAT_FROM = '2025-01-01';

/** General VAT rate for a document dated `date` (YYYY-MM-DD). */
export function generalVatRateOn(date: string): VatRate {
  if (!isIsoDate(date)) {
    throw new RangeError(`Дата "${date}" должна быть в виде ГГГГ-ММ-ДД`);
  }
  if (date < VAT20_FROM) {
    // Returning 20 % here would silently give a wrong tax; such old documents need an 18 % rate first.
    throw new RangeError(`На ${date} общая ставка НДС была 18 %, эта ставка не поддерживается`);
  }
  return date >= VAT22_FROM ? 'vat22' : 'vat20';
}

export interface LineInput {
  /** Decimal string with up to 3 decimals, e.g. "2.5". */
  quantity: string;
  priceKopecks: number;
  rate: VatRate;
  /** true when the price already contains VAT («Сумма включает НДС» in 1C). */
  priceIncludesVat: boolean;
}

export interface LineAmounts {
  /** Amount without VAT. */
  amountKopecks: number;
  vatKopecks: number;
  /** Amount with VAT. */
  totalKopecks: number;
}

/**
 * Amount, VAT and total of one document line, each rounded to kopecks on the line.
 * Price with VAT:    total = qty·price, vat = total·p/(100+p), amount = total − vat.
 * Price without VAT: amount = qty·price, vat = amount·p/100, total = amount + vat.
 */
export function computeLine(line: LineInput): LineAmounts {
  if (!/^\d+(\.\d{1,3})?$/.test(line.quantity)) {
    throw new RangeError(`Количество "${line.quantity}" должно быть неотрицательным числом с точкой и не более чем 3 знаками после неё`);
  }
  if (!Number.isSafeInteger(line.priceKopecks) || line.priceKopecks < 0) {
    throw new RangeError(`Цена ${line.priceKopecks} должна быть неотрицательным целым числом копеек`);
  }
  const lineSum = lineAmountKopecks(line.quantity, line.priceKopecks);
  const vat = line.priceIncludesVat ? extractVat(lineSum, vatPercent(line.rate)) : addVat(lineSum, vatPercent(line.rate));
  return { amountKopecks: vat.netKopecks, vatKopecks: vat.vatKopecks, totalKopecks: vat.grossKopecks };
}

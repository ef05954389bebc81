/**
 * Quantities are exact decimal strings ('12.500'); the engine's `decimal` fields have a scale (digits after
 * the point, 3 by default). Parsing and printing them here is string work: no float, no rounding.
 * Rounding to a scale is `roundQuantity` (arithmetic.ts).
 */
import { groupThousands, MINUS } from './money';

/** The scale of a `decimal` field when its declaration gives none. */
export const DEFAULT_QUANTITY_SCALE = 3;

/**
 * What a person typed as a number → a plain decimal string, or null when it is not one:
 * «1 000,5» → '1000.5', '-2.25' → '-2.25'. With `scale`, more digits after the point than that are
 * refused (null) instead of being cut.
 */
export function parseQuantity(input: string, scale?: number): string | null {
  const s = input.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  const m = /^-?\d+(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  if (scale !== undefined && (m[1]?.length ?? 0) > scale) return null;
  return s;
}

/**
 * A quantity as Russians read it: '12500.500' → «12 500,5» (no-break spaces, a comma, trailing zeros
 * dropped), '-2' → «−2». Text that is not a number comes back as it is.
 */
export function formatQuantity(value: string | number, minus: string = MINUS): string {
  const s = parseQuantity(String(value));
  if (s === null) return String(value);
  const negative = s.startsWith('-');
  const [whole, fraction = ''] = s.replace('-', '').split('.');
  const tail = fraction.replace(/0+$/, '');
  const zero = /^0+$/.test(whole!) && tail === '';
  return `${negative && !zero ? minus : ''}${groupThousands(whole!)}${tail ? `,${tail}` : ''}`;
}

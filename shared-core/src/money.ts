/**
 * Money is an integer number of kopecks everywhere: in the database, in the API and in the UI.
 * Turning it into text and back is done here, on digit strings, so a float never touches an amount
 * (0.29 × 100 is 28.999999999999996) and amounts beyond 2^53 kopecks still print exactly.
 * Arithmetic that rounds (quantity × price, VAT, shares) is in arithmetic.ts.
 */

/** Kopecks as they arrive: a number, a bigint, or a string of digits (PostgreSQL bigint). */
export type KopecksLike = number | bigint | string;

/** U+00A0: groups thousands and separates «₽» without letting a line wrap inside an amount. */
export const NBSP = '\u00a0';
/** U+2212, the minus sign of printed amounts («−123,45 ₽»). */
export const MINUS = '\u2212';

/** Throws unless `kopecks` is a whole number of kopecks that a JS number holds exactly. */
export function assertSafeKopecks(kopecks: number, what = 'Сумма'): void {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`${what} должна быть целым числом копеек, получено ${kopecks}`);
}

/** Sign and digits of a whole number of kopecks: -12345 → { negative: true, digits: '12345' }. */
function splitKopecks(kopecks: KopecksLike): { negative: boolean; digits: string } {
  if (typeof kopecks === 'number') assertSafeKopecks(kopecks);
  const text = typeof kopecks === 'string' ? kopecks.trim() : String(kopecks);
  const m = /^(-?)0*(\d+)$/.exec(text);
  if (!m) throw new RangeError(`Сумма «${String(kopecks)}» — не целое число копеек`);
  const digits = m[2]!;
  return { negative: m[1] === '-' && /[1-9]/.test(digits), digits };
}

/** Rubles and kopecks of a whole number of kopecks as digit strings: 5 → ['0', '05']. */
function rublesAndKopecks(digits: string): [string, string] {
  const padded = digits.padStart(3, '0');
  return [padded.slice(0, -2).replace(/^0+(?=\d)/, ''), padded.slice(-2)];
}

/** '1234567' → '1 234 567' (no-break spaces). */
export function groupThousands(digits: string, separator = NBSP): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * Kopecks as a machine-readable decimal with two places and a point: 123456 → '1234.56', -5 → '-0.05'.
 * The form payment providers, bank files and the УПД XML take.
 */
export function kopecksToRubles(kopecks: KopecksLike): string {
  const { negative, digits } = splitKopecks(kopecks);
  const [rubles, kop] = rublesAndKopecks(digits);
  return `${negative ? '-' : ''}${rubles}.${kop}`;
}

/**
 * A machine-written amount in rubles → kopecks: '1234.56' → 123456, '-0.5' → -50, '12' → 1200.
 * Throws a RangeError for anything else (commas, spaces, exponents, more than two decimals) and for
 * amounts a JS number cannot hold exactly. People's input goes through `parseRubles` instead.
 */
export function rublesToKopecks(value: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) throw new RangeError(`Сумма «${value}» не в формате 1234.56`);
  const kopecks = Number(`${m[1]}${m[2]}${(m[3] ?? '').padEnd(2, '0')}`);
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`Сумма «${value}» слишком велика`);
  return kopecks === 0 ? 0 : kopecks;
}

/**
 * What a person typed as an amount → kopecks, or null when it is not one:
 * «1 234,56», «1234.5», «12 ₽», «-0,07». At most two decimals («1,234» is not an amount: a typo
 * for 1 234 or for 1,23 — it is refused rather than guessed).
 */
export function parseRubles(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f₽]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{0,2})?$/.test(s)) return null;
  try {
    return rublesToKopecks(s.replace(/\.$/, ''));
  } catch {
    return null; // beyond what a JS number holds exactly
  }
}

export interface RublesFormat {
  /** Append «₽» after a no-break space (default true). */
  currency?: boolean;
  /** Group thousands with no-break spaces (default true). */
  grouping?: boolean;
  /** The sign of a negative amount: '−' (U+2212, default) or '-'. */
  minus?: string;
}

/**
 * Kopecks as Russians read an amount: 123456 → «1 234,56 ₽», −5 → «−0,05 ₽».
 * `{ currency: false }` → «1 234,56» (tables, print forms); `{ currency: false, grouping: false, minus: '-' }`
 * → «1234,56» (an input field).
 */
export function formatRubles(kopecks: KopecksLike, format: RublesFormat = {}): string {
  const { currency = true, grouping = true, minus = MINUS } = format;
  const { negative, digits } = splitKopecks(kopecks);
  const [rubles, kop] = rublesAndKopecks(digits);
  return `${negative ? minus : ''}${grouping ? groupThousands(rubles) : rubles},${kop}${currency ? `${NBSP}₽` : ''}`;
}

/**
 * Exact arithmetic for quantities (decimal strings like "12.500") and money (integer kopecks):
 * BigInt only, so 0.1 × 3 never becomes 0.30000000000000004 on a line of an invoice.
 */

/** "1 000,5" / "1000.5" → "1000.5"; null when it is not a number. */
export function normalizeDecimal(input: string): string | null {
  const s = input.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? s : null;
}

/** quantity × price, rounded half away from zero to whole kopecks (as the backend's Decimal ROUND_HALF_UP). */
export function lineAmountKopecks(quantity: string | null | undefined, priceKopecks: number | null | undefined): number | null {
  const q = normalizeDecimal(String(quantity ?? ''));
  if (q === null || priceKopecks === null || priceKopecks === undefined) return null;
  const [whole, frac = ''] = q.replace('-', '').split('.');
  const scale = 10n ** BigInt(frac.length);
  const product = BigInt(whole + frac) * BigInt(priceKopecks);
  const neg = q.startsWith('-') !== product < 0n;
  const abs = product < 0n ? -product : product;
  const rounded = (abs * 2n + scale) / (2n * scale);
  return Number(neg && rounded !== 0n ? -rounded : rounded);
}

export function sumKopecks(values: (number | null | undefined)[]): number {
  return Number(values.reduce<bigint>((s, v) => s + BigInt(v ?? 0), 0n));
}

/** "12500.500" → "12 500,5" (Russian grouping and comma, trailing zeros dropped). */
export function formatDecimal(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const s = normalizeDecimal(String(value));
  if (s === null) return String(value);
  const neg = s.startsWith('-');
  const [whole, frac = ''] = s.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const tail = frac.replace(/0+$/, '');
  return `${neg ? '−' : ''}${grouped}${tail ? ',' + tail : ''}`;
}

/** "2026-11-26" → "26.11.2026" without time zones getting involved. */
export function formatIsoDate(value: unknown): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '—';
}

/** Today in Moscow, the engine's default document date. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
}

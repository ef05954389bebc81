const rub = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * Integer kopecks → "1 900,00 ₽". Rubles and kopecks are split with integer arithmetic so no
 * float ever touches the amount; Intl only draws the separators.
 */
export function formatKopecks(kopecks: number | string | null | undefined): string {
  const k = BigInt(kopecks ?? 0);
  const neg = k < 0n;
  const abs = neg ? -k : k;
  const rubles = abs / 100n;
  const cents = abs % 100n;
  const parts = rub.formatToParts(0);
  const currency = parts.find((p) => p.type === 'currency')?.value ?? '₽';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? ',';
  const whole = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 }).format(rubles);
  return `${neg ? '−' : ''}${whole}${decimal}${cents.toString().padStart(2, '0')}\u00a0${currency}`;
}

/** "1 900,50" / "1900.5" → 190050 kopecks, or null when it is not an amount. String-based, no floats. */
export function parseRublesToKopecks(input: string): number | null {
  const s = input.replace(/[\s\u00a0₽]/g, '').replace(',', '.');
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const kop = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return Number(m[1] ? -kop : kop);
}

/** Kopecks → "1900,50" for an input field. */
export function kopecksToInput(kopecks: number | null | undefined): string {
  if (kopecks === null || kopecks === undefined) return '';
  const k = BigInt(kopecks);
  const abs = k < 0n ? -k : k;
  return `${k < 0n ? '-' : ''}${abs / 100n},${(abs % 100n).toString().padStart(2, '0')}`;
}

export function formatDate(value: string | null | undefined, lang = 'ru'): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'ru-RU');
}

export function formatDateTime(value: string | null | undefined, lang = 'ru'): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString(lang === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short', timeStyle: 'short' });
}

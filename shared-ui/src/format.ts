import { formatRubles, parseRubles, type KopecksLike } from '@workcloud/shared-core';

/** Integer kopecks → «1 900,00 ₽» (shared-core's formatRubles, exact beyond 2^53); nothing → «0,00 ₽». */
export function formatKopecks(kopecks: KopecksLike | null | undefined): string {
  return formatRubles(kopecks ?? 0);
}

/** «1 900,50» / «1900.5» / «12 ₽» → 190050 kopecks, or null when it is not an amount (shared-core's parseRubles). */
export function parseRublesToKopecks(input: string): number | null {
  return parseRubles(input);
}

/** Kopecks → «1900,50» for an input field. */
export function kopecksToInput(kopecks: number | null | undefined): string {
  if (kopecks === null || kopecks === undefined) return '';
  return formatRubles(kopecks, { currency: false, grouping: false, minus: '-' });
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

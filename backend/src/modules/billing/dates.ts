/**
 * Calendar dates of billing as 'YYYY-MM-DD' strings. Invoices, due dates and trial ends are days in
 * Moscow (UTC+3 all year, no daylight saving): a payment at 23:30 on the 31st Moscow time
 * (20:30 UTC) belongs to the 31st. Timestamps themselves are stored in UTC.
 */
const MOSCOW_OFFSET_MS = 3 * 3600 * 1000;

/** The Moscow calendar day of an instant. */
export function moscowDate(at: Date): string {
  return new Date(at.getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  const d = utc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysInMonth(date: string): number {
  const d = utc(date);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

export function firstOfMonth(date: string): string {
  return date.slice(0, 8) + '01';
}

export function endOfMonth(date: string): string {
  return date.slice(0, 8) + String(daysInMonth(date)).padStart(2, '0');
}

/** Days from `from` to `to`, both included: 2026-03-20 … 2026-03-31 is 12 days. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((utc(to).getTime() - utc(from).getTime()) / 86_400_000) + 1;
}

/** 'март 2026' — for invoice lines. */
export function monthTitle(date: string): string {
  const months = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
  return `${months[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** '20.03.2026' */
export function ruDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/**
 * Values of engine fields as the UI shows and reads them. The rules are @workcloud/shared-core's, the
 * same code the backend runs: quantities are exact decimal strings, money is integer kopecks, and
 * "today" is the calendar day in the company's time zone. Only what a home card needs is here (this
 * file is part of /core); quantity × price of a form line is in computed.ts.
 */
import { businessDate, canonicalTimeZone, DEFAULT_TIME_ZONE, formatQuantity, parseQuantity } from '@workcloud/shared-core';

/** "1 000,5" / "1000.5" → "1000.5"; null when it is not a number. */
export function normalizeDecimal(input: string): string | null {
  return parseQuantity(input);
}

/** "12500.500" → "12 500,5" (Russian grouping and comma, trailing zeros dropped); nothing → «—». */
export function formatDecimal(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return formatQuantity(String(value));
}

/** "2026-11-26" → "26.11.2026" without time zones getting involved. */
export function formatIsoDate(value: unknown): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
  return m ? `${m[3]}.${m[2]}.${m[1]}` : '—';
}

let tenantTimeZone = DEFAULT_TIME_ZONE;

/** The company's time zone (from /api/me; the owner's console and an unknown zone: Moscow, the platform's). */
export function setTenantTimeZone(zone: string | null | undefined): void {
  tenantTimeZone = canonicalTimeZone(zone) ?? DEFAULT_TIME_ZONE;
}

export function getTenantTimeZone(): string {
  return tenantTimeZone;
}

/**
 * Today in the company's time zone, as 'YYYY-MM-DD': the default date of a new document and of a report,
 * the same day the backend takes for a document saved without a date.
 */
export function todayIso(now: Date = new Date()): string {
  return businessDate(now, tenantTimeZone);
}

/**
 * Calendar dates of billing as 'YYYY-MM-DD' strings. Invoices, due dates and trial ends are days of the
 * platform's time zone, Moscow (shared-core's DEFAULT_TIME_ZONE): a payment at 23:30 on the 31st Moscow
 * time (20:30 UTC) belongs to the 31st, whichever zone the client company works in. Timestamps themselves
 * are stored in UTC. Day arithmetic is shared-core's.
 */
import { businessDate, DEFAULT_TIME_ZONE } from '@workcloud/shared-core';

export { addDays, daysInMonth, monthEnd as endOfMonth } from '@workcloud/shared-core';

/** Billing's days are Moscow's. */
export const BILLING_TIME_ZONE = DEFAULT_TIME_ZONE;

/** The zone as an SQL literal: `(at AT TIME ZONE ${BILLING_ZONE_SQL})::date` is moscowDate(at) in a query. */
export const BILLING_ZONE_SQL = `'${BILLING_TIME_ZONE}'`;

/** The Moscow calendar day of an instant. */
export function moscowDate(at: Date): string {
  return businessDate(at, BILLING_TIME_ZONE);
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
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

import { prorateKopecks } from '@workcloud/shared-core';
import { daysInclusive, daysInMonth } from './dates';

export interface Proration {
  amountKopecks: number;
  days: number;
  daysInMonth: number;
}

/**
 * The part of a monthly price for the days `from`…`to` (both included, one calendar month):
 * price × days / days in month, rounded half-up to kopecks.
 * Example: 1 200,00 ₽ from 20 to 31 March = 120000 × 12 / 31 = 46451.61… → 46452 kopecks.
 */
export function prorate(monthlyPriceKopecks: number, from: string, to: string): Proration {
  if (from.slice(0, 7) !== to.slice(0, 7) || from > to) throw new RangeError(`Период ${from}…${to} должен лежать в одном месяце`);
  const days = daysInclusive(from, to);
  const inMonth = daysInMonth(from);
  return { amountKopecks: prorateKopecks(monthlyPriceKopecks, days, inMonth), days, daysInMonth: inMonth };
}

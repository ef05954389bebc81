import Decimal from 'decimal.js';
import type { EntrySide, Journal } from './journal';

/** December's «Закрытие месяца» closes the year as well. */
export const isYearEnd = (month: string) => month.slice(5, 7) === '12';

/** How «Закрытие месяца» books an entry of a step (and follows the balances it moves). */
type Book = (no: number, title: string, debit: EntrySide, credit: EntrySide, amount: Decimal) => void;

/** The step number of the reformation in the closing's report: after the month's eight. */
export const REFORMATION_STEP = 9;

/**
 * Реформация баланса, the last step of December's «Закрытие месяца», as 1C:Бухгалтерия 3.0 does it: the
 * year's result gathered on 99 (every month's 90.09 and 91.09 are closed to it; the sub-accounts of 90 and
 * 91 are closed every month, December's too) goes to 84, dated 31 December — a profit Дт 99 Кт 84.01
 * «Прибыль, подлежащая распределению», a loss Дт 84.02 «Убыток, подлежащий покрытию» Кт 99 — so 99 starts
 * the new year empty. `balance` is 99's balance (Дт − Кт) at the year's end after the month's own steps;
 * the whole balance is carried, a result of earlier years never reformed included.
 */
export function reformBalance(journal: Journal, year: string, balance: Decimal, book: Book): void {
  const profit = journal.side('99');
  if (balance.isNegative()) book(REFORMATION_STEP, `Реформация баланса: чистая прибыль ${year} года`, profit, journal.side('84.01'), balance.negated());
  if (balance.isPositive()) book(REFORMATION_STEP, `Реформация баланса: непокрытый убыток ${year} года`, journal.side('84.02'), profit, balance);
}

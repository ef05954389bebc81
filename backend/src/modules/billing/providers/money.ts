/**
 * Kopecks ⇄ the "1000.00" strings ЮKassa uses (shared-core's conversions: a float never touches money,
 * 0.1 + 0.2 !== 0.3 and 1000.005 has no exact binary form), with what a payment amount must be.
 */
import { kopecksToRubles as toRubles, rublesToKopecks as fromRubles } from '@workcloud/shared-core';

/** Throws unless `kopecks` is a whole, positive amount that a JS number holds exactly. */
export function assertKopecks(kopecks: number): void {
  if (!Number.isSafeInteger(kopecks) || kopecks <= 0) {
    throw new RangeError(`Сумма должна быть целым положительным числом копеек, получено ${kopecks}`);
  }
}

/** 100050 → "1000.50" */
export function kopecksToRubles(kopecks: number): string {
  assertKopecks(kopecks);
  return toRubles(kopecks);
}

/** "1000.50" → 100050. Only the exact two-decimal form that ЮKassa sends for RUB is accepted. */
export function rublesToKopecks(value: string): number {
  if (!/^\d+\.\d{2}$/.test(value)) throw new RangeError(`Сумма «${value}» не в формате 1000.00`);
  return fromRubles(value);
}

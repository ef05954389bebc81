/**
 * Kopecks ⇄ the "1000.00" strings ЮKassa uses, with integer and string arithmetic only:
 * a float never touches money (0.1 + 0.2 !== 0.3, and 1000.005 has no exact binary form).
 */

/** Throws unless `kopecks` is a whole, positive amount that a JS number holds exactly. */
export function assertKopecks(kopecks: number): void {
  if (!Number.isSafeInteger(kopecks) || kopecks <= 0) {
    throw new RangeError(`Сумма должна быть целым положительным числом копеек, получено ${kopecks}`);
  }
}

/** 100050 → "1000.50" */
export function kopecksToRubles(kopecks: number): string {
  assertKopecks(kopecks);
  const rubles = Math.trunc(kopecks / 100); // exact: kopecks is a safe integer
  return `${rubles}.${String(kopecks % 100).padStart(2, '0')}`;
}

/** "1000.50" → 100050. Only the exact two-decimal form that ЮKassa sends for RUB is accepted. */
export function rublesToKopecks(value: string): number {
  const match = /^(\d+)\.(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`Сумма «${value}» не в формате 1000.00`);
  const kopecks = Number(match[1]) * 100 + Number(match[2]);
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`Сумма «${value}» слишком велика`);
  return kopecks;
}

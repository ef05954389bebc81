/**
 * A product's barcode as a scanner reads it: EAN-8, UPC-A (12), EAN-13 or GTIN-14 — digits whose last one
 * is the GS1 check digit (weights 3 and 1 from the right, the sum rounded up to a ten). A typo in one
 * digit or two swapped neighbours is caught here, not at the till.
 */
export function barcodeProblem(value: unknown): string | null {
  const code = String(value).trim();
  if (!/^\d+$/.test(code) || ![8, 12, 13, 14].includes(code.length)) return 'штрихкод EAN-8, EAN-13 или GTIN — 8, 12, 13 или 14 цифр';
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  const expected = (10 - (sum % 10)) % 10;
  return check === expected ? null : `неверная контрольная цифра (последняя должна быть ${expected}) — проверьте, не опечатка ли в штрихкоде`;
}

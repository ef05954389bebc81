/**
 * Russian company and bank identifiers: ИНН, КПП, ОГРН/ОГРНИП, БИК, bank account numbers.
 * Algorithms and test vectors: /work/shared/reference/checksums.md.
 */
import { z } from 'zod';

const digitsOf = (s: string): number[] => [...s].map(Number);

/** Σ digit·weight over the first `weights.length` digits. */
const weightedSum = (digits: number[], weights: number[]): number =>
  weights.reduce((sum, weight, i) => sum + weight * digits[i], 0);

/** Remainder of a long decimal string divided by `divisor`, without converting it to a float. */
const remainderOf = (digits: string, divisor: number): number =>
  [...digits].reduce((rest, d) => (rest * 10 + Number(d)) % divisor, 0);

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

const innCheckDigit = (digits: number[], weights: number[]): number =>
  (weightedSum(digits, weights) % 11) % 10;

/** ИНН of an organisation (10 digits) or of a person / sole trader (12 digits). */
export function isValidInn(s: string): boolean {
  if (/^\d{10}$/.test(s)) {
    const d = digitsOf(s);
    return innCheckDigit(d, INN10_WEIGHTS) === d[9];
  }
  if (/^\d{12}$/.test(s)) {
    const d = digitsOf(s);
    return innCheckDigit(d, INN12_WEIGHTS_11) === d[10] && innCheckDigit(d, INN12_WEIGHTS_12) === d[11];
  }
  return false;
}

/** КПП has no check digit; only its shape can be checked (two letters are allowed in positions 5–6). */
const KPP_PATTERN = /^([0-9][1-9]|[1-9][0-9])[0-9]{2}[0-9A-Z]{2}[0-9]{3}$/;

export function isValidKpp(s: string): boolean {
  return KPP_PATTERN.test(s);
}

/**
 * ОГРН (13 digits, first digit 1 or 5) or ОГРНИП (15 digits, first digit 3).
 * The first digit tells the kind of record; other first digits are ГРН of later changes, not ОГРН.
 */
export function isValidOgrn(s: string): boolean {
  if (/^[15]\d{12}$/.test(s)) {
    return remainderOf(s.slice(0, 12), 11) % 10 === Number(s[12]);
  }
  if (/^3\d{14}$/.test(s)) {
    return remainderOf(s.slice(0, 14), 13) % 10 === Number(s[14]);
  }
  return false;
}

/**
 * БИК: 9 digits starting with 04 (banks and Bank of Russia units) or 01 (territorial bodies of the
 * Federal Treasury, ТОФК, since 2021 — the payments to the tax service in our samples go there).
 * We accept exactly these two prefixes: mistyped first digits are then caught here, not by the bank.
 */
const BIK_PATTERN = /^0[14]\d{7}$/;

export function isValidBik(s: string): boolean {
  return BIK_PATTERN.test(s);
}

const isTreasuryBik = (bik: string): boolean => bik.startsWith('01');

const ACCOUNT_KEY_WEIGHTS = [7, 1, 3];

/** Control key of an account number: 3-digit prefix + 20-digit account, weights 7,1,3 repeating, sum ends in 0. */
function hasValidKey(prefix: string, account: string): boolean {
  const digits = digitsOf(prefix + account);
  return digits.reduce((sum, d, i) => sum + d * ACCOUNT_KEY_WEIGHTS[i % 3], 0) % 10 === 0;
}

/**
 * Client account (расчётный счёт) held at the bank with this БИК.
 * Treasury accounts (03…) at a ТОФК carry no control key (their key digit is always 0), so for them
 * only the shape is checked.
 */
export function isValidBankAccount(bik: string, account: string): boolean {
  return bankAccountIssue(bik, account) === null;
}

/**
 * Correspondent account of the bank with this БИК: 30101… for banks (ending in the last 3 digits
 * of the БИК), the single treasury account 40102… (ЕКС) for a ТОФК.
 */
export function isValidCorrAccount(bik: string, corr: string): boolean {
  return corrAccountIssue(bik, corr) === null;
}

// Messages a person can act on, shared by the functions above and the zod schemas below.
const MESSAGES = {
  innFormat: 'ИНН должен состоять из 10 или 12 цифр',
  innChecksum: 'Неверная контрольная сумма ИНН — проверьте цифры',
  kppFormat: 'КПП должен состоять из 9 символов: цифры, в 5-й и 6-й позиции допустимы заглавные латинские буквы',
  ogrnFormat: 'ОГРН должен состоять из 13 цифр (начинается с 1 или 5), ОГРНИП — из 15 цифр (начинается с 3)',
  ogrnChecksum: 'Неверная контрольная цифра ОГРН — проверьте цифры',
  bikFormat: 'БИК должен состоять из 9 цифр',
  bikPrefix: 'БИК российского банка начинается с 04 (у органов Федерального казначейства — с 01)',
  accountFormat: 'Номер счёта должен состоять из 20 цифр',
  accountKey: 'Номер счёта не сходится с БИК банка — проверьте цифры счёта и БИК',
  corrFormat: 'Корреспондентский счёт должен состоять из 20 цифр',
  corrBankPrefix: 'Корреспондентский счёт банка начинается с 30101',
  corrTreasuryPrefix: 'Корреспондентский счёт органа Федерального казначейства (ЕКС) начинается с 40102',
  corrBikSuffix: 'Корреспондентский счёт должен оканчиваться на те же три цифры, что и БИК',
  corrKey: 'Корреспондентский счёт не сходится с БИК банка — проверьте цифры счёта и БИК',
} as const;

function bikIssue(bik: string): string | null {
  if (!/^\d{9}$/.test(bik)) return MESSAGES.bikFormat;
  if (!isValidBik(bik)) return MESSAGES.bikPrefix;
  return null;
}

/** Why a client account does not fit the БИК, in Russian, or null when it is valid. */
export function bankAccountIssue(bik: string, account: string): string | null {
  const issue = bikIssue(bik);
  if (issue) return issue;
  if (!/^\d{20}$/.test(account)) return MESSAGES.accountFormat;
  if (isTreasuryBik(bik) && account.startsWith('03')) return null;
  return hasValidKey(bik.slice(-3), account) ? null : MESSAGES.accountKey;
}

/** Why a correspondent account does not fit the БИК, in Russian, or null when it is valid. */
export function corrAccountIssue(bik: string, corr: string): string | null {
  const issue = bikIssue(bik);
  if (issue) return issue;
  if (!/^\d{20}$/.test(corr)) return MESSAGES.corrFormat;
  if (isTreasuryBik(bik)) {
    if (!corr.startsWith('40102')) return MESSAGES.corrTreasuryPrefix;
  } else {
    if (!corr.startsWith('30101')) return MESSAGES.corrBankPrefix;
    if (corr.slice(-3) !== bik.slice(-3)) return MESSAGES.corrBikSuffix;
  }
  // A correspondent account is keyed with the Bank of Russia unit: "0" + digits 5–6 of the БИК.
  return hasValidKey('0' + bik.slice(4, 6), corr) ? null : MESSAGES.corrKey;
}

// Zod schemas for forms and API input. They trim surrounding spaces (people paste them) and stop
// at the first failed check, so a person sees one message about the real problem.

export const innSchema = z
  .string({ error: MESSAGES.innFormat })
  .trim()
  .regex(/^(\d{10}|\d{12})$/, { error: MESSAGES.innFormat, abort: true })
  .refine(isValidInn, MESSAGES.innChecksum);

export const kppSchema = z.string({ error: MESSAGES.kppFormat }).trim().regex(KPP_PATTERN, MESSAGES.kppFormat);

export const ogrnSchema = z
  .string({ error: MESSAGES.ogrnFormat })
  .trim()
  .regex(/^([15]\d{12}|3\d{14})$/, { error: MESSAGES.ogrnFormat, abort: true })
  .refine(isValidOgrn, MESSAGES.ogrnChecksum);

export const bikSchema = z
  .string({ error: MESSAGES.bikFormat })
  .trim()
  .regex(/^\d{9}$/, { error: MESSAGES.bikFormat, abort: true })
  .regex(BIK_PATTERN, MESSAGES.bikPrefix);

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  bankAccountIssue,
  bikSchema,
  corrAccountIssue,
  innSchema,
  isValidBankAccount,
  isValidBik,
  isValidCorrAccount,
  isValidInn,
  isValidKpp,
  isValidOgrn,
  kppSchema,
  ogrnSchema,
} from './identifiers';

/** Messages of a failed parse, or [] when the value is valid. */
const messagesOf = (schema: z.ZodType, value: unknown): string[] =>
  schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];

describe('ИНН', () => {
  it('accepts the vectors from checksums.md', () => {
    expect(isValidInn('1234567894')).toBe(true);
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('123456789047')).toBe(true);
  });

  it('turns a remainder of 10 into check digit 0 (constructed: weighted sum 285 = 25·11 + 10)', () => {
    expect(isValidInn('4234567890')).toBe(true);
  });

  it('rejects one changed digit', () => {
    expect(isValidInn('1234567895')).toBe(false);
    expect(isValidInn('7707083393')).toBe(false);
    expect(isValidInn('123456789048')).toBe(false); // 12th check digit
    expect(isValidInn('123456789057')).toBe(false); // 11th check digit
    expect(isValidInn('223456789047')).toBe(false);
  });

  it('rejects wrong length, letters and spaces', () => {
    expect(isValidInn('123456789')).toBe(false);
    expect(isValidInn('12345678947')).toBe(false);
    expect(isValidInn('1234567890471')).toBe(false);
    expect(isValidInn('77070838a3')).toBe(false);
    expect(isValidInn(' 7707083893')).toBe(false);
    expect(isValidInn('')).toBe(false);
  });

  it('innSchema trims and gives one actionable message', () => {
    expect(innSchema.parse(' 7707083893 ')).toBe('7707083893');
    expect(messagesOf(innSchema, '123456789047')).toEqual([]);
    expect(messagesOf(innSchema, '77070838')).toEqual(['ИНН должен состоять из 10 или 12 цифр']);
    expect(messagesOf(innSchema, '77070838a3')).toEqual(['ИНН должен состоять из 10 или 12 цифр']);
    expect(messagesOf(innSchema, 7707083893)).toEqual(['ИНН должен состоять из 10 или 12 цифр']);
    expect(messagesOf(innSchema, '7707083894')).toEqual(['Неверная контрольная сумма ИНН — проверьте цифры']);
  });
});

describe('КПП', () => {
  it('accepts the pattern, letters allowed in positions 5–6', () => {
    expect(isValidKpp('773601001')).toBe(true);
    expect(isValidKpp('7736AB001')).toBe(true);
    expect(isValidKpp('123456789')).toBe(true);
  });

  it('rejects 00 at the start, wrong length and misplaced or lowercase letters', () => {
    expect(isValidKpp('003601001')).toBe(false);
    expect(isValidKpp('77360100')).toBe(false);
    expect(isValidKpp('7736010011')).toBe(false);
    expect(isValidKpp('7736ab001')).toBe(false);
    expect(isValidKpp('773601A01')).toBe(false);
  });

  it('kppSchema explains the shape', () => {
    expect(kppSchema.parse(' 773601001')).toBe('773601001');
    expect(messagesOf(kppSchema, '77360100')).toEqual([
      'КПП должен состоять из 9 символов: цифры, в 5-й и 6-й позиции допустимы заглавные латинские буквы',
    ]);
  });
});

describe('ОГРН and ОГРНИП', () => {
  it('accepts the vectors from checksums.md', () => {
    expect(isValidOgrn('1022200525819')).toBe(true);
    expect(isValidOgrn('385768585948949')).toBe(true);
  });

  it('takes the last digit of a two-digit remainder (constructed: both remainders are 10 → 0)', () => {
    expect(isValidOgrn('1022200525820')).toBe(true); // 102220052582 mod 11 = 10
    expect(isValidOgrn('385768585948950')).toBe(true); // 38576858594895 mod 13 = 10
  });

  it('rejects one changed digit, wrong length, a wrong first digit and letters', () => {
    expect(isValidOgrn('1022200525818')).toBe(false);
    expect(isValidOgrn('1022200535819')).toBe(false);
    expect(isValidOgrn('385768585948948')).toBe(false);
    expect(isValidOgrn('385768586948949')).toBe(false);
    expect(isValidOgrn('102220052581')).toBe(false);
    expect(isValidOgrn('10222005258190')).toBe(false);
    // 13 digits must start with 1 or 5, 15 digits with 3: re-using a valid check digit does not help.
    expect(isValidOgrn('3022200525819')).toBe(false);
    expect(isValidOgrn('185768585948949')).toBe(false);
    expect(isValidOgrn('10222005258I9')).toBe(false);
  });

  it('ogrnSchema separates shape from checksum', () => {
    expect(messagesOf(ogrnSchema, '1022200525819')).toEqual([]);
    expect(messagesOf(ogrnSchema, '102220052581')).toEqual([
      'ОГРН должен состоять из 13 цифр (начинается с 1 или 5), ОГРНИП — из 15 цифр (начинается с 3)',
    ]);
    expect(messagesOf(ogrnSchema, '1022200525818')).toEqual(['Неверная контрольная цифра ОГРН — проверьте цифры']);
  });
});

describe('БИК', () => {
  it('accepts bank (04…) and treasury (01…) БИК', () => {
    expect(isValidBik('044525225')).toBe(true);
    expect(isValidBik('015402901')).toBe(true);
  });

  it('rejects other prefixes, wrong length and letters', () => {
    expect(isValidBik('144525225')).toBe(false);
    expect(isValidBik('054525225')).toBe(false);
    expect(isValidBik('04452522')).toBe(false);
    expect(isValidBik('0445252250')).toBe(false);
    expect(isValidBik('04452522X')).toBe(false);
  });

  it('bikSchema', () => {
    expect(messagesOf(bikSchema, '044525225')).toEqual([]);
    expect(messagesOf(bikSchema, '04452522')).toEqual(['БИК должен состоять из 9 цифр']);
    expect(messagesOf(bikSchema, '144525225')).toEqual([
      'БИК российского банка начинается с 04 (у органов Федерального казначейства — с 01)',
    ]);
  });
});

describe('bank accounts', () => {
  it('accepts the vectors from checksums.md', () => {
    expect(isValidBankAccount('044525311', '40702810300180001774')).toBe(true);
    expect(isValidCorrAccount('044525311', '30101810000000000311')).toBe(true);
    expect(isValidBankAccount('044525352', '40702810123111111114')).toBe(true);
    expect(isValidCorrAccount('044525352', '30101810700000000352')).toBe(true);
  });

  // Real payment orders from /work/shared/reference/bank (samples 2–5).
  it.each([
    ['044525225', '40702810938120061991', '30101810400000000225'],
    ['042202603', '40702810942020002415', '30101810900000000603'],
    ['049205603', '40821810462000000144', '30101810600000000603'],
    ['044525187', '40702810800030005413', '30101810700000000187'],
  ])('accepts the bank account from the samples: БИК %s', (bik, account, corr) => {
    expect(isValidBankAccount(bik, account)).toBe(true);
    expect(isValidCorrAccount(bik, corr)).toBe(true);
  });

  it.each([
    ['015402901', '03100643000000015400', '40102810545370000046'],
    ['010702101', '03100643000000012100', '40102810345370000013'],
    ['012520101', '03100643000000013400', '40102810145370000026'],
  ])('accepts treasury accounts (no key) and the ЕКС from the samples: БИК %s', (bik, account, corr) => {
    expect(isValidBankAccount(bik, account)).toBe(true);
    expect(isValidCorrAccount(bik, corr)).toBe(true);
  });

  it('rejects one changed digit in the account, the corr. account or the БИК', () => {
    expect(isValidBankAccount('044525311', '40702810300180001775')).toBe(false);
    expect(isValidBankAccount('044525311', '40702810300180011774')).toBe(false);
    expect(isValidBankAccount('044525312', '40702810300180001774')).toBe(false);
    expect(isValidCorrAccount('044525311', '30101810100000000311')).toBe(false);
    expect(isValidCorrAccount('015402901', '40102810545370000047')).toBe(false);
  });

  it('rejects a corr. account of the wrong kind or of another bank', () => {
    // ЕКС is the treasury's corr. account, not a bank's.
    expect(isValidCorrAccount('044525311', '40102810545370000046')).toBe(false);
    expect(isValidCorrAccount('015402901', '30101810000000000311')).toBe(false);
    // Sberbank's corr. account given with another bank's БИК.
    expect(isValidCorrAccount('044525311', '30101810400000000225')).toBe(false);
  });

  it('rejects wrong length and letters', () => {
    expect(isValidBankAccount('044525311', '4070281030018000177')).toBe(false);
    expect(isValidBankAccount('044525311', '4070281030018000177A')).toBe(false);
    expect(isValidBankAccount('04452531', '40702810300180001774')).toBe(false);
    expect(isValidCorrAccount('044525311', '3010181000000000031')).toBe(false);
  });

  it('bankAccountIssue names the problem', () => {
    expect(bankAccountIssue('044525311', '40702810300180001774')).toBeNull();
    expect(bankAccountIssue('044525311', '40702810300180001775')).toBe(
      'Номер счёта не сходится с БИК банка — проверьте цифры счёта и БИК',
    );
    expect(bankAccountIssue('044525311', '4070281030018000177')).toBe('Номер счёта должен состоять из 20 цифр');
    expect(bankAccountIssue('04452531', '40702810300180001774')).toBe('БИК должен состоять из 9 цифр');
    expect(bankAccountIssue('144525311', '40702810300180001774')).toBe(
      'БИК российского банка начинается с 04 (у органов Федерального казначейства — с 01)',
    );
  });

  it('corrAccountIssue names the problem', () => {
    expect(corrAccountIssue('044525311', '30101810000000000311')).toBeNull();
    expect(corrAccountIssue('044525311', '40102810545370000046')).toBe('Корреспондентский счёт банка начинается с 30101');
    expect(corrAccountIssue('015402901', '30101810000000000311')).toBe(
      'Корреспондентский счёт органа Федерального казначейства (ЕКС) начинается с 40102',
    );
    expect(corrAccountIssue('044525311', '30101810400000000225')).toBe(
      'Корреспондентский счёт должен оканчиваться на те же три цифры, что и БИК',
    );
    expect(corrAccountIssue('044525311', '30101810100000000311')).toBe(
      'Корреспондентский счёт не сходится с БИК банка — проверьте цифры счёта и БИК',
    );
  });
});

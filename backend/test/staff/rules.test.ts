import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { averageDaily, childDeduction, contributions, ndflOnBase, SICK_PAY_PERCENT, sickDaily, sickDailyCap, sickPay, unusedVacationDays } from '../../src/modules/staff/payroll/rules-2026';
import { ConfigError } from '../../src/platform/auth/secrets';
import { masterKeyFrom } from '../../src/platform/crypto';
import { defineCatalog, defineDocument } from '../../src/platform/engine/declarations';
import { checkPersonalDeclarations } from '../../src/platform/engine/personal-fields';
import { ConfigurationRegistry } from '../../src/platform/engine/registry';

/** The law's arithmetic of 2026 on its own, with the numbers worked by hand. */
describe('НДФЛ, deductions, contributions, average earnings', () => {
  test('the progressive scale taxes each band on its excess only, in whole roubles', () => {
    expect(ndflOnBase(2_400_000_00)).toBe(312_000_00);
    // 5 000 000: 312 000 + 2 600 000 × 15 % = 702 000.
    expect(ndflOnBase(5_000_000_00)).toBe(702_000_00);
    // 20 000 000: 702 000 + 15 000 000 × 18 % = 3 402 000; 50 000 000: + 30 000 000 × 20 % = 9 402 000; 60 000 000: + 10 000 000 × 22 % = 11 602 000.
    expect(ndflOnBase(20_000_000_00)).toBe(3_402_000_00);
    expect(ndflOnBase(60_000_000_00)).toBe(11_602_000_00);
    // 10 003,85 × 13 % = 1 300,50 → 1 301 ₽ (50 kopecks make a rouble); 10 003,80 → 1 300,49 → 1 300 ₽.
    expect(ndflOnBase(10_003_85)).toBe(1_301_00);
    expect(ndflOnBase(10_003_80)).toBe(1_300_00);
  });

  test('children: 1 400, 2 800, then 6 000 each', () => {
    expect([0, 1, 2, 3, 4].map(childDeduction)).toEqual([0, 1_400_00, 4_200_00, 10_200_00, 16_200_00]);
  });

  test('contributions split at 2 979 000 ₽ in the month the base is crossed', () => {
    expect(contributions(100_000_00, 2_900_000_00)).toEqual({ within: 79_000_00, above: 21_000_00, amount: 23_700_00 + 3_171_00 });
    expect(contributions(100_000_00, 3_000_000_00).amount).toBe(15_100_00);
  });

  test('sick pay: the cap of the year, the share by the insurance record', () => {
    // An illness in 2026 counts 2024 and 2025: (2 225 000 + 2 759 000) / 730 = 6 827,397… → 6 827,40 ₽ a day at most;
    // in 2027, 2025 and 2026: (2 759 000 + 2 979 000) / 730 = 7 860,27 ₽.
    expect(sickDailyCap(2026)).toBe(6_827_40);
    expect(sickDailyCap(2027)).toBe(7_860_27);
    expect(sickDailyCap(2030)).toBeNull();
    // 6 000 000 earned in two years: 6 000 000 / 730 = 8 219,18 > the cap → 6 827,40; 3 000 000: 4 109,59, under it.
    expect(sickDaily(6_000_000_00, sickDailyCap(2026)!)).toBe(6_827_40);
    expect(sickDaily(3_000_000_00, sickDailyCap(2026)!)).toBe(4_109_59);
    // 255-ФЗ ст. 7: under 5 years 60 %, 5 to 8 years 80 %, 8 and more 100 %.
    expect(SICK_PAY_PERCENT).toEqual({ under_5: 60, from_5_to_8: 80, over_8: 100 });
    // The employer's 3 days at the cap, 60 %: 6 827,40 × 3 × 0,6 = 12 289,32 ₽; at the МРОТ floor 890,73 × 3 × 0,8 = 2 137,752 → 2 137,75.
    expect(sickPay(6_827_40, 3, 60)).toBe(12_289_32);
    expect(sickPay(890_73, 3, 80)).toBe(2_137_75);
  });

  test('average earnings, sick pay floor and unused vacation days', () => {
    // 600 000 / (12 × 29,3) = 1 706,48 ₽.
    expect(averageDaily(600_000_00, 12)).toBe(1_706_48);
    // 100 000 / 730 = 136,99 < МРОТ 27 093 × 24 / 730 = 890,73.
    expect(sickDaily(100_000_00, sickDailyCap(2026)!)).toBe(890_73);
    // A full year from 1 January: 28 days; 14 days less 14 taken: none; 1 February – 10 March: 1 month 10 days → 1 month → 2,33.
    expect(unusedVacationDays('2026-01-01', '2026-12-31', '0')).toBe('28.00');
    expect(unusedVacationDays('2026-01-01', '2026-06-30', '14')).toBe('0.00');
    expect(unusedVacationDays('2026-02-01', '2026-03-10', '0')).toBe('2.33');
  });
});

describe('the master key and personal declarations', () => {
  test('DATA_ENCRYPTION_KEY is taken as base64 or hex; without it a key file 0600 is made once; production refuses to start without it', () => {
    const key = Buffer.alloc(32, 7);
    expect(masterKeyFrom({ DATA_ENCRYPTION_KEY: key.toString('base64') }, true, '/nonexistent').key).toEqual(key);
    expect(masterKeyFrom({ DATA_ENCRYPTION_KEY: key.toString('hex') }, true, '/nonexistent').key).toEqual(key);
    expect(() => masterKeyFrom({ DATA_ENCRYPTION_KEY: 'short' }, false, '/nonexistent')).toThrow(/32 байт/);
    expect(() => masterKeyFrom({}, true, '/nonexistent')).toThrow(ConfigError);
    const dir = mkdtempSync(path.join(tmpdir(), 'wc-key-'));
    const first = masterKeyFrom({}, false, dir);
    expect(statSync(path.join(dir, 'data-encryption.key')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path.join(dir, 'data-encryption.key'), 'utf8').trim(), 'base64')).toEqual(first.key);
    expect(masterKeyFrom({}, false, dir)).toEqual(first);
  });

  test('personal on a document field or a date stops the start, naming the field', () => {
    const doc = defineDocument({ module: 'x', code: 'notes', title: 'Записка', numberPrefix: 'З', fields: { passport: { type: 'string', title: 'Паспорт', personal: true } } });
    expect(() => checkPersonalDeclarations(new ConfigurationRegistry([doc]))).toThrow(/x\.notes .*поле «passport»: personal .* только у полей справочников/);
    const card = defineCatalog({ module: 'x', code: 'people', title: 'Люди', fields: { born: { type: 'date', title: 'Рождён', personal: true } } });
    expect(() => checkPersonalDeclarations(new ConfigurationRegistry([card]))).toThrow(/поле «born»: personal возможен для типов/);
  });
});

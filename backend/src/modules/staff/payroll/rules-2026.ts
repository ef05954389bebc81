import Decimal from 'decimal.js';

/**
 * The law's numbers for 2026 (../shared/reference/README.md; НК РФ ст. 218, 224, 425, 426) and the
 * arithmetic built on them. Money in integer kopecks; Decimal where a rate multiplies.
 */

/** НДФЛ: the progressive scale, each rate on the excess over the previous threshold only (НК ст. 224 п. 1). */
export const NDFL_SCALE: { upTo: number; rate: string }[] = [
  { upTo: 2_400_000_00, rate: '0.13' },
  { upTo: 5_000_000_00, rate: '0.15' },
  { upTo: 20_000_000_00, rate: '0.18' },
  { upTo: 50_000_000_00, rate: '0.20' },
  { upTo: Infinity, rate: '0.22' },
];

/** The year's insurance base per person (30 % up to it, 15,1 % above) — Постановление Правительства for 2026. */
export const CONTRIBUTION_BASE_LIMIT = 2_979_000_00;
export const CONTRIBUTION_RATE = '0.30';
export const CONTRIBUTION_RATE_ABOVE = '0.151';

/** МРОТ 2026: the floor of the average daily earnings of sick pay (МРОТ × 24 / 730). */
export const MROT = 27_093_00;

/**
 * Standard deductions for children from 2025 (НК ст. 218 п. 1 пп. 4): 1 400 ₽ the first, 2 800 ₽ the second,
 * 6 000 ₽ the third and each next, a month — until the income since the start of the year exceeds 450 000 ₽.
 */
export const CHILD_DEDUCTION_INCOME_LIMIT = 450_000_00;
export function childDeduction(children: number): number {
  let sum = 0;
  for (let i = 1; i <= children; i++) sum += i === 1 ? 1_400_00 : i === 2 ? 2_800_00 : 6_000_00;
  return sum;
}

/** Tax on a base since the start of the year, in kopecks of whole roubles (НК ст. 52 п. 6: under 50 kopecks drop, 50 and more make a rouble). */
export function ndflOnBase(baseKopecks: number): number {
  let tax = new Decimal(0);
  let from = 0;
  for (const band of NDFL_SCALE) {
    if (baseKopecks <= from) break;
    tax = tax.plus(new Decimal(Math.min(baseKopecks, band.upTo) - from).times(band.rate));
    from = band.upTo;
  }
  return tax.div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(100).toNumber();
}

/** The part of the tax on a base since January due at the rates above 13 % (6-НДФЛ fills раздел 2 per rate). */
export function ndflAbove13(baseKopecks: number): number {
  return ndflOnBase(baseKopecks) - ndflOnBase(Math.min(baseKopecks, NDFL_SCALE[0].upTo));
}

/** Contributions of a month on its base, given the base since the start of the year before it: 30 % within the year's limit, 15,1 % above. */
export function contributions(monthBase: number, baseBefore: number, limit = CONTRIBUTION_BASE_LIMIT): { within: number; above: number; amount: number } {
  const within = Math.max(0, Math.min(monthBase, limit - baseBefore));
  const above = monthBase - within;
  const amount = new Decimal(within).times(CONTRIBUTION_RATE).plus(new Decimal(above).times(CONTRIBUTION_RATE_ABOVE)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return { within, above, amount };
}

/** Районный коэффициент and северная надбавка on earnings: earnings × (coefficient − 1) + earnings × percent / 100, each to the kopeck. */
export function regionalAllowance(earnings: number, coefficient: string, northernPercent: string): number {
  const part = (d: Decimal) => d.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  return part(new Decimal(earnings).times(new Decimal(coefficient).minus(1))) + part(new Decimal(earnings).times(northernPercent).div(100));
}

/** НС и ПЗ (травматизм): the organization's rate, percent, on the whole base (no limit). */
export const injuryContribution = (base: number, ratePercent: string) => new Decimal(base).times(ratePercent).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

/** Average daily earnings for vacations and compensation (ТК ст. 139): earnings of the 12 months / (29,3 × months), to the kopeck. */
export function averageDaily(earnings: number, months: number): number {
  if (months <= 0) return 0;
  return new Decimal(earnings).div(new Decimal('29.3').times(months)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** The insurance base of each year (Постановления Правительства): it caps the earnings sick pay counts. */
export const INSURANCE_BASE_BY_YEAR: Record<number, number> = { 2022: 1_565_000_00, 2023: 1_917_000_00, 2024: 2_225_000_00, 2025: 2_759_000_00, 2026: CONTRIBUTION_BASE_LIMIT };

/**
 * The most average daily earnings sick pay counts for an illness begun in `year` (255-ФЗ ст. 14 ч. 3.2): the
 * bases of the two years before / 730 — 2026: (2 225 000 + 2 759 000) / 730 = 6 827,40 ₽; null for a year not known here.
 */
export function sickDailyCap(year: number): number | null {
  const [before, last] = [INSURANCE_BASE_BY_YEAR[year - 2], INSURANCE_BASE_BY_YEAR[year - 1]];
  if (before === undefined || last === undefined) return null;
  return new Decimal(before).plus(last).div(730).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Average daily earnings of sick pay (255-ФЗ ст. 14): two years' earnings / 730, not below МРОТ × 24 / 730 nor above `cap`. */
export function sickDaily(earnings: number, cap: number): number {
  const floor = new Decimal(MROT).times(24).div(730);
  return Decimal.min(Decimal.max(new Decimal(earnings).div(730), floor), cap).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** The insurance record as the personal card gives it, and sick pay's share of the average earnings by it (255-ФЗ ст. 7). */
export const INSURANCE_RECORDS = { under_5: 'Менее 5 лет (60 %)', from_5_to_8: 'От 5 до 8 лет (80 %)', over_8: '8 лет и более (100 %)' };
export const SICK_PAY_PERCENT: Record<keyof typeof INSURANCE_RECORDS, number> = { under_5: 60, from_5_to_8: 80, over_8: 100 };

/** Sick pay for `days` at the average daily earnings and the record's percent, to the kopeck. */
export function sickPay(daily: number, days: number, percent: number): number {
  return new Decimal(daily).times(days).times(percent).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Unused vacation days at dismissal: 28 / 12 a month worked (a remainder of half a month or more counts as a month), less days taken. */
export function unusedVacationDays(hiredOn: string, dismissedOn: string, daysTaken: string): string {
  const [y1, m1, d1] = hiredOn.split('-').map(Number);
  const [y2, m2, d2] = dismissedOn.split('-').map(Number);
  // Whole months from the hiring day; the last day of employment counts (dismissal on the 11th after hiring on the 12th is a whole month).
  let months = (y2 - y1) * 12 + (m2 - m1);
  let days = d2 - d1 + 1;
  if (days < 0) {
    months -= 1;
    days += new Date(Date.UTC(y2, m2 - 1, 0)).getUTCDate();
  }
  if (days >= 15) months += 1;
  const earned = new Decimal(28).div(12).times(months);
  return Decimal.max(earned.minus(daysTaken), 0).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

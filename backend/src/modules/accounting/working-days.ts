import { addDays } from '@workcloud/shared-core';

/** Нерабочие праздничные дни (ст. 112 ТК РФ), as MM-DD. */
const HOLIDAYS = ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04'];

/**
 * The transfers the Government decrees beyond the Code's own rule, by year: 2026 by Постановление № 1466 of
 * 24.09.2025 — 3 and 4 January to 9 January and 31 December (247 work days, as staff's production calendar counts).
 * A year not here gets the weekends, the holidays and the Code's rule only.
 */
const DECREED: Record<string, { off: string[]; work: string[] }> = {
  '2026': { off: ['2026-01-09', '2026-12-31'], work: [] },
};

const weekend = (iso: string) => [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());
const holiday = (iso: string) => HOLIDAYS.includes(iso.slice(5));

/**
 * A day off of the production calendar: a Saturday or Sunday (unless decreed a work day), a holiday, a decreed
 * day off, or the work day after a holiday that fell on a weekend (ст. 112 ТК РФ: the weekend day moves to the
 * next work day after the holiday; not for the January holidays, which the Government transfers by decree).
 */
export function isDayOff(iso: string): boolean {
  const decreed = DECREED[iso.slice(0, 4)];
  if (decreed?.work.includes(iso)) return false;
  if (weekend(iso) || holiday(iso) || decreed?.off.includes(iso)) return true;
  // Each holiday (outside January) on a weekend takes the first day after it that is no weekend, holiday or earlier such day.
  const moved = new Set<string>();
  for (const h of HOLIDAYS.filter((d) => !d.startsWith('01-'))) {
    const day = `${iso.slice(0, 4)}-${h}`;
    if (!weekend(day)) continue;
    let next = addDays(day, 1);
    while (weekend(next) || holiday(next) || moved.has(next)) next = addDays(next, 1);
    moved.add(next);
  }
  return moved.has(iso);
}

/**
 * A term that ends on a day off ends on the next work day (п. 7 ст. 6.1 НК РФ): the 28th of a tax payment on a
 * Saturday is paid by the Monday after it.
 */
export function paymentDay(iso: string): string {
  let day = iso;
  while (isDayOff(day)) day = addDays(day, 1);
  return day;
}

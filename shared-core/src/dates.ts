/**
 * Business dates: a calendar day as 'YYYY-MM-DD', always of a time zone. Russia spans 11 zones: a company
 * in Владивосток (UTC+10) starts its day 7 hours before one in Москва, so "today" depends on whose day it
 * is. The platform itself (billing) keeps Moscow time; each tenant has its own zone (Europe/Moscow by default).
 * Arithmetic on dates is done on UTC midnights of the calendar day, so no zone or DST shifts it.
 */

/** The zone of the platform (billing) and of every tenant that has not chosen another one. */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The IANA name of a time zone, or null when it is not one Intl knows: 'Asia/Vladivostok', 'UTC'.
 * Only the letter case is corrected ('asia/vladivostok' → 'Asia/Vladivostok'); aliases are kept as given,
 * since engines disagree on which spelling is canonical. Offsets ('+03:00'), abbreviations ('MSK', 'EST')
 * and empty text are refused.
 */
export function canonicalTimeZone(zone: unknown): string | null {
  if (typeof zone !== 'string' || zone.length > 64) return null;
  if (zone.toUpperCase() !== 'UTC' && !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){1,2}$/.test(zone)) return null;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  } catch {
    return null;
  }
}

export function isTimeZone(zone: unknown): zone is string {
  return canonicalTimeZone(zone) !== null;
}

/** The calendar day of the instant `now` in `timeZone`: at 2026-03-31T15:30Z it is '2026-04-01' in Asia/Vladivostok and '2026-03-31' in Europe/Moscow. */
export function businessDate(now: Date, timeZone: string): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('Момент времени не задан (Invalid Date)');
  const parts = Object.fromEntries(formatterOf(timeZone).formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A real calendar day as 'YYYY-MM-DD' (a Date alone rolls 2026-02-30 over to March). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

function utcMidnight(date: string): Date {
  if (!isIsoDate(date)) throw new RangeError(`Дата «${date}» должна быть в виде ГГГГ-ММ-ДД`);
  return new Date(`${date}T00:00:00Z`);
}

/** '2026-03-30' + 3 → '2026-04-02'; negative days go back. */
export function addDays(date: string, days: number): string {
  const d = utcMidnight(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Days in the month of `date`: '2028-02-10' → 29. */
export function daysInMonth(date: string): number {
  const d = utcMidnight(date);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/** The first day of the month of `date`: '2026-03-20' → '2026-03-01'. */
export function monthStart(date: string): string {
  utcMidnight(date);
  return `${date.slice(0, 8)}01`;
}

/** The last day of the month of `date`: '2026-02-10' → '2026-02-28'. */
export function monthEnd(date: string): string {
  return `${date.slice(0, 8)}${String(daysInMonth(date)).padStart(2, '0')}`;
}

/** Time zones of Russia, west to east, for a company to choose from (its UTC offset and a city everyone knows). */
export const RUSSIAN_TIME_ZONES: ReadonlyArray<{ zone: string; title: string; titleEn: string }> = [
  { zone: 'Europe/Kaliningrad', title: 'Калининград (UTC+2)', titleEn: 'Kaliningrad (UTC+2)' },
  { zone: 'Europe/Moscow', title: 'Москва (UTC+3)', titleEn: 'Moscow (UTC+3)' },
  { zone: 'Europe/Samara', title: 'Самара (UTC+4)', titleEn: 'Samara (UTC+4)' },
  { zone: 'Asia/Yekaterinburg', title: 'Екатеринбург (UTC+5)', titleEn: 'Yekaterinburg (UTC+5)' },
  { zone: 'Asia/Omsk', title: 'Омск (UTC+6)', titleEn: 'Omsk (UTC+6)' },
  { zone: 'Asia/Novosibirsk', title: 'Новосибирск (UTC+7)', titleEn: 'Novosibirsk (UTC+7)' },
  { zone: 'Asia/Krasnoyarsk', title: 'Красноярск (UTC+7)', titleEn: 'Krasnoyarsk (UTC+7)' },
  { zone: 'Asia/Irkutsk', title: 'Иркутск (UTC+8)', titleEn: 'Irkutsk (UTC+8)' },
  { zone: 'Asia/Yakutsk', title: 'Якутск (UTC+9)', titleEn: 'Yakutsk (UTC+9)' },
  { zone: 'Asia/Vladivostok', title: 'Владивосток (UTC+10)', titleEn: 'Vladivostok (UTC+10)' },
  { zone: 'Asia/Magadan', title: 'Магадан (UTC+11)', titleEn: 'Magadan (UTC+11)' },
  { zone: 'Asia/Kamchatka', title: 'Петропавловск-Камчатский (UTC+12)', titleEn: 'Petropavlovsk-Kamchatsky (UTC+12)' },
];

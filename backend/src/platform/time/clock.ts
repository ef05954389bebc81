/**
 * "Now" and "today" of the backend. Today is always a business date of a time zone (shared-core's
 * businessDate): a tenant's documents take its own zone's day (Asia/Vladivostok's day starts 7 hours
 * before Moscow's), billing takes the platform's, Moscow. Tests move a clock with `set()`.
 */
import { businessDate, DEFAULT_TIME_ZONE } from '@workcloud/shared-core';

export class Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** The calendar day of `now()` in `timeZone` ('YYYY-MM-DD'). */
  today(timeZone: string = DEFAULT_TIME_ZONE): string {
    return businessDate(this.now(), timeZone);
  }

  /** Fixes the clock at an instant (null: the system clock again). */
  set(at: Date | null): void {
    this.fixed = at;
  }
}

/**
 * The clock of the configuration engine (default dates of documents), one per process:
 * `platformClock.set(new Date('2026-03-31T15:30:00Z'))` in a test that runs the backend in-process.
 */
export const platformClock = new Clock();

/** Today for a tenant: the calendar day in its time zone (Moscow when it has none). */
export function tenantToday(tenant: { timeZone?: string | null }, clock: Clock = platformClock): string {
  return clock.today(tenant.timeZone ?? DEFAULT_TIME_ZONE);
}

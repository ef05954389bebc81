import { Injectable } from '@nestjs/common';
import { moscowDate } from './dates';

/**
 * Where billing gets "now" from. Production reads the system clock; tests move it to the dates
 * their hand-computed numbers are about (`app.get(BillingClock).set(new Date('2026-03-20T09:00:00Z'))`).
 */
@Injectable()
export class BillingClock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Today's calendar day in Moscow. */
  today(): string {
    return moscowDate(this.now());
  }

  set(at: Date | null): void {
    this.fixed = at;
  }
}

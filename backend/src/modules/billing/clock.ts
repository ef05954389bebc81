import { Injectable } from '@nestjs/common';
import { Clock } from '../../platform/time/clock';
import { BILLING_TIME_ZONE } from './dates';

/**
 * Where billing gets "now" from. Production reads the system clock; tests move it to the dates
 * their hand-computed numbers are about (`app.get(BillingClock).set(new Date('2026-03-20T09:00:00Z'))`).
 */
@Injectable()
export class BillingClock extends Clock {
  /** Today's calendar day in Moscow, the platform's zone (whatever zone the client company works in). */
  override today(): string {
    return super.today(BILLING_TIME_ZONE);
  }
}

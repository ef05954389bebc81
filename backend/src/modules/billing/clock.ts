import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { Clock } from '../../platform/time/clock';
import { BILLING_CONFIG, type BillingConfig } from './config';
import { BILLING_TIME_ZONE, moscowDate } from './dates';

/**
 * Where billing gets "now" from. Production reads the system clock; tests move it to the dates
 * their hand-computed numbers are about (`app.get(BillingClock).set(new Date('2026-03-20T09:00:00Z'))`).
 *
 * A client may also have its own test clock (platform.billing_test_clocks, never read with
 * NODE_ENV=production): the owner sets it to a date and runs that client's billing cycle then, and what
 * the client does meanwhile (adds a module, pays, cancels) happens on that date too — a month of billing
 * shown or tested without waiting, and without moving anybody else's time.
 */
@Injectable()
export class BillingClock extends Clock {
  constructor(
    private readonly db: Database,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {
    super();
  }

  get testClocksEnabled(): boolean {
    return this.config.testClocks;
  }

  /** Today's calendar day in Moscow, the platform's zone (whatever zone the client company works in). */
  override today(): string {
    return super.today(BILLING_TIME_ZONE);
  }

  /** The client's "now": its test clock when it has one, else the platform's. */
  async nowFor(tenantId: string | null | undefined, trx: Knex = this.db.knex): Promise<Date> {
    return (await this.testNow(tenantId, trx)) ?? this.now();
  }

  /** The client's test clock, or null (none, or in production). */
  async testNow(tenantId: string | null | undefined, trx: Knex = this.db.knex): Promise<Date | null> {
    if (!this.config.testClocks || !tenantId) return null;
    const row = await trx('platform.billing_test_clocks').where({ tenant_id: tenantId }).first('now_at');
    return row ? new Date(row.now_at) : null;
  }

  async todayFor(tenantId: string | null | undefined): Promise<string> {
    return moscowDate(await this.nowFor(tenantId));
  }

  /**
   * Moves a client's test clock to 09:00 Moscow time of `day`. A new clock may start on any day (a month
   * in the past is replayed); once set it goes only forward: billing never runs backwards.
   */
  async setFor(tenantId: string, day: string, userId: string): Promise<Date> {
    if (!this.config.testClocks) throw Problem.forbidden('Тестовые часы недоступны в рабочей среде (NODE_ENV=production).');
    const at = new Date(`${day}T06:00:00Z`);
    const current = await this.testNow(tenantId);
    if (current && moscowDate(current) > day) throw Problem.unprocessable(`Часы клиента уже на ${moscowDate(current)}: тестовые часы идут только вперёд.`);
    await this.db.knex('platform.billing_test_clocks').insert({ tenant_id: tenantId, now_at: at, set_by: userId, updated_at: this.db.knex.fn.now() }).onConflict('tenant_id').merge();
    return at;
  }

  /** The client back on the platform's time. */
  async clearFor(tenantId: string): Promise<void> {
    await this.db.knex('platform.billing_test_clocks').where({ tenant_id: tenantId }).delete();
  }
}

import { Injectable } from '@nestjs/common';
import type { BillingSettings } from '@workcloud/shared-core';
import type { Knex } from '@mikro-orm/postgresql';
import { Database } from '../../platform/database/database';

/** The owner's billing rules: one row in platform.billing_settings. */
@Injectable()
export class BillingSettingsService {
  constructor(private readonly db: Database) {}

  async get(trx: Knex = this.db.knex): Promise<BillingSettings> {
    const row = await trx('platform.billing_settings').where({ id: 1 }).first();
    return {
      trialDays: row.trial_days,
      paymentDueDays: row.payment_due_days,
      graceDays: row.grace_days,
      reminderEveryDays: row.reminder_every_days,
      remindBeforeDays: row.remind_before_days,
      retentionDays: row.retention_days,
    };
  }

  async update(patch: Partial<BillingSettings>): Promise<BillingSettings> {
    const columns: Record<string, number> = {};
    if (patch.trialDays !== undefined) columns.trial_days = patch.trialDays;
    if (patch.paymentDueDays !== undefined) columns.payment_due_days = patch.paymentDueDays;
    if (patch.graceDays !== undefined) columns.grace_days = patch.graceDays;
    if (patch.reminderEveryDays !== undefined) columns.reminder_every_days = patch.reminderEveryDays;
    if (patch.remindBeforeDays !== undefined) columns.remind_before_days = patch.remindBeforeDays;
    if (patch.retentionDays !== undefined) columns.retention_days = patch.retentionDays;
    if (Object.keys(columns).length) await this.db.knex('platform.billing_settings').where({ id: 1 }).update({ ...columns, updated_at: this.db.knex.fn.now() });
    return this.get();
  }
}

/**
 * A row in a client's history (shown on its card and in the admin's notifications); returns its id.
 * E-mails about an event (notifications.ts) are written in the same transaction.
 */
export async function recordEvent(
  trx: Knex,
  event: { tenantId: string; onDate: string; kind: string; message: string; invoiceId?: string | null; details?: Record<string, unknown> },
): Promise<number> {
  const [row] = await trx('platform.billing_events').insert({
    tenant_id: event.tenantId,
    on_date: event.onDate,
    kind: event.kind,
    message: event.message,
    invoice_id: event.invoiceId ?? null,
    details: JSON.stringify(event.details ?? {}),
  }).returning('id');
  return Number(row.id);
}

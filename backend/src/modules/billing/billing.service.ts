import { Injectable, Logger } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { Database } from '../../platform/database/database';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { addDays, moscowDate, ruDate } from './dates';
import { InvoicingService, rubles } from './invoicing.service';
import { AttentionService } from './attention.service';
import { AutopayService } from './autopay.service';
import { BillingNotifications } from './notifications';
import { PaymentsService } from './payments.service';
import { BillingSettingsService, recordEvent } from './settings.service';
import { SubscriptionsService } from './subscriptions.service';
import { WebhooksService } from './webhooks.service';

export interface CycleReport {
  today: string;
  invoicesIssued: number;
  pastDue: string[];
  reminders: number;
  suspended: string[];
  webhooksRetried: number;
  paymentsReconciled: number;
  /** Счета paid automatically with a saved card. */
  autopaid: number;
  errors: { tenantId: string; error: string }[];
}

/**
 * The billing cycle: everything that happens because a day has come, not because someone clicked.
 * Safe to run as often as wanted (every step looks at the state and changes it at most once),
 * and it catches up after days of not running. main.ts runs it on a timer; tests call it with dates.
 */
@Injectable()
export class BillingService {
  private readonly log = new Logger('Billing');

  constructor(
    private readonly db: Database,
    private readonly settings: BillingSettingsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly invoicing: InvoicingService,
    private readonly webhooks: WebhooksService,
    private readonly payments: PaymentsService,
    private readonly tenants: TenantContextService,
    private readonly notifications: BillingNotifications,
    private readonly attention: AttentionService,
    private readonly autopay: AutopayService,
  ) {}

  /** runCycle under a transaction-level advisory lock: with several instances, one runs it and the others skip. */
  async runCycleExclusively(now: Date): Promise<CycleReport | null> {
    return this.db.knex.transaction(async (trx) => {
      const { rows } = await trx.raw('SELECT pg_try_advisory_xact_lock(4242101) AS locked');
      if (!rows[0].locked) return null;
      return this.runCycle(now);
    });
  }

  /**
   * The cycle as of `now`. With `onlyTenantId` (the owner's test clock): that client only, and the
   * platform-wide chores (webhook retries, polling banks) are left to the regular run. Without it,
   * clients on a test clock are left out: their time is the test clock's, not the platform's.
   */
  async runCycle(now: Date, onlyTenantId?: string): Promise<CycleReport> {
    const today = moscowDate(now);
    const k = this.db.knex;
    const report: CycleReport = { today, invoicesIssued: 0, pastDue: [], reminders: 0, suspended: [], webhooksRetried: 0, paymentsReconciled: 0, autopaid: 0, errors: [] };
    const scope = <Q extends Knex.QueryBuilder>(q: Q, column: string): Q =>
      (onlyTenantId ? q.where(column, onlyTenantId) : q.whereNotIn(column, k('platform.billing_test_clocks').select('tenant_id'))) as Q;

    // 0. Notifications a crash left half-done, and payments whose notification never came.
    if (!onlyTenantId) {
      report.webhooksRetried = await this.webhooks.retryPending();
      report.paymentsReconciled = await this.payments.reconcilePending(now);
    }

    // 1. Every tenant has a billing account (its trial fixed from the settings).
    await this.subscriptions.ensureAccounts();

    // 2. Invoices: trial over, or a new month begun.
    const due = await scope(k('platform.billing_accounts as a'), 'a.tenant_id')
      .join('platform.tenants as t', 't.id', 'a.tenant_id')
      .whereIn('t.status', ['trial', 'active', 'past_due'])
      .whereNull('a.canceled_on')
      .where('a.next_period_start', '<=', today)
      .pluck('a.tenant_id');
    for (const tenantId of due) {
      try {
        const issued = await this.invoicing.issueDue(tenantId, today);
        report.invoicesIssued += issued.length;
        // An overpayment the owner carried forward pays (part of) the new Счёт.
        if (issued.length) await this.attention.applyCarried(tenantId, now);
      } catch (error) {
        // One client's problem (e.g. a broken price) must not stop everybody else's invoices; retried next run.
        this.log.error(`Счёт клиенту ${tenantId} не выставлен: ${error instanceof Error ? error.message : error}`);
        report.errors.push({ tenantId, error: error instanceof Error ? error.message : String(error) });
      }
    }

    // 2b. Automatic payments with saved cards: on the issue day, and the retries after a refusal.
    report.autopaid = await this.autopay.chargeDue(today, now, onlyTenantId);

    const settings = await this.settings.get();

    // 3. Unpaid after the due date → past_due.
    const overdue = await scope(k('platform.tenants as t'), 't.id')
      .whereIn('t.status', ['trial', 'active'])
      .whereExists(k('platform.billing_invoices as i').whereRaw('i.tenant_id = t.id').where('i.status', 'open').where('i.due_on', '<', today))
      .pluck('t.id');
    for (const tenantId of overdue) {
      await k.transaction(async (trx) => {
        await trx('platform.tenants').where({ id: tenantId }).update({ status: 'past_due', updated_at: trx.fn.now() });
        await recordEvent(trx, { tenantId, onDate: today, kind: 'past_due', message: 'Счёт не оплачен в срок: клиент в статусе «просрочка»' });
      });
      await this.tenants.invalidateTenant(tenantId);
      report.pastDue.push(tenantId);
    }

    // 3b. Before the due date: remind_before_days ahead (or the first run after that day) and on the due
    //     date itself, once each per Счёт. The Счёт is locked and the event looked for under the lock, so two
    //     runs at once (several instances, the owner's test clock) remind once; the mail's key guards too.
    const dueSoon = await scope(k('platform.billing_invoices as i'), 'i.tenant_id')
      .join('platform.tenants as t', 't.id', 'i.tenant_id')
      .where('i.status', 'open')
      .where('i.due_on', '>=', today)
      .whereRaw('i.due_on - ?::int <= ?::date', [settings.remindBeforeDays, today])
      .whereIn('t.status', ['trial', 'active', 'past_due'])
      .select('i.id', 'i.tenant_id', 'i.number', 'i.issued_on', 'i.due_on', k.raw('i.total_kopecks - i.paid_kopecks AS owed'));
    for (const inv of dueSoon) {
      const stage = inv.due_on === today ? 'due' : 'before';
      if (stage === 'before' && inv.issued_on === today) continue; // the Счёт's own letter, sent today, says when it is due
      const kind = `due_${stage}`;
      const suspendOn = addDays(inv.due_on, settings.graceDays + 1);
      const sent = await k.transaction(async (trx) => {
        await trx('platform.billing_invoices').where({ id: inv.id }).forUpdate().first('id');
        if (await trx('platform.billing_events').where({ invoice_id: inv.id, kind }).first('id')) return false;
        const when = stage === 'due' ? `сегодня, ${ruDate(inv.due_on)}` : ruDate(inv.due_on);
        await recordEvent(trx, { tenantId: inv.tenant_id, onDate: today, kind, invoiceId: inv.id, message: `Срок оплаты счёта № ${inv.number} на ${rubles(Number(inv.owed))} ₽ — ${when}.` });
        await this.notifications.dueReminder(trx, { invoiceId: inv.id, stage, suspendOn });
        return true;
      });
      if (sent) report.reminders++;
    }

    // 4. Reminders about each overdue Счёт, every reminder_every_days: an event for the admin UI and an
    //    e-mail to the company's admins, in one transaction.
    const unpaid = await scope(k('platform.billing_invoices as i'), 'i.tenant_id')
      .join('platform.tenants as t', 't.id', 'i.tenant_id')
      .where('i.status', 'open')
      .where('i.due_on', '<', today)
      .whereIn('t.status', ['past_due', 'suspended'])
      .select('i.id', 'i.tenant_id', 'i.number', 'i.due_on', 't.status as tenant_status', k.raw('i.total_kopecks - i.paid_kopecks AS owed'), k.raw(`(SELECT max(on_date) FROM platform.billing_events e WHERE e.invoice_id = i.id AND e.kind = 'reminder') AS last_reminded`));
    for (const inv of unpaid) {
      if (inv.last_reminded && addDays(inv.last_reminded, settings.reminderEveryDays) > today) continue;
      const suspendOn = addDays(inv.due_on, settings.graceDays + 1);
      await k.transaction(async (trx) => {
        await recordEvent(trx, {
          tenantId: inv.tenant_id,
          onDate: today,
          kind: 'reminder',
          invoiceId: inv.id,
          message: `Напоминание: счёт № ${inv.number} на ${rubles(Number(inv.owed))} ₽ не оплачен (срок был ${ruDate(inv.due_on)}). Без оплаты работа будет приостановлена ${ruDate(suspendOn)}.`,
        });
        await this.notifications.reminder(trx, { invoiceId: inv.id, today, suspendOn: inv.tenant_status === 'suspended' ? null : suspendOn });
      });
      report.reminders++;
    }

    // 5. Past due longer than the grace period → suspended: sign-in works, data read-only, nothing deleted.
    const expired = await scope(k('platform.tenants as t'), 't.id')
      .where('t.status', 'past_due')
      .whereExists(k('platform.billing_invoices as i').whereRaw('i.tenant_id = t.id').where('i.status', 'open').whereRaw('i.due_on + ?::int < ?::date', [settings.graceDays, today]))
      .pluck('t.id');
    for (const tenantId of expired) {
      await k.transaction(async (trx) => {
        await trx('platform.tenants').where({ id: tenantId }).update({ status: 'suspended', updated_at: trx.fn.now() });
        const eventId = await recordEvent(trx, { tenantId, onDate: today, kind: 'suspended', message: 'Работа приостановлена за неоплату: данные доступны только для просмотра' });
        await this.notifications.suspended(trx, { tenantId, eventId, today });
      });
      await this.tenants.invalidateTenant(tenantId);
      report.suspended.push(tenantId);
    }

    if (report.invoicesIssued || report.pastDue.length || report.suspended.length) this.log.log(`Биллинг за ${today}: счетов ${report.invoicesIssued}, просрочка ${report.pastDue.length}, приостановлено ${report.suspended.length}`);
    return report;
  }
}

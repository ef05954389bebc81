import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { monthlyTotalSql } from '../../platform/modules/module-prices';
import { pathId } from '../../platform/owner/path-id';
import { BillingRecordsService } from './billing-records.service';
import { BillingClock } from './clock';
import { SubscriptionsService } from './subscriptions.service';

const CLIENT_NOT_FOUND = 'Клиент не найден.';

/**
 * A client's balance (kopecks; negative = the client owes): money received less refunds, minus everything
 * invoiced, minus the charges and credits of a cancelled client — no Счёт will ever carry them, so the credit
 * of the unused days of its last month is owed to it here.
 */
export function balanceSql(tenantId: string): string {
  return `((SELECT coalesce(sum(p.amount_kopecks - p.refunded_kopecks), 0) FROM platform.billing_payments p WHERE p.tenant_id = ${tenantId} AND p.status = 'succeeded')
    - (SELECT coalesce(sum(i.total_kopecks), 0) FROM platform.billing_invoices i WHERE i.tenant_id = ${tenantId} AND i.status <> 'void')
    - (SELECT coalesce(sum(c.amount_kopecks), 0) FROM platform.billing_charges c JOIN platform.billing_accounts ca ON ca.tenant_id = c.tenant_id
        WHERE c.tenant_id = ${tenantId} AND c.invoice_id IS NULL AND ca.canceled_on IS NOT NULL))::bigint`;
}

/** What the owner's billing console reads: clients with balances, a client's card, refunds, bank notifications. */
@Injectable()
export class OwnerBillingService {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly subscriptions: SubscriptionsService,
    private readonly records: BillingRecordsService,
  ) {}

  /** Every client: status, modules, today's monthly amount, balance, last payment, sign-in activity. */
  async clients() {
    await this.subscriptions.ensureAccounts();
    const { rows } = await this.db.knex.raw(
      `SELECT t.id, t.name, t.inn, t.status, t.trial_ends_on AS "trialEndsOn", a.canceled_on AS "canceledOn", a.retain_until AS "retainUntil",
              array(SELECT module_code FROM platform.tenant_modules tm WHERE tm.tenant_id = t.id ORDER BY 1) AS modules,
              ${monthlyTotalSql('t.id')} AS "monthlyKopecks",
              ${balanceSql('t.id')} AS "balanceKopecks",
              (SELECT max(p.paid_at) FROM platform.billing_payments p WHERE p.tenant_id = t.id AND p.status = 'succeeded') AS "lastPaymentAt",
              (SELECT max(at) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success) AS "lastSignInAt",
              (SELECT count(DISTINCT lj.user_id) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success AND lj.at > now() - interval '30 days')::int AS "activeUsers30d",
              (SELECT count(*) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success AND lj.at > now() - interval '30 days')::int AS "signIns30d"
         FROM platform.tenants t LEFT JOIN platform.billing_accounts a ON a.tenant_id = t.id
        ORDER BY t.created_at DESC`,
      [this.clock.today()],
    );
    return { items: rows.map((r: Record<string, unknown>) => ({ ...r, monthlyKopecks: Number(r.monthlyKopecks), balanceKopecks: Number(r.balanceKopecks) })) };
  }

  /** A client's card: subscription, account dates, invoices, payments, refunds, events. */
  async client(rawId: string) {
    const tenantId = pathId(rawId, CLIENT_NOT_FOUND);
    const k = this.db.knex;
    const tenant = await k('platform.tenants').where({ id: tenantId }).first('id', 'name', 'inn', 'kpp', 'status', 'trial_ends_on as trialEndsOn', 'created_at as createdAt');
    if (!tenant) throw Problem.notFound(CLIENT_NOT_FOUND);
    const subscription = await this.subscriptions.overview(tenantId);
    const account = await k('platform.billing_accounts').where({ tenant_id: tenantId }).first('trial_started_on as trialStartedOn', 'next_period_start as nextPeriodStart', 'first_paid_at as firstPaidAt', 'canceled_on as canceledOn', 'retain_until as retainUntil', 'archived_on as archivedOn', 'deletion_due_on as deletionDueOn');
    const { rows: [{ balance }] } = await k.raw(`SELECT ${balanceSql('?::uuid')} AS balance`, [tenantId, tenantId, tenantId]);
    const refunds = await k('platform.billing_refunds as r').join('platform.billing_payments as p', 'p.id', 'r.payment_id').where('p.tenant_id', tenantId).orderBy('r.created_at', 'desc').select('r.id', 'r.payment_id as paymentId', 'r.amount_kopecks as amountKopecks', 'r.refunded_on as refundedOn', 'r.reason', 'r.status', 'r.error');
    return {
      ...tenant,
      account,
      balanceKopecks: Number(balance),
      subscription,
      invoices: await this.records.invoices({ tenantId }),
      payments: await this.records.payments({ tenantId }),
      refunds: refunds.map((r) => ({ ...r, amountKopecks: Number(r.amountKopecks) })),
      events: await this.records.events(tenantId, 200),
    };
  }

  async refunds() {
    const rows = await this.db.knex('platform.billing_refunds as r')
      .join('platform.billing_payments as p', 'p.id', 'r.payment_id')
      .leftJoin('platform.tenants as t', 't.id', 'p.tenant_id')
      .orderBy('r.created_at', 'desc')
      .limit(500)
      .select('r.id', 'r.payment_id as paymentId', 'p.tenant_id as tenantId', 't.name as tenantName', 'p.method', 'r.amount_kopecks as amountKopecks', 'r.refunded_on as refundedOn', 'r.reason', 'r.status', 'r.error');
    return { items: rows.map((r) => ({ ...r, amountKopecks: Number(r.amountKopecks) })) };
  }

  /** The journal of bank notifications, newest first (status: only those). */
  async webhooks(status?: string) {
    const q = this.db.knex('platform.billing_webhook_inbox').orderBy('id', 'desc').limit(200).select('id', 'provider', 'received_at as receivedAt', 'ip', 'status', 'event_key as eventKey', 'error');
    if (status) q.where({ status });
    return { items: (await q).map((r) => ({ ...r, id: Number(r.id) })) };
  }
}

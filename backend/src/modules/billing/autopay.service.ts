import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { addDays } from './dates';
import { BillingNotifications } from './notifications';
import { PaymentProviders } from './payment-providers';
import { PaymentsService } from './payments.service';
import { PROVIDER_NAMES, type ChargeResult, type ProviderCode } from './providers';

/** After a refused automatic payment: the next attempts, days after the Счёт's issue day; then only dunning. */
export const AUTOPAY_RETRY_DAYS = [1, 3, 5] as const;

/**
 * Automatic payment of monthly Счета with the saved card: on the issue day (the cycle marks a Счёт
 * `autopay_next_on` when it is issued to a client with a card), again 1, 3 and 5 days later if the bank
 * refuses — each refusal e-mailed to the company's admins — then the Счёт is left to the usual dunning.
 */
@Injectable()
export class AutopayService {
  private readonly log = new Logger('Billing');

  constructor(
    private readonly db: Database,
    private readonly providers: PaymentProviders,
    private readonly payments: PaymentsService,
    private readonly tenants: TenantContextService,
    private readonly notifications: BillingNotifications,
    private readonly audit: AuditService,
  ) {}

  /** The card in force, as the admin's page shows it. */
  async savedMethod(tenantId: string) {
    const row = await this.db.knex('platform.billing_saved_methods').where({ tenant_id: tenantId }).whereNull('removed_at').first('id', 'provider', 'title', 'created_at as savedAt');
    return { method: row ? { id: row.id as string, provider: row.provider as string, providerName: PROVIDER_NAMES[row.provider as ProviderCode], title: row.title as string, savedAt: row.savedAt as Date } : null };
  }

  /** «Отвязать карту»: no more automatic payments; Счета not yet charged wait for the admin. */
  async remove(tenantId: string, userId: string) {
    const removed = await this.db.knex.transaction(async (trx) => {
      const [row] = await trx('platform.billing_saved_methods').where({ tenant_id: tenantId }).whereNull('removed_at').update({ removed_at: trx.fn.now() }).returning(['id', 'title']);
      if (!row) return null;
      await trx('platform.billing_invoices').where({ tenant_id: tenantId, status: 'open' }).update({ autopay_next_on: null });
      await this.audit.record({ tenantId, userId, action: 'remove-card', entity: 'Subscription', entityId: row.id, after: { title: row.title } }, trx);
      return row;
    });
    if (!removed) throw Problem.notFound('Сохранённой карты нет: автоплатёж не подключён.');
    return { method: null };
  }

  /** The cycle's step: every open Счёт whose automatic payment day has come. Returns how many were paid. */
  async chargeDue(today: string, at: Date, onlyTenantId?: string): Promise<number> {
    const k = this.db.knex;
    const q = k('platform.billing_invoices as i')
      .join('platform.billing_saved_methods as m', (j) => j.on('m.tenant_id', 'i.tenant_id').andOnNull('m.removed_at'))
      .where('i.status', 'open')
      .where('i.autopay_next_on', '<=', today)
      .select('i.id', 'i.tenant_id', 'i.number', 'i.issued_on', 'i.autopay_attempts', 'i.vat_rate', 'i.buyer', k.raw('i.total_kopecks - i.paid_kopecks AS owed'), 'm.provider', 'm.token', 'm.customer_key', 'm.title', 'm.saved_from_payment_id');
    // As the rest of the cycle: one client on its test clock, or everybody else.
    if (onlyTenantId) q.where('i.tenant_id', onlyTenantId);
    else q.whereNotIn('i.tenant_id', k('platform.billing_test_clocks').select('tenant_id'));
    let paid = 0;
    for (const inv of await q) {
      try {
        if (await this.charge(inv, today, at)) paid++;
      } catch (error) {
        // No answer from the bank: the day stays, the next run of the cycle tries again (same Счёт, new attempt).
        this.log.warn(`Автоплатёж по счёту ${inv.number} не выполнен: ${error instanceof Error ? error.message : error}`);
      }
    }
    return paid;
  }

  private async charge(inv: Record<string, any>, today: string, at: Date): Promise<boolean> {
    const provider = inv.provider as 'yookassa' | 'tbank';
    const adapter = this.providers.get(provider);
    const owed = Number(inv.owed);
    const email = await this.payerEmail(inv.saved_from_payment_id);
    const receipt = email ? await this.payments.receiptFor(inv as never, owed, email) : undefined;
    const id = randomUUID();
    const idempotenceKey = id.replaceAll('-', '');
    await this.db.knex('platform.billing_payments').insert({ id, tenant_id: inv.tenant_id, invoice_id: inv.id, method: provider, provider, idempotence_key: idempotenceKey, status: 'pending', amount_kopecks: owed, automatic: true });
    let result: ChargeResult;
    try {
      result = await adapter.chargeSaved!({ orderId: id, amountKopecks: owed, description: `Автоплатёж по счёту № ${inv.number} за WorkCloud`, customerEmail: email, receipt, method: { token: inv.token, title: inv.title, customerKey: inv.customer_key ?? undefined } }, idempotenceKey);
    } catch (error) {
      await this.db.knex('platform.billing_payments').where({ id }).update({ status: 'canceled' });
      throw error;
    }
    await this.db.knex('platform.billing_payments').where({ id }).update({ provider_payment_id: result.providerPaymentId });
    if (result.status === 'pending') {
      // The bank finishes it (its notification, or the cycle's polling credits it): no second attempt meanwhile.
      await this.db.knex('platform.billing_invoices').where({ id: inv.id }).update({ autopay_next_on: null, autopay_attempts: Number(inv.autopay_attempts) + 1 });
      return false;
    }
    if (result.status === 'succeeded') {
      await this.db.knex.transaction(async (trx) => {
        await this.payments.applyProviderState(trx, id, { status: 'succeeded', amountKopecks: result.amountKopecks }, at);
        await trx('platform.billing_invoices').where({ id: inv.id }).update({ autopay_next_on: null, autopay_attempts: Number(inv.autopay_attempts) + 1 });
      });
      await this.tenants.invalidateTenant(inv.tenant_id);
      return true;
    }
    const attempt = Number(inv.autopay_attempts) + 1;
    const retryAfter = AUTOPAY_RETRY_DAYS[attempt - 1];
    const nextOn = retryAfter === undefined ? null : addDays(inv.issued_on, retryAfter);
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.billing_payments').where({ id }).update({ status: 'canceled' });
      await trx('platform.billing_invoices').where({ id: inv.id }).update({ autopay_attempts: attempt, autopay_next_on: nextOn });
      await this.notifications.autopayFailed(trx, { invoiceId: inv.id, attempt, today, card: inv.title, reason: result.reason ?? 'банк отказал', nextOn });
    });
    return false;
  }

  /** The admin who saved the card (the `pay` audit entry of that payment): the receipt goes to that e-mail. */
  private async payerEmail(paymentId: string | null): Promise<string | undefined> {
    if (!paymentId) return undefined;
    const entry = await this.db.knex('platform.audit_log').where({ action: 'pay', entity: 'Invoice' }).whereRaw(`after->>'paymentId' = ?`, [paymentId]).first('user_id');
    const user = entry?.user_id ? await this.db.knex('platform.users').where({ id: entry.user_id }).first('email') : undefined;
    return user?.email ?? undefined;
  }
}

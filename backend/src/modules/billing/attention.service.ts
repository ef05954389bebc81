import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { BillingClock } from './clock';
import { moscowDate } from './dates';
import { InvoicingService, rubles } from './invoicing.service';
import { PaymentsService } from './payments.service';
import { recordEvent } from './settings.service';

/** What the owner does about a payment of another amount than asked: a note, a refund of the excess, the excess to the next Счёт. */
export type AttentionAction = 'note' | 'refund' | 'carry';

/**
 * «Требуют внимания»: payments whose amount differs from the Счёт's. The owner closes each with a
 * comment, and for an overpayment may send the excess back (a refund through the bank, as
 * POST …/refunds) or carry it to the client's next Счёт (moved off the paid Счёт, credited to the next
 * one: the balance does not change, the money is only allocated).
 */
@Injectable()
export class AttentionService {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly payments: PaymentsService,
    private readonly invoicing: InvoicingService,
    private readonly tenants: TenantContextService,
    private readonly audit: AuditService,
  ) {}

  async resolve(paymentId: string, action: AttentionAction, comment: string, userId: string) {
    const payment = await this.db.knex('platform.billing_payments').where({ id: paymentId }).whereNotNull('attention').whereNull('attention_resolved_at').first('tenant_id', 'invoice_id', 'requested_kopecks', 'amount_kopecks', 'refunded_kopecks');
    if (!payment) throw Problem.notFound('Платежа, требующего внимания, с таким номером нет (или он уже разобран).');
    const excess = Number(payment.amount_kopecks) - Number(payment.requested_kopecks);
    if (action !== 'note' && excess <= 0) {
      throw Problem.unprocessable(`Вернуть или перенести можно только переплату, а по этому платежу недоплата ${rubles(-excess)} ₽: отметьте его разобранным с комментарием.`);
    }
    let refundId: string | null = null;
    if (action === 'refund') {
      // The bank first (a refusal answers 502 and leaves the payment in the list); then the note.
      refundId = (await this.payments.refundByOwner(paymentId, excess, `Возврат переплаты: ${comment}`, userId)).id;
    }
    const at = this.clock.now();
    const resolution = action === 'note' ? 'noted' : action === 'refund' ? 'refunded' : 'carried';
    await this.db.knex.transaction(async (trx) => {
      const row = await trx('platform.billing_payments').where({ id: paymentId }).forUpdate().first('attention_resolved_at');
      if (row.attention_resolved_at) throw Problem.conflict('Платёж уже разобран.');
      if (action === 'carry') await this.moveExcessOff(trx, paymentId, payment.invoice_id, excess);
      await trx('platform.billing_payments').where({ id: paymentId }).update({ attention_resolved_at: at, attention_resolution: resolution, attention_comment: comment, attention_resolved_by: userId });
      await this.audit.record({ tenantId: payment.tenant_id ?? null, userId, action: 'resolve-attention', entity: 'Payment', entityId: paymentId, after: { resolution, comment, ...(refundId ? { refundId } : {}), ...(action === 'carry' ? { carryKopecks: excess } : {}) } }, trx);
    });
    let carriedToInvoiceId: string | null = null;
    if (action === 'carry' && payment.tenant_id) {
      await this.applyCarried(payment.tenant_id, at);
      carriedToInvoiceId = (await this.db.knex('platform.billing_payments').where({ id: paymentId }).first('carried_to_invoice_id')).carried_to_invoice_id;
    }
    return { paymentId, resolved: true, resolution, comment, refundId, carriedToInvoiceId };
  }

  /** The excess leaves the Счёт it overpaid (which stays paid: it keeps exactly its total) and waits in carry_kopecks. */
  private async moveExcessOff(trx: Knex, paymentId: string, invoiceId: string | null, excess: number): Promise<void> {
    if (!invoiceId) throw Problem.unprocessable('Платёж не сопоставлен со счётом: сначала сопоставьте его.');
    const invoice = await trx('platform.billing_invoices').where({ id: invoiceId }).forUpdate().first('total_kopecks', 'paid_kopecks', 'number');
    if (Number(invoice.paid_kopecks) - excess < Number(invoice.total_kopecks)) throw Problem.unprocessable(`Переплата по счёту № ${invoice.number} уже зачтена или возвращена.`);
    await trx('platform.billing_invoices').where({ id: invoiceId }).update({ paid_kopecks: Number(invoice.paid_kopecks) - excess });
    await trx('platform.billing_payments').where({ id: paymentId }).update({ carry_kopecks: excess });
  }

  /**
   * Credits excess carried from earlier payments to the client's open Счета, oldest first (run after the
   * owner's decision and by the cycle once a new Счёт is issued). A Счёт paid in full gets its Акт and
   * brings the client back to work, as a payment would.
   */
  async applyCarried(tenantId: string, at: Date): Promise<number> {
    const today = moscowDate(at);
    const applied = await this.db.knex.transaction(async (trx) => {
      const carries = await trx('platform.billing_payments').where({ tenant_id: tenantId }).where('carry_kopecks', '>', 0).orderBy('paid_at').forUpdate().select('id', 'carry_kopecks');
      if (!carries.length) return 0;
      const invoices = await trx('platform.billing_invoices').where({ tenant_id: tenantId, status: 'open' }).orderBy('period_start').forUpdate().select('id', 'number', 'total_kopecks', 'paid_kopecks');
      let count = 0;
      for (const invoice of invoices) {
        const before = Number(invoice.paid_kopecks);
        let paid = before;
        for (const carry of carries) {
          const take = Math.min(Number(carry.carry_kopecks), Number(invoice.total_kopecks) - paid);
          if (take <= 0) continue;
          paid += take;
          carry.carry_kopecks = Number(carry.carry_kopecks) - take;
          await trx('platform.billing_payments').where({ id: carry.id }).update({ carry_kopecks: carry.carry_kopecks, carried_to_invoice_id: invoice.id });
          await recordEvent(trx, { tenantId, onDate: today, kind: 'payment', invoiceId: invoice.id, message: `Зачтена переплата ${rubles(take)} ₽ в счёт № ${invoice.number}`, details: { paymentId: carry.id, amountKopecks: take, carried: true } });
          count++;
        }
        if (paid === before) continue;
        const settled = paid >= Number(invoice.total_kopecks);
        await trx('platform.billing_invoices').where({ id: invoice.id }).update({ paid_kopecks: paid, ...(settled ? { status: 'paid', paid_at: at } : {}) });
        if (settled) {
          await this.invoicing.createAct(trx, invoice.id, today);
          await this.payments.reactivateIfSettled(trx, tenantId, today, at);
        }
      }
      return count;
    });
    if (applied) await this.tenants.invalidateTenant(tenantId);
    return applied;
  }
}

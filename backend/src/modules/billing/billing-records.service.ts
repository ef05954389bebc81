import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database';

export interface InvoiceFilter {
  tenantId?: string;
  status?: string;
  /** Open invoices due before this day. */
  overdueOn?: string;
  limit?: number;
}

/** Invoices (with their lines and act) and payments as the company admin and the owner read them. */
@Injectable()
export class BillingRecordsService {
  constructor(private readonly db: Database) {}

  async invoices(filter: InvoiceFilter) {
    const k = this.db.knex;
    const q = k('platform.billing_invoices as i')
      // left join: invoices stay after a client's data is deleted (buyer's requisites are on the invoice)
      .leftJoin('platform.tenants as t', 't.id', 'i.tenant_id')
      .leftJoin('platform.billing_acts as a', 'a.invoice_id', 'i.id')
      .orderBy('i.created_at', 'desc')
      .limit(filter.limit ?? 500)
      .select(
        'i.id', 'i.number', 'i.tenant_id as tenantId', k.raw(`coalesce(t.name, i.buyer->>'name') AS "tenantName"`), k.raw(`coalesce(t.inn, i.buyer->>'inn') AS "tenantInn"`),
        'i.period_start as periodStart', 'i.period_end as periodEnd', 'i.issued_on as issuedOn', 'i.due_on as dueOn', 'i.status',
        'i.total_kopecks as totalKopecks', 'i.vat_kopecks as vatKopecks', 'i.vat_rate as vatRate', 'i.paid_kopecks as paidKopecks', 'i.paid_at as paidAt', 'a.id as actId',
      );
    if (filter.tenantId) q.where('i.tenant_id', filter.tenantId);
    if (filter.status) q.where('i.status', filter.status);
    if (filter.overdueOn) q.where('i.status', 'open').where('i.due_on', '<', filter.overdueOn);
    const rows = await q;
    const lines = rows.length ? await k('platform.billing_invoice_lines').whereIn('invoice_id', rows.map((r) => r.id)).orderBy('id').select('invoice_id', 'kind', 'module_code as module', 'description', 'days', 'days_in_month as daysInMonth', 'monthly_price_kopecks as monthlyPriceKopecks', 'list_price_kopecks as listPriceKopecks', 'amount_kopecks as amountKopecks', 'vat_kopecks as vatKopecks', 'id as lineId', 'reverses_line_id as reversesLineId') : [];
    return rows.map((r) => ({
      ...r,
      totalKopecks: Number(r.totalKopecks),
      vatKopecks: Number(r.vatKopecks),
      paidKopecks: Number(r.paidKopecks),
      lines: lines
        .filter((l) => l.invoice_id === r.id)
        .map(({ invoice_id: _, ...l }) => ({ ...l, monthlyPriceKopecks: l.monthlyPriceKopecks === null ? null : Number(l.monthlyPriceKopecks), listPriceKopecks: l.listPriceKopecks === null ? null : Number(l.listPriceKopecks), amountKopecks: Number(l.amountKopecks), vatKopecks: Number(l.vatKopecks), lineId: Number(l.lineId), reversesLineId: l.reversesLineId === null ? null : Number(l.reversesLineId) })),
    }));
  }

  async payments(filter: { tenantId?: string; unmatched?: boolean; limit?: number }) {
    const q = this.db.knex('platform.billing_payments as p')
      .leftJoin('platform.billing_invoices as i', 'i.id', 'p.invoice_id')
      .leftJoin('platform.tenants as t', 't.id', 'p.tenant_id')
      .orderBy('p.created_at', 'desc')
      .limit(filter.limit ?? 500)
      .select(
        'p.id', 'p.tenant_id as tenantId', 't.name as tenantName', 'p.invoice_id as invoiceId', 'i.number as invoiceNumber', 'p.method', 'p.status',
        'p.amount_kopecks as amountKopecks', 'p.requested_kopecks as requestedKopecks', 'p.attention', 'p.refunded_kopecks as refundedKopecks', 'p.paid_at as paidAt', 'p.paid_on as paidOn',
        'p.payer_name as payerName', 'p.payer_inn as payerInn', 'p.purpose', 'p.document_number as documentNumber', 'p.created_at as createdAt',
      );
    if (filter.tenantId) q.where('p.tenant_id', filter.tenantId);
    if (filter.unmatched) q.whereNull('p.invoice_id').where('p.status', 'succeeded');
    const rows = await q;
    return rows.map((r) => ({ ...r, amountKopecks: Number(r.amountKopecks), requestedKopecks: r.requestedKopecks === null ? null : Number(r.requestedKopecks), refundedKopecks: Number(r.refundedKopecks) }));
  }

  /**
   * Payments whose amount differs from what was asked for, not yet resolved by the owner, with the
   * Счёт's state: less → it stays open for the rest; more → the difference is on the client's balance.
   */
  async attention() {
    const rows = await this.db.knex('platform.billing_payments as p')
      .leftJoin('platform.billing_invoices as i', 'i.id', 'p.invoice_id')
      .leftJoin('platform.tenants as t', 't.id', 'p.tenant_id')
      .whereNotNull('p.attention')
      .whereNull('p.attention_resolved_at')
      .orderBy('p.paid_at', 'desc')
      .select(
        'p.id', 'p.tenant_id as tenantId', 't.name as tenantName', 'p.invoice_id as invoiceId', 'i.number as invoiceNumber', 'i.status as invoiceStatus',
        'i.total_kopecks as invoiceTotalKopecks', 'i.paid_kopecks as invoicePaidKopecks', 'p.method', 'p.requested_kopecks as requestedKopecks',
        'p.amount_kopecks as receivedKopecks', 'p.attention as reason', 'p.paid_at as paidAt',
      );
    return rows.map((r) => ({
      ...r,
      requestedKopecks: Number(r.requestedKopecks),
      receivedKopecks: Number(r.receivedKopecks),
      differenceKopecks: Number(r.receivedKopecks) - Number(r.requestedKopecks),
      invoiceTotalKopecks: r.invoiceTotalKopecks === null ? null : Number(r.invoiceTotalKopecks),
      invoicePaidKopecks: r.invoicePaidKopecks === null ? null : Number(r.invoicePaidKopecks),
    }));
  }

  /** The company's billing events (reminders, past due, suspension, resumption), newest first. */
  async events(tenantId: string, limit: number) {
    const items = await this.db.knex('platform.billing_events').where({ tenant_id: tenantId }).orderBy('id', 'desc').limit(limit).select('id', 'at', 'on_date as onDate', 'kind', 'message', 'invoice_id as invoiceId');
    return items.map((e) => ({ ...e, id: Number(e.id) }));
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { extractVat, formatRubles, sumKopecks } from '@workcloud/shared-core';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { MailAttachmentSources } from '../../platform/mail';
import { priceOnSql } from '../../platform/modules/module-prices';
import { generalVatRateOn, vatPercent, type VatRate } from '../../platform/ru/vat';
import { renderAct } from '../trade/print/act';
import { renderInvoiceForPayment } from '../trade/print/invoice-for-payment';
import type { PrintDocument, PrintLine, VatRateLabel } from '../trade/print/types';
import { BILLING_CONFIG, type BillingConfig } from './config';
import { addDays, endOfMonth, monthTitle, ruDate } from './dates';
import { discountedPrices, discountInForce } from './discounts.service';
import { BillingNotifications, INVOICE_PDF_SOURCE } from './notifications';
import { gostPaymentPayload, paymentQrPng } from './payment-qr';
import { prorate } from './proration';
import { BillingSettingsService, recordEvent } from './settings.service';

interface DraftLine {
  kind: 'monthly' | 'adjustment';
  moduleCode: string;
  description: string;
  days?: number;
  daysInMonth?: number;
  monthlyPriceKopecks?: number;
  /** A discounted monthly line: the catalogue price before the discount, and the discount. */
  listPriceKopecks?: number;
  discountId?: number;
  amountKopecks: number;
  /** An adjustment's charge, and the invoice line a credit gives back (or null). */
  chargeId?: number;
  reversesLineId?: number | null;
}

/**
 * Invoicing: one Счёт per client and calendar month (or the part of it after the trial), with the
 * modules connected on the day of issue at the owner's prices valid on the period's first day (VAT included), plus the
 * charges and credits of module changes since the last Счёт. The Акт follows full payment.
 */
@Injectable()
export class InvoicingService {
  constructor(
    private readonly db: Database,
    private readonly settings: BillingSettingsService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
    private readonly notifications: BillingNotifications,
    mailAttachments: MailAttachmentSources,
  ) {
    // E-mails about a Счёт carry the PDF the admin UI downloads, rendered when the mail is sent.
    mailAttachments.register(INVOICE_PDF_SOURCE, async (invoiceId) => {
      const file = await this.invoicePdf(invoiceId);
      return { fileName: file.fileName, content: file.pdf, contentType: 'application/pdf' };
    });
  }

  /**
   * Issues every Счёт a client is due by `today`: for each month from next_period_start on that has
   * begun. Nothing for clients in trial, suspended, cancelled or archived. Returns the new invoice ids.
   */
  async issueDue(tenantId: string, today: string): Promise<string[]> {
    const issued: string[] = [];
    for (;;) {
      const id = await this.db.knex.transaction(async (trx) => {
        const row = await trx('platform.billing_accounts as a')
          .join('platform.tenants as t', 't.id', 'a.tenant_id')
          .where('a.tenant_id', tenantId)
          .forUpdate('a')
          .first('a.next_period_start', 'a.canceled_on', 't.status', 't.name', 't.inn', 't.kpp');
        if (!row || row.canceled_on || !['trial', 'active', 'past_due'].includes(row.status)) return null;
        const start: string = row.next_period_start;
        if (start > today) return null;
        const end = endOfMonth(start);
        await trx('platform.billing_accounts').where({ tenant_id: tenantId }).update({ next_period_start: addDays(end, 1) });
        return this.issue(trx, { tenantId, name: row.name, inn: row.inn, kpp: row.kpp }, start, end, today);
      });
      if (id === null) return issued;
      if (id) issued.push(id);
    }
  }

  /** One Счёт for start…end, or '' when there is nothing positive to bill (credits then wait). */
  private async issue(trx: Knex, buyer: { tenantId: string; name: string; inn: string; kpp: string | null }, start: string, end: string, today: string): Promise<string> {
    // A month is billed at the prices valid on its first billed day (prices are versioned by date).
    const modules = await trx('platform.tenant_modules as tm')
      .join('platform.modules as m', 'm.code', 'tm.module_code')
      .where('tm.tenant_id', buyer.tenantId)
      .orderBy('m.sort_order')
      .select('m.code', 'm.title', trx.raw(`${priceOnSql('m.code')} AS price`, [start]));
    // A discount lowers the monthly price itself: the line, its VAT, the receipt and the credit of a module
    // removed later all follow from the discounted price, and the line names the discount.
    const discount = await discountInForce(trx, buyer.tenantId);
    const priced = modules.map((m) => ({ code: m.code as string, price: Number(m.price) }));
    const discounted = discount ? discountedPrices(priced, discount) : new Map(priced.map((p) => [p.code, p.price]));
    const lines: DraftLine[] = modules.filter((m) => Number(m.price) > 0).map((m) => {
      const listPrice = Number(m.price);
      const price = discounted.get(m.code)!;
      const p = prorate(price, start, end);
      const part = p.days === p.daysInMonth ? '' : ` с ${ruDate(start)} по ${ruDate(end)} (${p.days} из ${p.daysInMonth} дн.)`;
      const off = price < listPrice ? ` (${discount!.label}: ${rubles(listPrice)} − ${rubles(listPrice - price)} = ${rubles(price)} ₽ в месяц)` : '';
      return {
        kind: 'monthly',
        moduleCode: m.code,
        description: `Доступ к модулю «${m.title}» WorkCloud за ${monthTitle(start)}${part}${off}`,
        days: p.days,
        daysInMonth: p.daysInMonth,
        monthlyPriceKopecks: price,
        ...(off ? { listPriceKopecks: listPrice, discountId: discount!.id } : {}),
        amountKopecks: p.amountKopecks,
      };
    });
    const charges = await trx('platform.billing_charges').where({ tenant_id: buyer.tenantId }).whereNull('invoice_id').orderBy('id').select('id', 'module_code', 'amount_kopecks', 'description', 'monthly_price_kopecks', 'reverses_line_id', 'reverses_charge_id');
    const lineOfCharge = new Map<number, number>();
    for (const c of charges) {
      lines.push({
        kind: 'adjustment',
        moduleCode: c.module_code,
        description: c.description,
        monthlyPriceKopecks: c.monthly_price_kopecks === null ? undefined : Number(c.monthly_price_kopecks),
        amountKopecks: Number(c.amount_kopecks),
        chargeId: Number(c.id),
        reversesLineId: c.reverses_line_id === null ? null : Number(c.reverses_line_id),
      });
    }

    const total = sumKopecks(lines.map((l) => l.amountKopecks));
    if (total <= 0) return '';

    const rate = generalVatRateOn(today);
    const withVat = lines.map((l) => ({ ...l, vatKopecks: vatIncluded(l.amountKopecks, rate) }));
    const { paymentDueDays } = await this.settings.get(trx);
    const id = randomUUID();
    const [{ n }] = (await trx.raw(`SELECT nextval('platform.billing_invoice_number_seq') AS n`)).rows;
    const number = `WC-${String(n).padStart(6, '0')}`;
    await trx('platform.billing_invoices').insert({
      id,
      number,
      tenant_id: buyer.tenantId,
      period_start: start,
      period_end: end,
      issued_on: today,
      due_on: addDays(today, paymentDueDays),
      vat_rate: rate,
      total_kopecks: total,
      vat_kopecks: sumKopecks(withVat.map((l) => l.vatKopecks)),
      seller: JSON.stringify(this.config.seller),
      buyer: JSON.stringify({ name: buyer.name, inn: buyer.inn, kpp: buyer.kpp ?? undefined, address: '' }),
      // A client with a saved card is charged automatically on the issue day (AutopayService).
      autopay_next_on: (await trx('platform.billing_saved_methods').where({ tenant_id: buyer.tenantId }).whereNull('removed_at').first('id')) ? today : null,
    });
    const inserted: Array<{ id: string; charge_id: string | null }> = await trx('platform.billing_invoice_lines').insert(
      withVat.map((l) => ({
        invoice_id: id,
        kind: l.kind,
        module_code: l.moduleCode,
        description: l.description,
        days: l.days ?? null,
        days_in_month: l.daysInMonth ?? null,
        monthly_price_kopecks: l.monthlyPriceKopecks ?? null,
        list_price_kopecks: l.listPriceKopecks ?? null,
        discount_id: l.discountId ?? null,
        amount_kopecks: l.amountKopecks,
        vat_kopecks: l.vatKopecks,
        charge_id: l.chargeId ?? null,
        reverses_line_id: l.reversesLineId ?? null,
      })),
    ).returning(['id', 'charge_id']);
    // A credit of an addition invoiced on this same Счёт names the addition's line, now that it has an id.
    for (const row of inserted) if (row.charge_id !== null) lineOfCharge.set(Number(row.charge_id), Number(row.id));
    for (const c of charges) {
      if (c.reverses_charge_id === null || c.reverses_line_id !== null) continue;
      const line = lineOfCharge.get(Number(c.reverses_charge_id)) ?? (await trx('platform.billing_invoice_lines').where({ charge_id: c.reverses_charge_id }).first('id'))?.id;
      if (line) await trx('platform.billing_invoice_lines').where({ charge_id: c.id }).update({ reverses_line_id: line });
    }
    if (charges.length) await trx('platform.billing_charges').whereIn('id', charges.map((c) => c.id)).update({ invoice_id: id });
    await recordEvent(trx, { tenantId: buyer.tenantId, onDate: today, kind: 'invoice_issued', invoiceId: id, message: `Выставлен счёт № ${number} на ${rubles(total)} ₽`, details: { totalKopecks: total } });
    // The company's admins get it by e-mail with the PDF (written with the Счёт: both or neither).
    await this.notifications.invoiceIssued(trx, id);
    return id;
  }

  /** Issues the Акт of a fully paid Счёт (once; its number is the Счёт's). */
  async createAct(trx: Knex, invoiceId: string, onDate: string): Promise<void> {
    const invoice = await trx('platform.billing_invoices').where({ id: invoiceId }).first('number', 'tenant_id');
    await trx('platform.billing_acts').insert({ id: randomUUID(), number: invoice.number, invoice_id: invoiceId, tenant_id: invoice.tenant_id, issued_on: onDate }).onConflict('invoice_id').ignore();
  }

  /** The Счёт PDF with the payment QR code (ГОСТ Р 56042-2014) for what is still owed, for paying by transfer from a banking app. */
  async invoicePdf(invoiceId: string, tenantId?: string): Promise<{ fileName: string; pdf: Buffer }> {
    const doc = await this.printDocument(invoiceId, tenantId);
    const invoice = await this.db.knex('platform.billing_invoices').where({ id: invoiceId }).first('status', 'total_kopecks', 'paid_kopecks');
    const owed = Number(invoice.total_kopecks) - Number(invoice.paid_kopecks);
    const qrPng = invoice.status === 'open' && owed > 0 ? await paymentQrPng(gostPaymentPayload(doc.seller, owed, invoicePurpose(doc.number, doc.date, Number(doc.totals.vatKopecks)))) : undefined;
    return { fileName: `Счёт ${doc.number}.pdf`, pdf: await renderInvoiceForPayment(doc, { paymentQrPng: qrPng }) };
  }

  async actPdf(actId: string, tenantId?: string): Promise<{ fileName: string; pdf: Buffer }> {
    const q = this.db.knex('platform.billing_acts').where({ id: actId });
    if (tenantId) q.andWhere({ tenant_id: tenantId });
    const act = await q.first('invoice_id', 'number', 'issued_on');
    if (!act) throw Problem.notFound('Акт не найден.');
    const doc = await this.printDocument(act.invoice_id, tenantId);
    return { fileName: `Акт ${act.number}.pdf`, pdf: await renderAct({ ...doc, number: act.number, date: act.issued_on, basis: `Счёт № ${doc.number} от ${ruDate(doc.date)}` }) };
  }

  /** The stored Счёт as the print forms take it: amounts exactly as invoiced, never recomputed. */
  private async printDocument(invoiceId: string, tenantId?: string): Promise<PrintDocument> {
    const q = this.db.knex('platform.billing_invoices').where({ id: invoiceId });
    if (tenantId) q.andWhere({ tenant_id: tenantId }); // a client sees only its own documents
    const invoice = await q.first();
    if (!invoice) throw Problem.notFound('Счёт не найден.');
    const rows = await this.db.knex('platform.billing_invoice_lines').where({ invoice_id: invoiceId }).orderBy('id');
    const label = `${vatPercent(invoice.vat_rate as VatRate)}%` as VatRateLabel;
    const lines: PrintLine[] = rows.map((r) => {
      const total = Number(r.amount_kopecks);
      const vat = Number(r.vat_kopecks);
      return { name: r.description, unit: 'усл. ед', unitCode: '876', quantity: '1', priceKopecks: total - vat, amountKopecks: total - vat, vatRateLabel: label, vatKopecks: vat, totalKopecks: total };
    });
    const total = Number(invoice.total_kopecks);
    const vat = Number(invoice.vat_kopecks);
    const seller = invoice.seller as BillingConfig['seller'];
    return {
      number: invoice.number,
      date: invoice.issued_on,
      seller,
      buyer: invoice.buyer,
      lines,
      totals: { amountKopecks: total - vat, vatKopecks: vat, totalKopecks: total },
      basis: 'Договор-оферта WorkCloud',
      sellerSigners: { head: seller.head, accountant: seller.accountant },
    };
  }
}

/**
 * The purpose of a transfer paying a Счёт: its number (bank statements match payments by it), and the VAT
 * (of the whole Счёт: a part payment's VAT is the payer's accountant's to state).
 */
export function invoicePurpose(number: string, date: string, vatKopecks: number): string {
  return `Оплата по счёту № ${number} от ${ruDate(date)} за доступ к WorkCloud. В т.ч. НДС ${rubles(vatKopecks)} руб.`;
}

/** VAT inside a VAT-inclusive amount (module prices include VAT); a credit line has negative VAT. */
function vatIncluded(amountKopecks: number, rate: VatRate): number {
  return extractVat(amountKopecks, vatPercent(rate)).vatKopecks;
}

/** 190050 → «1900,50», as billing's event messages write an amount before « ₽». */
export function rubles(kopecks: number): string {
  return formatRubles(kopecks, { currency: false, grouping: false, minus: '-' });
}

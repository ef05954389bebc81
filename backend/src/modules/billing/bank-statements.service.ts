import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { BankExchangeError, parseBankExchange, type BankDocument } from '../../platform/ru/bank-exchange';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { BillingClock } from './clock';
import { BILLING_CONFIG, type BillingConfig } from './config';
import { PaymentsService } from './payments.service';

/** «WC-000017», «WC 17», «wc000017» in a payment's purpose → our invoice number WC-000017. */
const INVOICE_NUMBER = /WC[-\s№]*0*(\d{1,9})/i;

export interface ImportResult {
  statementId: string;
  documents: number;
  /** Payments to the platform's account found in the file (new ones; a re-import skips known ones). */
  credited: number;
  duplicates: number;
  matched: { paymentId: string; invoiceNumber: string; amountKopecks: number; by: 'number' | 'inn_amount' }[];
  unmatched: { paymentId: string; payerName: string; payerInn: string; amountKopecks: number; purpose: string }[];
}

/**
 * Bank transfers: the owner imports the platform account's statement (1CClientBankExchange) and each
 * incoming payment is matched to a Счёт — by the invoice number in its purpose and the payer's ИНН,
 * else by the ИНН and the exact amount owed. The rest waits in the list for manual matching.
 */
@Injectable()
export class BankStatementsService {
  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly payments: PaymentsService,
    private readonly tenants: TenantContextService,
    private readonly audit: AuditService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  async import(file: Buffer, userId: string): Promise<ImportResult> {
    if (!file?.length) throw Problem.badRequest('Пришлите файл выписки (1CClientBankExchange) телом запроса, Content-Type: application/octet-stream.');
    let statement;
    try {
      statement = parseBankExchange(file);
    } catch (error) {
      if (error instanceof BankExchangeError) throw Problem.badRequest(`Файл выписки не прочитан. ${error.message}`);
      throw error;
    }
    const seller = this.config.seller;
    const incoming = statement.documents.filter((d) => (d.payee.account === seller.account || d.payee.inn === seller.inn) && d.payer.inn !== seller.inn && d.amountKopecks > 0);
    const at = this.clock.now();
    const statementId = randomUUID();
    const result: ImportResult = { statementId, documents: statement.documents.length, credited: 0, duplicates: 0, matched: [], unmatched: [] };
    const touched = new Set<string>();

    await this.db.knex.transaction(async (trx) => {
      await trx('platform.billing_bank_statements').insert({ id: statementId, imported_by: userId, period_start: statement.header.periodStart ?? null, period_end: statement.header.periodEnd ?? null, documents: statement.documents.length, credited: 0, matched: 0 });
      for (const doc of incoming) {
        const id = randomUUID();
        const paidOn = doc.creditedOn ?? doc.date;
        // Number, date, payer and amount identify a payment order: importing overlapping statements twice counts it once.
        const key = `${paidOn}:${doc.number}:${doc.payer.inn}:${doc.amountKopecks}`;
        const found = await this.findInvoice(trx, doc);
        const inserted = await trx('platform.billing_payments')
          .insert({
            id,
            tenant_id: found?.tenantId ?? (await this.tenantByInn(trx, doc.payer.inn)),
            invoice_id: found?.invoiceId ?? null,
            method: 'bank',
            provider: 'bank',
            provider_payment_id: key,
            status: 'succeeded',
            amount_kopecks: doc.amountKopecks,
            paid_at: at,
            paid_on: paidOn,
            payer_name: doc.payer.name,
            payer_inn: doc.payer.inn,
            purpose: doc.purpose,
            document_number: doc.number,
            statement_id: statementId,
          })
          .onConflict(['provider', 'provider_payment_id'])
          .ignore()
          .returning('id');
        if (!inserted.length) {
          result.duplicates++;
          continue;
        }
        result.credited++;
        if (found) {
          const tenantId = await this.payments.credit(trx, id, at);
          if (tenantId) touched.add(tenantId);
          result.matched.push({ paymentId: id, invoiceNumber: found.number, amountKopecks: doc.amountKopecks, by: found.by });
        } else {
          result.unmatched.push({ paymentId: id, payerName: doc.payer.name, payerInn: doc.payer.inn, amountKopecks: doc.amountKopecks, purpose: doc.purpose });
        }
      }
      await trx('platform.billing_bank_statements').where({ id: statementId }).update({ credited: result.credited, matched: result.matched.length });
      await this.audit.record({ tenantId: null, userId, action: 'import', entity: 'BankStatement', entityId: statementId, after: { credited: result.credited, matched: result.matched.length, unmatched: result.unmatched.length } }, trx);
    });
    for (const tenantId of touched) await this.tenants.invalidateTenant(tenantId);
    return result;
  }

  private async findInvoice(trx: Knex, doc: BankDocument): Promise<{ invoiceId: string; tenantId: string; number: string; by: 'number' | 'inn_amount' } | null> {
    const number = INVOICE_NUMBER.exec(doc.purpose ?? '');
    if (number) {
      const invoice = await trx('platform.billing_invoices as i')
        .join('platform.tenants as t', 't.id', 'i.tenant_id')
        .where('i.number', `WC-${number[1].padStart(6, '0')}`)
        .where('i.status', 'open')
        .where('t.inn', doc.payer.inn)
        .first('i.id', 'i.tenant_id', 'i.number');
      if (invoice) return { invoiceId: invoice.id, tenantId: invoice.tenant_id, number: invoice.number, by: 'number' };
    }
    // No (usable) number: the payer's only open Счёт for exactly this amount.
    const candidates = await trx('platform.billing_invoices as i')
      .join('platform.tenants as t', 't.id', 'i.tenant_id')
      .where('t.inn', doc.payer.inn)
      .where('i.status', 'open')
      .whereRaw('i.total_kopecks - i.paid_kopecks = ?', [doc.amountKopecks])
      .select('i.id', 'i.tenant_id', 'i.number');
    return candidates.length === 1 ? { invoiceId: candidates[0].id, tenantId: candidates[0].tenant_id, number: candidates[0].number, by: 'inn_amount' } : null;
  }

  private async tenantByInn(trx: Knex, inn: string): Promise<string | null> {
    const rows = await trx('platform.tenants').where({ inn }).whereNot({ status: 'archived' }).pluck('id');
    return rows.length === 1 ? rows[0] : null;
  }
}

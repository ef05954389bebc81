import { prorateKopecks } from '@workcloud/shared-core';
import type { DocumentRecord, Movement } from '../../../platform/engine/declarations';
import { cumulative, net, type Sums } from '../balances';
import type { Journal, TenantTables } from '../journal';
import { bookEntry } from './registers';

/** An advance (a customer's payment on 62.02) offset by a sale, as trade-postings' `offsetAdvances` found it. */
export interface AdvanceOffset {
  payment: string;
  amount: number;
}

/**
 * What is left of each advance (62.02, a credit balance) and of its VAT (76.АВ, a debit balance), by payment,
 * from cumulative sums of both accounts keyed `account|subconto2|subconto3` (62.02 keeps the payment in its
 * third subconto, 76.АВ in its second).
 */
export function advancesLeft(held: Map<string, Sums>, advancesAccount: string): Map<string, { advance: number; vat: number }> {
  const left = new Map<string, { advance: number; vat: number }>();
  for (const [key, sums] of held) {
    const [account, subconto2, subconto3] = key.split('|');
    const payment = account === advancesAccount ? subconto3 : subconto2;
    const l = left.get(payment) ?? { advance: 0, vat: 0 };
    if (account === advancesAccount) l.advance -= net(sums).amount.toNumber();
    else l.vat += net(sums).amount.toNumber();
    left.set(payment, l);
  }
  return left;
}

/**
 * Вычет НДС с аванса при отгрузке (п. 8 ст. 171, п. 6 ст. 172 НК РФ): when a sale offsets an advance that has a
 * счёт-фактура на аванс, the advance's VAT is deducted — Дт 68.02 Кт 76.АВ, and the purchase ledger gets the
 * advance invoice with code 22. The VAT deducted is the share of the offset in what is left of the advance
 * (62.02) of what is left of its VAT (76.АВ); the offset that takes the rest of an advance takes the rest of its
 * VAT, so nothing stays on 76.АВ by rounding. Advances without an invoice (none issued, or УСН) deduct nothing.
 */
export async function deductAdvanceVat(j: Journal, ctx: TenantTables, sale: DocumentRecord & Record<string, any>, offsets: AdvanceOffset[]): Promise<Movement[]> {
  if (!offsets.length) return [];
  const invoices: { id: string; payment: string }[] = await ctx
    .knex(ctx.table('d_accounting_invoice_issued'))
    .where({ kind: 'advance', status: 'posted' })
    .whereIn('payment', [...new Set(offsets.map((o) => o.payment))])
    .select('id', 'payment');
  if (!invoices.length) return [];
  const [advances, vatOnAdvances] = [j.chart.code('62.02'), j.chart.code('76.АВ')];
  const held = (
    await cumulative(ctx, [sale.date], ['account', 'subconto2', 'subconto3'], { from: 'entries', organization: sale.organization, accounts: [advances.id, vatOnAdvances.id], subconto1: [sale.counterparty] })
  ).get(sale.date)!;
  const left = advancesLeft(held, advances.id);
  const out: Movement[] = [];
  for (const o of offsets) {
    const invoice = invoices.find((i) => i.payment === o.payment);
    const l = left.get(o.payment);
    if (!invoice || !l || l.vat <= 0 || l.advance <= 0) continue;
    const vat = o.amount >= l.advance ? l.vat : prorateKopecks(l.vat, o.amount, l.advance);
    l.advance -= o.amount;
    l.vat -= vat;
    if (!vat) continue;
    j.add({
      debit: j.side('68.02', { budget_payment: 'tax' }),
      credit: j.side('76.АВ', { counterparty: sale.counterparty, settlement_document: o.payment }),
      amount: vat,
      content: 'Вычет НДС с аванса при зачёте в оплату отгрузки',
    });
    out.push(bookEntry('vat_purchases', { organization: sale.organization, operation: '22', period: sale.date, total: o.amount, vat, invoice: invoice.id, counterparty: sale.counterparty, basis: sale.id, entriesBy: sale.id }));
  }
  return out;
}

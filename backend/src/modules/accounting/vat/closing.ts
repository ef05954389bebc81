import Decimal from 'decimal.js';
import type { Movement, PostingContext } from '../../../platform/engine/declarations';
import { cumulative } from '../balances';
import { ruDate } from '../../../platform/engine/dates';
import type { EntrySide, Journal } from '../journal';
import { isUuid } from '../subconto';
import { deductsVat } from './rates';
import { bookEntry } from './registers';

/** How «Закрытие месяца» books an entry of a step (and follows the balances it moves). */
type Book = (no: number, title: string, debit: EntrySide, credit: EntrySide, amount: Decimal) => void;

export const VAT_STEP = 3;

/**
 * The VAT step of «Закрытие месяца» (as 1C's «Формирование записей книги покупок»): VAT left on 19.03 / 19.04 at
 * the month's end for a receipt whose supplier's счёт-фактура is registered by then — the receipt was corrected
 * after the registration — is deducted, Дт 68.02 Кт 19.xx, with its record in the книга покупок (code 01, the
 * same invoice; the closing carries the 68.02 entry). VAT of receipts without a registered invoice stays on 19:
 * it is returned (`left`, with the documents it is on) for the step's report. Only an organization on ОСНО deducts.
 */
export async function deductRegisteredVat(ctx: PostingContext, journal: Journal, doc: Record<string, any>, end: string, book: Book): Promise<{ records: Movement[]; left: Decimal; leftOn: string[]; deducts: boolean }> {
  const org = await ctx.catalogItem('trade.organizations', doc.organization);
  if (!deductsVat(org?.vat_status)) return { records: [], left: new Decimal(0), leftOn: [], deducts: false };
  const accounts = ['19.03', '19.04'].map((c) => journal.chart.code(c));
  const held = (await cumulative(ctx, [end], ['account', 'subconto1', 'subconto2'], { from: 'entries', organization: doc.organization, accounts: accounts.map((a) => a.id) })).get(end)!;
  const positive = [...held].map(([key, s]) => ({ key: key.split('|'), amount: s.debit.minus(s.credit) })).filter((h) => h.amount.gt(0));
  // A hand-made entry on 19 may name no document ('-'): it has no invoice.
  const receipts = [...new Set(positive.map((h) => h.key[2]))].filter(isUuid);
  const invoices: Record<string, any>[] = receipts.length
    ? await ctx.knex(ctx.table('d_accounting_invoice_received')).whereIn('receipt', receipts).where({ kind: 'receipt', status: 'posted' }).where('date', '<=', end).select('id', 'receipt', 'total')
    : [];
  const totals: Record<string, any>[] = receipts.length ? await ctx.knex(ctx.table('d_trade_receipt')).whereIn('id', receipts).select('id', 'total') : [];
  const invoiceOf = new Map(invoices.map((i) => [String(i.receipt), i]));
  const records: Movement[] = [];
  let left = new Decimal(0);
  const leftOf = new Set<string>();
  for (const h of positive.sort((a, b) => a.key.join('|').localeCompare(b.key.join('|')))) {
    const [accountId, counterparty, receipt] = h.key;
    const invoice = invoiceOf.get(receipt);
    if (!invoice) {
      left = left.plus(h.amount);
      leftOf.add(receipt);
      continue;
    }
    const account = journal.chart.find(accountId)!;
    book(VAT_STEP, 'НДС к вычету по зарегистрированным счетам-фактурам поставщиков', journal.side('68.02', { budget_payment: 'tax' }), journal.side(account.code, { counterparty, settlement_document: receipt }), h.amount);
    // The book's cost is what the receipt grew by since its invoice was registered.
    const total = Math.max(0, Number(totals.find((t) => String(t.id) === receipt)?.total ?? 0) - Number(invoice.total ?? 0));
    records.push(bookEntry('vat_purchases', { organization: doc.organization, operation: '01', period: end, total, vat: h.amount.toNumber(), invoice: String(invoice.id), counterparty, basis: receipt, entriesBy: doc.id }));
  }
  // The receipts by number (a hand-made entry on 19 may name no receipt: counted, not named).
  const ids = [...leftOf].filter(isUuid);
  const named: Record<string, any>[] = ids.length ? await ctx.knex(ctx.table('d_trade_receipt')).whereIn('id', ids).orderBy(['date', 'number']).select('number', 'date') : [];
  const leftOn = named.map((r) => `поступление ${r.number} от ${ruDate(r.date)}`);
  if (leftOf.size > named.length) leftOn.push(`другие документы (${leftOf.size - named.length})`);
  return { records, left, leftOn, deducts: true };
}

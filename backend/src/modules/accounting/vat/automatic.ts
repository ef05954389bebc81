import { sumKopecks } from '@workcloud/shared-core';
import type { DocumentRecord, Movement } from '../../../platform/engine/declarations';
import type { HookContext } from '../../../platform/modules/define-module';
import { Journal, policyOf } from '../journal';
import { advanceHeld } from './invoices';
import { deductsVat, issuesInvoices } from './rates';

/**
 * Счета-фактуры made when a trade document is posted, as 1C:Бухгалтерия makes them, in the document's posting
 * transaction (the hooks' `afterPost`, once accounting's entries are written): the issued one for a Реализация,
 * the advance one for a Поступление денег that leaves money on 62.02, the received one for a Поступление that
 * carries the supplier's invoice number and date (ОСНО only — only it deducts). Cancelling the trade document
 * cancels its invoice; re-posting re-posts it (the same number). An organization whose policy says
 * «счета-фактуры вручную» gets none: the accountant issues them (`POST /api/accounting/vat/issue-invoices`).
 */

type Doc = DocumentRecord & Record<string, any>;
type Code = 'invoice_issued' | 'invoice_received';

/** The organization when it wants its invoices made on posting (no policy row: yes). */
async function automaticFor(ctx: HookContext, organization: string) {
  if ((await policyOf(ctx, organization)).manualInvoices) return null;
  return (await ctx.catalogItem('trade.organizations', organization)) as Record<string, any> | null;
}

/** The invoice of `code` on this basis (`field` = the trade document's id), the posted one first. */
const invoiceOf = (ctx: HookContext, code: Code, field: string, basis: string) =>
  ctx.knex(ctx.table(`d_accounting_${code}`)).where({ [field]: basis }).orderByRaw(`status = 'posted' DESC, created_at`).first('id', 'status', 'date');

/**
 * Keeps the document's invoice as `wanted` says: posts it (created, or the existing one re-posted at the wanted
 * date), or — when none is wanted any more (the advance was offset, the supplier's number erased) — cancels it.
 */
async function keep(ctx: HookContext, code: Code, field: string, doc: Doc, wanted: Record<string, unknown> | null) {
  const existing = await invoiceOf(ctx, code, field, doc.id);
  if (!wanted) {
    if (existing?.status === 'posted') await ctx.documents.cancel(code, existing.id);
    return;
  }
  if (!existing) {
    await ctx.documents.create(code, { organization: doc.organization, [field]: doc.id, ...wanted }, { post: true });
    return;
  }
  // The basis moved to another day: the invoice follows it (it is dated as its basis).
  if (String(existing.date) !== wanted.date) await ctx.knex(ctx.table(`d_accounting_${code}`)).where({ id: existing.id }).update({ date: wanted.date });
  await ctx.documents.post(code, existing.id);
}

/** On cancelling the trade document: its invoice is cancelled with it (kept, for its number) — unless invoices are the accountant's to make. */
async function cancelOf(ctx: HookContext, code: Code, field: string, doc: Doc) {
  if (!(await automaticFor(ctx, doc.organization))) return;
  const existing = await invoiceOf(ctx, code, field, doc.id);
  if (existing?.status === 'posted') await ctx.documents.cancel(code, existing.id);
}

/** Реализация → счёт-фактура выданный на реализацию, dated as the sale (книга продаж, код 01). */
export const saleInvoice = {
  afterPost: async (doc: Doc, ctx: HookContext) => {
    const org = await automaticFor(ctx, doc.organization);
    if (!org || !issuesInvoices(org.vat_status)) return;
    await keep(ctx, 'invoice_issued', 'sale', doc, { kind: 'sale', date: doc.date });
  },
  cancel: (doc: Doc, ctx: HookContext) => cancelOf(ctx, 'invoice_issued', 'sale', doc),
};

/**
 * Поступление денег → счёт-фактура на аванс (22/122, книга продаж, код 02), dated as the payment, when the
 * payment leaves money on 62.02 — an advance of a customer, not a payment for goods already shipped.
 */
export const advanceInvoice = {
  afterPost: async (doc: Doc, ctx: HookContext) => {
    const org = await automaticFor(ctx, doc.organization);
    if (!org || !issuesInvoices(org.vat_status)) return;
    const advance = await advanceHeld(ctx, await Journal.open(ctx, doc.organization), doc, doc.date);
    await keep(ctx, 'invoice_issued', 'payment', doc, advance > 0 ? { kind: 'advance', date: doc.date } : null);
  },
  cancel: (doc: Doc, ctx: HookContext) => cancelOf(ctx, 'invoice_issued', 'payment', doc),
};

/**
 * Поступление with the supplier's счёт-фактура (its «входящий номер и дата» filled) → счёт-фактура полученный,
 * registered on the receipt's date (or the invoice's, if later): the VAT on 19.03 / 19.04 deducted, книга
 * покупок, код 01. A receipt without VAT, or without the supplier's number, registers nothing.
 */
export const receivedInvoice = {
  afterPost: async (doc: Doc, ctx: HookContext, _produced: Movement[]) => {
    const org = await automaticFor(ctx, doc.organization);
    if (!org || !deductsVat(org.vat_status)) return;
    const vat = sumKopecks((doc.goods ?? []).map((l: { vat?: number }) => l.vat ?? 0));
    const registered = doc.incoming_number && doc.incoming_date && vat > 0;
    const date = registered && doc.incoming_date > doc.date ? doc.incoming_date : doc.date;
    await keep(ctx, 'invoice_received', 'receipt', doc, registered ? { kind: 'receipt', date } : null);
  },
  cancel: (doc: Doc, ctx: HookContext) => cancelOf(ctx, 'invoice_received', 'receipt', doc),
};

import { distributeKopecks, extractVat, sumKopecks } from '@workcloud/shared-core';
import { ruDate } from '../../../platform/engine/dates';
import { defineDocument, type DocumentDeclaration, type Movement, type PostingContext } from '../../../platform/engine/declarations';
import { searchText } from '../../../platform/engine/records';
import { generalVatRateOn } from '../../../platform/ru/vat';
import { Problem } from '../../../platform/http/problem';
import { cumulative } from '../balances';
import { accountantDocuments, comment, organization } from '../fields';
import { assertNotBanned, Journal } from '../journal';
import { documentLabels } from '../names';
import { advanceRateOf, BOOK_RATES, calculatedRate, deductsVat, issuesInvoices, noInvoicesOnUsn, percentOf, RATE_TITLES, type VatRate } from './rates';
import type { Operation } from './registers';

type Doc = Record<string, any> & { id: string; number: string; date: string };

/** Amounts of a счёт-фактура at one rate. */
export interface RateSums {
  rate: VatRate;
  amount: number;
  vat: number;
  total: number;
}

/** Σ of goods lines (trade's `vat_rate`, `amount`, `vat`, `total`) by rate, in the order of the book's columns. */
export function sumsByRate(lines: Record<string, any>[]): RateSums[] {
  const by = new Map<VatRate, RateSums>();
  for (const l of lines) {
    const rate = l.vat_rate as VatRate;
    const s = by.get(rate) ?? { rate, amount: 0, vat: 0, total: 0 };
    s.amount = sumKopecks([s.amount, l.amount]);
    s.vat = sumKopecks([s.vat, l.vat]);
    s.total = sumKopecks([s.total, l.total]);
    by.set(rate, s);
  }
  return BOOK_RATES.filter((r) => by.has(r)).map((r) => by.get(r)!);
}

/** What a счёт-фактура выданный is issued on: the field naming the trade document, its table and what it is called. */
const BASIS = {
  sale: { field: 'sale', fieldTitle: 'Реализация', table: 'd_trade_sale', title: 'Реализация товаров и услуг', operation: '01' },
  advance: { field: 'payment', fieldTitle: 'Поступление денег (аванс)', table: 'd_trade_money_in', title: 'Поступление денежных средств', operation: '02' },
  correction: { field: 'customer_return', fieldTitle: 'Возврат от клиента', table: 'd_trade_customer_return', title: 'Возврат товаров от клиента', operation: '18' },
} as const satisfies Record<string, { field: string; fieldTitle: string; table: string; title: string; operation: Operation }>;
type Kind = keyof typeof BASIS;

/** «РТУ-000001 от 10.03.2026». */
const numbered = (row: { number: string; date: string } | Record<string, any>) => `${row.number} от ${ruDate(row.date)}`;

/** A posted trade document of the organization, with its lines; anything else is refused with what to do. */
async function basisOf(ctx: PostingContext, table: string, title: string, id: string, organization: string, lines?: string) {
  const row = await ctx.knex(ctx.table(table)).where({ id }).first();
  if (!row) throw Problem.unprocessable(`Документ-основание «${title}» не найден — выберите его заново.`);
  if (row.status !== 'posted') throw Problem.unprocessable(`«${title}» ${numbered(row)} не проведён — счёт-фактура выставляется и регистрируется только по проведённому документу.`);
  if (row.organization !== organization) throw Problem.unprocessable(`«${title}» ${numbered(row)} оформлен от другой организации — выберите организацию документа-основания.`);
  const goods = lines ? await ctx.knex(ctx.table(lines)).where({ doc_id: id }).orderBy('line_no') : [];
  return { row, goods };
}

/** One счёт-фактура per document: another posted one on the same basis is refused (concurrent postings wait on a lock). */
async function refuseSecond(ctx: PostingContext, table: string, field: string, doc: Doc, basis: { number: string; date: string }, title: string) {
  await ctx.knex.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`${ctx.schema}:accounting:${table}|${doc[field]}`]);
  const other = await ctx.knex(ctx.table(table)).where({ [field]: doc[field], status: 'posted' }).whereNot({ id: doc.id }).first('number', 'date');
  if (other) throw Problem.unprocessable(`По документу «${title}» ${numbered(basis)} уже есть счёт-фактура ${numbered(other)} — второй не нужен. Чтобы изменить его, перепроведите существующий.`, { existing: other.number });
}

async function organizationOf(ctx: PostingContext, id: string) {
  const org = await ctx.catalogItem('trade.organizations', id);
  if (!org) throw Problem.unprocessable('Организация не найдена — выберите её из списка.');
  return org as Record<string, any>;
}

/** A sales-ledger record (`vat_sales`) of an invoice. */
const salesRecord = (doc: Doc, operation: Operation, period: string, s: { rate: VatRate; total: number; base: number; vat: number }, counterparty: string, basis: string): Movement => ({
  register: 'vat_sales',
  period,
  dimensions: { organization: doc.organization, operation, rate: s.rate },
  resources: { total: s.total, base: s.base, vat: s.vat },
  attributes: { invoice: doc.id, counterparty, basis },
});

/** A purchase-ledger record (`vat_purchases`): the VAT deducted on an invoice. */
export const purchaseRecord = (organization: string, invoice: string, operation: Operation, period: string, total: number, vat: number, counterparty: string, basis: string): Movement => ({
  register: 'vat_purchases',
  period,
  dimensions: { organization, operation },
  resources: { total, vat },
  attributes: { invoice, counterparty, basis },
});

/**
 * The rates an advance is split into: the rates of the Счета на оплату the payment names in its breakdown (the
 * share of each rate by their totals; 22 % and 20 % — the general rate of the payment's date), else the
 * organization's rate (the general one, or 5 % / 7 % on УСН). Advances for goods at 0 % or without VAT carry no VAT.
 */
async function advanceParts(ctx: PostingContext, payment: Record<string, any>, org: Record<string, any>, advance: number): Promise<{ rate: VatRate; total: number }[]> {
  const named = await ctx.knex(ctx.table('d_trade_money_in__allocation')).where({ doc_id: payment.id }).whereNotNull('document').pluck('document');
  const invoiceIds = named.filter((d: string) => /^[0-9a-f-]{36}$/i.test(d));
  const lines: Record<string, any>[] = invoiceIds.length
    ? await ctx.knex(`${ctx.table('d_trade_invoice_for_payment__goods')} as g`).join(`${ctx.table('d_trade_invoice_for_payment')} as d`, 'd.id', 'g.doc_id').whereIn('d.id', invoiceIds).whereNot('d.status', 'cancelled').select('g.vat_rate', 'g.total')
    : [];
  const general = (rate: VatRate): VatRate => (rate === 'vat22' || rate === 'vat20' ? generalVatRateOn(payment.date) : rate);
  const weights = new Map<VatRate, number>();
  for (const l of lines) if (Number(l.total) > 0) weights.set(general(l.vat_rate), sumKopecks([weights.get(general(l.vat_rate)), l.total]));
  if (!weights.size) return [{ rate: advanceRateOf(org.vat_status, payment.date), total: advance }];
  const rates = BOOK_RATES.filter((r) => weights.has(r));
  const parts = distributeKopecks(advance, rates.map((r) => weights.get(r)!));
  return rates.map((rate, i) => ({ rate, total: parts[i] }));
}

/**
 * Счёт-фактура на аванс: the advance still on 62.02 for the payment at the invoice's date (an advance the
 * shipment offset within the five days needs no invoice), VAT at the calculated rate (22/122…) —
 * Дт 76.АВ Кт 68.02, and the sales ledger (code 02), dated the day the money came.
 */
async function advanceInvoice(doc: Doc, ctx: PostingContext, org: Record<string, any>, payment: Record<string, any>) {
  const j = await Journal.open(ctx, doc.organization, payment.date);
  const advances = j.chart.code('62.02');
  const held = (await cumulative(ctx, [doc.date], ['subconto3'], { from: 'entries', organization: doc.organization, accounts: [advances.id], subconto1: [payment.counterparty] })).get(doc.date)!.get(payment.id);
  const advance = held ? held.credit.minus(held.debit).toNumber() : 0;
  if (advance <= 0)
    throw Problem.unprocessable(
      `По поступлению ${numbered(payment)} на ${ruDate(doc.date)} нет аванса (счёт 62.02): деньги зачтены в оплату отгрузок — счёт-фактура на аванс не выставляется.`,
    );
  const movements: Movement[] = [];
  const rates: RateSums[] = [];
  for (const part of await advanceParts(ctx, payment, org, advance)) {
    const { vatKopecks } = extractVat(part.total, percentOf(part.rate));
    rates.push({ rate: part.rate, amount: 0, vat: vatKopecks, total: part.total });
    if (!vatKopecks) continue;
    j.add({
      debit: j.side('76.АВ', { counterparty: payment.counterparty, settlement_document: payment.id }),
      credit: j.side('68.02', { budget_payment: 'tax' }),
      amount: vatKopecks,
      content: `НДС с аванса (${calculatedRate(part.rate)}): счёт-фактура ${doc.number}`,
      period: payment.date,
    });
    movements.push(salesRecord(doc, '02', payment.date, { rate: part.rate, total: part.total, base: 0, vat: vatKopecks }, payment.counterparty, payment.id));
  }
  const paidBy = payment.incoming_number ? `№ ${payment.incoming_number} от ${ruDate(payment.incoming_date ?? payment.date)}` : `${payment.number} от ${ruDate(payment.date)}`;
  return { movements: [...j.movements(), ...movements], rates, header: { counterparty: payment.counterparty, contract: payment.contract ?? null, payment_document: paidBy } };
}

/**
 * Проведение счёта-фактуры выданного: its amounts by rate come from the document it is issued on, and it
 * writes the records of the books — a shipment to the sales ledger (code 01), an advance there too (02) with
 * its VAT entry, a correction for a return to the purchase ledger (18, the seller's deduction). The records
 * are dated when the tax base arises (the shipment, the day the money came), the invoice itself may follow
 * within five days. Re-posting reads its basis again.
 */
async function postIssued(doc: Doc, ctx: PostingContext): Promise<Movement[]> {
  const org = await organizationOf(ctx, doc.organization);
  if (!issuesInvoices(org.vat_status))
    throw Problem.unprocessable(noInvoicesOnUsn(org.name));
  const kind = doc.kind as Kind;
  const b = BASIS[kind];
  const { row: basis, goods } = await basisOf(ctx, b.table, b.title, doc[b.field], doc.organization, kind === 'advance' ? undefined : `${b.table}__goods`);
  await refuseSecond(ctx, 'd_accounting_invoice_issued', b.field, doc, basis, b.title);
  if (doc.date < basis.date) throw Problem.unprocessable(`Счёт-фактура не может быть раньше документа-основания: «${b.title}» ${numbered(basis)}, счёт-фактура от ${ruDate(doc.date)}.`, { field: 'date' });
  // The engine checks the invoice's own date against the дата запрета; its records are dated as the basis, which may be earlier.
  await assertNotBanned(ctx, doc.organization, basis.date);

  let movements: Movement[] = [];
  let rates: RateSums[];
  let header: Record<string, unknown> = { counterparty: basis.counterparty, contract: basis.contract ?? null };
  if (kind === 'advance') ({ movements, rates, header } = await advanceInvoice(doc, ctx, org, basis));
  else {
    rates = sumsByRate(goods);
    if (kind === 'sale') movements = rates.map((s) => salesRecord(doc, '01', basis.date, { rate: s.rate, total: s.total, base: s.amount, vat: s.vat }, basis.counterparty, basis.id));
    else {
      const original = await ctx.knex(ctx.table('d_accounting_invoice_issued')).where({ sale: basis.sale, kind: 'sale', status: 'posted' }).first('id', 'number', 'date');
      if (!original) throw Problem.unprocessable(`Корректировочный счёт-фактура ссылается на счёт-фактуру реализации, а по реализации возврата ${numbered(basis)} его нет — сначала выставьте счёт-фактуру по реализации.`);
      header.original = original.id;
      const total = sumKopecks(rates.map((s) => s.total));
      const vat = sumKopecks(rates.map((s) => s.vat));
      if (vat) movements = [purchaseRecord(doc.organization, doc.id, '18', basis.date, total, vat, basis.counterparty, basis.id)];
    }
  }
  const label = (await documentLabels(ctx, [basis.id])).get(basis.id) ?? `${b.title} ${numbered(basis)}`;
  const totals = { amount: sumKopecks(rates.map((s) => s.amount)), vat: sumKopecks(rates.map((s) => s.vat)), total: sumKopecks(rates.map((s) => s.total)) };
  await writeBack(ctx, invoiceIssued, doc, { ...header, ...totals, basis: label, operation: b.operation }, rates);
  return movements;
}

/** Writes what posting computed into the document's own row and its «Суммы по ставкам». */
async function writeBack(ctx: PostingContext, decl: DocumentDeclaration, doc: Doc, header: Record<string, unknown>, rates?: RateSums[]) {
  const table = ctx.table(`d_accounting_${decl.code}`);
  await ctx.knex(table).where({ id: doc.id }).update({ ...header, search_text: searchText(decl.fields, { ...doc, ...header }, [doc.number]) });
  if (!rates) return;
  await ctx.knex(`${table}__rates`).where({ doc_id: doc.id }).delete();
  if (rates.length) await ctx.knex(`${table}__rates`).insert(rates.map((s, i) => ({ doc_id: doc.id, line_no: i + 1, rate: s.rate, amount: s.amount, vat: s.vat, total: s.total })));
}

const rateLines = {
  title: 'Суммы по ставкам',
  optional: true,
  fields: {
    rate: { type: 'enum', title: 'Ставка НДС', values: RATE_TITLES },
    amount: { type: 'money', title: 'Стоимость без НДС', computed: true },
    vat: { type: 'money', title: 'Сумма НДС', computed: true },
    total: { type: 'money', title: 'Стоимость с НДС', computed: true },
  },
} as const;

const money = (title: string) => ({ type: 'money', title, computed: true }) as const;

/**
 * Счёт-фактура выданный (ст. 168, 169 НК РФ): on a shipment (Реализация), on an advance received (Поступление
 * денег, VAT at 22/122), or a корректировочный on a return from the customer. Numbered per organization and
 * year (СФ-000001…). Created by the accountant — one at a time here, or for a period with
 * `POST /api/accounting/vat/issue-invoices`; posting fills the amounts from the basis and writes the books.
 */
export const invoiceIssued = defineDocument({
  code: 'invoice_issued',
  group: 'vat',
  title: 'Счёт-фактура выданный',
  titleEn: 'VAT invoice issued',
  numberPrefix: 'СФ',
  numberBy: 'organization',
  fields: {
    organization,
    kind: { type: 'enum', title: 'Вид', values: { sale: 'На реализацию', advance: 'На аванс', correction: 'Корректировочный' }, required: true, default: 'sale' },
    sale: { type: 'ref', ref: 'trade.sale', title: BASIS.sale.fieldTitle },
    payment: { type: 'ref', ref: 'trade.money_in', title: BASIS.advance.fieldTitle },
    customer_return: { type: 'ref', ref: 'trade.customer_return', title: BASIS.correction.fieldTitle },
    counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Покупатель', computed: true },
    contract: { type: 'ref', ref: 'trade.contracts', title: 'Договор', computed: true, list: false },
    basis: { type: 'string', title: 'Основание', computed: true, maxLength: 500, search: true },
    operation: { type: 'string', title: 'Код вида операции', computed: true, maxLength: 2 },
    payment_document: { type: 'string', title: 'Платёжный документ', computed: true, list: false },
    original: { type: 'ref', ref: 'invoice_issued', title: 'Исправляемый счёт-фактура', computed: true, list: false },
    amount: money('Стоимость без НДС'),
    vat: money('Сумма НДС'),
    total: money('Стоимость с НДС'),
    comment,
  },
  sections: { rates: rateLines },
  beforeSave: async (doc) => {
    const b = BASIS[doc.kind as Kind];
    if (!b) return;
    if (!doc[b.field]) {
      const message = `Укажите «${b.fieldTitle}» — документ, по которому выставляется счёт-фактура.`;
      throw Problem.badRequest(message, { errors: [{ field: b.field, message }] });
    }
    for (const other of Object.values(BASIS)) if (other.field !== b.field) doc[other.field] = null;
  },
  post: postIssued,
  defaultAccess: accountantDocuments,
});

/**
 * Проведение счёта-фактуры полученного: the VAT of the receipt still on 19.03 / 19.04 is accepted for deduction
 * on the invoice's date — Дт 68.02 Кт 19.03 (19.04), and the purchase ledger (code 01) gets the invoice
 * with the supplier's number and date (from the receipt's «входящий номер / дата» unless typed here).
 */
async function postReceived(doc: Doc, ctx: PostingContext): Promise<Movement[]> {
  const org = await organizationOf(ctx, doc.organization);
  if (!deductsVat(org.vat_status))
    throw Problem.unprocessable(`Организация «${org.name}» применяет УСН: НДС поставщиков входит в стоимость покупок и к вычету не принимается — счёт-фактура полученный для вычета не регистрируется.`);
  const title = 'Поступление товаров и услуг';
  const { row: receipt } = await basisOf(ctx, 'd_trade_receipt', title, doc.receipt, doc.organization);
  await refuseSecond(ctx, 'd_accounting_invoice_received', 'receipt', doc, receipt, title);
  const number = doc.incoming_number || receipt.incoming_number;
  const date = doc.incoming_date || receipt.incoming_date;
  if (!number || !date)
    throw Problem.unprocessable(`Укажите номер и дата счёта-фактуры поставщика: в поступлении ${numbered(receipt)} «Номер и дата входящего документа» не заполнены.`, { field: number ? 'incoming_date' : 'incoming_number' });
  if (date > doc.date) throw Problem.unprocessable(`Счёт-фактура поставщика № ${number} от ${ruDate(date)} датирован позже его регистрации ${ruDate(doc.date)} — зарегистрируйте его не раньше даты счёта-фактуры.`, { field: 'date' });
  if (doc.date < receipt.date) throw Problem.unprocessable(`Вычет НДС возможен не раньше принятия товаров на учёт: поступление ${numbered(receipt)}, регистрация от ${ruDate(doc.date)}.`, { field: 'date' });

  const j = await Journal.open(ctx, doc.organization, doc.date);
  const accounts = ['19.03', '19.04'].map((c) => j.chart.code(c));
  const held = (await cumulative(ctx, [doc.date], ['account', 'subconto2'], { from: 'entries', organization: doc.organization, accounts: accounts.map((a) => a.id), subconto1: [receipt.counterparty] })).get(doc.date)!;
  const label = `№ ${number} от ${ruDate(date)}`;
  let vat = 0;
  for (const account of accounts) {
    const s = held.get(`${account.id}|${receipt.id}`);
    const amount = s ? s.debit.minus(s.credit).toNumber() : 0;
    if (amount <= 0) continue;
    j.add({
      debit: j.side('68.02', { budget_payment: 'tax' }),
      credit: j.side(account.code, { counterparty: receipt.counterparty, settlement_document: receipt.id }),
      amount,
      content: `Принят к вычету НДС по счёту-фактуре ${label}`,
    });
    vat += amount;
  }
  if (!vat)
    throw Problem.unprocessable(`По поступлению ${numbered(receipt)} на счёте 19 нет НДС к вычету на ${ruDate(doc.date)}: он уже принят к вычету или поставщик не предъявил НДС.`);
  const total = Number(receipt.total);
  await writeBack(ctx, invoiceReceived, doc, { counterparty: receipt.counterparty, incoming_number: number, incoming_date: date, vat, total });
  return [...j.movements(), purchaseRecord(doc.organization, doc.id, '01', doc.date, total, vat, receipt.counterparty, receipt.id)];
}

/**
 * Счёт-фактура полученный: the supplier's invoice for a posted Поступление, registered on the day it was
 * received — posting accepts the receipt's VAT for deduction (Дт 68.02 Кт 19.03) and records it in the
 * purchase ledger. Only a payer on ОСНО deducts.
 */
export const invoiceReceived = defineDocument({
  code: 'invoice_received',
  group: 'vat',
  title: 'Счёт-фактура полученный',
  titleEn: 'VAT invoice received',
  numberPrefix: 'СФП',
  numberBy: 'organization',
  fields: {
    organization,
    receipt: { type: 'ref', ref: 'trade.receipt', title: 'Поступление товаров и услуг', required: true },
    incoming_number: { type: 'string', title: 'Номер счёта-фактуры поставщика', maxLength: 40, search: true },
    incoming_date: { type: 'date', title: 'Дата счёта-фактуры поставщика' },
    counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Продавец', computed: true },
    vat: money('НДС к вычету'),
    total: money('Стоимость с НДС'),
    comment,
  },
  post: postReceived,
  defaultAccess: accountantDocuments,
});

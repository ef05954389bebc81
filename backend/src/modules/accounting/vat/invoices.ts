import { distributeKopecks, extractVat, sumKopecks } from '@workcloud/shared-core';
import { ruDate } from '../../../platform/engine/dates';
import { defineDocument, type DocumentDeclaration, type Movement, type PostingContext } from '../../../platform/engine/declarations';
import { searchText } from '../../../platform/engine/records';
import { generalVatRateOn } from '../../../platform/ru/vat';
import { Problem } from '../../../platform/http/problem';
import { cumulative } from '../balances';
import { accountantDocuments, comment, organization } from '../fields';
import { assertNotBanned } from '../closed-period';
import { Journal } from '../journal';
import { documentLabels } from '../names';
import { advanceRateOf, BOOK_RATES, calculatedRate, deductsVat, issuesInvoices, noInvoicesOnUsn, percentOf, RATE_TITLES, type VatRate } from './rates';
import { bookEntry, type Operation } from './registers';

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

/**
 * The basis field of the invoice's kind must be filled, the other kinds' are cleared (a form may have left one
 * from an earlier choice of kind). A 400 naming the field.
 */
function requireBasis(doc: Record<string, any>, bases: Record<string, { field: string; fieldTitle: string }>) {
  doc.kind ??= Object.keys(bases)[0];
  const b = bases[doc.kind];
  if (!doc[b.field]) {
    const message = `Укажите «${b.fieldTitle}» — документ, по которому составлен счёт-фактура.`;
    throw Problem.badRequest(message, { errors: [{ field: b.field, message }] });
  }
  for (const other of Object.values(bases)) if (other.field !== b.field) doc[other.field] = null;
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

/** What is still on 62.02 for the payment (its settlement document) at `date`, in kopecks: the advance not yet offset. */
export async function advanceHeld(ctx: PostingContext, j: Journal, payment: Record<string, any>, date: string): Promise<number> {
  const held = (await cumulative(ctx, [date], ['subconto3'], { from: 'entries', organization: payment.organization, accounts: [j.chart.code('62.02').id], subconto1: [payment.counterparty] })).get(date)!.get(payment.id);
  return held ? held.credit.minus(held.debit).toNumber() : 0;
}

/**
 * Счёт-фактура на аванс: the advance still on 62.02 for the payment at the invoice's date (an advance the
 * shipment offset within the five days needs no invoice), VAT at the calculated rate (22/122…) —
 * Дт 76.АВ Кт 68.02, and the sales ledger (code 02), dated the day the money came.
 */
async function advanceInvoice(doc: Doc, ctx: PostingContext, org: Record<string, any>, payment: Record<string, any>) {
  const j = await Journal.open(ctx, doc.organization);
  const advance = await advanceHeld(ctx, j, payment, doc.date);
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
    movements.push(bookEntry('vat_sales', { organization: doc.organization, operation: '02', period: payment.date, rate: part.rate, total: part.total, vat: vatKopecks, invoice: doc.id, counterparty: payment.counterparty, basis: payment.id, entriesBy: doc.id }));
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
    const record = { organization: doc.organization, period: basis.date, invoice: doc.id, counterparty: basis.counterparty, basis: basis.id, entriesBy: basis.id };
    if (kind === 'sale') movements = rates.map((s) => bookEntry('vat_sales', { ...record, operation: '01', rate: s.rate, total: s.total, base: s.amount, vat: s.vat }));
    else {
      const original = await ctx.knex(ctx.table('d_accounting_invoice_issued')).where({ sale: basis.sale, kind: 'sale', status: 'posted' }).first('id', 'number', 'date');
      if (!original) throw Problem.unprocessable(`Корректировочный счёт-фактура ссылается на счёт-фактуру реализации, а по реализации возврата ${numbered(basis)} его нет — сначала выставьте счёт-фактуру по реализации.`);
      header.original = original.id;
      const total = sumKopecks(rates.map((s) => s.total));
      const vat = sumKopecks(rates.map((s) => s.vat));
      if (vat) movements = [bookEntry('vat_purchases', { ...record, operation: '18', total, vat })];
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
    kind: { type: 'enum', title: 'Вид', values: { sale: 'На реализацию', advance: 'На аванс', correction: 'Корректировочный' }, default: 'sale' },
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
  beforeSave: async (doc) => requireBasis(doc, BASIS),
  post: postIssued,
  defaultAccess: accountantDocuments,
});

/** What a счёт-фактура полученный is registered for: a receipt (the deduction), or the supplier's корректировочный on a return (the restoration). */
const RECEIVED = {
  receipt: { field: 'receipt', fieldTitle: 'Поступление товаров и услуг', table: 'd_trade_receipt', title: 'Поступление товаров и услуг' },
  correction: { field: 'supplier_return', fieldTitle: 'Возврат товаров поставщику', table: 'd_trade_supplier_return', title: 'Возврат товаров поставщику' },
} as const;

/** The supplier's number and date: typed on the invoice, else the basis's «входящий номер / дата» (a receipt has them). */
function supplierNumber(doc: Doc, basis: Record<string, any>, regDate: string) {
  const number = doc.incoming_number || basis.incoming_number;
  const date = doc.incoming_date || basis.incoming_date;
  if (!number || !date)
    throw Problem.unprocessable(`Укажите номер и дату счёта-фактуры поставщика: в документе ${numbered(basis)} «Номер и дата входящего документа» не заполнены.`, { field: number ? 'incoming_date' : 'incoming_number' });
  if (date > regDate) throw Problem.unprocessable(`Счёт-фактура поставщика № ${number} от ${ruDate(date)} датирован позже его регистрации ${ruDate(regDate)} — зарегистрируйте его не раньше даты счёта-фактуры.`, { field: 'date' });
  if (regDate < basis.date) throw Problem.unprocessable(`Счёт-фактура регистрируется не раньше документа ${numbered(basis)}, регистрация от ${ruDate(regDate)}.`, { field: 'date' });
  return { number: String(number), date: String(date), label: `№ ${number} от ${ruDate(date)}` };
}

/**
 * Проведение счёта-фактуры полученного. On a receipt: the VAT of the receipt still on 19.03 / 19.04 is accepted
 * for deduction on the invoice's date — Дт 68.02 Кт 19.03 (19.04), purchase ledger code 01. On a return to the
 * supplier (his корректировочный счёт-фактура): the VAT of the returned goods, deducted with the receipt's
 * invoice, is restored — Дт 19.03 Кт 68.02 (the trade hook has already taken it off 19.03), sales ledger code 18.
 * Only a payer on ОСНО deducts, so only it restores.
 */
async function postReceived(doc: Doc, ctx: PostingContext): Promise<Movement[]> {
  const org = await organizationOf(ctx, doc.organization);
  if (!deductsVat(org.vat_status))
    throw Problem.unprocessable(`Организация «${org.name}» применяет УСН: НДС поставщиков входит в стоимость покупок и к вычету не принимается — счёт-фактура полученный для вычета не регистрируется.`);
  const correction = doc.kind === 'correction';
  const b = RECEIVED[correction ? 'correction' : 'receipt'];
  const { row: basis, goods } = await basisOf(ctx, b.table, b.title, doc[b.field], doc.organization, correction ? `${b.table}__goods` : undefined);
  await refuseSecond(ctx, 'd_accounting_invoice_received', b.field, doc, basis, b.title);
  const supplier = supplierNumber(doc, basis, doc.date);
  const j = await Journal.open(ctx, doc.organization);
  const record = { organization: doc.organization, period: doc.date, invoice: doc.id, counterparty: basis.counterparty, basis: basis.id, entriesBy: doc.id };
  const header = { counterparty: basis.counterparty, incoming_number: supplier.number, incoming_date: supplier.date };

  if (correction) {
    // The receipt's invoice deducted what was on 19 at its date: a return dated before it had already been taken off.
    const original = await ctx.knex(ctx.table('d_accounting_invoice_received')).where({ receipt: basis.receipt, kind: 'receipt', status: 'posted' }).where('date', '<', basis.date).first('number', 'date');
    if (!original)
      throw Problem.unprocessable(`НДС по возвращённым товарам (возврат ${numbered(basis)}) к вычету не принимался: счёт-фактура на их поступление не зарегистрирован до возврата. Восстанавливать нечего — возврат уже уменьшил НДС на счёте 19.`);
    const rates = sumsByRate(goods);
    const vat = sumKopecks(rates.map((r) => r.vat));
    if (!vat) throw Problem.unprocessable(`В возврате ${numbered(basis)} нет НДС — восстанавливать нечего.`);
    j.add({
      debit: j.side('19.03', { counterparty: basis.counterparty, settlement_document: basis.receipt }),
      credit: j.side('68.02', { budget_payment: 'tax' }),
      amount: vat,
      content: `Восстановлен НДС по корректировочному счёту-фактуре ${supplier.label}`,
    });
    await writeBack(ctx, invoiceReceived, doc, { ...header, receipt: basis.receipt, vat, total: sumKopecks(rates.map((r) => r.total)) });
    return [...j.movements(), ...rates.filter((r) => r.vat).map((r) => bookEntry('vat_sales', { ...record, operation: '18', rate: r.rate, total: r.total, base: r.amount, vat: r.vat }))];
  }

  const accounts = ['19.03', '19.04'].map((c) => j.chart.code(c));
  const held = (await cumulative(ctx, [doc.date], ['account', 'subconto2'], { from: 'entries', organization: doc.organization, accounts: accounts.map((a) => a.id), subconto1: [basis.counterparty] })).get(doc.date)!;
  let vat = 0;
  for (const account of accounts) {
    const s = held.get(`${account.id}|${basis.id}`);
    const amount = s ? s.debit.minus(s.credit).toNumber() : 0;
    if (amount <= 0) continue;
    j.add({
      debit: j.side('68.02', { budget_payment: 'tax' }),
      credit: j.side(account.code, { counterparty: basis.counterparty, settlement_document: basis.id }),
      amount,
      content: `Принят к вычету НДС по счёту-фактуре ${supplier.label}`,
    });
    vat += amount;
  }
  if (!vat) throw Problem.unprocessable(`По поступлению ${numbered(basis)} на счёте 19 нет НДС к вычету на ${ruDate(doc.date)}: он уже принят к вычету или поставщик не предъявил НДС.`);
  const total = Number(basis.total);
  await writeBack(ctx, invoiceReceived, doc, { ...header, vat, total });
  return [...j.movements(), bookEntry('vat_purchases', { ...record, operation: '01', total, vat })];
}

/**
 * Счёт-фактура полученный: the supplier's invoice for a posted Поступление, registered on the day it was
 * received — posting accepts the receipt's VAT for deduction (Дт 68.02 Кт 19.03) and records it in the
 * purchase ledger; or his корректировочный счёт-фактура on a Возврат товаров поставщику — posting restores
 * the VAT deducted on the returned goods (Дт 19.03 Кт 68.02, sales ledger code 18). Only a payer on ОСНО.
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
    kind: { type: 'enum', title: 'Вид', values: { receipt: 'На поступление', correction: 'Корректировочный (возврат поставщику)' }, default: 'receipt' },
    receipt: { type: 'ref', ref: 'trade.receipt', title: RECEIVED.receipt.fieldTitle },
    supplier_return: { type: 'ref', ref: 'trade.supplier_return', title: RECEIVED.correction.fieldTitle },
    incoming_number: { type: 'string', title: 'Номер счёта-фактуры поставщика', maxLength: 40, search: true },
    incoming_date: { type: 'date', title: 'Дата счёта-фактуры поставщика' },
    counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Продавец', computed: true },
    vat: money('НДС к вычету (восстановлению)'),
    total: money('Стоимость с НДС'),
    comment,
  },
  beforeSave: async (doc) => requireBasis(doc, RECEIVED),
  post: postReceived,
  defaultAccess: accountantDocuments,
});

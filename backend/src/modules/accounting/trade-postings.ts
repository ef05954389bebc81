import { prorateKopecks, sumKopecks } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import type { DocumentRecord, Movement, PostingContext } from '../../platform/engine/declarations';
import type { DocumentHook } from '../../platform/modules/define-module';
import { cumulative } from './balances';
import { cashFlowItem, costItem, incomeExpenseItem } from './chart';
import { Journal, type TenantTables } from './journal';
import { advanceInvoice, deductAdvanceVat, receivedInvoice, saleInvoice, type AdvanceOffset } from './vat';

/**
 * Проводки of trade documents, as 1C:Бухгалтерия makes them, written in the trade document's posting
 * transaction (the module contract's `documentHooks`). Trade's own movements (`produced`) give what only
 * trade knows: the cost of goods taken off (the `cost` register) and how a payment or an advance was
 * settled (the `settlements` register). Trade knows nothing of accounting.
 */

type Doc = DocumentRecord & Record<string, any>;
interface GoodsLine {
  product: string;
  quantity: string;
  amount: number;
  vat: number;
  total: number;
}

/** Items of a trade catalog by id: one statement, or none when trade's own posting already read them (the posting's catalog cache). */
const itemsOf = (ctx: PostingContext, catalog: string, ids: Iterable<string>) => ctx.catalogItems(`trade.${catalog}`, [...ids].filter(Boolean));

async function organizationOf(ctx: PostingContext, id: string) {
  const org = await ctx.catalogItem('trade.organizations', id);
  if (!org) throw new Error(`Organization ${id} not found`);
  return { ...org, vatPayer: org.vat_status === 'general' } as Record<string, any> & { vatPayer: boolean };
}

/** Σ amount and Σ quantity of trade's movements of one register and kind, by product, in the order met. */
function byProduct(produced: Movement[], register: string, kind: 'receipt' | 'expense', resource = 'amount') {
  const out = new Map<string, Decimal>();
  for (const m of produced)
    if (m.register === register && m.kind === kind) {
      const p = String(m.dimensions.product);
      out.set(p, (out.get(p) ?? new Decimal(0)).plus(m.resources[resource] ?? 0));
    }
  return out;
}

const quantitiesOf = (lines: { product: string; quantity: string }[]) => {
  const out = new Map<string, Decimal>();
  for (const l of lines) out.set(l.product, (out.get(l.product) ?? new Decimal(0)).plus(l.quantity));
  return out;
};

/** Ids among `ids` that are payments (Поступление / Списание денег): advances sit on 60.02 / 62.02, goods documents on 60.01 / 62.01. */
async function paymentsAmong(ctx: TenantTables, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const found = await ctx.knex
    .from(ctx.knex(ctx.table('d_trade_money_in')).whereIn('id', ids).select('id').unionAll(ctx.knex(ctx.table('d_trade_money_out')).whereIn('id', ids).select('id')).as('p'))
    .pluck('id');
  return new Set(found.map(String));
}

/**
 * Зачёт аванса: trade's settlement movements of this receipt or sale that name another document are an
 * advance (or an earlier credit) offset against it. A payment's advance sits on 60.02 / 62.02, a goods
 * document's credit on 60.01 / 62.01: Дт 60.01 Кт 60.02 for a receipt, Дт 62.02 Кт 62.01 for a sale.
 */
async function offsetAdvances(j: Journal, ctx: TenantTables, doc: Doc, produced: Movement[], role: 'supplier' | 'customer'): Promise<AdvanceOffset[]> {
  const advances = produced.filter((m) => m.register === 'settlements' && m.dimensions.document !== doc.id);
  const payments = await paymentsAmong(ctx, advances.map((m) => String(m.dimensions.document)));
  const [main, advance] = role === 'supplier' ? ['60.01', '60.02'] : ['62.01', '62.02'];
  const offset: AdvanceOffset[] = [];
  for (const m of advances) {
    const paid = String(m.dimensions.document);
    const ours = j.side(main, party(doc, m.dimensions.contract, doc.id));
    const theirs = j.side(payments.has(paid) ? advance : main, party(doc, m.dimensions.contract, paid));
    const amount = Number(m.resources.amount);
    if (role === 'supplier') j.add({ debit: ours, credit: theirs, amount, content: 'Зачёт аванса поставщику' });
    else j.add({ debit: theirs, credit: ours, amount, content: 'Зачёт аванса покупателя' });
    if (payments.has(paid)) offset.push({ payment: paid, amount });
  }
  return offset;
}

const party = (doc: Doc, contract: unknown, document: unknown) => ({ counterparty: doc.counterparty, contract: String(contract), settlement_document: String(document) });

/** Поступление товаров и услуг: Дт 41.01 (услуги — 44.01) Кт 60.01 without VAT, Дт 19.03 (19.04) Кт 60.01 the VAT; on УСН the VAT is part of cost. */
async function receipt(doc: Doc, ctx: PostingContext, produced: Movement[]) {
  const j = await Journal.open(ctx, doc.organization);
  const org = await organizationOf(ctx, doc.organization);
  const lines = doc.goods as GoodsLine[];
  const products = await itemsOf(ctx, 'products', lines.map((l) => l.product));
  const owe = j.side('60.01', party(doc, doc.contract, doc.id));
  for (const l of lines) {
    const p = products.get(l.product);
    const service = p?.kind === 'service';
    const cost = org.vatPayer ? l.amount : l.total;
    if (service) j.add({ debit: j.side('44.01', { cost_item: costItem('00008') }), credit: owe, amount: cost, content: `Услуги: ${p?.name ?? ''}` });
    else j.add({ debit: j.side('41.01', { product: l.product, warehouse: doc.warehouse }), credit: owe, amount: cost, quantity: l.quantity, content: `Поступление товаров: ${p?.name ?? ''}` });
    if (org.vatPayer && l.vat) j.add({ debit: j.side(service ? '19.04' : '19.03', party(doc, doc.contract, doc.id)), credit: owe, amount: l.vat, content: 'НДС по приобретённым ценностям' });
  }
  await offsetAdvances(j, ctx, doc, produced, 'supplier');
  return j.movements();
}

/**
 * The entries of goods sold (`sign` 1) or taken back from the customer (−1, красное сторно of the sale's
 * entries on the sale's settlement document): Дт 62.01 Кт 90.01.1 the total, Дт 90.03 Кт 68.02 the VAT,
 * Дт 90.02.1 Кт 41.01 the cost — as trade took it off (a sale) or put it back (a return).
 */
async function salesEntries(j: Journal, ctx: PostingContext, doc: Doc, produced: Movement[], sign: 1 | -1) {
  const lines = doc.goods as GoodsLine[];
  const products = await itemsOf(ctx, 'products', lines.map((l) => l.product));
  const name = (product: string) => products.get(product)?.name ?? '';
  const signed = (kopecks: number) => sign * kopecks || 0;
  const owes = j.side('62.01', party(doc, doc.contract, sign === 1 ? doc.id : doc.sale));
  for (const l of lines) {
    j.add({ debit: owes, credit: j.side('90.01.1'), amount: signed(l.total), content: `${sign === 1 ? 'Выручка' : 'Возврат от покупателя'}: ${name(l.product)}` });
    if (l.vat) j.add({ debit: j.side('90.03'), credit: j.side('68.02', { budget_payment: 'tax' }), amount: signed(l.vat), content: sign === 1 ? 'НДС с реализации' : 'НДС по возврату от покупателя' });
  }
  const cost = byProduct(produced, 'cost', sign === 1 ? 'expense' : 'receipt');
  for (const [product, quantity] of quantitiesOf(lines.filter((l) => products.get(l.product)?.kind !== 'service')))
    j.add({
      debit: j.side('90.02.1'),
      credit: j.side('41.01', { product, warehouse: doc.warehouse }),
      amount: signed((cost.get(product) ?? new Decimal(0)).toNumber()),
      quantity: quantity.times(sign).toFixed(),
      content: `Себестоимость${sign === 1 ? '' : ' возвращённых товаров'}: ${name(product)}`,
    });
}

/**
 * Реализация товаров и услуг: revenue, VAT and cost (`salesEntries`), then the customer's advances offset from
 * 62.02 — and the VAT of those with a счёт-фактура на аванс deducted, Дт 68.02 Кт 76.АВ (`deductAdvanceVat`).
 */
async function sale(doc: Doc, ctx: PostingContext, produced: Movement[]) {
  const j = await Journal.open(ctx, doc.organization);
  await salesEntries(j, ctx, doc, produced, 1);
  const advances = await offsetAdvances(j, ctx, doc, produced, 'customer');
  const ledger = await deductAdvanceVat(j, ctx, doc, advances);
  return [...j.movements(), ...ledger];
}

/** Возврат от клиента: the sale's entries reversed on the sale's settlement document; goods back at the cost trade returned them at. */
async function customerReturn(doc: Doc, ctx: PostingContext, produced: Movement[]) {
  const j = await Journal.open(ctx, doc.organization);
  await salesEntries(j, ctx, doc, produced, -1);
  return j.movements();
}

/**
 * Возврат поставщику: Дт 60.01 Кт 41.01 at the cost trade took the goods off; the difference with the
 * price returned goes to 91.01 / 91.02; the VAT of the receipt is reversed (Дт 19.03 Кт 60.01 сторно).
 */
async function supplierReturn(doc: Doc, ctx: PostingContext, produced: Movement[]) {
  const j = await Journal.open(ctx, doc.organization);
  const org = await organizationOf(ctx, doc.organization);
  const lines = doc.goods as GoodsLine[];
  const products = await itemsOf(ctx, 'products', lines.map((l) => l.product));
  const owe = j.side('60.01', party(doc, doc.contract, doc.receipt));
  const cost = byProduct(produced, 'cost', 'expense');
  const value = new Map<string, number>();
  for (const l of lines) value.set(l.product, sumKopecks([value.get(l.product), org.vatPayer ? l.amount : l.total]));
  for (const [product, quantity] of quantitiesOf(lines)) {
    const taken = (cost.get(product) ?? new Decimal(0)).toNumber();
    const name = products.get(product)?.name ?? '';
    j.add({ debit: owe, credit: j.side('41.01', { product, warehouse: doc.warehouse }), amount: taken, quantity: quantity.toFixed(), content: `Возврат товаров поставщику: ${name}` });
    const difference = value.get(product)! - taken;
    const other = { income_expense_item: incomeExpenseItem('00004') };
    if (difference > 0) j.add({ debit: owe, credit: j.side('91.01', other), amount: difference, content: `Разница стоимости возвращённых товаров: ${name}` });
    if (difference < 0) j.add({ debit: j.side('91.02', other), credit: owe, amount: -difference, content: `Разница стоимости возвращённых товаров: ${name}` });
  }
  if (org.vatPayer)
    for (const l of lines) if (l.vat) j.add({ debit: j.side('19.03', party(doc, doc.contract, doc.receipt)), credit: owe, amount: -l.vat, content: 'НДС по возвращённым товарам' });
  return j.movements();
}

/** Перемещение: Дт 41.01 (склад-получатель) Кт 41.01 (склад-отправитель) at the average cost of the goods at the sending warehouse. */
async function transfer(doc: Doc, ctx: PostingContext) {
  const j = await Journal.open(ctx, doc.organization);
  const lines = doc.goods as { product: string; quantity: string }[];
  const products = await itemsOf(ctx, 'products', lines.map((l) => l.product));
  const held = (await cumulative(ctx, [doc.date], ['subconto1', 'subconto2'], { organization: doc.organization, accounts: [j.chart.code('41.01').id], subconto1: lines.map((l) => l.product) })).get(doc.date)!;
  for (const l of lines) {
    const s = held.get(`${l.product}|${doc.from_warehouse}`);
    const onHand = s ? s.quantityDebit.minus(s.quantityCredit) : new Decimal(0);
    const amount = s && onHand.gt(0) ? (onHand.lte(l.quantity) ? s.debit.minus(s.credit).toNumber() : prorateKopecks(s.debit.minus(s.credit).toFixed(), l.quantity, onHand.toFixed())) : 0;
    j.add({
      debit: j.side('41.01', { product: l.product, warehouse: doc.to_warehouse }),
      credit: j.side('41.01', { product: l.product, warehouse: doc.from_warehouse }),
      amount,
      quantity: l.quantity,
      content: `Перемещение товаров: ${products.get(l.product)?.name ?? ''}`,
    });
  }
  return j.movements();
}

/** Инвентаризация: shortage Дт 94 Кт 41.01 at cost, surplus Дт 41.01 Кт 91.01 at the value trade gave it. */
async function inventory(doc: Doc, ctx: PostingContext, produced: Movement[]) {
  const j = await Journal.open(ctx, doc.organization);
  const products = await itemsOf(ctx, 'products', produced.filter((m) => m.register === 'stock').map((m) => String(m.dimensions.product)));
  const name = (p: string) => products.get(p)?.name ?? '';
  const cost = { out: byProduct(produced, 'cost', 'expense'), in: byProduct(produced, 'cost', 'receipt') };
  for (const [product, quantity] of byProduct(produced, 'stock', 'expense', 'quantity'))
    j.add({ debit: j.side('94'), credit: j.side('41.01', { product, warehouse: doc.warehouse }), amount: (cost.out.get(product) ?? new Decimal(0)).toNumber(), quantity: quantity.toFixed(), content: `Недостача товаров: ${name(product)}` });
  for (const [product, quantity] of byProduct(produced, 'stock', 'receipt', 'quantity'))
    j.add({
      debit: j.side('41.01', { product, warehouse: doc.warehouse }),
      credit: j.side('91.01', { income_expense_item: incomeExpenseItem('00001') }),
      amount: (cost.in.get(product) ?? new Decimal(0)).toNumber(),
      quantity: quantity.toFixed(),
      content: `Излишки товаров: ${name(product)}`,
    });
  return j.movements();
}

/**
 * Поступление / Списание денег: 51 (the organization's bank account) or 50.01 against the counterparty's
 * settlements as trade allocated the payment — per contract kind 62 (покупатель), 60 (поставщик) or 76.09
 * (прочее); a payment settling a payment (an advance) sits on 62.02 / 60.02, one settling goods on 62.01 / 60.01.
 */
function money(direction: 'in' | 'out') {
  return async (doc: Doc, ctx: PostingContext, produced: Movement[]) => {
    const j = await Journal.open(ctx, doc.organization);
    const org = await organizationOf(ctx, doc.organization);
    if (direction === 'out' && isUnifiedTaxPayment(doc)) return unifiedTaxPayment(j, doc, org);
    const settled = produced.filter((m) => m.register === 'settlements');
    const contracts = await itemsOf(ctx, 'contracts', settled.map((m) => String(m.dimensions.contract)));
    const counterparty = (await itemsOf(ctx, 'counterparties', [doc.counterparty])).get(doc.counterparty);
    const payments = await paymentsAmong(ctx, settled.map((m) => String(m.dimensions.document)).filter((d) => d !== doc.id));
    for (const m of settled) {
      const document = String(m.dimensions.document);
      const kind = contracts.get(String(m.dimensions.contract))?.kind ?? (counterparty?.is_supplier && !counterparty?.is_customer ? 'supplier' : 'customer');
      const advance = document === doc.id || payments.has(document);
      const account = kind === 'other' ? '76.09' : kind === 'supplier' ? (advance ? '60.02' : '60.01') : advance ? '62.02' : '62.01';
      const flow = direction === 'in' ? cashFlowItem(kind === 'customer' ? '00001' : '00003') : cashFlowItem(kind === 'supplier' ? '00002' : '00004');
      const cash = doc.kind === 'cash' ? j.side('50.01', { cash_flow_item: flow }) : j.side('51', { bank_account: org.account, cash_flow_item: flow });
      const settlement = j.side(account, party(doc, m.dimensions.contract, document));
      const amount = Number(m.resources.amount);
      if (direction === 'in') j.add({ debit: cash, credit: settlement, amount, content: doc.purpose || 'Поступление денежных средств' });
      else j.add({ debit: settlement, credit: cash, amount, content: doc.purpose || 'Списание денежных средств' });
    }
    return j.movements();
  };
}

/** A payment whose purpose names the единый налоговый платёж (ЕНП) goes to the ЕНС, whoever the payee is. */
const isUnifiedTaxPayment = (doc: Doc) => /(^|[^а-яё])ЕНП([^а-яё]|$)|единый налоговый платеж|единый налоговый платёж/i.test(String(doc.purpose ?? ''));

/** ЕНП: Дт 68.90 Кт 51 (50.01 from the cash desk) — the taxes accrued on 68.90 are offset against it. */
function unifiedTaxPayment(j: Journal, doc: Doc, org: Record<string, any>) {
  const flow = cashFlowItem('00004');
  const cash = doc.kind === 'cash' ? j.side('50.01', { cash_flow_item: flow }) : j.side('51', { bank_account: org.account, cash_flow_item: flow });
  j.add({ debit: j.side('68.90'), credit: cash, amount: Number(doc.amount), content: doc.purpose || 'Единый налоговый платёж' });
  return j.movements();
}

/** The hooks, by the trade document's subject; the счета-фактуры they make are in `vat/automatic.ts`. */
export const tradeHooks: Record<string, DocumentHook> = {
  'trade.receipt': { post: receipt, ...receivedInvoice },
  'trade.sale': { post: sale, ...saleInvoice },
  'trade.customer_return': { post: customerReturn },
  'trade.supplier_return': { post: supplierReturn },
  'trade.transfer': { post: (doc, ctx) => transfer(doc, ctx) },
  'trade.inventory': { post: inventory },
  'trade.money_in': { post: money('in'), ...advanceInvoice },
  'trade.money_out': { post: money('out') },
};


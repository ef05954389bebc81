import { prorateKopecks } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { Problem } from '../../platform/http/problem';
import { computeLine, generalVatRateOn, USN_VAT_FROM, type VatRate } from '../../platform/ru/vat';
import { platformClock } from '../../platform/time/clock';
import type { PrefillContext, Fields } from '../../platform/engine/declarations';

/** Rates a goods line may carry; `vat20` only on documents dated before 2026, `vat22` from 2026. */
export const VAT_RATES: Record<VatRate, string> = {
  vat22: '22 %',
  vat20: '20 %',
  vat10: '10 %',
  vat0: '0 %',
  none: 'Без НДС',
  vat5: '5 % (УСН)',
  vat7: '7 % (УСН)',
};

/** How an organization is taxed (`organizations.vat_status`). */
export const VAT_STATUSES = {
  general: 'ОСНО (плательщик НДС)',
  usn: 'УСН (без НДС)',
  usn_vat5: 'УСН (НДС 5 %)',
  usn_vat7: 'УСН (НДС 7 %)',
} as const;
export type VatStatus = keyof typeof VAT_STATUSES;

/**
 * The VAT an organization charges on what it sells, when its status decides it (УСН): the rate every
 * line takes and the rates a line may carry. УСН without VAT: only «Без НДС». УСН at 5 % / 7 %: that
 * rate, 0 % (export) or «Без НДС» (operations exempt under art. 149). ОСНО: null — the line's own rate.
 */
export function salesVatOf(status: string | null | undefined): { rate: VatRate; allowed: readonly VatRate[] } | null {
  if (status === 'usn') return { rate: 'none', allowed: ['none'] };
  if (status === 'usn_vat5') return { rate: 'vat5', allowed: ['vat5', 'vat0', 'none'] };
  if (status === 'usn_vat7') return { rate: 'vat7', allowed: ['vat7', 'vat0', 'none'] };
  return null;
}

/** The catalog reads VAT defaults need: one item, or several in one statement. */
export type CatalogReader = Pick<PrefillContext, 'catalogItem' | 'catalogItems'>;

/**
 * The rate a line takes from its product card («Ставка НДС» of the номенклатура), on the document's date.
 * The card's `general` (its default; also a card without a rate) is the general rate of the date: 20 % before
 * 2026-01-01, 22 % from then. A card saying «20 %» or «22 %» literally means the general rate too — the same
 * rate in different years (a card filled in 2025 keeps selling correctly in 2026) — so it also follows the date.
 * 5 % / 7 % are УСН rates, which a VAT payer on ОСНО cannot charge: on such a card the general rate applies.
 */
export function productVatRate(card: Record<string, any> | null | undefined, date: string): VatRate {
  const rate = card?.vat_rate as string | null | undefined;
  if (rate === 'vat10' || rate === 'vat0' || rate === 'none') return rate;
  return generalVatRateOn(date);
}

// The engine gives every document its date (the tenant's today) before beforeSave/compute run; the fallback is the platform's today.
const dateOf = (doc: Record<string, any>): string => doc.date ?? platformClock.today();

/**
 * Lines without a rate take their product card's rate (see `productVatRate`); a line's explicit rate is kept.
 * All the products are read in one statement. Used for an organization on ОСНО and for incoming documents
 * (the supplier's invoice rate defaults to the card's and stays editable).
 */
export async function applyProductVat(doc: Record<string, any>, ctx: CatalogReader): Promise<void> {
  const lines = ((doc.goods ?? []) as GoodsLine[]).filter((l) => l.vat_rate === undefined || l.vat_rate === null);
  if (!lines.length) return;
  const cards = await ctx.catalogItems('products', lines.map((l) => l.product).filter(Boolean));
  const date = dateOf(doc);
  for (const line of lines) if (line.product) line.vat_rate = productVatRate(cards.get(line.product), date);
}

/**
 * Applies the organization's VAT status to the lines of an outgoing document (sale, invoice, order,
 * return from a customer). On ОСНО a line without a rate takes its product card's rate (`applyProductVat`).
 * On УСН a line without a rate takes the organization's rate; a line with a rate the organization cannot
 * charge is, with `force` (the form's live compute), switched to that rate; without it (saving, posting)
 * refused with a 422 naming the line.
 */
export async function applyOrganizationVat(
  doc: Record<string, any>,
  ctx: CatalogReader,
  options: { force?: boolean; organization?: Record<string, any> } = {},
): Promise<void> {
  if (!doc.organization) return;
  const org = options.organization ?? (await ctx.catalogItem('organizations', doc.organization));
  if (!org) return;
  const rule = salesVatOf(org.vat_status);
  if (!rule) return applyProductVat(doc, ctx);
  const lines = (doc.goods ?? []) as GoodsLine[];
  for (const [i, line] of lines.entries()) {
    if (line.vat_rate === undefined || line.vat_rate === null) line.vat_rate = rule.rate;
    else if (!rule.allowed.includes(line.vat_rate)) {
      if (options.force) {
        line.vat_rate = rule.rate;
        continue;
      }
      const product = line.product ? await ctx.catalogItem('products', line.product) : null;
      const status = VAT_STATUSES[org.vat_status as VatStatus];
      const may = rule.allowed.map((r) => `«${VAT_RATES[r]}»`).join(', ');
      throw Problem.unprocessable(
        `Строка ${i + 1}${product ? ` «${product.name}»` : ''}: организация «${org.name}» применяет ${status}, ставка НДС ${VAT_RATES[line.vat_rate]} в её документах невозможна — укажите ${may} или оставьте ставку пустой.`,
        { field: `goods.${i}.vat_rate` },
      );
    }
  }
}

/** Prefill of an outgoing document: prices from the price list, VAT rates from the organization's status (forced on УСН) or the product cards (ОСНО). */
export async function prefillSales(doc: Record<string, any>, ctx: PrefillContext): Promise<void> {
  await prefillPrices(doc, ctx);
  await applyOrganizationVat(doc, ctx, { force: true });
}

/** Before an outgoing document is saved: lines without a rate take the organization's (УСН) or the product card's (ОСНО), a contradicting rate is refused. */
export const checkSalesVat = (doc: Record<string, any>, ctx: PrefillContext) => applyOrganizationVat(doc, ctx);

/** Prefill and before saving of an incoming document (receipt, supplier order, return to a supplier): lines without a rate take the product card's. */
export const purchaseVat = (doc: Record<string, any>, ctx: PrefillContext) => applyProductVat(doc, ctx);

/** The goods table every trade document shares; `compute` fills amount, vat and total. */
export const goodsFields = {
  product: { type: 'ref', ref: 'products', title: 'Номенклатура', required: true },
  quantity: { type: 'decimal', title: 'Количество', required: true, min: 0 },
  price: { type: 'money', title: 'Цена', required: true },
  vat_rate: { type: 'enum', title: 'Ставка НДС', values: VAT_RATES },
  amount: { type: 'money', title: 'Сумма без НДС', computed: true },
  vat: { type: 'money', title: 'НДС', computed: true },
  total: { type: 'money', title: 'Всего', computed: true },
} satisfies Fields;

/**
 * The goods of a document that sells: a line may come without a price — saving takes it from the document's
 * price type (`requireSalesPrices`), and refuses a line left without one.
 */
export const salesGoodsFields = { ...goodsFields, price: { ...goodsFields.price, required: false } } satisfies Fields;

/** Header fields of a document with goods: how prices are entered and the totals of the lines. */
export const goodsHeaderFields = {
  price_type: { type: 'ref', ref: 'price_types', title: 'Вид цены' },
  price_includes_vat: { type: 'boolean', title: 'Цена включает НДС', default: true },
  amount: { type: 'money', title: 'Сумма без НДС', computed: true },
  vat: { type: 'money', title: 'НДС', computed: true },
  total: { type: 'money', title: 'Всего', computed: true },
} satisfies Fields;

/** The header of a document that sells: its price type is the user's main one (their settings), or the company's only one. */
export const salesHeaderFields = {
  ...goodsHeaderFields,
  price_type: { ...goodsHeaderFields.price_type, userDefault: true, fillWhenOnly: true },
} satisfies Fields;

export interface GoodsLine {
  product: string;
  quantity: string;
  /** Absent only on a sales document's line being typed, before its price comes from the price type. */
  price: number;
  vat_rate?: VatRate | null;
  amount?: number;
  vat?: number;
  total?: number;
}

const dated = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** 22 % and 20 % are the same general rate in different years: a line must carry the one of its date. */
function checkRateOnDate(rate: VatRate, date: string, lineNo: number) {
  const general = generalVatRateOn(date);
  if ((rate === 'vat22' || rate === 'vat20') && rate !== general)
    throw Problem.badRequest(`Строка ${lineNo}: ставка НДС ${VAT_RATES[rate]} не действует на ${dated(date)} — общая ставка на эту дату ${VAT_RATES[general]}.`);
  if ((rate === 'vat5' || rate === 'vat7') && date < USN_VAT_FROM)
    throw Problem.badRequest(`Строка ${lineNo}: ставка НДС ${VAT_RATES[rate]} действует с ${dated(USN_VAT_FROM)}, документ от ${dated(date)}.`);
}

/**
 * Fills amount, VAT and total of every line and of the header, the way 1C does: each line is
 * rounded to kopecks on its own, the header is the sum of the rounded lines. A line still without a rate
 * (the product card's rate is filled in before, by `prefill` / `beforeSave`) gets the general rate on the
 * document's date. Used by the engine before saving and by the UI live.
 */
export function computeGoods(doc: Record<string, any>, section = 'goods'): void {
  const date: string = dateOf(doc);
  const includes = doc.price_includes_vat !== false;
  let amount = 0;
  let vat = 0;
  let total = 0;
  (doc[section] ?? []).forEach((line: GoodsLine, i: number) => {
    // A sales line still without a price (a form being filled in) is left as it is; saving refuses it before this.
    if (line.price === undefined || line.price === null) return;
    line.vat_rate ??= generalVatRateOn(date);
    checkRateOnDate(line.vat_rate, date, i + 1);
    const r = lineAmounts(line, includes, i + 1);
    line.amount = r.amountKopecks;
    line.vat = r.vatKopecks;
    line.total = r.totalKopecks;
    amount += r.amountKopecks;
    vat += r.vatKopecks;
    total += r.totalKopecks;
  });
  doc.amount = amount;
  doc.vat = vat;
  doc.total = total;
}

function lineAmounts(line: GoodsLine, priceIncludesVat: boolean, lineNo: number) {
  try {
    return computeLine({ quantity: new Decimal(line.quantity).toFixed(), priceKopecks: line.price, rate: line.vat_rate!, priceIncludesVat });
  } catch (e) {
    if (e instanceof RangeError) throw Problem.badRequest(`Строка ${lineNo}: ${e.message}`);
    throw e;
  }
}

/** `part` of `whole` money for `qty` of `ofQty` units, half-up to kopecks; taking everything gives exactly everything. */
export function share(wholeKopecks: Decimal.Value, qty: Decimal.Value, ofQty: Decimal.Value): number {
  const q = new Decimal(qty);
  const of = new Decimal(ofQty);
  if (of.lte(0)) return 0;
  if (q.gte(of)) return new Decimal(wholeKopecks).toNumber();
  return prorateKopecks(new Decimal(wholeKopecks).toFixed(), q.toFixed(), of.toFixed());
}

/** A line without a price takes it from the price list of the document's price type, on the document's date. */
export async function prefillPrices(doc: Record<string, any>, ctx: PrefillContext): Promise<void> {
  if (!doc.price_type) return;
  for (const line of (doc.goods ?? []) as Record<string, any>[]) {
    if (!line.product || (line.price !== undefined && line.price !== null)) continue;
    const row = await ctx.sliceLast('prices', { price_type: doc.price_type, product: line.product }, doc.date);
    if (row) line.price = Number(row.price);
  }
}

/**
 * Before a sale, an invoice or a customer order is saved: a line without a price takes the price of the
 * document's price type on its date (as the form suggests it); a line still without a price, or with a zero
 * price, is refused — «Строка 3 «Чайник»: цена не указана…» — unless the organization allows selling at a
 * zero price («Разрешить нулевые цены»), when it is sold at 0.
 */
export async function requireSalesPrices(doc: Record<string, any>, ctx: PrefillContext): Promise<void> {
  await prefillPrices(doc, ctx);
  const lines = (doc.goods ?? []) as GoodsLine[];
  const unpriced = lines.findIndex((l) => !l.price);
  if (unpriced < 0) return;
  const org = doc.organization ? await ctx.catalogItem('organizations', doc.organization) : null;
  if (org?.allow_zero_price) {
    for (const line of lines) line.price ??= 0;
    return;
  }
  const line = lines[unpriced];
  const product = await ctx.catalogItem('products', line.product);
  const priceType = doc.price_type ? await ctx.catalogItem('price_types', doc.price_type) : null;
  const why =
    line.price === 0
      ? 'цена нулевая, а организация не разрешает нулевые цены'
      : `цена не указана (${priceType ? `в виде цены «${priceType.name}» её нет на ${dated(dateOf(doc))}` : 'вид цены не выбран'})`;
  throw Problem.unprocessable(`Строка ${unpriced + 1}${product ? ` «${product.name}»` : ''}: ${why} — укажите цену или установите её в «Установке цен номенклатуры».`, {
    field: `goods.${unpriced}.price`,
  });
}

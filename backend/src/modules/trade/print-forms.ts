import Decimal from 'decimal.js';
import type { VatRate } from '../../platform/ru/vat';
import type { GoodsLine } from './pricing';
import { renderAct } from './print/act';
import { renderInvoiceForPayment } from './print/invoice-for-payment';
import { renderTorg12 } from './print/torg12';
import type { PrintDocument, PrintParty, VatRateLabel } from './print/types';
import { renderUpd } from './print/upd';

/** Catalog items a printout needs besides the document: as the trade REST API returns them. */
export interface PrintParties {
  organization: Record<string, any>;
  counterparty: Record<string, any>;
  /** Products of the document's lines, by id. */
  products: Record<string, Record<string, any>>;
  contract?: Record<string, any>;
}

/** Reads one catalog item by id: the engine's `ctx.catalogItem`, or a REST call. */
export type CatalogLookup = (catalog: string, id: string) => Promise<Record<string, any> | null>;

/** Loads the organization, counterparty, contract and products a document's printout needs. */
export async function printPartiesOf(doc: Record<string, any>, lookup: CatalogLookup): Promise<PrintParties> {
  const need = async (catalog: string, id: string) => {
    const item = await lookup(catalog, id);
    if (!item) throw new Error(`${catalog} ${id} not found`);
    return item;
  };
  const ids: string[] = [...new Set<string>(doc.goods.map((l: GoodsLine) => l.product))];
  return {
    organization: await need('organizations', doc.organization),
    counterparty: await need('counterparties', doc.counterparty),
    contract: doc.contract ? await need('contracts', doc.contract) : undefined,
    products: Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await need('products', id)]))),
  };
}

// The label printed in the VAT rate column for each rate.
const LABELS: Record<VatRate, VatRateLabel> = { vat22: '22%', vat20: '20%', vat10: '10%', vat7: '7%', vat5: '5%', vat0: '0%', none: 'без НДС' };

function label(rate: VatRate | null): VatRateLabel {
  return rate ? LABELS[rate] : 'без НДС';
}

const party = (c: Record<string, any>, address: string | undefined): PrintParty => ({
  name: c.full_name || c.name,
  inn: c.inn ?? '',
  kpp: c.kpp ?? undefined,
  address: address ?? '',
  phone: c.phone ?? undefined,
  bankName: c.bank_name ?? undefined,
  bik: c.bik ?? undefined,
  account: c.account ?? undefined,
  corrAccount: c.corr_account ?? undefined,
});

/** A trade document with goods (sale, invoice, customer order…) as the print forms take it. */
export function toPrintDocument(doc: Record<string, any>, p: PrintParties): PrintDocument {
  const lines = (doc.goods as Required<GoodsLine>[]).map((l) => {
    const product = p.products[l.product];
    return {
      name: product.name,
      code: product.article ?? undefined,
      unit: product.unit_name,
      unitCode: product.unit_code,
      quantity: new Decimal(l.quantity).toFixed(),
      // The forms print the price without VAT; for prices entered with VAT it is the line amount per unit.
      priceKopecks: new Decimal(l.amount).dividedBy(l.quantity).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
      amountKopecks: l.amount,
      vatRateLabel: label(l.vat_rate),
      vatKopecks: l.vat,
      totalKopecks: l.total,
    };
  });
  const c = p.contract;
  return {
    number: doc.number,
    date: doc.date,
    seller: party(p.organization, p.organization.address),
    buyer: party(p.counterparty, p.counterparty.legal_address),
    lines,
    totals: { amountKopecks: doc.amount, vatKopecks: doc.vat, totalKopecks: doc.total },
    basis: c ? `Договор № ${c.contract_number ?? c.name}${c.contract_date ? ` от ${c.contract_date.split('-').reverse().join('.')}` : ''}` : undefined,
    sellerSigners: { head: p.organization.head ?? undefined, accountant: p.organization.accountant ?? undefined },
  };
}

/** УПД for a sale: status 1 (счёт-фактура + передаточный документ) from a VAT payer, status 2 from one on УСН. */
export function printSale(doc: Record<string, any>, p: PrintParties): Promise<Buffer> {
  return renderUpd({ ...toPrintDocument(doc, p), status: p.organization.vat_status === 'usn' ? 2 : 1 });
}

export function printSaleTorg12(doc: Record<string, any>, p: PrintParties): Promise<Buffer> {
  return renderTorg12(toPrintDocument(doc, p));
}

export function printInvoiceForPayment(doc: Record<string, any>, p: PrintParties): Promise<Buffer> {
  return renderInvoiceForPayment(toPrintDocument(doc, p));
}

/** Акт выполненных работ (оказанных услуг) for a sale of services. */
export function printAct(doc: Record<string, any>, p: PrintParties): Promise<Buffer> {
  return renderAct(toPrintDocument(doc, p));
}

/** The print forms of documents with goods, as the engine serves them (`…/print/<code>`). */
export const goodsPrintForms = {
  upd: { code: 'upd', title: 'УПД', render: async (d: Record<string, any>, ctx: { catalogItem: CatalogLookup }) => printSale(d, await printPartiesOf(d, ctx.catalogItem)) },
  torg12: { code: 'torg12', title: 'ТОРГ-12', render: async (d: Record<string, any>, ctx: { catalogItem: CatalogLookup }) => printSaleTorg12(d, await printPartiesOf(d, ctx.catalogItem)) },
  invoice: { code: 'invoice', title: 'Счёт на оплату', render: async (d: Record<string, any>, ctx: { catalogItem: CatalogLookup }) => printInvoiceForPayment(d, await printPartiesOf(d, ctx.catalogItem)) },
  act: { code: 'act', title: 'Акт', render: async (d: Record<string, any>, ctx: { catalogItem: CatalogLookup }) => printAct(d, await printPartiesOf(d, ctx.catalogItem)) },
};

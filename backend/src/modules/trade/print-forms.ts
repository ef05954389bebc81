import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { Problem } from '../../platform/http/problem';
import type { VatRate } from '../../platform/ru/vat';
import type { GoodsLine } from './pricing';
import { renderAct } from './print/act';
import { renderInvoiceForPayment } from './print/invoice-for-payment';
import { renderTorg12 } from './print/torg12';
import type { PrintDocument, PrintParty, UpdDocument, VatRateLabel } from './print/types';
import { renderUpd } from './print/upd';
import { buildUpdXml, UpdXmlDataError, type UpdXmlFile } from './print/upd-xml';

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
      kind: product.kind === 'service' ? ('service' as const) : ('goods' as const),
    };
  });
  const c = p.contract;
  const basisDocument = c ? { name: 'Договор', number: String(c.contract_number ?? c.name), date: c.contract_date ?? undefined } : undefined;
  return {
    number: doc.number,
    date: doc.date,
    seller: party(p.organization, p.organization.address),
    buyer: party(p.counterparty, p.counterparty.legal_address),
    lines,
    totals: { amountKopecks: doc.amount, vatKopecks: doc.vat, totalKopecks: doc.total },
    basis: basisDocument && `Договор № ${basisDocument.number}${basisDocument.date ? ` от ${basisDocument.date.split('-').reverse().join('.')}` : ''}`,
    basisDocument,
    sellerSigners: { head: p.organization.head ?? undefined, accountant: p.organization.accountant ?? undefined },
  };
}

/**
 * The УПД of a sale, as both the PDF and the ЭДО XML take it: status 1 (счёт-фактура + передаточный
 * документ) from a VAT payer, status 2 (передаточный документ only) from one on УСН without VAT.
 */
export function updDocumentOf(doc: Record<string, any>, p: PrintParties): UpdDocument {
  return { ...toPrintDocument(doc, p), status: p.organization.vat_status === 'usn' ? 2 : 1 };
}

export function printSale(doc: Record<string, any>, p: PrintParties): Promise<Buffer> {
  return renderUpd(updDocumentOf(doc, p));
}

export const UPD_XML_CONTENT_TYPE = 'application/xml; charset=windows-1251';

/**
 * ЭДО participant id of a party. The ЭДО operator assigns the real one (e.g. «2BM-…»); the catalogs do not
 * keep it, so the file carries ИНН followed by КПП (ИНН alone for an entrepreneur) — unique per party and
 * without «_», the separator of the file name. The operator's program renames the file when it sends it.
 */
export const edoParticipantId = (party: Record<string, any>) => `${party.inn ?? ''}${party.kpp ?? ''}`;

/**
 * The УПД of a posted sale as the ФНС XML file for ЭДО (format 5.03, windows-1251), named after its ИдФайл.
 * A draft or cancelled sale is refused with 409; data the format requires and the catalogs lack, with 422.
 */
export function saleUpdXml(doc: Record<string, any>, p: PrintParties, now = new Date(), guid: string = randomUUID()): UpdXmlFile {
  if (doc.status !== 'posted')
    throw Problem.conflict(`УПД для ЭДО формируется только по проведённому документу, а «Реализация товаров и услуг» № ${doc.number} ${doc.status === 'cancelled' ? 'отменена' : 'не проведена'} — проведите её.`);
  try {
    return buildUpdXml(updDocumentOf(doc, p), { senderId: edoParticipantId(p.organization), recipientId: edoParticipantId(p.counterparty), now, guid, program: 'WorkCloud 1.0' });
  } catch (e) {
    if (e instanceof UpdXmlDataError) throw Problem.unprocessable(`Чтобы сформировать УПД для ЭДО, заполните: ${e.message}`, { errors: e.issues });
    throw e;
  }
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
  /** The same УПД as the ФНС XML for ЭДО; also at `…/documents/sale/<id>/upd.xml`. */
  updXml: {
    code: 'upd_xml',
    title: 'УПД (XML для ЭДО)',
    contentType: UPD_XML_CONTENT_TYPE,
    render: async (d: Record<string, any>, ctx: { catalogItem: CatalogLookup }) => {
      const file = saleUpdXml(d, await printPartiesOf(d, ctx.catalogItem));
      return { content: file.content, filename: `${file.fileId}.xml` };
    },
  },
};

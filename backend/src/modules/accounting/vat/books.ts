import { sumKopecks } from '@workcloud/shared-core';
import { ruDate } from '../../../platform/engine/dates';
import { defineReport, type Fields, type ReportColumn, type ReportDeclaration, type ReportQueryContext } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import type { TenantTables } from '../journal';
import { BOOK_RATES, QUARTERS, quarterDates, type VatRate } from './rates';

export type Book = 'vat_sales' | 'vat_purchases';

/** One current record of a book (a movement not reversed by a later storno of its revision). */
export interface BookRecord {
  period: string;
  operation: string;
  rate: VatRate | null;
  total: number;
  base: number;
  vat: number;
  invoice: string;
  counterparty: string;
  basis: string;
  entries_by: string;
  recorder_id: string;
}

/** The parameters of the books and the return: the organization and the quarter. */
export const quarterParams: Fields = {
  organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true },
  year: { type: 'integer', title: 'Год', required: true },
  quarter: { type: 'enum', title: 'Квартал', values: QUARTERS, required: true },
};

/** The quarter of the parameters as dates; a year out of range is refused in Russian. */
export function periodOf(p: Record<string, any>) {
  const year = Number(p.year);
  if (!Number.isInteger(year) || year < 2019 || year > 2100) throw Problem.badRequest('Год — четырьмя цифрами, с 2019 (ставки НДС до 2019 года не поддерживаются).', { errors: [{ field: 'year', message: 'Год — с 2019 по 2100' }] });
  return { year, quarter: Number(p.quarter), ...quarterDates(year, Number(p.quarter)) };
}

export const tablesOf = (q: ReportQueryContext): TenantTables => ({ knex: q.knex, table: q.table });

/**
 * The book's records of an organization dated within the period, in date order: the movements summed by what a
 * record is (storno rows carry negated sums, so a cancelled or re-written posting nets out whatever the order of
 * its rows), the ones that come to nothing left out.
 */
export async function bookRecords(t: TenantTables, book: Book, organization: string, from: string, to: string): Promise<BookRecord[]> {
  const k = t.knex;
  const sales = book === 'vat_sales';
  const keys = ['period', 'operation', ...(sales ? ['rate'] : []), 'invoice', 'counterparty', 'basis', 'entries_by', 'recorder_id'];
  const sums = ['total', ...(sales ? ['base'] : []), 'vat'];
  const rows: Record<string, any>[] = await k(t.table(`r_accounting_${book}`))
    .where({ organization })
    .whereBetween('period', [from, to])
    .groupBy(keys)
    .havingRaw(sums.map((r) => `sum(${r}) <> 0`).join(' OR '))
    .orderByRaw('period, min(id)')
    .select(...keys, ...sums.map((r) => k.raw(`sum(${r})::text AS ${r}`)));
  return rows.map((r) => ({
    period: r.period,
    operation: r.operation,
    rate: (r.rate ?? null) as VatRate | null,
    total: Number(r.total),
    base: Number(r.base ?? 0),
    vat: Number(r.vat),
    invoice: r.invoice,
    counterparty: r.counterparty,
    basis: r.basis,
    entries_by: r.entries_by,
    recorder_id: r.recorder_id,
  }));
}

/** One line of a book: the records of one invoice, code and document, with the sums by rate. */
export interface BookLine {
  date: string;
  operation: string;
  invoice: string;
  counterparty: string;
  basis: string;
  recorder: string;
  /** The document whose entries carry the line's VAT on 68.02. */
  entriesBy: string;
  total: number;
  vat: number;
  base: Partial<Record<VatRate, number>>;
  vatBy: Partial<Record<VatRate, number>>;
}

export function bookLines(records: BookRecord[]): BookLine[] {
  const lines = new Map<string, BookLine>();
  for (const r of records) {
    const key = [r.period, r.invoice, r.operation, r.recorder_id].join('|');
    const l = lines.get(key) ?? { date: r.period, operation: r.operation, invoice: r.invoice, counterparty: r.counterparty, basis: r.basis, recorder: r.recorder_id, entriesBy: r.entries_by, total: 0, vat: 0, base: {}, vatBy: {} };
    l.total = sumKopecks([l.total, r.total]);
    l.vat = sumKopecks([l.vat, r.vat]);
    if (r.rate) {
      l.base[r.rate] = sumKopecks([l.base[r.rate], r.base]);
      l.vatBy[r.rate] = sumKopecks([l.vatBy[r.rate], r.vat]);
    }
    lines.set(key, l);
  }
  return [...lines.values()];
}

/** What a book line shows of its invoice, counterparty and documents, read in one go for all lines. */
async function lineDetails(t: TenantTables, lines: BookLine[]) {
  const k = t.knex;
  const ids = [...new Set(lines.map((l) => l.invoice))];
  const issued: Record<string, any>[] = ids.length ? await k(t.table('d_accounting_invoice_issued')).whereIn('id', ids).select('id', 'number', 'date', 'kind', 'original', 'payment_document') : [];
  const originals = issued.map((i) => i.original).filter(Boolean);
  const originalRows: Record<string, any>[] = originals.length ? await k(t.table('d_accounting_invoice_issued')).whereIn('id', originals).select('id', 'number', 'date') : [];
  const received: Record<string, any>[] = ids.length ? await k(t.table('d_accounting_invoice_received')).whereIn('id', ids).select('id', 'kind', 'incoming_number', 'incoming_date', 'receipt') : [];
  const receiptIds = received.map((r) => r.receipt).filter(Boolean);
  const receipts: Record<string, any>[] = receiptIds.length ? await k(t.table('d_trade_receipt')).whereIn('id', receiptIds).select('id', 'date') : [];
  // A supplier's correction corrects his invoice for the receipt.
  const corrected = received.filter((r) => r.kind === 'correction').map((r) => r.receipt);
  const receivedOriginals: Record<string, any>[] = corrected.length
    ? await k(t.table('d_accounting_invoice_received')).whereIn('receipt', corrected).where({ kind: 'receipt', status: 'posted' }).select('receipt', 'incoming_number', 'incoming_date')
    : [];
  const parties = [...new Set(lines.map((l) => l.counterparty).filter(Boolean))];
  const counterparties: Record<string, any>[] = parties.length ? await k(t.table('c_trade_counterparties')).whereIn('id', parties).select('id', 'name', 'inn', 'kpp') : [];
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [String(r.id), r]));
  const [iss, orig, rec, rcp, cps] = [byId(issued as any[]), byId(originalRows as any[]), byId(received as any[]), byId(receipts as any[]), byId(counterparties as any[])];
  const receivedOriginal = new Map(receivedOriginals.map((r) => [String(r.receipt), r]));
  const dated = (number: string | null | undefined, date: string | null | undefined) => (number ? `${number} от ${date ? ruDate(date) : ''}` : '');
  return (l: BookLine) => {
    const i = iss.get(l.invoice);
    const r = rec.get(l.invoice);
    const c = cps.get(l.counterparty);
    const correction = i?.kind === 'correction' || r?.kind === 'correction';
    const original = i ? orig.get(i.original) : undefined;
    const theirs = r?.kind === 'correction' ? receivedOriginal.get(String(r.receipt)) : undefined;
    const own = (x: Record<string, any> | undefined) => (r ? dated(x?.incoming_number, x?.incoming_date) : dated(x?.number, x?.date));
    return {
      // Графа 3: the seller's invoice — a received one by the supplier's number; for a correction, the invoice it corrects (графа 5: the correction).
      invoice: correction ? own(r ? theirs : original) : own(r ?? i),
      correction: correction ? own(r ?? i) : '',
      payment_document: i?.kind === 'advance' ? (i.payment_document ?? '') : '',
      accepted: r && r.kind !== 'correction' ? String(rcp.get(r.receipt)?.date ?? l.date) : null,
      name: c?.name ?? '',
      inn_kpp: c ? [c.inn, c.kpp].filter(Boolean).join('/') : '',
    };
  };
}

const money = (field: string, title: string): ReportColumn => ({ field, title, type: 'money' });
const RATE_LABEL: Partial<Record<VatRate, string>> = { vat22: '22 %', vat20: '20 %', vat10: '10 % (гр. 15)', vat5: '5 %', vat7: '7 %', vat0: '0 % (гр. 16)' };
const VAT_LABEL: Partial<Record<VatRate, string>> = { vat22: '22 %', vat20: '20 %', vat10: '10 % (гр. 18)', vat5: '5 %', vat7: '7 %' };
const TAXED = BOOK_RATES.filter((r) => r !== 'none');
/** `vat22` → `22`: the book's fields are `base22`, `vat22`… */
const pct = (r: VatRate) => r.replace('vat', '');

/** The quarter a report is asked for, with the organization. */
export type Quarter = ReturnType<typeof periodOf> & { organization: string };

/** A report of an organization's quarter (the books, the return): its parameters, read-only for the accountant. */
export function quarterReport(def: Pick<ReportDeclaration, 'code' | 'title' | 'titleEn' | 'columns'> & { rows: (t: TenantTables, q: Quarter) => Promise<Record<string, unknown>[]> }) {
  const { rows, ...rest } = def;
  return defineReport({ ...rest, group: 'vat', params: quarterParams, query: (q, p) => rows(tablesOf(q), { ...periodOf(p), organization: p.organization }), defaultAccess: { accountant: ['read'] } });
}

/** Графы 1–5 of both books. */
const leading: ReportColumn[] = [
  { field: 'no', title: '№ п/п (гр. 1)' },
  { field: 'operation', title: 'Код вида операции (гр. 2)' },
  { field: 'invoice', title: 'Номер и дата счёта-фактуры продавца (гр. 3)' },
  { field: 'correction', title: 'Номер и дата корректировочного счёта-фактуры продавца (гр. 5)' },
];

/** A book's lines of a quarter: графы 1–5, then what `columns` makes of a line and its details. */
async function bookRows(t: TenantTables, book: Book, q: Quarter, columns: (l: BookLine, d: ReturnType<Awaited<ReturnType<typeof lineDetails>>>) => Record<string, unknown>) {
  const lines = bookLines(await bookRecords(t, book, q.organization, q.from, q.to));
  const details = await lineDetails(t, lines);
  return lines.map((l, i) => {
    const d = details(l);
    return { no: i + 1, date: l.date, operation: l.operation, invoice: d.invoice, correction: d.correction, ...columns(l, d), invoice_id: l.invoice, basis: l.basis };
  });
}

/**
 * Книга продаж (Постановление Правительства РФ от 26.12.2011 № 1137, приложение 5): the quarter's invoices
 * issued — shipments (01), advances (02, only графа 13б and the VAT), in date order — with the buyer, the
 * value with VAT and the value without VAT and the VAT by rate: 22 % from 2026, 20 % for 2025 documents, 10 %,
 * 5 % and 7 % (УСН), 0 %, and the sales exempt from VAT. Excel through `?format=xlsx`.
 */
export const salesBook = quarterReport({
  code: 'sales_book',
  title: 'Книга продаж',
  titleEn: 'Sales ledger',
  columns: [
    ...leading,
    { field: 'buyer', title: 'Наименование покупателя (гр. 7)' },
    { field: 'buyer_inn_kpp', title: 'ИНН/КПП покупателя (гр. 8)' },
    { field: 'payment_document', title: 'Номер и дата документа, подтверждающего оплату (гр. 11)' },
    money('total', 'Стоимость продаж по счёту-фактуре с НДС, руб. (гр. 13б)'),
    ...TAXED.map((r) => money(`base${pct(r)}`, `Стоимость продаж без НДС по ставке ${RATE_LABEL[r]}`)),
    ...TAXED.filter((r) => r !== 'vat0').map((r) => money(`vat${pct(r)}`, `Сумма НДС по ставке ${VAT_LABEL[r]}`)),
    money('exempt', 'Стоимость продаж, освобождаемых от налога (гр. 19)'),
  ],
  rows: (t, q) =>
    bookRows(t, 'vat_sales', q, (l, d) => ({
      buyer: d.name,
      buyer_inn_kpp: d.inn_kpp,
      payment_document: d.payment_document,
      total: l.total,
      ...Object.fromEntries(TAXED.map((r) => [`base${pct(r)}`, l.base[r] ?? 0])),
      ...Object.fromEntries(TAXED.filter((r) => r !== 'vat0').map((r) => [`vat${pct(r)}`, l.vatBy[r] ?? 0])),
      exempt: l.base.none ?? 0,
      vat_total: l.vat,
    })),
});

/**
 * Книга покупок (Постановление 1137, приложение 4): the VAT accepted for deduction in the quarter — suppliers'
 * invoices registered (01), the advance's VAT deducted at the shipment that offsets it (22, the advance
 * invoice we issued), корректировочные счета-фактуры on returns (18) — with the seller (the buyer, for 22
 * and 18), the value with VAT and the VAT deducted. Excel through `?format=xlsx`.
 */
export const purchaseBook = quarterReport({
  code: 'purchase_book',
  title: 'Книга покупок',
  titleEn: 'Purchase ledger',
  columns: [
    ...leading,
    { field: 'accepted', title: 'Дата принятия на учёт товаров (работ, услуг) (гр. 8)', type: 'date' },
    { field: 'seller', title: 'Наименование продавца (гр. 9)' },
    { field: 'seller_inn_kpp', title: 'ИНН/КПП продавца (гр. 10)' },
    money('total', 'Стоимость покупок по счёту-фактуре с НДС, руб. (гр. 15)'),
    money('vat', 'Сумма НДС, принимаемая к вычету, руб. (гр. 16)'),
  ],
  rows: (t, q) => bookRows(t, 'vat_purchases', q, (l, d) => ({ accepted: d.accepted, seller: d.name, seller_inn_kpp: d.inn_kpp, total: l.total, vat: l.vat })),
});

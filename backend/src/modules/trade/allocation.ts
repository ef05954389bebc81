import { formatRubles, sumKopecks } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import type { DocumentRecord, Movement } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';
import type { Ledger } from './ledger';

/** Documents that settlements can point at, with the date their payment is due. */
const SETTLEMENT_DOCUMENTS = ['sale', 'receipt', 'customer_return', 'supplier_return', 'money_in', 'money_out'];

/** SQL of (id, number, date, due_date) over every settlement document; `table` qualifies a table name. */
export function settlementDocumentsSql(table: (name: string) => string): string {
  return SETTLEMENT_DOCUMENTS.map(
    (code) => `SELECT id::text AS id, number, date, ${code === 'sale' ? 'coalesce(due_date, date)' : 'date'} AS due_date FROM ${table(`d_trade_${code}`)}`,
  ).join(' UNION ALL ');
}

export interface AllocationLine {
  contract?: string | null;
  document?: string | null;
  amount: number;
}

/** A money_in / money_out document as posting reads it. */
type Payment = DocumentRecord & Record<string, any>;

/**
 * Settlement movements of a payment. `direction` +1: money from a customer lowers what they owe
 * (open items are positive balances); −1: money to a supplier lowers what we owe (negative balances).
 * A line naming a document settles that document; a line without one settles the oldest open
 * documents of the counterparty (within the line's contract, if given); what is left is an advance.
 */
export async function allocatePayment(ledger: Ledger, p: Payment, direction: 1 | -1): Promise<Movement[]> {
  const lines: AllocationLine[] = p.allocation?.length ? p.allocation : [{ contract: p.contract, amount: p.amount }];
  const sum = sumKopecks(lines.map((l) => l.amount));
  if (sum !== p.amount) throw Problem.unprocessable(`Сумма расшифровки платежа (${formatRubles(sum)}) не равна сумме документа (${formatRubles(p.amount)}).`);
  await ledger.lock('settlements', p.organization, p.counterparty);
  const open = await openItems(ledger, p, direction);
  const out: Movement[] = [];
  const settle = (contract: string, document: string, amount: number) =>
    out.push({ register: 'settlements', kind: direction === 1 ? 'expense' : 'receipt', dimensions: { organization: p.organization, counterparty: p.counterparty, contract, document }, resources: { amount } });
  for (const line of lines) {
    let left = line.amount;
    const candidates = open.filter((o) => (line.document ? o.document === line.document : !line.contract || o.contract === line.contract));
    for (const item of candidates) {
      const take = Math.min(left, item.open);
      if (take <= 0) continue;
      settle(item.contract, item.document, take);
      item.open -= take;
      left -= take;
    }
    if (left > 0) {
      const contract = line.contract ?? candidates[0]?.contract;
      if (!contract) throw Problem.unprocessable('Укажите договор: платёж (или его часть) не закрывает ни одного долга и станет авансом по договору.');
      settle(contract, p.id, left);
    }
  }
  return out;
}

/**
 * Зачёт аванса: a new sale (direction +1) or receipt (−1) first uses up what the counterparty paid
 * ahead on the same contract (or we paid ahead, for a receipt), oldest first, so the debt left on
 * the document is what is really unpaid — and is not reported overdue when it was prepaid.
 */
export async function offsetAdvances(ledger: Ledger, doc: DocumentRecord & Record<string, any>, direction: 1 | -1): Promise<Movement[]> {
  await ledger.lock('settlements', doc.organization, doc.counterparty);
  const advances = (await openItems(ledger, doc, (-direction) as 1 | -1)).filter((a) => a.contract === doc.contract && a.document !== doc.id);
  const out: Movement[] = [];
  let left: number = doc.total;
  for (const a of advances) {
    const take = Math.min(left, a.open);
    if (take <= 0) break;
    const move = (document: string, kind: 'receipt' | 'expense') =>
      out.push({ register: 'settlements', kind, dimensions: { organization: doc.organization, counterparty: doc.counterparty, contract: doc.contract, document }, resources: { amount: take } });
    move(a.document, direction === 1 ? 'receipt' : 'expense');
    move(doc.id, direction === 1 ? 'expense' : 'receipt');
    left -= take;
  }
  return out;
}

/** Open items of the counterparty in the payment's favour, oldest due first. */
async function openItems(ledger: Ledger, p: Payment, direction: 1 | -1) {
  const rows = await ledger.balances('settlements', ['amount'], ['contract', 'document'], { organization: p.organization, counterparty: p.counterparty }, p.date);
  const ids = rows.map((r) => r.document);
  const { rows: docs } = ids.length
    ? await ledger.raw(`SELECT id, number, due_date FROM (${settlementDocumentsSql((t) => ledger.quoted(t))}) d WHERE id = ANY(?)`, [ids])
    : { rows: [] };
  const info = new Map<string, { due_date: string; number: string }>(docs.map((d: { id: string; due_date: string; number: string }) => [d.id, d]));
  return rows
    .map((r) => ({ contract: r.contract, document: r.document, open: new Decimal(r.amount).times(direction).toNumber(), due: info.get(r.document)?.due_date ?? '', number: info.get(r.document)?.number ?? '' }))
    .filter((r) => r.open > 0)
    .sort((a, b) => a.due.localeCompare(b.due) || a.number.localeCompare(b.number));
}

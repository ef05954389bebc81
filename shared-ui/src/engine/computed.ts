import { lineAmountKopecks, parseQuantity } from '@workcloud/shared-core';
import type { EngineDocumentMeta } from './types';

/**
 * Which fields of a document the server computes, so the form shows them live and read-only instead
 * of asking for them. The metadata does not say it, so the engine's convention is used: a line field
 * `amount` (money) next to `quantity` and `price` is quantity × price, and a header `total` (money)
 * is the sum of the line amounts. A module with other rules passes its own Computation.
 */
export interface Computation {
  /** Per section code: the line field that is computed and the two it multiplies. */
  lines: Record<string, { amount: string; quantity: string; price: string }>;
  /** Header field holding the sum of all line amounts. */
  total?: string;
}

export function conventionalComputation(doc: EngineDocumentMeta): Computation {
  const lines: Computation['lines'] = {};
  for (const s of doc.sections) {
    const type = (name: string) => s.fields.find((f) => f.name === name)?.type;
    if (type('amount') === 'money' && type('price') === 'money' && (type('quantity') === 'decimal' || type('quantity') === 'integer'))
      lines[s.code] = { amount: 'amount', quantity: 'quantity', price: 'price' };
  }
  const hasTotal = doc.fields.some((f) => f.name === 'total' && f.type === 'money') && Object.keys(lines).length > 0;
  return { lines, total: hasTotal ? 'total' : undefined };
}

/**
 * quantity × price of a line being typed, rounded half-up to kopecks exactly as the server computes it
 * (shared-core's lineAmountKopecks); null until both are there and the quantity is a number.
 */
export function lineAmountOf(line: Record<string, unknown>, rule: { quantity: string; price: string }): number | null {
  const quantity = parseQuantity(String(line[rule.quantity] ?? ''));
  const price = line[rule.price];
  if (quantity === null || typeof price !== 'number') return null;
  try {
    return lineAmountKopecks(quantity, price);
  } catch {
    return null; // a price that is not whole kopecks, or a product beyond 2^53
  }
}

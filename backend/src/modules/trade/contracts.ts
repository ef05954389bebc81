import { addDays } from '@workcloud/shared-core';
import type { PrefillContext } from '../../platform/engine/declarations';

const isoDay = (v: unknown) => (v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : String(v).slice(0, 10));

/**
 * A sale without its own Срок оплаты is due when its contract says: `payment_days` after its date. The
 * debts report and the home card count a debt as overdue from then, not from the day after the sale.
 */
export async function dueDateFromContract(doc: Record<string, any>, ctx: PrefillContext): Promise<void> {
  if (doc.due_date || !doc.contract || !doc.date) return;
  const days = Number((await ctx.catalogItem('contracts', doc.contract))?.payment_days ?? 0);
  if (days > 0) doc.due_date = addDays(isoDay(doc.date), days);
}

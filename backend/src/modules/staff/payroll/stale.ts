import { monthStart } from '@workcloud/shared-core';
import type { PostingContext } from '../../../platform/engine/declarations';

/**
 * Marks the posted payrolls of an organization from the month of `month` to the end of its year «Требует
 * перерасчёта»: they read running totals (income since January, the contribution base, the month's vacation and
 * sick pay) that a posting dated in or before them has just changed. `except`: the posting payroll itself.
 */
export async function markPayrollsStale(ctx: PostingContext, organization: string, month: string, except?: string) {
  const q = ctx
    .knex(ctx.table('d_staff_payrolls'))
    .where({ organization, status: 'posted' })
    .where('month', '>=', monthStart(month))
    .where('month', '<=', `${month.slice(0, 4)}-12-01`);
  if (except) q.whereNot({ id: except });
  await q.update({ needs_recompute: true });
}

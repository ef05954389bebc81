import { formatRubles, monthEnd, monthStart } from '@workcloud/shared-core';
import { defineReport } from '../../platform/engine/declarations';
import { reportLink } from './closing-checks';
import { CLOSED_INTO, monthTitle } from './documents/month-closing';
import { Chart } from './journal';
import { currentEntries } from './reports';

/**
 * Шаги закрытия месяца: what the posted «Закрытие месяца» of an organization and month booked, one row per
 * step and pair of accounts (as its `steps` text), each leading to the card of the account it closed for the
 * month — where the accountant sees the balance brought to zero and the entry that did it. Read from the
 * closing's current entries (their `content` is the step), so a re-posted closing shows what it did last;
 * a month not closed has no rows.
 */
export const closingSteps = defineReport({
  code: 'closing_steps',
  group: 'closing',
  title: 'Шаги закрытия месяца',
  titleEn: 'Month-end closing steps',
  params: {
    month: { type: 'date', title: 'Месяц', required: true },
    organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true },
  },
  columns: [
    { field: 'step', title: 'Шаг' },
    { field: 'entry', title: 'Проводка' },
    // Text: a total of the steps' amounts would count the result twice (90.xx → 90.09, then 90.09 → 99).
    { field: 'amount_text', title: 'Сумма, руб.' },
    { field: 'link_label', title: 'Где посмотреть' },
  ],
  query: async (q, p) => {
    const month = monthStart(p.month);
    const closing = await q.knex(q.table('d_accounting_month_closing')).where({ organization: p.organization, month, status: 'posted' }).first('id');
    if (!closing) return [];
    const chart = await Chart.load(q.knex, q.table);
    const rows: { content: string; account: string; corr_account: string; amount: string }[] = await currentEntries(q, 'm')
      .where({ 'm.recorder_id': closing.id, 'm.side': 'dt' })
      .groupBy('m.content', 'm.account', 'm.corr_account')
      .orderByRaw('min(m.entry_no)')
      .select('m.content', 'm.account', 'm.corr_account', q.knex.raw('sum(m.debit)::text AS amount'));
    const period = { from: month, to: monthEnd(month), organization: p.organization };
    return rows.map((r) => {
      const [debit, credit] = [chart.find(r.account)!, chart.find(r.corr_account)!];
      const into = CLOSED_INTO.find((code) => code === debit.code || code === credit.code);
      const closed = into === debit.code ? credit : debit;
      const link = reportLink(`Карточка счёта ${closed.code} за ${monthTitle(month)}`, 'account_card', { account: closed.id, ...period });
      return { step: r.content, entry: `Дт ${debit.code} Кт ${credit.code}`, amount: Number(r.amount), amount_text: formatRubles(r.amount, { currency: false }), link_label: link.label, link };
    });
  },
  defaultAccess: { accountant: ['read'] },
});

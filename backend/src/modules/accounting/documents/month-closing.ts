import { formatRubles, monthEnd, monthStart } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { ruDate } from '../../../platform/engine/dates';
import { defineDocument, type PostingContext } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { cumulative } from '../balances';
import { accountantDocuments, comment, organization } from '../fields';
import { Journal, type Account, type EntrySide } from '../journal';
import { NO_SUBCONTO } from '../subconto';
import { isYearEnd, reformBalance, REFORMATION_STEP } from '../year-end';

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
/** «март 2026» for any day of the month. */
export const monthTitle = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/**
 * The accounts the steps close into, the last step's first (реформация 99 → 84, then 90.09 / 91.09 → 99, the
 * sub-accounts → 90.09 / 91.09, 44 → 90.07.1): of an entry of the closing, the first of these it has is where
 * the step closed to, its other side the account closed — 44.01, 90.01.1, 90.09 or 99.
 */
export const CLOSED_INTO = ['84.01', '84.02', '99', '90.09', '91.09', '90.07.1'];

interface Step {
  no: number;
  title: string;
  /** «Дт 90.07.1 Кт 44.01»; absent when there was nothing to do. */
  entry?: string;
  amount: number;
}

/**
 * Закрытие месяца: the month's routine closing entries of one organization, dated its last day, in order —
 * 1) издержки обращения (44) written off to 90.07.1; 2) the sub-accounts of 90 closed to 90.09; 3) those of
 * 91 to 91.09; 4) the result of sales 90.09 → 99; 5) the other income and expenses 91.09 → 99 — each from the
 * balances at the month's end including the steps before it; December adds 6) реформация баланса, 99 → 84
 * (year-end.ts). Before any of it the checks before closing run (closing-checks.ts, which wraps this posting
 * in module.ts): drafts, negative stock on 41, a broken cost sequence, the ОСВ, the month before left
 * unclosed — any found refuses the closing with the list. Re-posting does it again from the balances as
 * they are then (its own earlier entries are reversed first), so closing twice changes nothing; a second
 * closing of the same organization and month is refused. `steps` lists what each step did.
 */
export const monthClosing = defineDocument({
  code: 'month_closing',
  group: 'closing',
  title: 'Закрытие месяца',
  titleEn: 'Month-end closing',
  numberPrefix: 'ЗМ',
  numberBy: 'organization',
  fields: {
    organization,
    month: { type: 'date', title: 'Месяц', required: true },
    result: { type: 'money', title: 'Финансовый результат (прибыль +, убыток −)', computed: true },
    steps: { type: 'text', title: 'Отчёт о закрытии месяца', computed: true, list: false },
    comment,
  },
  // The month is its first day, the document is dated its last.
  beforeSave: async (doc) => {
    if (!doc.month) return;
    doc.month = monthStart(doc.month);
    doc.date = monthEnd(doc.month);
  },
  post: async (doc, ctx) => {
    const month = monthStart(doc.month);
    const end = monthEnd(month);
    const journal = await Journal.open(ctx, doc.organization);
    await refuseSecondClosing(ctx, doc, month);
    const chart = journal.chart;
    const leaves = (code: string, except: string[] = []) => chart.subtree(chart.code(code).id).filter((a) => !a.isGroup && !a.deleted && !except.includes(a.code));
    const [expenses, sales, other] = [leaves('44'), leaves('90', ['90.09']), leaves('91', ['91.09'])];
    const [sales09, other09, profit, salesExpenses] = ['90.09', '91.09', '99', '90.07.1'].map((c) => journal.postable(chart.code(c)));
    const ids = [...expenses, ...sales, ...other, sales09, other09, profit].map((a) => a.id);
    const sums = (await cumulative(ctx, [end], ['account', 'subconto1', 'subconto2', 'subconto3'], { organization: doc.organization, accounts: ids })).get(end)!;

    // Balances at the month's end by account and subconto, moved by each entry this closing makes.
    const balances = new Map<string, { account: Account; subconto: string[]; net: Decimal }>();
    const keyOf = (account: Account, subconto: string[]) => [account.id, ...subconto].join('|');
    for (const [key, s] of sums) {
      const [accountId, ...subconto] = key.split('|');
      balances.set(key, { account: chart.find(accountId)!, subconto, net: s.debit.minus(s.credit) });
    }
    const sideOf = (account: Account, subconto: string[] = [NO_SUBCONTO, NO_SUBCONTO, NO_SUBCONTO]): EntrySide => ({ account, subconto: subconto.map((v) => (v === NO_SUBCONTO ? null : v)) });
    const move = (side: EntrySide, amount: Decimal) => {
      const subconto = [0, 1, 2].map((i) => side.subconto?.[i] ?? NO_SUBCONTO);
      const key = keyOf(side.account, subconto);
      const b = balances.get(key) ?? { account: side.account, subconto, net: new Decimal(0) };
      b.net = b.net.plus(amount);
      balances.set(key, b);
    };
    const steps: Step[] = [];
    const book = (no: number, title: string, debit: EntrySide, credit: EntrySide, amount: Decimal) => {
      if (amount.isZero()) return;
      journal.add({ debit, credit, amount: amount.toNumber(), content: title, period: end });
      move(debit, amount);
      move(credit, amount.negated());
      // One line per step and pair of accounts, whatever the subconto (two cost items of 44.01 make one line).
      const entry = `Дт ${debit.account.code} Кт ${credit.account.code}`;
      const same = steps.find((s) => s.no === no && s.title === title && s.entry === entry);
      if (same) same.amount += amount.toNumber();
      else steps.push({ no, title, entry, amount: amount.toNumber() });
    };
    const balancesOf = (accounts: Account[]) => [...balances.values()].filter((b) => accounts.some((a) => a.id === b.account.id) && !b.net.isZero()).sort((a, b) => a.account.code.localeCompare(b.account.code, 'ru', { numeric: true }) || a.subconto.join('|').localeCompare(b.subconto.join('|')));
    /** Closes each balance of `accounts` to `to`: a debit balance by Дт `to` Кт account, a credit one the other way. */
    const closeTo = (no: number, title: (a: Account) => string, accounts: Account[], to: Account) => {
      for (const b of balancesOf(accounts))
        if (b.net.isPositive()) book(no, title(b.account), sideOf(to), sideOf(b.account, b.subconto), b.net);
        else book(no, title(b.account), sideOf(b.account, b.subconto), sideOf(to), b.net.negated());
    };
    const nothing = (no: number, title: string) => {
      if (!steps.some((s) => s.no === no)) steps.push({ no, title, amount: 0 });
    };

    for (const b of balancesOf(expenses)) book(1, 'Списание издержек обращения (расходов на продажу)', sideOf(salesExpenses), sideOf(b.account, b.subconto), b.net);
    nothing(1, 'Списание издержек обращения (расходов на продажу): остатка на счёте 44 нет');
    closeTo(2, (a) => `Закрытие субсчёта ${a.code} «${a.name}»`, sales, sales09);
    nothing(2, 'Закрытие субсчетов счёта 90: оборотов нет');
    closeTo(3, (a) => `Закрытие субсчёта ${a.code} «${a.name}»`, other, other09);
    nothing(3, 'Закрытие субсчетов счёта 91: оборотов нет');
    const salesResult = balancesOf([sales09]).reduce((s, b) => s.plus(b.net), new Decimal(0)).negated();
    closeTo(4, () => (salesResult.isPositive() ? 'Прибыль от продаж' : 'Убыток от продаж'), [sales09], profit);
    nothing(4, 'Финансовый результат от продаж: равен нулю');
    const otherResult = balancesOf([other09]).reduce((s, b) => s.plus(b.net), new Decimal(0)).negated();
    closeTo(5, () => (otherResult.isPositive() ? 'Прибыль по прочим доходам и расходам' : 'Убыток по прочим доходам и расходам'), [other09], profit);
    nothing(5, 'Сальдо прочих доходов и расходов: равно нулю');
    if (isYearEnd(month)) {
      // 6. December: реформация баланса, 99 → 84 (year-end.ts).
      reformBalance(journal, month.slice(0, 4), balancesOf([profit]).reduce((s, b) => s.plus(b.net), new Decimal(0)), book);
      nothing(REFORMATION_STEP, 'Реформация баланса: на счёте 99 нет остатка');
    }

    const result = salesResult.plus(otherResult).toNumber();
    const text = [
      `Закрытие месяца: ${monthTitle(month)}, проводки от ${ruDate(end)}`,
      ...steps.sort((a, b) => a.no - b.no).map((s) => `${s.no}. ${s.title}${s.entry ? ` (${s.entry}): ${formatRubles(s.amount)}` : ''}`),
      `Финансовый результат месяца: ${result >= 0 ? 'прибыль' : 'убыток'} ${formatRubles(Math.abs(result))}`,
    ].join('\n');
    await ctx.knex(ctx.table('d_accounting_month_closing')).where({ id: doc.id }).update({ steps: text, result });
    return journal.movements();
  },
  defaultAccess: accountantDocuments,
});

/** One closing per organization and month: another posted one is refused (concurrent postings wait on a lock). */
export async function refuseSecondClosing(ctx: PostingContext, doc: Record<string, any>, month: string) {
  await ctx.knex.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`${ctx.schema}:accounting:month-closing|${doc.organization}|${month}`]);
  const other = await ctx.knex(ctx.table('d_accounting_month_closing')).where({ organization: doc.organization, month, status: 'posted' }).whereNot({ id: doc.id }).first('number', 'date');
  if (other)
    throw Problem.unprocessable(
      `Месяц ${monthTitle(month)} по этой организации уже закрыт документом «Закрытие месяца» ${other.number} от ${ruDate(other.date)}. Чтобы закрыть месяц заново, перепроведите этот документ — он заменит свои проводки.`,
      { existing: other.number },
    );
}

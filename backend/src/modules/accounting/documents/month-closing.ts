import { formatRubles, monthEnd, monthStart } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { ruDate } from '../../../platform/engine/dates';
import { defineDocument, type PostingContext } from '../../../platform/engine/declarations';
import { Problem } from '../../../platform/http/problem';
import { cumulative } from '../balances';
import { costItem } from '../chart';
import { accountantDocuments, comment, organization } from '../fields';
import { monthlyDepreciation } from '../fixed-assets';
import { Journal, policyOf, type Account, type EntrySide } from '../journal';
import { NO_SUBCONTO } from '../subconto';
import { deductRegisteredVat } from '../vat/closing';
import { isYearEnd, reformBalance, REFORMATION_STEP } from '../year-end';

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
/** «март 2026» for any day of the month. */
export const monthTitle = (iso: string) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/**
 * The accounts the steps close into, the last step's first (реформация 99 → 84, then 90.09 / 91.09 → 99, the
 * sub-accounts → 90.09 / 91.09, 44 → 90.07.1, 26 → 90.08.1, 20 → 90.02.1, 26 → 20.01, VAT 19 → 68.02, depreciation
 * → the cost accounts): of an entry of the closing, the first of these it has is where the step closed to, its
 * other side the account closed — 44.01, 90.01.1, 90.09, 99, 26, 20.01, 19.03 or 02.
 */
export const CLOSED_INTO = ['84.01', '84.02', '99', '90.09', '91.09', '90.07.1', '90.08.1', '90.02.1', '20.01', '68.02', '26', '44.01'];

interface Step {
  no: number;
  title: string;
  /** «Дт 90.07.1 Кт 44.01»; absent when there was nothing to do. */
  entry?: string;
  amount: number;
}

/**
 * Закрытие месяца: the month's routine closing entries of one organization, dated its last day, in order —
 * 1) амортизация of the fixed assets (catalog «Основные средства», fixed-assets.ts), Дт 20.01 / 26 / 44.01 Кт 02;
 * 2) 26 closed by the accounting policy — директ-костинг (the default) Дт 90.08.1 Кт 26, otherwise Дт 20.01 Кт 26 —
 * and 20 into the cost of sales, Дт 90.02.1 Кт 20.01; 3) VAT on 19 of receipts whose invoice is registered
 * deducted, Дт 68.02 Кт 19.xx (vat/closing.ts); 4) издержки обращения (44) written off to 90.07.1; 5) the
 * sub-accounts of 90 closed to 90.09; 6) those of 91 to 91.09; 7) the result of sales 90.09 → 99; 8) the other
 * income and expenses 91.09 → 99 — each from the balances at the month's end including the steps before it;
 * December adds 9) реформация баланса, 99 → 84 (year-end.ts). Before any of it the checks before closing run (closing-checks.ts, which wraps this posting
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
    const [expenses, sales, other, production, overheads] = [leaves('44'), leaves('90', ['90.09']), leaves('91', ['91.09']), leaves('20'), leaves('26')];
    const [sales09, other09, profit, salesExpenses] = ['90.09', '91.09', '99', '90.07.1'].map((c) => journal.postable(chart.code(c)));
    const ids = [...expenses, ...sales, ...other, ...production, ...overheads, sales09, other09, profit].map((a) => a.id);
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

    // 1. Амортизация: each asset of the organization in use this month, to its cost account and item.
    const assets = await ctx.knex(ctx.table('c_accounting_fixed_assets')).where({ organization: doc.organization, deletion_mark: false }).where('accepted', '<', month).orderBy('inventory_number').orderBy('name');
    for (const a of assets) {
      const amount = monthlyDepreciation(a, month);
      if (amount) book(1, 'Амортизация основных средств', journal.side(a.expense_account ?? '44.01', { cost_item: a.cost_item ?? costItem('00006') }), journal.side('02'), new Decimal(amount));
    }
    nothing(1, 'Амортизация основных средств: основных средств в эксплуатации нет');
    // 2. 26 by the accounting policy, then 20 into the cost of sales (a service company has no work in progress).
    const direct = (await policyOf(ctx, doc.organization)).overheads !== 'production';
    for (const b of balancesOf(overheads))
      if (direct) book(2, 'Списание общехозяйственных расходов (директ-костинг)', journal.side('90.08.1'), sideOf(b.account, b.subconto), b.net);
      // 20.01 keeps the cost item of 26 (both have it as their only subconto).
      else book(2, 'Распределение общехозяйственных расходов на основное производство', sideOf(journal.postable(chart.code('20.01')), b.subconto), sideOf(b.account, b.subconto), b.net);
    for (const b of balancesOf(production)) book(2, 'Закрытие счёта 20 «Основное производство»: себестоимость продаж', journal.side('90.02.1'), sideOf(b.account, b.subconto), b.net);
    nothing(2, 'Закрытие счетов 20 и 26: остатка нет');
    // 3. VAT on 19 with a registered invoice, deducted.
    const vat = await deductRegisteredVat(ctx, journal, doc, end, book);
    if (vat.left.gt(0)) steps.push({ no: 3, title: `НДС ${formatRubles(vat.left.toNumber())} остаётся на счёте 19 — зарегистрируйте счета-фактуры поставщиков: ${vat.leftOn.join('; ')}`, amount: 0 });
    nothing(3, vat.deducts ? 'НДС к вычету: на счёте 19 нет НДС по зарегистрированным счетам-фактурам' : 'НДС к вычету: организация не применяет общую систему налогообложения');
    for (const b of balancesOf(expenses)) book(4, 'Списание издержек обращения (расходов на продажу)', sideOf(salesExpenses), sideOf(b.account, b.subconto), b.net);
    nothing(4, 'Списание издержек обращения (расходов на продажу): остатка на счёте 44 нет');
    closeTo(5, (a) => `Закрытие субсчёта ${a.code} «${a.name}»`, sales, sales09);
    nothing(5, 'Закрытие субсчетов счёта 90: оборотов нет');
    closeTo(6, (a) => `Закрытие субсчёта ${a.code} «${a.name}»`, other, other09);
    nothing(6, 'Закрытие субсчетов счёта 91: оборотов нет');
    const salesResult = balancesOf([sales09]).reduce((s, b) => s.plus(b.net), new Decimal(0)).negated();
    closeTo(7, () => (salesResult.isPositive() ? 'Прибыль от продаж' : 'Убыток от продаж'), [sales09], profit);
    nothing(7, 'Финансовый результат от продаж: равен нулю');
    const otherResult = balancesOf([other09]).reduce((s, b) => s.plus(b.net), new Decimal(0)).negated();
    closeTo(8, () => (otherResult.isPositive() ? 'Прибыль по прочим доходам и расходам' : 'Убыток по прочим доходам и расходам'), [other09], profit);
    nothing(8, 'Сальдо прочих доходов и расходов: равно нулю');
    if (isYearEnd(month)) {
      // 9. December: реформация баланса, 99 → 84 (year-end.ts).
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
    return [...journal.movements(), ...vat.records];
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

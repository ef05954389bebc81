import { addDays, formatQuantity, formatRubles, monthEnd, monthStart } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import { ruDate } from '../../platform/engine/dates';
import { defineReport, type DocumentDeclaration } from '../../platform/engine/declarations';
import { tableOf } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { costDocuments } from '../trade/cost-sequence';
import { tradeModule } from '../trade/module';
import { cost } from '../trade/registers';
import { cumulative, net, zeroSums } from './balances';
import { monthTitle, refuseSecondClosing } from './documents/month-closing';
import { openingBalances } from './documents/opening-balances';
import { operation } from './documents/operation';
import { Chart, type TenantTables } from './journal';
import { nameOf, subcontoNames } from './names';
import { accountIds, tenantTables } from './reports-forms-common';
import { tradeHooks } from './trade-postings';
import { vatDeclarations } from './vat';

/**
 * Проверки перед закрытием месяца, as 1C:Бухгалтерия's «Экспресс-проверка ведения учёта» and the checks of
 * «Закрытие месяца»: each problem is a Russian message naming the document (its kind, number and date) and
 * what to do, with the document's id and address so the UI can open it. Run as the first step of posting
 * «Закрытие месяца» (refused with the list when anything is found) and as the report «Проверки перед
 * закрытием месяца».
 */

export const CHECKS = {
  drafts: 'Непроведённые документы',
  negative_stock: 'Отрицательные остатки товаров (счёт 41)',
  cost_sequence: 'Последовательность расчёта себестоимости',
  trial_balance: 'Оборотно-сальдовая ведомость: Дт = Кт',
  closed_accounts: 'Закрытие счетов 20, 26, 44, 90, 91',
} as const;
export type CheckCode = keyof typeof CHECKS;

/** A document a message names: the UI opens it at `link`. */
export interface DocumentRef {
  id: string;
  /** Its subject, e.g. `trade.sale`. */
  type: string;
  /** «Реализация товаров и услуг РТУ-000001 от 10.03.2026» */
  label: string;
  link: string;
}

export interface ClosingIssue {
  check: CheckCode;
  message: string;
  document?: DocumentRef;
}

const ref = (type: string, id: string, label: string): DocumentRef => {
  const [module, code] = type.split('.');
  return { id, type, label, link: `/m/${module}/documents/${code}/${id}` };
};

/** Where a step of the closing leads: its label («Карточка счёта 44.01 за март 2026») and the UI's address. */
export interface ClosingLink {
  label: string;
  link: string;
}

/** One of the module's reports with its parameters, as the UI opens it (the report pages read them from the address). */
export const reportLink = (label: string, code: string, params: Record<string, string>): ClosingLink => ({ label, link: `/m/accounting/reports/${code}?${new URLSearchParams(params)}` });

/**
 * What a check's row leads to when it names no document: the report, for the organization and month, in
 * which the accountant sees what the check looked at (the ОСВ, the stock on 41, the cost of sales on 90.02).
 */
function checkReport(code: CheckCode, chart: Chart, organization: string, month: string): ClosingLink {
  const period = { from: monthStart(month), to: monthEnd(month), organization };
  const title = monthTitle(month);
  const accountReport = (report: 'account_turnover_sheet' | 'account_card', number: string) =>
    reportLink(`${report === 'account_card' ? 'Карточка счёта' : 'ОСВ по счёту'} ${number} за ${title}`, report, { account: chart.code(number).id, ...period });
  switch (code) {
    case 'drafts':
      return reportLink(`Журнал проводок за ${title}`, 'entries_journal', period);
    case 'negative_stock':
      return accountReport('account_turnover_sheet', '41');
    case 'cost_sequence':
      return accountReport('account_card', '90.02');
    case 'trial_balance':
    case 'closed_accounts':
      return reportLink(`Оборотно-сальдовая ведомость за ${title}`, 'turnover_balance_sheet', period);
  }
}

interface DocumentKind {
  type: string;
  title: string;
  table: string;
}

let kinds: DocumentKind[] | undefined;
/**
 * Documents that write entries: the module's own that post (operations, opening balances, счета-фактуры; not
 * «Закрытие месяца») and every trade document it posts (`tradeHooks`).
 */
function entryDocuments(): DocumentKind[] {
  kinds ??= [
    ...[operation, openingBalances, ...vatDeclarations].filter((d): d is DocumentDeclaration => d.kind === 'document' && !!d.post).map((d) => ({ ...d, module: 'accounting' })),
    ...tradeModule.declarations.filter((d) => d.kind === 'document' && `trade.${d.code}` in tradeHooks),
  ].map((d) => ({ type: `${d.module}.${d.code}`, title: d.title, table: tableOf.document(d) }));
  return kinds;
}

/** Documents of the organization, of the given kinds, matching `where`; one statement. */
async function documentsOf(ctx: TenantTables, list: DocumentKind[], organization: string, where: (q: Knex.QueryBuilder) => void, order = 'date, number') {
  const k = ctx.knex;
  const parts = list.map((d, i) => {
    const q = k(ctx.table(d.table)).where({ organization }).select('id', 'number', k.raw(`to_char(date, 'YYYY-MM-DD') AS date`), 'updated_at', k.raw('? AS kind', [i]));
    where(q);
    return q.toQuery();
  });
  const { rows } = await k.raw(`${parts.join(' UNION ALL ')} ORDER BY ${order}`);
  return (rows as { id: string; number: string; date: string; kind: number }[]).map((r) => ({ ...r, id: String(r.id), ref: ref(list[r.kind].type, String(r.id), `«${list[r.kind].title}» ${r.number} от ${ruDate(r.date)}`) }));
}

/** Unposted documents that write entries, dated in the month. */
async function drafts(ctx: TenantTables, organization: string, from: string, to: string): Promise<ClosingIssue[]> {
  const found = await documentsOf(ctx, entryDocuments(), organization, (q) => q.where({ status: 'draft' }).whereBetween('date', [from, to]));
  return found.map((d) => ({
    check: 'drafts',
    message: `Документ ${d.ref.label} не проведён — проведите его или удалите: непроведённый документ не попадает в учёт месяца.`,
    document: d.ref,
  }));
}

/**
 * Goods on 41 whose quantity went below zero in the month (by account, product and warehouse), from the
 * opening balance and the day totals; the document is the first of that day after which the quantity is negative.
 */
async function negativeStock(ctx: TenantTables, chart: Chart, organization: string, from: string, to: string): Promise<ClosingIssue[]> {
  const accounts = [...accountIds(chart, ['41'])];
  if (!accounts.length) return [];
  const k = ctx.knex;
  const before = addDays(from, -1);
  const opening = (await cumulative(ctx, [before], ['account', 'subconto1', 'subconto2'], { organization, accounts })).get(before)!;
  const days: { day: string; account: string; subconto1: string; subconto2: string; q: string }[] = await k(ctx.table('r_accounting_entries__daily'))
    .where({ organization })
    .whereIn('account', accounts)
    .whereBetween('day', [from, to])
    .groupBy('day', 'account', 'subconto1', 'subconto2')
    .orderBy('day')
    .select(k.raw(`to_char(day, 'YYYY-MM-DD') AS day`), 'account', 'subconto1', 'subconto2', k.raw('sum(quantity_debit - quantity_credit)::text AS q'));
  const running = new Map<string, Decimal>([...opening].map(([key, s]) => [key, net(s).quantity]));
  const negative = new Map<string, { day: string; before: Decimal }>();
  for (const [key, q] of running) if (q.isNegative()) negative.set(key, { day: before, before: q });
  for (const r of days) {
    const key = `${r.account}|${r.subconto1}|${r.subconto2}`;
    const was = running.get(key) ?? new Decimal(0);
    running.set(key, was.plus(r.q));
    if (running.get(key)!.isNegative() && !negative.has(key)) negative.set(key, { day: r.day, before: was });
  }
  if (!negative.size) return [];
  const keys = [...negative.keys()].map((key) => key.split('|'));
  const names = await subcontoNames(ctx, keys.flatMap(([, product, warehouse]) => [{ kind: 'product' as const, value: product }, { kind: 'warehouse' as const, value: warehouse }]));
  const issues: ClosingIssue[] = [];
  for (const [key, { day, before: start }] of negative) {
    const [account, product, warehouse] = key.split('|');
    const what = `Отрицательный остаток товара «${nameOf(names, 'product', product)}» на складе «${nameOf(names, 'warehouse', warehouse)}» (счёт ${chart.find(account)?.code})`;
    const end = `на конец месяца ${formatQuantity(running.get(key)!.toFixed())}`;
    if (day === before) {
      issues.push({ check: 'negative_stock', message: `${what}: ${formatQuantity(start.toFixed())} уже на начало месяца (${end}) — исправьте документы прошлого месяца.` });
      continue;
    }
    // That day's documents in the order they were posted: the first after which the quantity is below zero.
    const movements: { recorder_id: string; recorder_type: string; q: string }[] = await k(ctx.table('r_accounting_entries'))
      .where({ organization, account, subconto1: product, subconto2: warehouse, period: day })
      .groupBy('recorder_id', 'recorder_type')
      .orderByRaw('min(id)')
      .select('recorder_id', 'recorder_type', k.raw('sum(quantity_debit - quantity_credit)::text AS q'));
    let q = start;
    const culprit = movements.find((m) => (q = q.plus(m.q)).isNegative()) ?? movements.at(-1);
    const kind = entryDocuments().find((d) => d.type === culprit?.recorder_type);
    const [doc] = culprit && kind ? await documentsOf(ctx, [kind], organization, (w) => w.where({ id: culprit.recorder_id })) : [];
    issues.push({
      check: 'negative_stock',
      message: `${what}: ${formatQuantity(q.toFixed())} на ${ruDate(day)}${doc ? ` после документа ${doc.ref.label}` : ''} — списано больше, чем было (${end}). Оформите поступление раньше этого документа или исправьте количество и перепроведите его.`,
      ...(doc ? { document: doc.ref } : {}),
    });
  }
  return issues;
}

/** Trade's cost sequence broken on or before the month's end (`r_trade_cost__sequence`); names the cost document of that date changed last. */
async function costSequence(ctx: TenantTables, organization: string, to: string): Promise<ClosingIssue[]> {
  const k = ctx.knex;
  const broken = await k(ctx.table(tableOf.sequence(cost)))
    .where({ organization })
    .where('broken_from', '<=', to)
    .first(k.raw(`to_char(broken_from, 'YYYY-MM-DD') AS broken_from`));
  if (!broken) return [];
  const from: string = broken.broken_from;
  const list = costDocuments.map(({ decl }) => ({ type: `${decl.module}.${decl.code}`, title: decl.title, table: tableOf.document(decl) }));
  const [last] = await documentsOf(ctx, list, organization, (q) => q.where({ date: from }).whereNot({ status: 'draft' }), 'updated_at DESC');
  return [
    {
      check: 'cost_sequence',
      message:
        `Последовательность расчёта себестоимости нарушена с ${ruDate(from)}` +
        (last ? `: документ ${last.ref.label} проведён или отменён после документов более поздних дат` : '') +
        ' — себестоимость проданных товаров с этой даты может быть неверной. Восстановите последовательность (карточка «Себестоимость» на главной странице, «Восстановить»), затем закройте месяц.',
      ...(last ? { document: last.ref } : {}),
    },
  ];
}

/**
 * The ОСВ agrees with itself: Σ Дт = Σ Кт of the month's turnovers and of the balances at its end, the
 * journal (`entries`) and the sums by account (`by_account`) hold the same turnovers, and 000
 * «Вспомогательный» is empty (the opening balances entered agree).
 */
async function trialBalance(ctx: TenantTables, chart: Chart, organization: string, from: string, to: string): Promise<ClosingIssue[]> {
  const before = addDays(from, -1);
  const issues: ClosingIssue[] = [];
  const title = monthTitle(from);
  const [sums, journal] = [await cumulative(ctx, [before, to], [], { organization }), await cumulative(ctx, [before, to], [], { organization, from: 'entries' })];
  const at = (m: typeof sums, date: string) => m.get(date)!.get('') ?? zeroSums();
  const turnover = (m: typeof sums) => ({ debit: at(m, to).debit.minus(at(m, before).debit), credit: at(m, to).credit.minus(at(m, before).credit) });
  const rub = (d: Decimal) => formatRubles(d.toFixed());
  const [month, ledger] = [turnover(sums), turnover(journal)];
  const advice = 'перепроведите документы месяца; если расхождение останется — обратитесь в поддержку WorkCloud.';
  if (!month.debit.equals(month.credit))
    issues.push({ check: 'trial_balance', message: `Оборотно-сальдовая ведомость за ${title} не сходится: обороты Дт ${rub(month.debit)} ≠ Кт ${rub(month.credit)} — ${advice}` });
  if (!at(sums, to).debit.equals(at(sums, to).credit))
    issues.push({ check: 'trial_balance', message: `Остатки на ${ruDate(to)} не сходятся: всего Дт ${rub(at(sums, to).debit)} ≠ Кт ${rub(at(sums, to).credit)} — ${advice}` });
  if (!month.debit.equals(ledger.debit) || !month.credit.equals(ledger.credit))
    issues.push({
      check: 'trial_balance',
      message: `Журнал проводок за ${title} (Дт ${rub(ledger.debit)}, Кт ${rub(ledger.credit)}) расходится с оборотами по счетам (Дт ${rub(month.debit)}, Кт ${rub(month.credit)}) — ${advice}`,
    });
  const auxiliary = [...accountIds(chart, ['000'])];
  const left = [...(await cumulative(ctx, [to], ['account'], { organization, accounts: auxiliary })).get(to)!.values()].reduce((s, x) => s.plus(net(x).amount), new Decimal(0));
  if (!left.isZero()) {
    const side = `${left.isPositive() ? 'Дт' : 'Кт'} ${rub(left.abs())}`;
    const k = ctx.knex;
    // The opening balances whose own Дт and Кт differ left it there.
    const uneven: { id: string; number: string; date: string; debit: string; credit: string }[] = await k(ctx.table(tableOf.document({ module: 'accounting', code: openingBalances.code })))
      .where({ organization, status: 'posted' })
      .where('date', '<=', to)
      .whereRaw('coalesce(debit, 0) <> coalesce(credit, 0)')
      .orderBy(['date', 'number'])
      .select('id', 'number', k.raw(`to_char(date, 'YYYY-MM-DD') AS date`), 'debit', 'credit');
    const what = `На счёте 000 «Вспомогательный» на ${ruDate(to)} остаток ${side}: введённые остатки не сходятся`;
    if (!uneven.length) issues.push({ check: 'trial_balance', message: `${what} — найдите проводки со счётом 000 в карточке счёта и исправьте их.` });
    for (const d of uneven) {
      const label = `«${openingBalances.title}» ${d.number} от ${ruDate(d.date)}`;
      issues.push({
        check: 'trial_balance',
        message: `${what} — в документе ${label} остатки по дебету ${rub(new Decimal(d.debit ?? 0))}, по кредиту ${rub(new Decimal(d.credit ?? 0))}. Введите недостающие остатки, чтобы Дт = Кт.`,
        document: ref(`accounting.${openingBalances.code}`, String(d.id), label),
      });
    }
  }
  return issues;
}

/**
 * A closed month must leave 20, 26, 44, 90 and 91 empty at its end. Something posted, re-posted or cancelled in the
 * month after its «Закрытие месяца» leaves a balance there: named with the documents changed since. Closing a
 * month checks the month before (its result would otherwise slip into this one); the report also checks the
 * month itself once it is closed.
 */
async function closedAccounts(ctx: TenantTables, chart: Chart, organization: string, month: string, mode: 'closing' | 'report'): Promise<ClosingIssue[]> {
  const k = ctx.knex;
  const accounts = [...accountIds(chart, ['20', '26', '44', '90', '91'])];
  const issues: ClosingIssue[] = [];
  for (const m of mode === 'report' ? [monthStart(addDays(month, -1)), month] : [monthStart(addDays(month, -1))]) {
    const closing = await k(ctx.table('d_accounting_month_closing')).where({ organization, month: m, status: 'posted' }).first('id', 'number', k.raw(`to_char(date, 'YYYY-MM-DD') AS date`), 'posted_at');
    if (!closing) continue;
    const end = monthEnd(m);
    const left = [...(await cumulative(ctx, [end], ['account'], { organization, accounts })).get(end)!]
      .map(([id, s]) => ({ account: chart.find(id)!, balance: net(s).amount }))
      .filter((b) => !b.balance.isZero())
      .sort((a, b) => a.account.code.localeCompare(b.account.code, 'ru', { numeric: true }));
    if (!left.length) continue;
    const balances = left.map((b) => `${b.account.code} ${b.balance.isPositive() ? 'Дт' : 'Кт'} ${formatRubles(b.balance.abs().toFixed())}`).join(', ');
    const closingRef = ref('accounting.month_closing', String(closing.id), `«Закрытие месяца» ${closing.number} от ${ruDate(closing.date)}`);
    const redo = `Перепроведите «Закрытие месяца» за ${monthTitle(m)}.`;
    const changed = await documentsOf(ctx, entryDocuments(), organization, (q) => q.whereNot({ status: 'draft' }).whereBetween('date', [m, end]).where('updated_at', '>', closing.posted_at));
    if (!changed.length)
      issues.push({ check: 'closed_accounts', message: `После закрытия месяца ${monthTitle(m)} (${closingRef.label}) на ${ruDate(end)} остались незакрытые остатки: ${balances}. ${redo}`, document: closingRef });
    for (const d of changed)
      issues.push({
        check: 'closed_accounts',
        message: `Документ ${d.ref.label} изменён после закрытия месяца ${monthTitle(m)} (${closingRef.label}): на ${ruDate(end)} остались незакрытые остатки — ${balances}. ${redo}`,
        document: d.ref,
      });
  }
  return issues;
}

/** Every check of a month of one organization, in the order of `CHECKS`. */
export async function closingIssues(ctx: TenantTables, chart: Chart, organization: string, month: string, mode: 'closing' | 'report'): Promise<ClosingIssue[]> {
  const [from, to] = [monthStart(month), monthEnd(month)];
  return [
    ...(await drafts(ctx, organization, from, to)),
    ...(await negativeStock(ctx, chart, organization, from, to)),
    ...(await costSequence(ctx, organization, to)),
    ...(await trialBalance(ctx, chart, organization, from, to)),
    ...(await closedAccounts(ctx, chart, organization, from, mode)),
  ];
}

/** Refuses closing the month with every problem listed (and as `issues`, each with its document). */
export async function assertReadyToClose(ctx: TenantTables, chart: Chart, organization: string, month: string): Promise<void> {
  const issues = await closingIssues(ctx, chart, organization, month, 'closing');
  if (!issues.length) return;
  throw Problem.unprocessable(
    `Месяц ${monthTitle(month)} закрыть нельзя — проверки перед закрытием нашли ошибки (${issues.length}):\n${issues.map((i, n) => `${n + 1}. ${i.message}`).join('\n')}\nИсправьте их и закройте месяц снова.`,
    { issues },
  );
}

/**
 * «Закрытие месяца» with the checks as its first step (module.ts declares it so): a second closing of the
 * month is refused first, as the document itself does, then any problem the checks find refuses the closing;
 * only then the closing's own steps run.
 */
export function checkedBeforeClosing(closing: DocumentDeclaration): DocumentDeclaration {
  const post = closing.post!;
  return {
    ...closing,
    post: async (doc, ctx) => {
      const month = monthStart(doc.month);
      await refuseSecondClosing(ctx, doc, month);
      await assertReadyToClose(ctx, await Chart.load(ctx.knex, ctx.table), doc.organization, month);
      return post(doc, ctx);
    },
  };
}

/**
 * The checks as a report: one row per problem, or «Выполнено» for a check that found nothing; `link` leads to
 * the document to fix, or to the report of the month the check read.
 */
export const closingChecks = defineReport({
  code: 'closing_checks',
  group: 'closing',
  title: 'Проверки перед закрытием месяца',
  titleEn: 'Month-end closing checks',
  params: {
    month: { type: 'date', title: 'Месяц', required: true },
    organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true },
  },
  columns: [
    { field: 'check', title: 'Проверка' },
    { field: 'result', title: 'Результат' },
    { field: 'message', title: 'Что найдено и что сделать' },
    { field: 'document', title: 'Документ' },
  ],
  query: async (q, p) => {
    const chart = await Chart.load(q.knex, q.table);
    const issues = await closingIssues(tenantTables(q), chart, p.organization, p.month, 'report');
    return (Object.keys(CHECKS) as CheckCode[]).flatMap((code) => {
      const found = issues.filter((i) => i.check === code);
      const report = checkReport(code, chart, p.organization, p.month);
      if (!found.length) return [{ code, check: CHECKS[code], result: 'Выполнено', ok: true, message: 'Ошибок нет', document: '', link: report }];
      return found.map((i) => ({
        code,
        check: CHECKS[code],
        result: 'Ошибка',
        ok: false,
        message: i.message,
        document: i.document?.label ?? '',
        document_ref: i.document ?? null,
        link: i.document ? { label: i.document.label, link: i.document.link } : report,
      }));
    });
  },
  defaultAccess: { accountant: ['read'] },
});

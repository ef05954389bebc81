import { addDays, formatRubles } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import { defineReport, type ReportDeclaration, type ReportQueryContext } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';
import { cumulative, net, zeroSums, type Sums } from './balances';
import { ACCOUNT_KINDS } from './chart';
import { Chart, type Account, type TenantTables } from './journal';
import { entryNames, nameOf, subcontoNames } from './names';
import { SUBCONTO_KINDS } from './subconto';

const date = (title: string) => ({ type: 'date', title, required: true }) as const;
const organization = { type: 'ref', ref: 'trade.organizations', title: 'Организация' } as const;
const account = { type: 'ref', ref: 'accounts', title: 'Счёт', required: true } as const;
const access: ReportDeclaration['defaultAccess'] = { accountant: ['read'] };
const money = (field: string, title: string) => ({ field, title, type: 'money' as const });
const SHEET_COLUMNS = [
  money('opening_debit', 'Сальдо на начало Дт'),
  money('opening_credit', 'Сальдо на начало Кт'),
  money('debit', 'Обороты Дт'),
  money('credit', 'Обороты Кт'),
  money('closing_debit', 'Сальдо на конец Дт'),
  money('closing_credit', 'Сальдо на конец Кт'),
];

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'ru', { numeric: true });
const tables = (q: ReportQueryContext): TenantTables => ({ knex: q.knex, table: q.table });

function period(p: Record<string, any>) {
  if (p.from > p.to) throw Problem.badRequest('Начало периода позже его конца — поменяйте даты местами.');
  return { opening: addDays(p.from, -1), closing: p.to as string };
}

/** One row of a turnover sheet in exact decimals: balances at the start and end by side, turnovers. */
interface SheetRow {
  openingDebit: Decimal;
  openingCredit: Decimal;
  debit: Decimal;
  credit: Decimal;
  closingDebit: Decimal;
  closingCredit: Decimal;
  quantity: { opening: Decimal; debit: Decimal; credit: Decimal; closing: Decimal };
}
const emptyRow = (): SheetRow => ({
  openingDebit: new Decimal(0),
  openingCredit: new Decimal(0),
  debit: new Decimal(0),
  credit: new Decimal(0),
  closingDebit: new Decimal(0),
  closingCredit: new Decimal(0),
  quantity: { opening: new Decimal(0), debit: new Decimal(0), credit: new Decimal(0), closing: new Decimal(0) },
});

/**
 * Where a balance is shown: an active account's always in Дт (a credit balance as a negative debit, «красное
 * сальдо»), a passive one's in Кт, an active-passive one's on the side of its sign.
 */
function place(row: SheetRow, kind: Account['kind'], balance: Decimal, at: 'opening' | 'closing') {
  const [dt, kt] = at === 'opening' ? (['openingDebit', 'openingCredit'] as const) : (['closingDebit', 'closingCredit'] as const);
  if (kind === 'active' || (kind === 'active_passive' && balance.gte(0))) row[dt] = row[dt].plus(balance);
  else row[kt] = row[kt].minus(balance);
}

/** Adds the turnovers of a key (closing sums less opening sums) to a row. */
function addTurnover(row: SheetRow, open: Sums, close: Sums) {
  row.debit = row.debit.plus(close.debit.minus(open.debit));
  row.credit = row.credit.plus(close.credit.minus(open.credit));
  row.quantity.debit = row.quantity.debit.plus(close.quantityDebit.minus(open.quantityDebit));
  row.quantity.credit = row.quantity.credit.plus(close.quantityCredit.minus(open.quantityCredit));
  row.quantity.opening = row.quantity.opening.plus(net(open).quantity);
  row.quantity.closing = row.quantity.closing.plus(net(close).quantity);
}

function merge(into: SheetRow, row: SheetRow) {
  for (const k of ['openingDebit', 'openingCredit', 'debit', 'credit', 'closingDebit', 'closingCredit'] as const) into[k] = into[k].plus(row[k]);
  for (const k of ['opening', 'debit', 'credit', 'closing'] as const) into.quantity[k] = into.quantity[k].plus(row.quantity[k]);
}

const moneyColumns = (r: SheetRow) => ({
  opening_debit: r.openingDebit.toNumber(),
  opening_credit: r.openingCredit.toNumber(),
  debit: r.debit.toNumber(),
  credit: r.credit.toNumber(),
  closing_debit: r.closingDebit.toNumber(),
  closing_credit: r.closingCredit.toNumber(),
});
const isEmpty = (r: SheetRow) => [r.openingDebit, r.openingCredit, r.debit, r.credit, r.closingDebit, r.closingCredit, r.quantity.debit, r.quantity.credit, r.quantity.closing].every((x) => x.isZero());

/** Opening and closing cumulative sums by account and subconto 1, from the month and day totals. */
async function sheetSums(q: ReportQueryContext, p: Record<string, any>, accounts?: Account[]) {
  const { opening, closing } = period(p);
  const sums = await cumulative(tables(q), [opening, closing], ['account', 'subconto1'], { organization: p.organization, accounts: accounts?.map((a) => a.id) });
  const keys = new Set([...sums.get(opening)!.keys(), ...sums.get(closing)!.keys()]);
  return [...keys].map((key) => {
    const [accountId, subconto1] = key.split('|');
    return { accountId, subconto1, open: sums.get(opening)!.get(key) ?? zeroSums(), close: sums.get(closing)!.get(key) ?? zeroSums() };
  });
}

/**
 * Оборотно-сальдовая ведомость: every account with opening balance, turnovers and closing balance for any
 * period, by account (`detail=accounts`, as 1C shows it) or by sub-account. Active-passive accounts with
 * analytics (60, 62, 76, 71…) are shown expanded: the debit and credit balances of each counterparty (subconto
 * 1) apart, not netted. Totals: Дт = Кт in each pair of columns. Read from the month and day totals only.
 */
export const turnoverBalanceSheet = defineReport({
  code: 'turnover_balance_sheet',
  group: 'reports',
  title: 'Оборотно-сальдовая ведомость',
  titleEn: 'Trial balance',
  params: {
    from: date('Начало периода'),
    to: date('Конец периода'),
    organization,
    detail: { type: 'enum', title: 'Показывать', values: { accounts: 'Счета', subaccounts: 'Субсчета' } },
  },
  columns: [{ field: 'account_code', title: 'Счёт' }, { field: 'account_name', title: 'Наименование счёта' }, ...SHEET_COLUMNS],
  query: async (q, p) => {
    const chart = await Chart.load(q.knex, q.table);
    const perAccount = new Map<string, SheetRow>();
    const byAccount = new Map<string, Awaited<ReturnType<typeof sheetSums>>>();
    for (const s of await sheetSums(q, p)) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s]);
    for (const [accountId, keys] of byAccount) {
      const acc = chart.find(accountId);
      if (!acc) continue;
      const row = emptyRow();
      for (const k of keys) addTurnover(row, k.open, k.close);
      const expanded = acc.kind === 'active_passive' && acc.subconto.length > 0;
      if (expanded)
        for (const k of keys) {
          place(row, acc.kind, net(k.open).amount, 'opening');
          place(row, acc.kind, net(k.close).amount, 'closing');
        }
      else {
        place(row, acc.kind, keys.reduce((s, k) => s.plus(net(k.open).amount), new Decimal(0)), 'opening');
        place(row, acc.kind, keys.reduce((s, k) => s.plus(net(k.close).amount), new Decimal(0)), 'closing');
      }
      const shown = p.detail === 'subaccounts' ? acc : chart.root(acc);
      merge(perAccount.get(shown.id) ?? perAccount.set(shown.id, emptyRow()).get(shown.id)!, row);
    }
    return [...perAccount]
      .filter(([, r]) => !isEmpty(r))
      .map(([id, r]) => ({ account: id, account_code: chart.find(id)!.code, account_name: chart.find(id)!.name, ...moneyColumns(r) }))
      .sort((a, b) => byCode({ code: a.account_code }, { code: b.account_code }));
  },
  defaultAccess: access,
});

/** The account asked for and the accounts under it that take entries. */
function accountsUnder(chart: Chart, id: string): { account: Account; leaves: Account[] } {
  const acc = chart.find(id);
  if (!acc) throw Problem.badRequest('Счёт не найден в плане счетов — выберите его из списка.');
  return { account: acc, leaves: chart.subtree(id) };
}

/**
 * ОСВ по счёту: one account (with its sub-accounts) by its subconto 1 — each counterparty, product or cost
 * item on a row of its own, with quantities where the account keeps them.
 */
export const accountTurnoverSheet = defineReport({
  code: 'account_turnover_sheet',
  group: 'reports',
  title: 'Оборотно-сальдовая ведомость по счёту',
  titleEn: 'Account trial balance',
  params: { account, from: date('Начало периода'), to: date('Конец периода'), organization },
  columns: [
    { field: 'account_code', title: 'Счёт' },
    { field: 'subconto_name', title: 'Субконто 1' },
    ...SHEET_COLUMNS,
    { field: 'opening_quantity', title: 'Количество на начало', type: 'decimal' },
    { field: 'quantity_debit', title: 'Количество приход (Дт)', type: 'decimal' },
    { field: 'quantity_credit', title: 'Количество расход (Кт)', type: 'decimal' },
    { field: 'closing_quantity', title: 'Количество на конец', type: 'decimal' },
  ],
  query: async (q, p) => {
    const chart = await Chart.load(q.knex, q.table);
    const { leaves } = accountsUnder(chart, p.account);
    const keys = await sheetSums(q, p, leaves);
    const names = await subcontoNames(tables(q), keys.map((k) => ({ kind: chart.find(k.accountId)?.subconto[0], value: k.subconto1 })));
    return keys
      .map((k) => {
        const acc = chart.find(k.accountId)!;
        const row = emptyRow();
        addTurnover(row, k.open, k.close);
        place(row, acc.kind, net(k.open).amount, 'opening');
        place(row, acc.kind, net(k.close).amount, 'closing');
        return { acc, row, subconto1: k.subconto1, name: nameOf(names, acc.subconto[0], k.subconto1) };
      })
      .filter((r) => !isEmpty(r.row))
      .sort((a, b) => byCode(a.acc, b.acc) || a.name.localeCompare(b.name, 'ru'))
      .map(({ acc, row, subconto1, name }) => ({
        account_code: acc.code,
        subconto1,
        subconto_name: name,
        ...moneyColumns(row),
        opening_quantity: row.quantity.opening.toFixed(3),
        quantity_debit: row.quantity.debit.toFixed(3),
        quantity_credit: row.quantity.credit.toFixed(3),
        closing_quantity: row.quantity.closing.toFixed(3),
      }));
  },
  defaultAccess: access,
});

/** Current entries (not reversed by a later storno of their revision) of the register, as a query to build on. */
export function currentEntries(q: ReportQueryContext, alias: string): Knex.QueryBuilder {
  const k = q.knex;
  return k(`${q.table('r_accounting_entries')} as ${alias}`)
    .where(`${alias}.storno`, false)
    .whereNotExists(k(`${q.table('r_accounting_entries')} as x`).whereRaw(`x.recorder_id = ${alias}.recorder_id AND x.revision = ${alias}.revision AND x.storno`).select(k.raw('1')));
}

/** «Д 1 234,56» / «К 1 234,56» / «0,00». */
const balanceText = (b: Decimal) => (b.isZero() ? '0,00' : `${b.gt(0) ? 'Д' : 'К'} ${formatRubles(b.abs().toFixed(), { currency: false })}`);

/**
 * Карточка счёта: every entry on the account (and its sub-accounts) in the period, in date order, with the
 * correspondent account and the running balance; the first row is the balance at the start. The debit and
 * credit totals are the period's turnovers.
 */
export const accountCard = defineReport({
  code: 'account_card',
  group: 'reports',
  title: 'Карточка счёта',
  titleEn: 'Account card',
  params: { account, from: date('Начало периода'), to: date('Конец периода'), organization, subconto1: { type: 'string', title: 'Субконто 1 (идентификатор)' } },
  columns: [
    { field: 'date', title: 'Дата', type: 'date' },
    { field: 'document', title: 'Документ' },
    { field: 'content', title: 'Операция' },
    { field: 'account_code', title: 'Счёт' },
    { field: 'analytics', title: 'Аналитика' },
    { field: 'corr_account', title: 'Корр. счёт' },
    { field: 'corr_analytics', title: 'Аналитика корр. счёта' },
    money('debit', 'Дебет'),
    money('credit', 'Кредит'),
    { field: 'balance_text', title: 'Текущее сальдо' },
  ],
  query: async (q, p) => {
    const chart = await Chart.load(q.knex, q.table);
    const { leaves } = accountsUnder(chart, p.account);
    const { opening } = period(p);
    const ids = leaves.map((a) => a.id);
    const start = (await cumulative(tables(q), [opening], ['account'], { organization: p.organization, accounts: ids, ...(p.subconto1 ? { subconto1: [p.subconto1] } : {}) })).get(opening)!;
    let balance = [...start.values()].reduce((s, x) => s.plus(net(x).amount), new Decimal(0));
    const qb = currentEntries(q, 'm').whereIn('m.account', ids.length ? ids : ['00000000-0000-0000-0000-000000000000']).whereBetween('m.period', [p.from, p.to]);
    if (p.organization) qb.where('m.organization', p.organization);
    if (p.subconto1) qb.where('m.subconto1', p.subconto1);
    const rows: Record<string, any>[] = await qb.orderBy(['m.period', 'm.id']).select('m.*');
    const read = await entryNames(tables(q), chart, rows, (r) => [
      { account: r.account, values: [r.subconto1, r.subconto2, r.subconto3] },
      { account: r.corr_account, values: [r.corr_subconto1, r.corr_subconto2, r.corr_subconto3] },
    ]);
    const out: Record<string, unknown>[] = [{ date: p.from, document: '', content: 'Сальдо на начало', balance: balance.toNumber(), balance_text: balanceText(balance) }];
    for (const r of rows) {
      const dt = new Decimal(r.debit);
      const kt = new Decimal(r.credit);
      balance = balance.plus(dt).minus(kt);
      const acc = chart.find(r.account);
      const corr = chart.find(r.corr_account);
      out.push({
        date: r.period,
        document: read.document(r),
        // The document to open from the row (`trade.sale` and its id).
        recorder_type: r.recorder_type,
        recorder_id: r.recorder_id,
        content: r.content ?? '',
        account_code: acc?.code ?? '',
        analytics: read.analytics(r.account, [r.subconto1, r.subconto2, r.subconto3]),
        corr_account: corr?.code ?? '',
        corr_analytics: read.analytics(r.corr_account, [r.corr_subconto1, r.corr_subconto2, r.corr_subconto3]),
        debit: r.side === 'dt' ? dt.toNumber() : null,
        credit: r.side === 'kt' ? kt.toNumber() : null,
        balance: balance.toNumber(),
        balance_text: balanceText(balance),
      });
    }
    return out;
  },
  defaultAccess: access,
});

/**
 * Журнал проводок: the entries of a period as Дт/Кт pairs with their analytics, amount and quantity — of
 * all documents, of those touching one account (and its sub-accounts), or of one document («Отчёт по
 * проводкам» of a document).
 */
export const entriesJournal = defineReport({
  code: 'entries_journal',
  group: 'reports',
  title: 'Журнал проводок',
  titleEn: 'Journal of entries',
  params: {
    from: date('Начало периода'),
    to: date('Конец периода'),
    organization,
    account: { type: 'ref', ref: 'accounts', title: 'Счёт (Дт или Кт)' },
    document: { type: 'string', title: 'Документ (идентификатор)' },
  },
  columns: [
    { field: 'date', title: 'Дата', type: 'date' },
    { field: 'document', title: 'Документ' },
    { field: 'entry_no', title: '№', type: 'integer' },
    { field: 'debit_account', title: 'Дт' },
    { field: 'debit_analytics', title: 'Аналитика Дт' },
    { field: 'credit_account', title: 'Кт' },
    { field: 'credit_analytics', title: 'Аналитика Кт' },
    money('amount', 'Сумма'),
    { field: 'quantity', title: 'Количество', type: 'decimal' },
    { field: 'content', title: 'Содержание' },
  ],
  query: async (q, p) => {
    const k = q.knex;
    period(p);
    const chart = await Chart.load(q.knex, q.table);
    const qb = currentEntries(q, 'd')
      .join(`${q.table('r_accounting_entries')} as c`, (j) =>
        j.on('c.recorder_id', 'd.recorder_id').andOn('c.revision', 'd.revision').andOn('c.entry_no', 'd.entry_no').andOn('c.storno', 'd.storno').andOnVal('c.side', 'kt'),
      )
      .where('d.side', 'dt')
      .whereBetween('d.period', [p.from, p.to]);
    if (p.organization) qb.where('d.organization', p.organization);
    if (p.document) qb.where('d.recorder_id', p.document);
    if (p.account) {
      const ids = accountsUnder(chart, p.account).leaves.map((a) => a.id);
      qb.where((w) => w.whereIn('d.account', ids).orWhereIn('c.account', ids));
    }
    const rows: Record<string, any>[] = await qb
      .orderBy(['d.period', 'd.recorder_id', 'd.entry_no'])
      .select(
        'd.period',
        'd.recorder_type',
        'd.recorder_id',
        'd.entry_no',
        'd.account as dt',
        'd.subconto1 as dt1',
        'd.subconto2 as dt2',
        'd.subconto3 as dt3',
        'c.account as kt',
        'c.subconto1 as kt1',
        'c.subconto2 as kt2',
        'c.subconto3 as kt3',
        'd.debit as amount',
        k.raw(`CASE WHEN d.quantity_debit <> 0 THEN d.quantity_debit ELSE c.quantity_credit END::text AS quantity`),
        'd.content',
      );
    const read = await entryNames(tables(q), chart, rows, (r) => [
      { account: r.dt, values: [r.dt1, r.dt2, r.dt3] },
      { account: r.kt, values: [r.kt1, r.kt2, r.kt3] },
    ]);
    return rows.map((r) => ({
      date: r.period,
      document: read.document(r),
      recorder_type: r.recorder_type,
      recorder_id: r.recorder_id,
      entry_no: r.entry_no,
      debit_account: chart.find(r.dt)?.code ?? '',
      debit_analytics: read.analytics(r.dt, [r.dt1, r.dt2, r.dt3]),
      credit_account: chart.find(r.kt)?.code ?? '',
      credit_analytics: read.analytics(r.kt, [r.kt1, r.kt2, r.kt3]),
      amount: Number(r.amount),
      quantity: r.quantity,
      content: r.content ?? '',
    }));
  },
  defaultAccess: access,
});

/** План счетов as a list: each account with its kind, analytics and quantity accounting, as postings see them (inherited from the parent where its own are empty). */
export const chartOfAccounts = defineReport({
  code: 'chart_of_accounts',
  group: 'reports',
  title: 'План счетов (с настройками субсчетов)',
  titleEn: 'Chart of accounts (settings)',
  params: {},
  columns: [
    { field: 'code', title: 'Код' },
    { field: 'name', title: 'Наименование' },
    { field: 'kind', title: 'Вид' },
    { field: 'analytics', title: 'Субконто' },
    { field: 'quantity', title: 'Количественный', type: 'boolean' },
    { field: 'postable', title: 'Проводки', type: 'boolean' },
  ],
  query: async (q) => {
    const chart = await Chart.load(q.knex, q.table);
    return chart
      .all()
      .filter((a) => !a.deleted)
      .sort(byCode)
      .map((a) => ({ id: a.id, code: a.code, name: a.name, kind: ACCOUNT_KINDS[a.kind], subconto: a.subconto, analytics: a.subconto.map((s) => SUBCONTO_KINDS[s]).join(', '), quantity: a.quantity, postable: !a.isGroup }));
  },
  defaultAccess: access,
});

export const accountingReports = [turnoverBalanceSheet, accountTurnoverSheet, accountCard, entriesJournal, chartOfAccounts];

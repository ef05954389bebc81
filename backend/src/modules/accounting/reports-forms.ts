import { formatRubles } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import { ruDate } from '../../platform/engine/dates';
import { defineReport } from '../../platform/engine/declarations';
import { cumulative, net, type Sums } from './balances';
import { Chart, type Account } from './journal';
import { subcontoNames, nameOf } from './names';
import { accountIds, figureOf, formColumns, formRow, tenantTables, thousandsText, totalOf, type DecodingItem, type FormFigure } from './reports-forms-common';
import { financialResults } from './reports-forms-results';
import type { SubcontoKind } from './subconto';

/**
 * Бухгалтерский баланс (форма по ОКУД 0710001, приказ Минфина 66н), lines 1110–1700, as 1C:Бухгалтерия
 * 3.0 fills it from the balances of the accounts at the end of a date — and at 31 December of the year
 * before, the form's second column. Each line is the balance of its accounts:
 * - `net`: the accounts' balance, a debit one adding to an asset line, a credit one to a liability line
 *   (02 «Амортизация» takes from 1150, 76.АВ «НДС по авансам полученным» from 1520, a loss on 99 from 1370);
 * - `debit` / `credit`: the settlement accounts are shown expanded (развёрнуто) — each sub-account's balance
 *   with each counterparty (each employee for 70, 71, 73) apart: what they owe us in 1230, what we owe in 1520.
 * Lines are in whole thousands of rubles, each rounded half up; totals add the rounded lines as the form
 * does; the decoding gives each line's accounts in exact kopecks. 90 and 91 not yet closed by «Закрытие
 * месяца» go into 1370 with 84 and 99 (the year's result not yet carried to 99), so a mid-month balance
 * still balances. The last row checks актив (1600) = пассив (1700) and names the accounts outside every line.
 */

type Take = 'net' | 'debit' | 'credit';
interface Part {
  accounts: string[];
  except?: string[];
  take: Take;
}
interface FormLine {
  code: string;
  title: string;
  parts?: Part[];
  /** A total: the sum of these lines. */
  sum?: string[];
  /** Printed in parentheses, as the form has it: a deduction from the section. */
  expense?: boolean;
}
type Row = FormLine | { section: string };

const net_ = (accounts: string[], except?: string[]): Part => ({ accounts, except, take: 'net' });
/** Settlement accounts, expanded by sub-account and counterparty (employee): debit balances are receivables, credit ones payables. */
const SETTLEMENTS = ['60', '62', '68', '69', '70', '71', '73', '75', '76'];
/** НДС с авансов: 76.АВ (полученных) reduces the payables, 76.ВА (выданных) the receivables, as 1C shows advances net of VAT. */
const VAT_ON_ADVANCES = ['76.АВ', '76.ВА'];
/** Subconto 1 kinds a settlement balance is expanded by. */
const EXPANDED: SubcontoKind[] = ['counterparty', 'employee'];

export const BALANCE_SHEET: Row[] = [
  { section: 'АКТИВ' },
  { section: 'I. ВНЕОБОРОТНЫЕ АКТИВЫ' },
  { code: '1110', title: 'Нематериальные активы', parts: [net_(['04', '05', '08.05'])] },
  { code: '1120', title: 'Результаты исследований и разработок' },
  { code: '1130', title: 'Нематериальные поисковые активы' },
  { code: '1140', title: 'Материальные поисковые активы' },
  // Capital investments (07, 08) are shown with the fixed assets (ФСБУ 26/2020), 02 on 03 apart.
  { code: '1150', title: 'Основные средства', parts: [net_(['01', '02', '07', '08'], ['02.02', '08.05'])] },
  { code: '1160', title: 'Доходные вложения в материальные ценности', parts: [net_(['03', '02.02'])] },
  // The chart keeps no term of an investment: 58 is long-term except the loans given (58.03), 59 the reserve against it.
  { code: '1170', title: 'Финансовые вложения', parts: [net_(['58', '59'], ['58.03'])] },
  { code: '1180', title: 'Отложенные налоговые активы', parts: [net_(['09'])] },
  { code: '1190', title: 'Прочие внеоборотные активы' },
  { code: '1100', title: 'Итого по разделу I', sum: ['1110', '1120', '1130', '1140', '1150', '1160', '1170', '1180', '1190'] },
  { section: 'II. ОБОРОТНЫЕ АКТИВЫ' },
  { code: '1210', title: 'Запасы', parts: [net_(['10', '14', '15', '16', '20', '21', '23', '26', '28', '29', '41', '42', '43', '44', '45'])] },
  { code: '1220', title: 'Налог на добавленную стоимость по приобретенным ценностям', parts: [net_(['19'])] },
  { code: '1230', title: 'Дебиторская задолженность', parts: [{ accounts: SETTLEMENTS, except: VAT_ON_ADVANCES, take: 'debit' }, net_(['76.ВА'])] },
  { code: '1240', title: 'Финансовые вложения (за исключением денежных эквивалентов)', parts: [net_(['55.03', '58.03'])] },
  { code: '1250', title: 'Денежные средства и денежные эквиваленты', parts: [net_(['50', '51', '52', '55', '57'], ['55.03'])] },
  { code: '1260', title: 'Прочие оборотные активы', parts: [net_(['94', '97'])] },
  { code: '1200', title: 'Итого по разделу II', sum: ['1210', '1220', '1230', '1240', '1250', '1260'] },
  { code: '1600', title: 'БАЛАНС (актив)', sum: ['1100', '1200'] },
  { section: 'ПАССИВ' },
  { section: 'III. КАПИТАЛ И РЕЗЕРВЫ' },
  { code: '1310', title: 'Уставный капитал (складочный капитал, уставный фонд, вклады товарищей)', parts: [net_(['80'])] },
  { code: '1320', title: 'Собственные акции, выкупленные у акционеров', expense: true, parts: [net_(['81'])] },
  { code: '1340', title: 'Переоценка внеоборотных активов', parts: [net_(['83.01'])] },
  { code: '1350', title: 'Добавочный капитал (без переоценки)', parts: [net_(['83'], ['83.01'])] },
  { code: '1360', title: 'Резервный капитал', parts: [net_(['82'])] },
  { code: '1370', title: 'Нераспределенная прибыль (непокрытый убыток)', parts: [net_(['84', '99', '90', '91'])] },
  { code: '1300', title: 'Итого по разделу III', sum: ['1310', '1320', '1340', '1350', '1360', '1370'] },
  { section: 'IV. ДОЛГОСРОЧНЫЕ ОБЯЗАТЕЛЬСТВА' },
  { code: '1410', title: 'Заемные средства', parts: [net_(['67'])] },
  { code: '1420', title: 'Отложенные налоговые обязательства', parts: [net_(['77'])] },
  { code: '1430', title: 'Оценочные обязательства' },
  { code: '1450', title: 'Прочие обязательства' },
  { code: '1400', title: 'Итого по разделу IV', sum: ['1410', '1420', '1430', '1450'] },
  { section: 'V. КРАТКОСРОЧНЫЕ ОБЯЗАТЕЛЬСТВА' },
  { code: '1510', title: 'Заемные средства', parts: [net_(['66'])] },
  { code: '1520', title: 'Кредиторская задолженность', parts: [{ accounts: SETTLEMENTS, except: VAT_ON_ADVANCES, take: 'credit' }, net_(['76.АВ'])] },
  { code: '1530', title: 'Доходы будущих периодов', parts: [net_(['98', '86'])] },
  { code: '1540', title: 'Оценочные обязательства', parts: [net_(['96'])] },
  { code: '1550', title: 'Прочие обязательства' },
  { code: '1500', title: 'Итого по разделу V', sum: ['1510', '1520', '1530', '1540', '1550'] },
  { code: '1700', title: 'БАЛАНС (пассив)', sum: ['1300', '1400', '1500'] },
];

const isLiability = (code: string) => (code >= '1300' && code < '1600') || code === '1700';
const lines = BALANCE_SHEET.filter((r): r is FormLine => 'code' in r);

/**
 * The lines at one date from the balances by organization, account and subconto 1 (`org|account|subconto1`).
 * Returns each line, and the balances of accounts that are in no line (000, an account the company added).
 */
function fill(chart: Chart, balances: Map<string, Sums>) {
  const out = new Map<string, FormFigure>();
  const covered = new Set<string>();
  for (const line of lines) {
    if (line.sum) {
      out.set(line.code, totalOf(line.sum.map((c) => [c, 1]), out));
      continue;
    }
    const items = (line.parts ?? []).flatMap((part) => {
      const ids = accountIds(chart, part.accounts, part.except);
      for (const id of ids) covered.add(id);
      return partItems(chart, balances, part, ids, isLiability(line.code));
    });
    out.set(line.code, figureOf(items));
  }
  const outside = new Map<string, Decimal>();
  for (const [key, s] of balances) {
    const id = key.split('|')[1];
    if (!covered.has(id)) outside.set(id, (outside.get(id) ?? new Decimal(0)).plus(net(s).amount));
  }
  return { lines: out, outside: [...outside].filter(([, b]) => !b.isZero()).map(([id, b]) => ({ account: chart.find(id)!, balance: b })) };
}

/** The decoding terms of one part of a line: per account (`net`), or per account, organization and counterparty (`debit`/`credit`). */
function partItems(chart: Chart, balances: Map<string, Sums>, part: Part, ids: Set<string>, liability: boolean): DecodingItem[] {
  const groups = new Map<string, { account: Account; subconto?: string; balance: Decimal }>();
  for (const [key, s] of balances) {
    const [organization, id, subconto1] = key.split('|');
    if (!ids.has(id)) continue;
    const account = chart.find(id)!;
    const expand = part.take !== 'net' && EXPANDED.includes(account.subconto[0]);
    const group = part.take === 'net' ? id : `${organization}|${id}|${expand ? subconto1 : ''}`;
    const g = groups.get(group) ?? groups.set(group, { account, ...(expand ? { subconto: subconto1 } : {}), balance: new Decimal(0) }).get(group)!;
    g.balance = g.balance.plus(net(s).amount);
  }
  const items: DecodingItem[] = [];
  for (const g of groups.values()) {
    if (g.balance.isZero()) continue;
    if (part.take === 'debit' && g.balance.isNegative()) continue;
    if (part.take === 'credit' && g.balance.isPositive()) continue;
    const amount = part.take === 'net' ? (liability ? g.balance.negated() : g.balance) : g.balance.abs();
    items.push({ account: g.account.code, name: g.account.name, side: g.balance.isPositive() ? 'Дт' : 'Кт', ...(g.subconto ? { subconto: g.subconto } : {}), sum: g.balance.abs().toNumber(), amount: amount.toNumber() });
  }
  return items.sort((a, b) => a.account.localeCompare(b.account, 'ru', { numeric: true }) || (a.subconto ?? '').localeCompare(b.subconto ?? ''));
}

/** 31 December of the year before the date: the form's second column. */
const yearEndBefore = (date: string) => `${Number(date.slice(0, 4)) - 1}-12-31`;

/** The check of the last row: актив = пассив at each date, in exact kopecks and in the form's thousands. */
function balanceCheck(at: { date: string; filled: ReturnType<typeof fill> }[]): { ok: boolean; message: string } {
  const problems: string[] = [];
  const agreed: string[] = [];
  for (const { date, filled } of at) {
    const [asset, liability] = [filled.lines.get('1600')!, filled.lines.get('1700')!];
    if (!asset.amount.equals(liability.amount)) {
      const outside = filled.outside.map((o) => `${o.account.code} «${o.account.name}» ${o.balance.isPositive() ? 'Дт' : 'Кт'} ${formatRubles(o.balance.abs().toFixed())}`);
      problems.push(
        `на ${ruDate(date)} актив (стр. 1600) ${formatRubles(asset.amount.toFixed())} не равен пассиву (стр. 1700) ${formatRubles(liability.amount.toFixed())}, разница ${formatRubles(asset.amount.minus(liability.amount).abs().toFixed())}` +
          (outside.length
            ? `: остатки счетов, не входящих ни в одну строку баланса, — ${outside.join('; ')}${filled.outside.some((o) => o.account.code === '000') ? ' (остаток на 000 — введённые остатки не сходятся: проверьте «Ввод остатков»)' : ''}`
            : ': проверьте оборотно-сальдовую ведомость'),
      );
    } else if (asset.value !== liability.value)
      problems.push(
        `на ${ruDate(date)} актив и пассив равны (${formatRubles(asset.amount.toFixed())}), но после округления до тысяч строки 1600 (${thousandsText(asset.value)}) и 1700 (${thousandsText(liability.value)}) расходятся на ${thousandsText(Math.abs(asset.value - liability.value))} — исправьте округление одной из строк (обычно 1370) перед сдачей отчётности`,
      );
    else agreed.push(`на ${ruDate(date)} — ${formatRubles(asset.amount.toFixed())}`);
  }
  if (problems.length) return { ok: false, message: `Баланс не сходится: ${problems.join('; ')}.` };
  return { ok: true, message: `Актив (стр. 1600) равен пассиву (стр. 1700): ${agreed.join(', ')}.` };
}

export const balanceSheet = defineReport({
  code: 'balance_sheet',
  group: 'reports',
  title: 'Бухгалтерский баланс (форма № 1)',
  titleEn: 'Balance sheet (form 1)',
  params: {
    date: { type: 'date', title: 'На дату', required: true },
    organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация' },
  },
  columns: formColumns('На отчётную дату, тыс. руб.', 'На 31 декабря предыдущего года, тыс. руб.'),
  query: async (q, p) => {
    const chart = await Chart.load(q.knex, q.table);
    const previous = yearEndBefore(p.date);
    const sums = await cumulative(tenantTables(q), [p.date, previous], ['organization', 'account', 'subconto1'], { organization: p.organization });
    const now = fill(chart, sums.get(p.date)!);
    const before = fill(chart, sums.get(previous)!);
    const expanded = [...now.lines.values()].flatMap((l) => l.items).filter((i) => i.subconto);
    const names = await subcontoNames(
      tenantTables(q),
      expanded.map((i) => ({ kind: chart.all().find((a) => a.code === i.account)?.subconto[0], value: i.subconto! })),
    );
    for (const i of expanded) i.subconto_name = nameOf(names, chart.all().find((a) => a.code === i.account)?.subconto[0], i.subconto);
    const rows: Record<string, unknown>[] = BALANCE_SHEET.map((r) =>
      'section' in r ? { line: '', title: r.section, level: 'section' } : formRow(r.code, r.title, !!r.sum, now.lines.get(r.code)!, before.lines.get(r.code)!, r.expense),
    );
    const check = balanceCheck([
      { date: p.date, filled: now },
      { date: previous, filled: before },
    ]);
    rows.push({ line: '', title: check.message, level: 'check', ok: check.ok });
    return rows;
  },
  defaultAccess: { accountant: ['read'] },
});

/** The forms, in the order of the menu. */
export const formReports = [balanceSheet, financialResults];

import { formatRubles, groupThousands } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import type { ReportQueryContext } from '../../platform/engine/declarations';
import type { Chart } from './journal';

/**
 * What the two forms (ф. 1 and ф. 2) share: thousands as the forms are filled, the accounts of a line,
 * and the decoding of a line — which accounts (and counterparties) make it, in exact kopecks.
 */

/** Kopecks → whole thousands of rubles, half away from zero (1 500,00 ₽ → 2, −500,00 ₽ → −1), as the forms are filled. */
export const thousands = (kopecks: Decimal.Value): number => new Decimal(kopecks).div(100_000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() || 0;

/** «1 699» / «−12»: thousands as a person reads them in a message. */
export const thousandsText = (n: number) => `${n < 0 ? '−' : ''}${groupThousands(String(Math.abs(n)))}`;

/** As the printed form shows a figure: «(60)» for an expense line or a negative figure, «-» for nothing. */
export const shown = (n: number, expense = false) => (n === 0 ? '-' : expense || n < 0 ? `(${thousandsText(Math.abs(n))})` : thousandsText(n));

/** One term of a line's decoding: an account's balance (ф. 1) or turnover (ф. 2), and what it adds to the line. */
export interface DecodingItem {
  /** Account number, «62.01». */
  account: string;
  name: string;
  /** Дт: a debit balance (debit turnover), Кт: a credit one. */
  side: 'Дт' | 'Кт';
  /** The subconto 1 value (counterparty, employee) when the line is expanded by it. */
  subconto?: string;
  subconto_name?: string;
  /** Kopecks, as on the account (not negative). */
  sum: number;
  /** Kopecks added to the line: `sum` or −`sum`. */
  amount: number;
}

const rubles = (k: Decimal.Value) => formatRubles(new Decimal(k).toFixed(), { currency: false });

/**
 * «Дт 41.01 40 000,00 + Дт 10.01 20 000,00 − Кт 02 315 000,00 = … ₽»: one term per account and side
 * (the counterparties of an expanded account summed), then the line in exact kopecks.
 */
export function decodingText(items: DecodingItem[]): string {
  if (!items.length) return '';
  const terms = new Map<string, { side: string; account: string; sum: Decimal; negative: boolean }>();
  for (const i of items) {
    const key = `${i.side}|${i.account}|${i.amount < 0}`;
    const t = terms.get(key) ?? terms.set(key, { side: i.side, account: i.account, sum: new Decimal(0), negative: i.amount < 0 }).get(key)!;
    t.sum = t.sum.plus(i.sum);
  }
  const total = items.reduce((s, i) => s.plus(i.amount), new Decimal(0));
  const text = [...terms.values()].map((t, n) => `${n === 0 ? (t.negative ? '− ' : '') : t.negative ? ' − ' : ' + '}${t.side} ${t.account} ${rubles(t.sum)}`).join('');
  return `${text} = ${formatRubles(total.toFixed())}`;
}

/** A line of a form at one date or for one period. */
export interface FormFigure {
  /** Exact kopecks. */
  amount: Decimal;
  /** Thousands as the form shows them; a total adds its lines' rounded values. */
  value: number;
  items: DecodingItem[];
  text: string;
}

/** A line made of decoding terms: their sum, rounded to thousands. */
export function figureOf(items: DecodingItem[]): FormFigure {
  const amount = items.reduce((s, i) => s.plus(i.amount), new Decimal(0));
  return { amount, value: thousands(amount), items, text: decodingText(items) };
}

/**
 * A total of lines already computed, with their signs: the form's thousands add the lines' rounded values
 * (the ФНС control ratios hold on the form), the decoding reads «стр. 1210 60 000,00 + стр. 1250 515 900,00 = 575 900,00 ₽».
 */
export function totalOf(terms: [string, 1 | -1][], lines: Map<string, FormFigure>): FormFigure {
  const used = terms.map(([line, sign]) => ({ line, sign, figure: lines.get(line)! }));
  const amount = used.reduce((s, t) => s.plus(t.figure.amount.times(t.sign)), new Decimal(0));
  const shownTerms = used.filter((t) => !t.figure.amount.isZero());
  const text = shownTerms.map((t, n) => `${n === 0 ? (t.sign < 0 ? '− ' : '') : t.sign < 0 ? ' − ' : ' + '}стр. ${t.line} ${rubles(t.figure.amount)}`).join('');
  return { amount, value: used.reduce((s, t) => s + t.sign * t.figure.value, 0), items: [], text: shownTerms.length ? `${text} = ${formatRubles(amount.toFixed())}` : '' };
}

/** A report row of a form's line: both columns in thousands and as printed, the exact kopecks, the decoding of the first. */
export function formRow(code: string, title: string, total: boolean, current: FormFigure, previous: FormFigure, expense = false) {
  return {
    line: code,
    title,
    level: total ? 'total' : 'line',
    current: current.value,
    previous: previous.value,
    shown: shown(current.value, expense),
    previous_shown: shown(previous.value, expense),
    amount: current.amount.toNumber(),
    previous_amount: previous.amount.toNumber(),
    decoding: current.text,
    details: current.items,
  };
}

/**
 * The ids of the accounts `codes` and everything under them, less `except` (and what is under it).
 * Numbers the tenant's chart does not have add nothing: a company that adds 58 «Финансовые вложения»
 * to its chart sees it in its line at once.
 */
export function accountIds(chart: Chart, codes: string[], except: string[] = []): Set<string> {
  const byCode = new Map(chart.all().filter((a) => a.code).map((a) => [a.code, a]));
  const under = (list: string[]) => list.flatMap((c) => (byCode.has(c) ? chart.subtree(byCode.get(c)!.id).map((a) => a.id) : []));
  const out = new Set(under(codes));
  for (const id of under(except)) out.delete(id);
  return out;
}

/** The same day a year earlier (29 February → 28 February). */
export function yearBefore(date: string): string {
  const y = String(Number(date.slice(0, 4)) - 1).padStart(4, '0');
  const md = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${y}-${md}`;
}

export const tenantTables = (q: ReportQueryContext) => ({ knex: q.knex, table: q.table });

/**
 * The report columns of a form: line code, title, the two periods in thousands as the form prints them
 * («(2)» for an expense, «-» for nothing — so the PDF and Excel read as the screen and the official form),
 * the decoding. The rows also carry the figures as numbers (`current`, `previous`) for programs.
 */
export const formColumns = (current: string, previous: string) => [
  { field: 'line', title: 'Код' },
  { field: 'title', title: 'Наименование показателя' },
  // Text, no `type`: the engine totals typed numeric columns, and a total of a form's lines means nothing.
  { field: 'shown', title: current },
  { field: 'previous_shown', title: previous },
  { field: 'decoding', title: 'Расшифровка (руб. коп.)' },
];

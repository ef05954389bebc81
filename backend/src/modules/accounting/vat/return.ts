import { formatRubles, monthStart, sumKopecks } from '@workcloud/shared-core';
import { ruDate } from '../../../platform/engine/dates';
import { cumulative } from '../balances';
import { Chart, type TenantTables } from '../journal';
import { documentLabels } from '../names';
import { advancesLeft } from './advances';
import { bookLines, bookRecords, periodOf, quarterReport } from './books';
import { quarterTitle, type VatRate } from './rates';

/**
 * The quarter's VAT return (декларация по НДС, приказ ФНС) as figures by section: раздел 3 from the month
 * totals of the book registers, разделы 8 and 9 from the books' lines, раздел 1 what is to pay or to refund;
 * then the checks — раздел 3 against the books, and the turnover of 68.02 against «к уплате», naming every
 * document whose 68.02 entries the books do not carry.
 *
 * The line codes are those of the form for 20 % and 10 %; the rows for 22 %, 5 % and 7 % carry no code here
 * («—»): take them from the form in force for the period.
 */

type Sums = { total: number; base: number; vat: number };
const zero = (): Sums => ({ total: 0, base: 0, vat: 0 });
const add = (a: Sums, b: Partial<Sums>) => ({ total: sumKopecks([a.total, b.total]), base: sumKopecks([a.base, b.base]), vat: sumKopecks([a.vat, b.vat]) });
const rub = (k: number) => formatRubles(k, { currency: false });

/**
 * The return's lines by rate: раздел 3 (a shipment's base and VAT; 0 % and exempt sales belong to разделы 4 and 7)
 * and раздел 9 (the sales book's bases and VAT). `null`: the rate has no such line; «—»: a line whose code is not given here.
 */
const RATE_LINES: { rate: VatRate; label: string; shipment: string | null; base: string; vat: string | null }[] = [
  { rate: 'vat22', label: '22 %', shipment: '—', base: '—', vat: '—' },
  { rate: 'vat20', label: '20 %', shipment: '010', base: '230', vat: '270' },
  { rate: 'vat10', label: '10 %', shipment: '020', base: '250', vat: '290' },
  { rate: 'vat5', label: '5 %', shipment: '—', base: '—', vat: '—' },
  { rate: 'vat7', label: '7 %', shipment: '—', base: '—', vat: '—' },
  { rate: 'vat0', label: '0 %', shipment: null, base: '260', vat: null },
  { rate: 'none', label: 'без НДС', shipment: null, base: '300', vat: null },
];

interface ReturnRow {
  section: string;
  line: string;
  indicator: string;
  base?: number | null;
  vat?: number | null;
  status?: string;
  ok?: boolean;
  /** A failed 68.02 check: the documents that differ, each with what to do. */
  documents?: string[];
}

/** Σ of the book registers' month totals of the quarter, by code of operation (and rate, for sales). */
async function totalsOf(t: TenantTables, organization: string, from: string, to: string) {
  const read = (book: string, by: string[]) =>
    t
      .knex(t.table(`r_accounting_${book}__totals`))
      .where({ organization })
      .whereBetween('month', [monthStart(from), monthStart(to)])
      .groupBy(by)
      .select(...by, t.knex.raw('sum(total)::text AS total'), ...(book === 'vat_sales' ? [t.knex.raw('sum(base)::text AS base')] : []), t.knex.raw('sum(vat)::text AS vat'));
  const sales: Record<string, any>[] = await read('vat_sales', ['operation', 'rate']);
  const purchases: Record<string, any>[] = await read('vat_purchases', ['operation']);
  const num = (r: Record<string, any>) => ({ total: Number(r.total), base: Number(r.base ?? 0), vat: Number(r.vat) });
  return { sales: sales.map((r) => ({ operation: r.operation as string, rate: r.rate as VatRate, ...num(r) })), purchases: purchases.map((r) => ({ operation: r.operation as string, ...num(r) })) };
}

/** Accounts whose entries with 68.02 are payments of the tax, not the tax itself (the bank, the cash desk, ЕНС). */
const PAYMENT_ACCOUNTS = ['50', '51', '52', '68.90'];

/** The quarter's turnover of 68.02 (Кт − Дт, payments left out), in all and by the document that made it. */
async function turnover6802(t: TenantTables, chart: Chart, organization: string, from: string, to: string) {
  const vat = chart.subtree(chart.code('68.02').id).map((a) => a.id);
  const payments = PAYMENT_ACCOUNTS.flatMap((c) => chart.subtree(chart.code(c).id)).map((a) => a.id);
  // Storno rows carry negated sums: summing every row of the period gives what is current.
  const rows: { recorder_id: string; amount: string }[] = await t
    .knex(t.table('r_accounting_entries'))
    .where({ organization })
    .whereIn('account', vat)
    .whereNotIn('corr_account', payments)
    .whereBetween('period', [from, to])
    .groupBy('recorder_id')
    .select('recorder_id', t.knex.raw('sum(credit - debit)::text AS amount'));
  const byDocument = new Map(rows.map((r) => [String(r.recorder_id), Number(r.amount)]));
  return { total: sumKopecks(rows.map((r) => r.amount)), byDocument };
}

/** «Реализация товаров и услуг РТУ-000001 от 10.03.2026», «Счёт-фактура выданный СФ-000001 от …» — for the messages of the check. */
async function labelsOf(t: TenantTables, ids: string[]) {
  const labels = await documentLabels(t, ids);
  for (const [table, title] of [
    ['d_accounting_invoice_issued', 'Счёт-фактура выданный'],
    ['d_accounting_invoice_received', 'Счёт-фактура полученный'],
  ] as const) {
    const rows: { id: string; number: string; date: string }[] = ids.length ? await t.knex(t.table(table)).whereIn('id', ids).select('id', 'number', 'date') : [];
    for (const r of rows) labels.set(String(r.id), `${title} ${r.number} от ${ruDate(r.date)}`);
  }
  return labels;
}

/**
 * Advances offset in full whose VAT is still on 76.АВ at the quarter's end: the sale offsetting them was posted
 * before the advance's счёт-фактура, so it deducted nothing. One message per advance, naming the sales to re-post.
 */
async function stuckAdvanceVat(t: TenantTables, chart: Chart, organization: string, to: string): Promise<string[]> {
  const [advances, vatOn] = [chart.code('62.02'), chart.code('76.АВ')];
  const held = (await cumulative(t, [to], ['account', 'subconto2', 'subconto3'], { from: 'entries', organization, accounts: [advances.id, vatOn.id] })).get(to)!;
  const stuck = [...advancesLeft(held, advances.id)].filter(([, l]) => l.vat > 0 && l.advance <= 0);
  if (!stuck.length) return [];
  const offsets: { recorder_id: string; subconto3: string }[] = await t
    .knex(t.table('r_accounting_entries'))
    .where({ organization, account: advances.id, side: 'dt' })
    .where('period', '<=', to)
    .whereIn('subconto3', stuck.map(([payment]) => payment))
    .groupBy('recorder_id', 'subconto3')
    .havingRaw('sum(debit) <> 0')
    .select('recorder_id', 'subconto3');
  const labels = await documentLabels(t, [...stuck.map(([payment]) => payment), ...offsets.map((o) => o.recorder_id)]);
  return stuck.map(([payment, l]) => {
    const sales = offsets.filter((o) => o.subconto3 === payment).map((o) => labels.get(String(o.recorder_id)) ?? String(o.recorder_id));
    return `${labels.get(payment) ?? payment}: аванс зачтён полностью, а НДС с него ${rub(l.vat)} остался на счёте 76.АВ — счёт-фактура на аванс проведён после зачёта. Перепроведите ${sales.join(', ') || 'документы зачёта аванса'}, чтобы принять этот НДС к вычету`;
  });
}

/** What to do about a document whose 68.02 entries and book records differ. */
function hintFor(label: string, onAccount: number, inBooks: number): string {
  const invoiced = /^(Реализация|Поступление денежных|Возврат товаров от клиента)/.test(label);
  if (!inBooks) return invoiced ? 'выставьте по нему счёт-фактуру' : 'проводки по 68.02 не отражены в книгах: НДС начисляется и принимается к вычету счетами-фактурами';
  if (!onAccount) return 'документ не проведён: проведите его, а если он отменён, отмените и его счёт-фактуру';
  return 'суммы документа изменились после счёта-фактуры: перепроведите счёт-фактуру';
}

/** The return's figures and its checks for an organization and a quarter. */
export async function vatReturnRows(t: TenantTables, organization: string, year: number, quarter: number): Promise<ReturnRow[]> {
  const { from, to } = periodOf({ year, quarter });
  const title = quarterTitle(year, quarter);
  const totals = await totalsOf(t, organization, from, to);
  const sales = bookLines(await bookRecords(t, 'vat_sales', organization, from, to));
  const purchases = bookLines(await bookRecords(t, 'vat_purchases', organization, from, to));
  const rows: ReturnRow[] = [];

  // Раздел 3: from the registers' month totals.
  const s3 = (section: ReturnRow['section'], line: string, indicator: string, s: Partial<Sums>, base = true) => rows.push({ section, line, indicator, base: base ? (s.base ?? 0) : null, vat: s.vat ?? 0 });
  const shipments = new Map<VatRate, Sums>();
  let advances = zero();
  let restored = zero();
  for (const r of totals.sales) {
    if (r.operation === '02') advances = add(advances, r);
    else if (r.operation === '18' || r.operation === '21') restored = add(restored, r);
    else shipments.set(r.rate, add(shipments.get(r.rate) ?? zero(), r));
  }
  for (const l of RATE_LINES) {
    const sums = shipments.get(l.rate);
    if (l.shipment && sums && (sums.base || sums.vat)) s3('Раздел 3', l.shipment, `Реализация товаров (работ, услуг) по ставке ${l.label}`, sums);
  }
  if (advances.total || advances.vat) s3('Раздел 3', '070', 'Суммы оплаты, частичной оплаты в счёт предстоящих поставок (по расчётным ставкам 22/122, 20/120, 10/110…)', { base: advances.total, vat: advances.vat });
  if (restored.vat) s3('Раздел 3', '080', 'Суммы налога, подлежащие восстановлению (в том числе по корректировочным счетам-фактурам продавцов на уменьшение)', restored);
  const accrued = sumKopecks(totals.sales.map((r) => r.vat));
  s3('Раздел 3', '118', 'Общая сумма НДС, исчисленная с учётом восстановленных сумм', { vat: accrued }, false);
  const deducted = (codes: string[]) => sumKopecks(totals.purchases.filter((r) => codes.includes(r.operation)).map((r) => r.vat));
  s3('Раздел 3', '120', 'Вычеты по счетам-фактурам продавцов и корректировочным счетам-фактурам', { vat: deducted(['01', '18']) }, false);
  const advanceDeduction = deducted(['22']);
  if (advanceDeduction) s3('Раздел 3', '170', 'Вычеты НДС, исчисленного с сумм оплаты в счёт предстоящих поставок, при отгрузке', { vat: advanceDeduction }, false);
  const deductions = sumKopecks(totals.purchases.map((r) => r.vat));
  s3('Раздел 3', '190', 'Общая сумма НДС, подлежащая вычету', { vat: deductions }, false);
  const due = accrued - deductions;
  if (due >= 0) s3('Раздел 3', '200', 'Итого сумма НДС к уплате', { vat: due }, false);
  else s3('Раздел 3', '210', 'Итого сумма НДС к возмещению', { vat: -due }, false);

  // Раздел 1.
  rows.push(due >= 0 ? { section: 'Раздел 1', line: '040', indicator: 'Сумма налога, подлежащая уплате в бюджет', vat: due } : { section: 'Раздел 1', line: '050', indicator: 'Сумма налога, исчисленная к возмещению из бюджета', vat: -due });

  // Раздел 8 and 9: the books.
  const book8 = sumKopecks(purchases.map((l) => l.vat));
  rows.push({ section: 'Раздел 8', line: '190', indicator: 'Сумма НДС всего по книге покупок', vat: book8 });
  const baseBy = new Map<VatRate, number>();
  const vatBy = new Map<VatRate, number>();
  for (const l of sales) {
    for (const [rate, v] of Object.entries(l.base) as [VatRate, number][]) baseBy.set(rate, sumKopecks([baseBy.get(rate), v]));
    for (const [rate, v] of Object.entries(l.vatBy) as [VatRate, number][]) vatBy.set(rate, sumKopecks([vatBy.get(rate), v]));
  }
  for (const l of RATE_LINES)
    if (baseBy.get(l.rate)) rows.push({ section: 'Раздел 9', line: l.base, indicator: l.rate === 'none' ? 'Стоимость продаж, освобождаемых от налога' : `Стоимость продаж без НДС по ставке ${l.label}`, base: baseBy.get(l.rate)! });
  for (const l of RATE_LINES) if (l.vat && vatBy.get(l.rate)) rows.push({ section: 'Раздел 9', line: l.vat, indicator: `Сумма НДС по ставке ${l.label}`, vat: vatBy.get(l.rate)! });
  const book9 = sumKopecks(sales.map((l) => l.vat));

  // Проверка: раздел 3 и книги.
  const check = (ok: boolean, indicator: string, extra: Partial<ReturnRow> = {}) => rows.push({ section: 'Контроль', line: '', indicator, status: ok ? 'Сходится' : 'Расхождение', ok, ...extra });
  check(
    accrued === book9,
    accrued === book9
      ? `НДС исчисленный по разделу 3 (стр. 118) ${rub(accrued)} равен НДС по книге продаж (раздел 9) за ${title}.`
      : `НДС исчисленный по разделу 3 (стр. 118) ${rub(accrued)} не равен НДС по книге продаж (раздел 9) ${rub(book9)} за ${title}: расхождение ${rub(accrued - book9)}. Сформируйте книгу продаж заново; если расхождение останется, перепроведите счета-фактуры квартала.`,
  );
  check(
    deductions === book8,
    deductions === book8
      ? `Вычеты по разделу 3 (стр. 190) ${rub(deductions)} равны НДС по книге покупок (раздел 8) за ${title}.`
      : `Вычеты по разделу 3 (стр. 190) ${rub(deductions)} не равны НДС по книге покупок (раздел 8) ${rub(book8)} за ${title}: расхождение ${rub(deductions - book8)}. Перепроведите счета-фактуры полученные квартала.`,
  );

  // Проверка: обороты 68.02 и «к уплате».
  const chart = await Chart.load(t.knex, t.table);
  const ledger = await turnover6802(t, chart, organization, from, to);
  if (ledger.total === due) check(true, `Обороты счёта 68.02 за ${title} (Кт − Дт без уплаты налога) ${rub(ledger.total)} равны НДС ${due >= 0 ? 'к уплате' : 'к возмещению (со знаком минус)'} по декларации.`);
  else {
    const expected = new Map<string, number>();
    for (const l of sales) expected.set(l.entriesBy, sumKopecks([expected.get(l.entriesBy), l.vat]));
    for (const l of purchases) expected.set(l.entriesBy, sumKopecks([expected.get(l.entriesBy), -l.vat]));
    const ids = [...new Set([...ledger.byDocument.keys(), ...expected.keys()])].filter((id) => (ledger.byDocument.get(id) ?? 0) !== (expected.get(id) ?? 0));
    const labels = await labelsOf(t, ids);
    const documents = ids.map((id) => {
      const onAccount = ledger.byDocument.get(id) ?? 0;
      const inBooks = expected.get(id) ?? 0;
      const label = labels.get(id) ?? `документ ${id}`;
      return `${label}: по счёту 68.02 ${rub(onAccount)}, в книгах ${rub(inBooks)} — ${hintFor(label, onAccount, inBooks)}`;
    });
    check(
      false,
      `Обороты счёта 68.02 за ${title} (Кт − Дт без уплаты налога) ${rub(ledger.total)}, а НДС ${due >= 0 ? 'к уплате' : 'к возмещению (со знаком минус)'} по декларации ${rub(due)}: расхождение ${rub(ledger.total - due)}. ${documents.join('; ')}.`,
      { documents },
    );
  }

  // Проверка: НДС с зачтённых авансов принят к вычету.
  const stuck = await stuckAdvanceVat(t, chart, organization, to);
  if (!stuck.length) check(true, `НДС с авансов, зачтённых до конца квартала, принят к вычету: на счёте 76.АВ остался только НДС незачтённых авансов.`);
  else check(false, `НДС с зачтённых авансов не принят к вычету: ${stuck.join('; ')}.`, { documents: stuck });
  return rows;
}

/**
 * Декларация по НДС за квартал: показатели разделов 1, 3, 8 и 9 — налоговая база и НДС по ставкам из книги продаж,
 * вычеты из книги покупок, НДС к уплате или к возмещению, — и контроль: разделы сходятся с книгами, обороты
 * счёта 68.02 за квартал равны сумме к уплате (иначе — какие документы расходятся и что с ними сделать).
 * Суммы — в копейках (`base`, `vat`) и текстом в рублях (`base_text`, `vat_text`): итоги по столбцам у декларации не считаются.
 */
export const vatReturn = quarterReport({
  code: 'vat_return',
  title: 'Декларация по НДС: показатели',
  titleEn: 'VAT return figures',
  columns: [
    { field: 'section', title: 'Раздел' },
    { field: 'line', title: 'Строка' },
    { field: 'indicator', title: 'Показатель' },
    { field: 'base_text', title: 'Налоговая база, руб.' },
    { field: 'vat_text', title: 'Сумма НДС, руб.' },
    { field: 'status', title: 'Контроль' },
  ],
  rows: async (t, q) => {
    const text = (k: number | null | undefined) => (k === null || k === undefined ? '' : rub(k));
    return (await vatReturnRows(t, q.organization, q.year, q.quarter)).map((r) => ({ ...r, base_text: text(r.base), vat_text: text(r.vat), status: r.status ?? '' }));
  },
});

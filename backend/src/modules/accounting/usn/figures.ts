import type { Knex } from '@mikro-orm/postgresql';
import { Chart, type TenantTables } from '../journal';
import { documentLabels } from '../names';

/**
 * What УСН counts, read from the journal of entries of an organization's year (the cash method, ст. 346.17 НК РФ):
 * доходы — money received from customers (Дт 50/51 Кт 62, advances included; money returned to them reduces it);
 * расходы (ст. 346.16–346.17, for a trading company) — matched supplier document by supplier document (the
 * settlement document of 60, as trade settled the payment): a receipt's services count as far as the receipt is
 * paid, its goods as far as it is paid and they are sold — whichever comes later. What was paid to a supplier
 * whose goods are not received (an advance on 60.02) counts for nothing until a receipt takes it. Goods sold are
 * taken from a product's receipts oldest first; goods returned to a supplier (Дт 60 Кт 41) leave the lot of the
 * receipt they came with, and money the supplier pays back (Дт 51 Кт 60) is no longer paid on it. Insurance contributions paid (Дт 69 Кт 51 or Кт 68.90) reduce the
 * tax on «доходы».
 */
export interface UsnRow {
  date: string;
  document: string;
  content: string;
  income: number;
  expense: number;
}

export interface UsnQuarter {
  /** Totals from the start of the year through the quarter's end (the tax is computed on them, ст. 346.21 п.3). */
  income: number;
  expense: number;
  contributions: number;
}

const MONEY = /^(50|51|52|55)(\.|$)/;
const under = (code: string, parent: string) => code === parent || code.startsWith(`${parent}.`);

/** The entries (Дт, Кт with subconto 1 and 3, amount) of an organization dated in [from, to] that stand (not reversed), in date order. */
async function entriesOf(t: TenantTables, organization: string, from: string, to: string) {
  const k = t.knex as Knex;
  const table = t.table('r_accounting_entries');
  return k(`${table} as d`)
    .join(`${table} as c`, (j) => j.on('c.recorder_id', 'd.recorder_id').andOn('c.revision', 'd.revision').andOn('c.entry_no', 'd.entry_no').andOn('c.storno', 'd.storno').andOnVal('c.side', 'kt'))
    .where({ 'd.side': 'dt', 'd.storno': false, 'd.organization': organization })
    .whereNotExists(k(`${table} as x`).whereRaw('x.recorder_id = d.recorder_id AND x.revision = d.revision AND x.storno').select(k.raw('1')))
    .whereBetween('d.period', [from, to])
    .orderBy(['d.period', 'd.recorder_id', 'd.entry_no'])
    .select(
      k.raw(`to_char(d.period, 'YYYY-MM-DD') AS date`),
      'd.recorder_id',
      'd.account as dt',
      'c.account as kt',
      'd.subconto1 as dt1',
      'd.subconto3 as dt3',
      'c.subconto1 as kt1',
      'c.subconto3 as kt3',
      'd.debit as amount',
      'd.content',
    ) as Promise<{ date: string; recorder_id: string; dt: string; kt: string; dt1: string; dt3: string; kt1: string; kt3: string; amount: string; content: string | null }[]>;
}

/**
 * Расходы matched per supplier document: what was paid on it (Дт 60 against money, or an advance offset to it)
 * and what of it was used — services at once, goods as they are sold, from a product's receipts oldest first.
 * A document's expense is the smaller of the two; `total` is the sum over documents.
 */
class SupplierDocuments {
  private readonly paid = new Map<string, number>();
  private readonly used = new Map<string, number>();
  /** A product's goods received and not yet sold, per receipt, oldest first. */
  private readonly lots = new Map<string, { document: string; left: number }[]>();
  /** A product's sales taken from receipts, newest last: a red storno (a return) gives back the latest. */
  private readonly taken = new Map<string, { document: string; amount: number }[]>();
  total = 0;

  pay(document: string, amount: number) {
    this.change(this.paid, document, amount);
  }
  useService(document: string, amount: number) {
    this.change(this.used, document, amount);
  }
  receiveGoods(document: string, product: string, amount: number) {
    const lots = this.lots.get(product) ?? this.lots.set(product, []).get(product)!;
    lots.push({ document, left: amount });
  }
  sell(product: string, amount: number) {
    const lots = this.lots.get(product) ?? [];
    const taken = this.taken.get(product) ?? this.taken.set(product, []).get(product)!;
    let left = amount;
    if (left < 0) {
      // A return of goods sold: what was taken last goes back to its receipt.
      while (left < 0 && taken.length) {
        const last = taken.at(-1)!;
        const back = Math.min(-left, last.amount);
        last.amount -= back;
        if (!last.amount) taken.pop();
        const lot = lots.find((l) => l.document === last.document);
        if (lot) lot.left += back;
        this.change(this.used, last.document, -back);
        left += back;
      }
      return;
    }
    for (const lot of lots) {
      const take = Math.min(left, lot.left);
      if (take <= 0) continue;
      lot.left -= take;
      left -= take;
      taken.push({ document: lot.document, amount: take });
      this.change(this.used, lot.document, take);
    }
  }
  /**
   * Goods returned to the supplier of `document` (Дт 60 Кт 41 on the receipt): they leave its lot, never to be sold.
   * When sales had already been matched to more of that receipt than it has left, those sales were of other
   * receipts' goods: the excess is taken back from this receipt and matched to the product's other lots.
   */
  returnGoods(document: string, product: string, amount: number) {
    const lot = (this.lots.get(product) ?? []).find((l) => l.document === document);
    const fromLot = Math.min(amount, lot?.left ?? 0);
    if (lot) lot.left -= fromLot;
    let excess = amount - fromLot;
    if (excess <= 0) return;
    const taken = this.taken.get(product) ?? [];
    for (let i = taken.length - 1; i >= 0 && excess > 0; i--) {
      if (taken[i].document !== document) continue;
      const back = Math.min(excess, taken[i].amount);
      taken[i].amount -= back;
      if (!taken[i].amount) taken.splice(i, 1);
      this.change(this.used, document, -back);
      this.sell(product, back);
      excess -= back;
    }
  }
  private change(map: Map<string, number>, document: string, amount: number) {
    const before = this.recognized(document);
    map.set(document, (map.get(document) ?? 0) + amount);
    this.total += this.recognized(document) - before;
  }
  private recognized(document: string) {
    return Math.max(0, Math.min(this.paid.get(document) ?? 0, this.used.get(document) ?? 0));
  }
}

/** The КУДиР's rows (раздел I) of the year and the totals through each quarter. `expenses`: count расходы (the object «доходы минус расходы»). */
export async function usnFigures(t: TenantTables, organization: string, year: number, expenses: boolean): Promise<{ rows: UsnRow[]; quarters: UsnQuarter[] }> {
  const chart = await Chart.load(t.knex as Knex, t.table);
  const code = (id: string) => chart.find(id)?.code ?? '';
  const entries = await entriesOf(t, organization, `${year}-01-01`, `${year}-12-31`);
  const labels = await documentLabels(t, entries.map((e) => e.recorder_id));
  const rows: UsnRow[] = [];
  const quarters: UsnQuarter[] = [];
  const sums = { income: 0, contributions: 0 };
  const suppliers = new SupplierDocuments();
  const closeQuartersBefore = (date: string) => {
    const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
    while (quarters.length < q) quarters.push({ income: sums.income, expense: suppliers.total, contributions: sums.contributions });
  };
  for (const e of entries) {
    closeQuartersBefore(e.date);
    const [dt, kt, amount] = [code(e.dt), code(e.kt), Number(e.amount)];
    const row = (income: number, expense: number) => rows.push({ date: e.date, document: labels.get(e.recorder_id) ?? '', content: e.content ?? '', income, expense });
    // Money from customers is income when it comes, advances too; money returned to them reduces it.
    const income = MONEY.test(dt) && under(kt, '62') ? amount : under(dt, '62') && MONEY.test(kt) ? -amount : 0;
    if (income) {
      row(income, 0);
      sums.income += income;
    } else if (under(dt, '69') && (MONEY.test(kt) || kt === '68.90')) sums.contributions += amount;
    if (!expenses) continue;
    const before = suppliers.total;
    // Paid: money to the supplier's document, or an advance offset to it (Дт 60.01 Кт 60.02 moves it from the payment).
    if (under(dt, '60') && (MONEY.test(kt) || under(kt, '60'))) suppliers.pay(e.dt3, amount);
    if (under(kt, '60') && (MONEY.test(dt) || under(dt, '60'))) suppliers.pay(e.kt3, -amount);
    if (under(dt, '44') && under(kt, '60')) suppliers.useService(e.kt3, amount);
    if (under(dt, '41') && under(kt, '60')) suppliers.receiveGoods(e.kt3, e.dt1, amount);
    // A return to the supplier: its settlement document is the receipt the goods came with.
    if (under(dt, '60') && under(kt, '41')) suppliers.returnGoods(e.dt3, e.kt1, amount);
    if (under(dt, '90.02') && under(kt, '41')) suppliers.sell(e.kt1, amount);
    if (suppliers.total !== before) row(0, suppliers.total - before);
  }
  closeQuartersBefore(`${year}-12-31`);
  quarters.push({ income: sums.income, expense: suppliers.total, contributions: sums.contributions });
  return { rows, quarters };
}

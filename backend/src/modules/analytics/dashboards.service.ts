import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type { TenantRequestContext } from '../../platform/access/request-context';
import { Database } from '../../platform/database/database';
import type { Dimension } from './facts';
import { forecastSeries } from './forecast';
import { factStore, type FactDimension, type FactQuery, type FactRow } from './store';
import { rebuildTenant } from './subscriber';

export interface SalesFilter {
  from: string;
  to: string;
  organization?: string;
  warehouse?: string;
  group?: string;
}

/** What a chart's bar or a table's row stands for, to list its documents. */
export type DrillBy = 'product' | 'counterparty' | 'manager' | 'month' | 'product_group';

const DAY = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (date: string, days: number) => iso(new Date(Date.parse(date) + days * DAY));
/** First days of the months from `from` to `to`. */
function months(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
  while (iso(d) <= to) {
    out.push(iso(d));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}
const lastOfMonth = (month: string) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return addDays(iso(d), -1);
};

/** The documents' own pages in the shell, by the recorder's subject (`trade.sale` → /m/trade/documents/sale/<id>). */
const documentLink = (type: string, id: string) => {
  const [module, code] = type.split('.');
  return `/m/${module}/documents/${code}/${id}`;
};

/**
 * The dashboards over the analytic store: «Продажи» (revenue, margin, top products and clients, managers, months
 * against the previous period of the same length), «Склад» (stock value, turnover in days, ABC), the drill-down of
 * a bar to its documents, a widget's data as Excel, forecasts, and the rebuild.
 */
@Injectable()
export class AnalyticsService {
  constructor(private readonly db: Database) {}

  private where(f: SalesFilter): Partial<Record<FactDimension, string>> {
    const filter: Partial<Record<FactDimension, string>> = {};
    if (f.organization) filter.organization = f.organization;
    if (f.warehouse) filter.warehouse = f.warehouse;
    if (f.group) filter.product_group = f.group;
    return filter;
  }

  private async query(ctx: TenantRequestContext, q: FactQuery): Promise<FactRow[]> {
    return (await factStore()).query(this.db.knex, ctx.tenant.schema, q);
  }

  private async named(ctx: TenantRequestContext, kind: Dimension['kind'], rows: FactRow[], key: string) {
    const ids = rows.map((r) => r[key]).filter((v): v is string => typeof v === 'string');
    const names = await (await factStore()).dimensionNames(this.db.knex, ctx.tenant.schema, kind, ids);
    return rows.map((r) => ({ id: r[key] as string | null, name: (r[key] && names.get(r[key] as string)?.name) || (r[key] ? '—' : 'Не указано'), ...measures(r) }));
  }

  /** The previous period of the same length, ending the day before `from`. */
  static previous(f: SalesFilter): { from: string; to: string } {
    const days = Math.round((Date.parse(f.to) - Date.parse(f.from)) / DAY) + 1;
    return { from: addDays(f.from, -days), to: addDays(f.from, -1) };
  }

  /** The same dates a year earlier (29 February becomes the 28th). */
  static yearBefore(f: SalesFilter): { from: string; to: string } {
    const back = (d: string) => {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number];
      return iso(new Date(Date.UTC(y - 1, m - 1, Math.min(day, new Date(Date.UTC(y - 1, m, 0)).getUTCDate()))));
    };
    return { from: back(f.from), to: back(f.to) };
  }

  async sales(ctx: TenantRequestContext, f: SalesFilter) {
    const filter = this.where(f);
    const prev = AnalyticsService.previous(f);
    const lastYear = AnalyticsService.yearBefore(f);
    const base = { kind: 'sale' as const, filter };
    const [[now], [before], [yearAgo], byMonthNow, byMonthBefore, products, clients, managers] = await Promise.all([
      this.query(ctx, { ...base, from: f.from, to: f.to }),
      this.query(ctx, { ...base, ...prev }),
      this.query(ctx, { ...base, ...lastYear }),
      this.query(ctx, { ...base, from: f.from, to: f.to, groupBy: ['month'] }),
      this.query(ctx, { ...base, ...prev, groupBy: ['month'] }),
      this.query(ctx, { ...base, from: f.from, to: f.to, groupBy: ['product'], orderBy: 'amount', limit: 10 }),
      this.query(ctx, { ...base, from: f.from, to: f.to, groupBy: ['counterparty'], orderBy: 'amount', limit: 10 }),
      this.query(ctx, { ...base, from: f.from, to: f.to, groupBy: ['manager'], orderBy: 'amount' }),
    ]);
    const nowMonths = months(f.from, f.to);
    const prevMonths = months(prev.from, prev.to);
    const at = (rows: FactRow[], m: string | undefined) => rows.find((r) => r.month === m);
    return {
      store: (await factStore()).kind,
      period: { from: f.from, to: f.to },
      previousPeriod: prev,
      totals: measures(now),
      previousTotals: measures(before),
      yearBefore: lastYear,
      yearBeforeTotals: measures(yearAgo),
      // Month i of the period beside month i of the previous one.
      byMonth: nowMonths.map((m, i) => ({ month: m, ...measures(at(byMonthNow, m)), previous: measures(at(byMonthBefore, prevMonths[prevMonths.length - nowMonths.length + i])) })),
      topProducts: await this.named(ctx, 'product', products, 'product'),
      topClients: await this.named(ctx, 'counterparty', clients, 'counterparty'),
      byManager: await this.named(ctx, 'manager', managers, 'manager'),
    };
  }

  /** The documents behind a bar: sales documents of the period (and the bar's product, client, manager or month). */
  async documents(ctx: TenantRequestContext, f: SalesFilter, by?: DrillBy, value?: string) {
    let { from, to } = f;
    const filter: Partial<Record<FactDimension, string>> = { ...this.where(f) };
    if (by === 'month' && value) {
      from = value > from ? value : from;
      to = lastOfMonth(value) < to ? lastOfMonth(value) : to;
    } else if (by && by !== 'month' && value) filter[by] = value;
    const rows = await this.query(ctx, { kind: 'sale', from, to, filter, groupBy: ['recorder'], orderBy: 'amount', limit: 500 });
    const headers = new Map<string, { number: string; date: string }>();
    for (const type of new Set(rows.map((r) => r.recorder_type as string))) {
      const [module, code] = type.split('.');
      if (!/^[a-z0-9_]+$/.test(`${module}${code}`)) continue;
      const ids = rows.filter((r) => r.recorder_type === type).map((r) => r.recorder_id as string);
      for (const h of await this.db.knex(`${ctx.tenant.schema}.d_${module}_${code}`).whereIn('id', ids).select('id', 'number', this.db.knex.raw(`to_char(date, 'YYYY-MM-DD') AS date`))) headers.set(h.id, h);
    }
    const titles: Record<string, string> = { 'trade.sale': 'Реализация', 'trade.customer_return': 'Возврат от клиента' };
    return rows.map((r) => {
      const h = headers.get(r.recorder_id as string);
      return {
        id: r.recorder_id,
        type: r.recorder_type,
        title: `${titles[r.recorder_type as string] ?? r.recorder_type} № ${h?.number ?? '—'} от ${(h?.date ?? (r.period as string)).split('-').reverse().join('.')}`,
        number: h?.number ?? null,
        date: h?.date ?? r.period,
        link: documentLink(r.recorder_type as string, r.recorder_id as string),
        ...measures(r),
      };
    });
  }

  /**
   * «Склад» on a date: stock value (cost movements up to it) and quantity by product, turnover in days over the
   * period (average of the opening and closing stock value over the cost of goods sold per day), ABC by revenue
   * (sorted by revenue, the running share with the product: up to 80 % A — the first product always —, up to 95 % B, the rest C).
   */
  async stock(ctx: TenantRequestContext, f: SalesFilter) {
    const filter = this.where(f);
    const costFilter = { ...filter };
    delete costFilter.warehouse; // the cost of goods is kept per organization, not per warehouse
    const [closing, opening, quantities, sold] = await Promise.all([
      this.query(ctx, { kind: 'cost', to: f.to, filter: costFilter, groupBy: ['product'] }),
      this.query(ctx, { kind: 'cost', to: addDays(f.from, -1), filter: costFilter, groupBy: ['product'] }),
      this.query(ctx, { kind: 'stock', to: f.to, filter, groupBy: ['product'] }),
      this.query(ctx, { kind: 'sale', from: f.from, to: f.to, filter, groupBy: ['product'], orderBy: 'amount' }),
    ]);
    const days = Math.round((Date.parse(f.to) - Date.parse(f.from)) / DAY) + 1;
    const ids = [...new Set([...closing, ...quantities, ...sold].map((r) => r.product as string))];
    const names = await (await factStore()).dimensionNames(this.db.knex, ctx.tenant.schema, 'product', ids);
    const revenueTotal = sold.reduce((s, r) => s + r.amount, 0);
    const abc = new Map<string, 'A' | 'B' | 'C'>();
    let running = 0;
    for (const [i, r] of sold.entries()) {
      running += r.amount;
      const share = revenueTotal > 0 ? running / revenueTotal : 1;
      abc.set(r.product as string, i === 0 || share <= 0.8 ? 'A' : share <= 0.95 ? 'B' : 'C');
    }
    const turnover = (open: number, close: number, cogs: number) => (cogs > 0 ? Math.round((((open + close) / 2) * days) / cogs) : null);
    const items = ids
      .map((id) => {
        const close = closing.find((r) => r.product === id)?.amount ?? 0;
        const open = opening.find((r) => r.product === id)?.amount ?? 0;
        const s = sold.find((r) => r.product === id);
        return {
          id,
          name: names.get(id)?.name ?? '—',
          quantity: quantities.find((r) => r.product === id)?.quantity ?? 0,
          value: close,
          revenue: s?.amount ?? 0,
          cogs: s?.cost ?? 0,
          turnoverDays: turnover(open, close, s?.cost ?? 0),
          abc: abc.get(id) ?? 'C',
        };
      })
      .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
    const value = items.reduce((s, i) => s + i.value, 0);
    const openingValue = opening.reduce((s, r) => s + r.amount, 0);
    const cogs = items.reduce((s, i) => s + i.cogs, 0);
    return { store: (await factStore()).kind, period: { from: f.from, to: f.to }, value, turnoverDays: turnover(openingValue, value, cogs), items };
  }

  /**
   * «Деньги»: cash flow by month (each document's net movement of money: in when positive, out when negative), the
   * money at the end of the period, and receivables and payables on `to` aged by their document's first date
   * (0–30, 31–60, 61–90, over 90 days). A negative balance of a counterparty's document is ours to pay (a supplier's
   * receipt, an advance received).
   */
  async money(ctx: TenantRequestContext, f: SalesFilter) {
    const filter = f.organization ? { organization: f.organization } : {};
    const [flows, [closing], open] = await Promise.all([
      this.query(ctx, { kind: 'money', from: f.from, to: f.to, filter, groupBy: ['month', 'recorder'] }),
      this.query(ctx, { kind: 'money', to: f.to, filter }),
      this.query(ctx, { kind: 'settlement', to: f.to, filter, groupBy: ['counterparty', 'document'] }),
    ]);
    const cashFlow = months(f.from, f.to).map((month) => {
      const nets = flows.filter((r) => r.month === month).map((r) => r.amount);
      const inflow = nets.filter((n) => n > 0).reduce((a, b) => a + b, 0);
      const outflow = -nets.filter((n) => n < 0).reduce((a, b) => a + b, 0);
      return { month, inflow, outflow, net: inflow - outflow };
    });
    const BUCKETS = ['d0_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
    const bucketOf = (first: string) => {
      const age = Math.round((Date.parse(f.to) - Date.parse(first)) / DAY);
      return age <= 30 ? 'd0_30' : age <= 60 ? 'd31_60' : age <= 90 ? 'd61_90' : 'd90_plus';
    };
    const ageing = async (sign: 1 | -1) => {
      const by = new Map<string, Record<(typeof BUCKETS)[number] | 'total', number>>();
      for (const r of open) {
        const amount = sign * r.amount;
        if (amount <= 0 || !r.counterparty) continue;
        const row = by.get(r.counterparty as string) ?? by.set(r.counterparty as string, { total: 0, d0_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 }).get(r.counterparty as string)!;
        row[bucketOf(r.first_period as string)] += amount;
        row.total += amount;
      }
      const names = await (await factStore()).dimensionNames(this.db.knex, ctx.tenant.schema, 'counterparty', [...by.keys()]);
      return [...by].map(([id, sums]) => ({ id, name: names.get(id)?.name ?? '—', ...sums })).sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
    };
    return { store: (await factStore()).kind, period: { from: f.from, to: f.to }, balance: closing?.amount ?? 0, cashFlow, receivables: await ageing(1), payables: await ageing(-1) };
  }

  /** Monthly sales (quantity) of a product or of all, and the next `horizon` months by forecastSeries. */
  async forecast(ctx: TenantRequestContext, f: SalesFilter & { product?: string; horizon: number }) {
    const filter = { ...this.where(f), ...(f.product ? { product: f.product } : {}) };
    const rows = await this.query(ctx, { kind: 'sale', from: f.from, to: f.to, filter, groupBy: ['month'] });
    const history = months(f.from, f.to).map((m) => ({ month: m, quantity: (rows.find((r) => r.month === m)?.quantity ?? 0) / 1000 }));
    const result = forecastSeries(
      history.map((h) => h.quantity),
      f.horizon,
    );
    const future: string[] = [];
    let m = history[history.length - 1]!.month;
    for (let i = 0; i < f.horizon; i++) {
      m = addDays(lastOfMonth(m), 1);
      future.push(m);
    }
    return {
      ...result,
      mape: result.mape === null ? null : Math.round(result.mape * 10) / 10,
      history,
      forecast: result.values.map((v, i) => ({ month: future[i], quantity: Math.round(v * 1000) / 1000 })),
    };
  }

  /**
   * Reorder suggestion per product on `to`: the demand over the lead time (next month's forecast of the last twelve
   * months' sales, per day × `leadDays`) plus safety stock (1,65 × the monthly sales' standard deviation ×
   * √(leadDays / 30): a 95 % service level), less the stock (of the warehouse, if given). Open supplier orders are
   * not subtracted: trade keeps no register of what is ordered and not yet received.
   */
  async reorder(ctx: TenantRequestContext, f: SalesFilter & { leadDays: number }) {
    const end = new Date(`${f.to.slice(0, 7)}-01T00:00:00Z`);
    end.setUTCMonth(end.getUTCMonth() - 11);
    const from = iso(end);
    const filter = this.where(f);
    const [sold, stock] = await Promise.all([
      this.query(ctx, { kind: 'sale', from, to: f.to, filter, groupBy: ['product', 'month'] }),
      this.query(ctx, { kind: 'stock', to: f.to, filter, groupBy: ['product'] }),
    ]);
    const ids = [...new Set(sold.map((r) => r.product as string))];
    const names = await (await factStore()).dimensionNames(this.db.knex, ctx.tenant.schema, 'product', ids);
    const round3 = (v: number) => Math.round(v * 1000) / 1000;
    const items = ids.map((id) => {
      const series = months(from, f.to).map((m) => (sold.find((r) => r.product === id && r.month === m)?.quantity ?? 0) / 1000);
      const forecast = forecastSeries(series, 1);
      const demand = (forecast.values[0]! / 30) * f.leadDays;
      const mean = series.reduce((a, b) => a + b, 0) / series.length;
      const sd = Math.sqrt(series.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, series.length - 1));
      const safety = 1.65 * sd * Math.sqrt(f.leadDays / 30);
      const onHand = (stock.find((r) => r.product === id)?.quantity ?? 0) / 1000;
      return { id, name: names.get(id)?.name ?? '—', stock: round3(onHand), demand: round3(demand), safetyStock: round3(safety), suggested: Math.max(0, Math.ceil(demand + safety - onHand)), method: forecast.method };
    });
    return { leadDays: f.leadDays, items: items.sort((a, b) => b.suggested - a.suggested || a.name.localeCompare(b.name)) };
  }

  async rebuild(ctx: TenantRequestContext) {
    const store = await factStore();
    const facts = await this.db.knex.transaction((trx) => rebuildTenant(trx, store, ctx.tenant.schema));
    return { store: store.kind, facts };
  }

  /** One widget's rows as an Excel sheet (the same figures the dashboard shows, money in rubles). */
  async xlsx(title: string, columns: { key: string; title: string; money?: boolean }[], rows: Record<string, unknown>[]) {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(title.slice(0, 31));
    sheet.columns = columns.map((c) => ({ header: c.title, key: c.key, width: c.money ? 16 : 36, style: c.money ? { numFmt: '#,##0.00' } : {} }));
    // Kopecks to rubles for the sheet only: the division of an integer by 100 is exact in a cell's two decimals.
    for (const r of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, c.money ? Number(r[c.key] ?? 0) / 100 : r[c.key]])));
    sheet.getRow(1).font = { bold: true };
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}

/** Sums as the dashboards show them: revenue, cost, margin in kopecks, quantity in units (a decimal string). */
function measures(r: FactRow | undefined) {
  const revenue = r?.amount ?? 0;
  const cost = r?.cost ?? 0;
  return { revenue, cost, margin: revenue - cost, vat: r?.vat ?? 0, quantity: ((r?.quantity ?? 0) / 1000).toFixed(3).replace(/\.?0+$/, '') || '0', documents: r?.documents ?? 0 };
}

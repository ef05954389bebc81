import { apiFetch, downloadWithToken } from '@workcloud/shared-ui';

export interface Filters {
  from: string;
  to: string;
  organization: string | null;
  warehouse: string | null;
  group: string | null;
}

/** Sums of a bar or a row as the API gives them: money in kopecks, quantity as a decimal string. */
export interface Measures {
  revenue: number;
  cost: number;
  margin: number;
  quantity: string;
  documents: number;
}
export type Named = Measures & { id: string | null; name: string };
export interface SalesDashboard {
  store: 'postgresql' | 'clickhouse';
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  totals: Measures;
  previousTotals: Measures;
  yearBefore: { from: string; to: string };
  yearBeforeTotals: Measures;
  byMonth: (Measures & { month: string; previous: Measures })[];
  topProducts: Named[];
  topClients: Named[];
  byManager: Named[];
}
export interface DrillDocument extends Measures {
  id: string;
  type: string;
  title: string;
  link: string;
}
export type DrillBy = 'product' | 'counterparty' | 'manager' | 'month';
export interface StockDashboard {
  value: number;
  turnoverDays: number | null;
  items: { id: string; name: string; quantity: number; value: number; revenue: number; turnoverDays: number | null; abc: 'A' | 'B' | 'C' }[];
}
export interface Ageing {
  id: string;
  name: string;
  total: number;
  d0_30: number;
  d31_60: number;
  d61_90: number;
  d90_plus: number;
}
export interface MoneyDashboard {
  balance: number;
  cashFlow: { month: string; inflow: number; outflow: number; net: number }[];
  receivables: Ageing[];
  payables: Ageing[];
}
export interface Reorder {
  leadDays: number;
  items: { id: string; name: string; stock: number; demand: number; safetyStock: number; suggested: number; method: string }[];
}
export interface ForecastResult {
  method: string;
  methodTitle: string;
  mape: number | null;
  alpha: number | null;
  beta: number | null;
  gamma: number | null;
  history: { month: string; quantity: number }[];
  forecast: { month: string; quantity: number }[];
}

export function query(f: Filters, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams({ from: f.from, to: f.to });
  for (const [k, v] of Object.entries({ organization: f.organization, warehouse: f.warehouse, group: f.group, ...extra })) if (v) q.set(k, v);
  return q.toString();
}

export const salesOf = (f: Filters) => apiFetch<SalesDashboard>(`/api/analytics/sales?${query(f)}`);
export const documentsOf = (f: Filters, by: DrillBy, value: string) => apiFetch<DrillDocument[]>(`/api/analytics/sales/documents?${query(f, { by, value })}`);
export const stockOf = (f: Filters) => apiFetch<StockDashboard>(`/api/analytics/stock?${query(f)}`);
export const moneyOf = (f: Filters) => apiFetch<MoneyDashboard>(`/api/analytics/money?${query(f)}`);
export const reorderOf = (f: Filters, leadDays: number) => apiFetch<Reorder>(`/api/analytics/reorder?${query(f, { lead_days: String(leadDays) })}`);
export const forecastOf = (f: Filters, product: string | null, horizon: number) => apiFetch<ForecastResult>(`/api/analytics/forecast?${query(f, { product: product ?? undefined, horizon: String(horizon) })}`);
export const exportWidget = (f: Filters, widget: string, title: string, extra: Record<string, string> = {}) => downloadWithToken(`/api/analytics/export?${query(f, { widget, ...extra })}`, `${title}.xlsx`);

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** This month so far: from its first day to today. */
export function thisMonth(): Filters {
  const now = new Date();
  return { from: iso(new Date(Date.UTC(now.getFullYear(), now.getMonth(), 1))), to: iso(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()))), organization: null, warehouse: null, group: null };
}

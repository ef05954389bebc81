import { navigate, todayIso, type EngineReportMeta } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';

export type Params = Record<string, string | number | null>;

/** The page's query string, re-read on every navigation (drill-down pages keep their parameters there). */
export function useLocationSearch(): URLSearchParams {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const update = () => setSearch(window.location.search);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return new URLSearchParams(search);
}

/** `?a=1&b=2` of the filled parameters only. */
export function queryOf(params: Record<string, unknown>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

const monthStart = (iso: string) => `${iso.slice(0, 8)}01`;

/**
 * A report's parameters: those in the address (a drill-down link, a bookmark, the back button), else the
 * defaults — a period from the first of this month to today, a date today. Built at once when every
 * required parameter is filled; «Сформировать» puts the parameters into the address.
 */
export function useReportParams(report: EngineReportMeta, path: string) {
  const search = useLocationSearch();
  const fromUrl = report.params.some((p) => search.has(p.name));
  const today = todayIso();
  const initial: Params = Object.fromEntries(
    report.params.map((p) => [p.name, fromUrl ? (search.get(p.name) ?? null) : p.type === 'date' ? (p.name === 'from' ? monthStart(today) : today) : null]),
  );
  const key = JSON.stringify(initial);
  const [params, setParams] = useState<Params>(initial);
  // A drill-down to the same page with other parameters (or the back button) replaces what is typed.
  useEffect(() => setParams(initial), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const missing = (p: Params) => report.params.filter((f) => f.required && (p[f.name] === null || p[f.name] === ''));
  const submitted = missing(initial).length ? null : initial;
  return {
    params,
    setParam: (name: string, value: unknown) => setParams((s) => ({ ...s, [name]: (value as string | null) ?? null })),
    canBuild: missing(params).length === 0,
    submitted,
    build: () => navigate(path + queryOf(params)),
  };
}

import {
  Alert, ApiError, Box, Button, type ModuleWidget, Typography, apiFetch, formatIsoDate, formatKopecks, linkProps, todayIso, useAbility
} from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';

interface ReportResult {
  items: Record<string, unknown>[];
  totals: Record<string, number | string>;
}

/** Reports are per organization: a company with several sums them up. */
async function overOrganizations(run: (organization: string) => Promise<ReportResult>): Promise<ReportResult[]> {
  const orgs = await apiFetch<{ items: { id: string }[] }>('/api/trade/catalogs/organizations?limit=50');
  return Promise.all(orgs.items.map((o) => run(o.id)));
}

const sum = (results: ReportResult[], field: string) => results.reduce((s, r) => s + Number(r.totals[field] ?? 0), 0);

/** Loads a figure once for the card; `null` while loading, `undefined` when it failed. */
function useFigure<T>(load: () => Promise<T>): T | null | undefined {
  const [value, setValue] = useState<T | null | undefined>(null);
  useEffect(() => {
    load().then(setValue, () => setValue(undefined));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}

const report = (code: string, params: Record<string, string>) => apiFetch<ReportResult>(`/api/trade/reports/${code}?${new URLSearchParams(params)}`);

function Figure({ testId, value }: { testId: string; value: string | null | undefined }) {
  return (
    <Typography variant="h2" component="p" data-testid={testId} sx={{ fontVariantNumeric: 'tabular-nums' }}>
      {value === null ? '…' : value === undefined ? '—' : value}
    </Typography>
  );
}

/** Выручка (без НДС) сегодня и с начала месяца. */
function SalesWidget() {
  const today = todayIso();
  const figures = useFigure(async () => {
    const [day, month] = await Promise.all([
      overOrganizations((organization) => report('sales_analysis', { from: today, to: today, organization })),
      overOrganizations((organization) => report('sales_analysis', { from: `${today.slice(0, 8)}01`, to: today, organization })),
    ]);
    return { day: sum(day, 'revenue'), month: sum(month, 'revenue') };
  });
  return (
    <>
      <Figure testId="trade-sales-today" value={figures && formatKopecks(figures.day)} />
      <Typography color="text.secondary" sx={{ mb: 1 }} data-testid="trade-sales-month">
        сегодня; с начала месяца — {figures ? formatKopecks(figures.month) : '…'}
      </Typography>
      <Button size="small" {...linkProps('/m/trade/reports/sales_analysis')}>
        Отчёт «Продажи»
      </Button>
    </>
  );
}

/** Сколько товаров ниже минимального остатка. */
function LowStockWidget() {
  const count = useFigure(async () => {
    const r = await report('stock_balance', { date: todayIso() });
    return new Set(r.items.filter((i) => i.below_min === true).map((i) => i.product_name)).size;
  });
  return (
    <>
      <Figure testId="trade-low-stock" value={count === null || count === undefined ? count : String(count)} />
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        позиций ниже минимального остатка
      </Typography>
      <Button size="small" {...linkProps('/m/trade/reports/stock_balance')}>
        Остатки товаров
      </Button>
    </>
  );
}

/** Сколько должны покупатели и сколько из этого просрочено. */
function ReceivablesWidget() {
  const figures = useFigure(async () => {
    const results = await overOrganizations((organization) => report('debts', { date: todayIso(), organization }));
    return { receivable: sum(results, 'receivable'), overdue: sum(results, 'overdue') };
  });
  return (
    <>
      <Figure testId="trade-receivables" value={figures && formatKopecks(figures.receivable)} />
      <Typography color="text.secondary" sx={{ mb: 1 }} data-testid="trade-overdue">
        должны покупатели; просрочено — {figures ? formatKopecks(figures.overdue) : '…'}
      </Typography>
      <Button size="small" {...linkProps('/m/trade/reports/debts')}>
        Взаиморасчёты
      </Button>
    </>
  );
}

interface BrokenSequence {
  organization: string;
  organizationName: string;
  brokenFrom: string;
}
interface Restored {
  organization: string;
  from: string;
  documentsReposted: number;
  costBefore: number;
  costAfter: number;
}

/**
 * «Себестоимость»: a back-dated receipt, sale or return leaves the cost of later sales as it was
 * computed then (the sequence is broken from its date). The accountant restores it here: the server
 * re-posts that organization's documents from that date in date order.
 */
function CostSequenceWidget() {
  const ability = useAbility();
  const [broken, setBroken] = useState<BrokenSequence[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Restored[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => apiFetch<BrokenSequence[]>('/api/trade/cost/sequence').then(setBroken, (e: ApiError) => setError(e.detail ?? e.message));
  useEffect(() => {
    load();
  }, []);
  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      setDone(await apiFetch<Restored[]>('/api/trade/cost/resequence', { method: 'POST', body: {} }));
      await load();
    } catch (e) {
      setError((e as ApiError).detail ?? (e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box data-testid="trade-cost-sequence">
      {broken === null && !error && <Typography color="text.secondary">…</Typography>}
      {broken?.length === 0 && <Typography>Последовательность не нарушена: себестоимость продаж рассчитана по порядку дат.</Typography>}
      {broken?.map((b) => (
        <Typography key={b.organization} color="warning.main" sx={{ fontWeight: 600 }}>
          {b.organizationName}: последовательность нарушена с {formatIsoDate(b.brokenFrom)}
        </Typography>
      ))}
      {!!broken?.length && (
        <>
          <Typography color="text.secondary" variant="body2" sx={{ my: 1 }}>
            Документ задним числом изменил остатки: себестоимость более поздних продаж нужно пересчитать.
          </Typography>
          {ability.can('post', 'trade.cost_sequence') ? (
            <Button size="small" variant="contained" disabled={busy} onClick={restore}>
              {busy ? 'Пересчитываем…' : 'Восстановить последовательность'}
            </Button>
          ) : (
            <Typography variant="body2">Восстановить её может бухгалтер.</Typography>
          )}
        </>
      )}
      {done?.map((r) => (
        <Alert key={r.organization} severity="success" sx={{ mt: 1 }}>
          Перепроведено документов с {formatIsoDate(r.from)}: {r.documentsReposted}. Себестоимость продаж: {formatKopecks(r.costBefore)} → {formatKopecks(r.costAfter)}.
        </Alert>
      ))}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
}

/** The trade module's cards on the shell's home page, each shown only to roles that may read its report. */
export const tradeWidgets: ModuleWidget[] = [
  { id: 'trade-sales', title: 'Продажи', titleEn: 'Sales', can: ['read', 'trade.sales_analysis'], Component: SalesWidget },
  { id: 'trade-low-stock', title: 'Ниже минимума', titleEn: 'Below minimum stock', can: ['read', 'trade.stock_balance'], Component: LowStockWidget },
  { id: 'trade-receivables', title: 'Дебиторская задолженность', titleEn: 'Receivables', can: ['read', 'trade.debts'], Component: ReceivablesWidget },
  { id: 'trade-cost-sequence', title: 'Себестоимость', titleEn: 'Cost of goods', can: ['read', 'trade.cost_sequence'], Component: CostSequenceWidget },
];

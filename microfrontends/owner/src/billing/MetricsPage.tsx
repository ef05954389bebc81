import {
  Box, Button, ErrorState, Loading, PageHeader, Paper, Stack, Table, TableBody, TableCell, TableContainer,
  TableHead, TableRow, TextField, Typography, formatKopecks, todayIso, useTheme
} from '@workcloud/shared-ui';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useCatalogueQuery } from '../api/ownerApi';
import { useMetricsQuery, type MonthMetrics } from './api';
import type { MetricSeries } from './MetricChart';
import { money } from './parts';
import { useBillingT } from './useBillingT';

const MetricChart = lazy(() => import('./MetricChart'));

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The range from the address (?from=2026-01&to=2026-06, so a view can be shared), else the last 12 months (billing's Moscow months). */
function initialRange() {
  const q = new URLSearchParams(window.location.search);
  const [year, month] = todayIso().split('-').map(Number);
  const yearAgo = new Date(Date.UTC(year!, month! - 12, 1)).toISOString().slice(0, 7);
  const from = q.get('from') ?? yearAgo;
  const to = q.get('to') ?? todayIso().slice(0, 7);
  return { from, to };
}

export default function MetricsPage() {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const theme = useTheme();
  const [range, setRange] = useState(initialRange);
  const valid = MONTH.test(range.from) && MONTH.test(range.to) && range.from <= range.to;
  const { data, error, isFetching, refetch } = useMetricsQuery(range, { skip: !valid });
  const { data: catalogue = [] } = useCatalogueQuery();
  const [table, setTable] = useState(false);
  useEffect(() => {
    if (valid) window.history.replaceState(null, '', `${window.location.pathname}?from=${range.from}&to=${range.to}`);
  }, [range, valid]);

  const months = data?.months ?? [];
  const labels = months.map((m) => new Date(`${m.month}-01T12:00:00`).toLocaleDateString(lang === 'en' ? 'en-GB' : 'ru-RU', { month: 'short', year: 'numeric' }));
  const last = months[months.length - 1];
  // Display-only arithmetic: exact amounts are always formatted from the integer kopecks.
  const compact = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { notation: 'compact', maximumFractionDigits: 1 });
  const rub = (v: number) => `${compact.format(v / 100)} ₽`;
  const pct = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { style: 'percent', maximumFractionDigits: 1 }).format(v));
  const count = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 2 }).format(v));
  const col = (pick: (m: MonthMetrics) => number | null) => months.map(pick);
  const p = theme.palette;
  const moduleCodes = [...new Set(months.flatMap((m) => Object.keys(m.revenueByModuleKopecks)))];
  const moduleTitle = (code: string) => {
    const m = catalogue.find((c) => c.code === code);
    return m ? (lang === 'en' ? m.titleEn : m.title) : code;
  };
  const moduleColors = [p.primary.main, p.secondary.main, p.success.main, p.warning.main, p.info.main, p.error.main];

  const chart = (label: string, series: MetricSeries[], format: (v: number | null) => string, axisFormat?: (v: number) => string) => (
    <ChartCard title={label}>
      <Suspense fallback={<Loading />}>
        <MetricChart label={label} empty={t('noData')} months={labels} series={series} format={format} axisFormat={axisFormat} />
      </Suspense>
    </ChartCard>
  );

  return (
    <Box>
      <PageHeader title={t('metrics')} subtitle={t('metricsSubtitle')} crumbs={[{ label: t('section') }, { label: t('metrics') }]} />
      <Stack direction="row" sx={{ mb: 2, flexWrap: 'wrap', gap: 2 }}>
        <TextField type="month" size="small" label={t('from')} value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} error={!valid} />
        <TextField type="month" size="small" label={t('to')} value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} error={!valid} />
      </Stack>
      {error && <ErrorState error={error} onRetry={refetch} />}
      {isFetching && !data && <Loading />}
      {data && last && (
        <>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', md: 'repeat(5, minmax(0, 1fr))' }, mb: 2 }}>
            <Kpi label={t('mrr')} value={money(last.mrrKopecks)} note={t('lastMonth', { month: labels[labels.length - 1] })} testId="kpi-mrr" />
            <Kpi label={t('arr')} value={money(last.arrKopecks)} note={t('lastMonth', { month: labels[labels.length - 1] })} />
            <Kpi label={t('arpu')} value={money(last.arpuKopecks)} note={`${t('payingClients')}: ${last.payingClients}`} />
            <Kpi label={t('ltv')} value={data.ltvKopecks === null ? '—' : formatKopecks(data.ltvKopecks)} note={data.ltvKopecks === null ? t('ltvNone') : ''} />
            <Kpi label={t('nps')} value={data.nps.score === null ? '—' : count(data.nps.score)} note={data.nps.responses ? t('npsDetail', data.nps) : t('npsNone')} testId="kpi-nps" />
          </Box>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'repeat(2, minmax(0, 1fr))' } }}>
            {chart(
              t('mrrMovements'),
              [
                { type: 'bar', stack: 'moves', label: t('newMrr'), data: col((m) => m.newMrrKopecks), color: p.success.main },
                { type: 'bar', stack: 'moves', label: t('reactivation'), data: col((m) => m.reactivationMrrKopecks), color: p.secondary.main },
                { type: 'bar', stack: 'moves', label: t('expansion'), data: col((m) => m.expansionMrrKopecks), color: p.info.main },
                { type: 'bar', stack: 'moves', label: t('contraction'), data: col((m) => -m.contractionMrrKopecks), color: p.warning.main },
                { type: 'bar', stack: 'moves', label: t('churned'), data: col((m) => -m.churnedMrrKopecks), color: p.error.main },
                { type: 'line', label: t('mrr'), data: col((m) => m.mrrKopecks), color: p.primary.main },
              ],
              money,
              rub,
            )}
            {chart(t('arr'), [{ type: 'line', label: t('arr'), data: col((m) => m.arrKopecks), color: p.primary.dark }], money, rub)}
            {chart(
              t('churn'),
              [
                { type: 'line', label: t('logoChurn'), data: col((m) => m.logoChurn), color: p.error.main },
                { type: 'line', label: t('revenueChurn'), data: col((m) => m.revenueChurn), color: p.warning.main },
              ],
              pct,
            )}
            {chart(t('conversion'), [{ type: 'bar', label: t('conversion'), data: col((m) => m.trialConversion), color: p.success.main }], pct)}
            {chart(
              t('newClientsChart'),
              [
                { type: 'bar', label: t('newClients'), data: col((m) => m.newClients), color: p.info.main },
                { type: 'bar', label: t('newPayingClients'), data: col((m) => m.newPayingClients), color: p.success.main },
              ],
              count,
            )}
            {chart(t('arpu'), [{ type: 'line', label: t('arpu'), data: col((m) => m.arpuKopecks), color: p.secondary.main }], money, rub)}
            {chart(
              t('activity'),
              [
                { type: 'bar', label: t('dau'), data: col((m) => m.dau), color: p.info.main },
                { type: 'bar', label: t('mau'), data: col((m) => m.mau), color: p.primary.main },
              ],
              count,
            )}
            {moduleCodes.length > 0 &&
              chart(
                t('byModule'),
                moduleCodes.map((code, i) => ({ type: 'bar' as const, stack: 'modules', label: moduleTitle(code), data: col((m) => m.revenueByModuleKopecks[code] ?? 0), color: moduleColors[i % moduleColors.length] })),
                money,
                rub,
              )}
          </Box>
          <Button sx={{ mt: 2 }} onClick={() => setTable(!table)} aria-expanded={table}>
            {table ? t('hideTable') : t('showTable')}
          </Button>
          {table && <NumbersTable months={months} labels={labels} pct={pct} count={count} />}
        </>
      )}
    </Box>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, minWidth: 0 }}>
      <Typography variant="h3" component="h2" gutterBottom>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function Kpi({ label, value, note, testId }: { label: string; value: string; note: string; testId?: string }) {
  return (
    <Paper variant="outlined" sx={{ p: 1.5, minWidth: 0 }} data-testid={testId}>
      <Typography color="text.secondary" sx={{ fontSize: 13 }}>
        {label}
      </Typography>
      <Typography sx={{ fontWeight: 700, fontSize: { xs: 17, sm: 20 }, fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' }}>
        {value}
      </Typography>
      <Typography color="text.secondary" sx={{ fontSize: 12 }}>
        {note}
      </Typography>
    </Paper>
  );
}

/** The same numbers as text: exact amounts, and what a screen reader reads instead of the charts. */
function NumbersTable({ months, labels, pct, count }: { months: MonthMetrics[]; labels: string[]; pct: (v: number | null) => string; count: (v: number | null) => string }) {
  const { t } = useBillingT();
  const rows: [string, (m: MonthMetrics) => string][] = [
    [t('mrr'), (m) => money(m.mrrKopecks)],
    [t('arr'), (m) => money(m.arrKopecks)],
    [t('newMrr'), (m) => money(m.newMrrKopecks)],
    [t('reactivation'), (m) => money(m.reactivationMrrKopecks)],
    [t('expansion'), (m) => money(m.expansionMrrKopecks)],
    [t('contraction'), (m) => money(m.contractionMrrKopecks)],
    [t('churned'), (m) => money(m.churnedMrrKopecks)],
    [t('payingClients'), (m) => String(m.payingClients)],
    [t('logoChurn'), (m) => pct(m.logoChurn)],
    [t('revenueChurn'), (m) => pct(m.revenueChurn)],
    [t('newClients'), (m) => String(m.newClients)],
    [t('newPayingClients'), (m) => String(m.newPayingClients)],
    [t('trials'), (m) => `${m.trialsEnded} / ${m.trialsConverted}`],
    [t('conversion'), (m) => pct(m.trialConversion)],
    [t('arpu'), (m) => money(m.arpuKopecks)],
    [t('dau'), (m) => count(m.dau)],
    [t('mau'), (m) => String(m.mau)],
    [t('dauMau'), (m) => pct(m.dauMau)],
  ];
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ mt: 1 }}>
      <Table size="small" aria-label={t('metrics')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('month')}</TableCell>
            {labels.map((l) => (
              <TableCell key={l} align="right" sx={{ whiteSpace: 'nowrap' }}>
                {l}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(([name, value]) => (
            <TableRow key={name}>
              <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap' }}>
                {name}
              </TableCell>
              {months.map((m) => (
                <TableCell key={m.month} align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                  {value(m)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

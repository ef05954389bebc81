import { Box, ErrorState, Link, Loading, PageHeader, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography, formatDate, formatKopecks } from '@workcloud/shared-ui';
import { useState } from 'react';
import { documentsOf, exportWidget, salesOf, type DrillBy, type DrillDocument, type Named } from '../api';
import { Bars, DrillDialog, FilterBar, Kpi, useDashboard, Widget } from '../components';
import { useAnalyticsT } from '../i18n';

const monthName = (iso: string, lang: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(lang === 'en' ? 'en-GB' : 'ru-RU', { month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * «Продажи»: revenue, gross profit and margin against the previous period of the same length, revenue by month
 * (beside the previous period's months), top products and customers, managers. A bar or a row opens its documents;
 * each widget's data goes to Excel.
 */
export function SalesPage() {
  const { t, i18n } = useAnalyticsT();
  const { filters, setFilters, data, error, setError, load } = useDashboard(salesOf);
  const [drill, setDrill] = useState<{ title: string; docs: DrillDocument[] | null } | null>(null);

  const open = (title: string, by: DrillBy, value: string | null) => {
    if (!value) return;
    setDrill({ title, docs: null });
    documentsOf(filters, by, value).then((docs) => setDrill({ title, docs }), (e) => (setDrill(null), setError(e)));
  };
  const top = (rows: Named[], by: DrillBy, title: string, widget: string) => (
    <Widget title={title} hint={t('drillHint')} onExcel={() => void exportWidget(filters, widget, title)}>
      {rows.length ? (
        <Bars label={title} horizontal labels={rows.map((r) => r.name)} series={[{ label: t('revenue'), data: rows.map((r) => r.revenue) }]} onBar={(i) => open(rows[i]!.name, by, rows[i]!.id)} />
      ) : (
        <Typography color="text.secondary">{t('empty')}</Typography>
      )}
    </Widget>
  );

  return (
    <Box>
      <PageHeader title={t('sales')} subtitle={data ? t('store', { store: data.store === 'clickhouse' ? 'ClickHouse' : 'PostgreSQL' }) : undefined} />
      <FilterBar value={filters} onChange={setFilters} />
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {!data ? (
        <Loading />
      ) : (
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <Kpi label={t('revenue')} value={data.totals.revenue} previous={data.previousTotals.revenue} yearAgo={data.yearBeforeTotals.revenue} />
            <Kpi label={t('margin')} value={data.totals.margin} previous={data.previousTotals.margin} yearAgo={data.yearBeforeTotals.margin} />
            <Kpi label={t('marginPercent')} value={data.totals.revenue ? Math.round((data.totals.margin / data.totals.revenue) * 1000) / 10 : 0} format={(v) => `${v.toLocaleString('ru-RU')} %`} />
            <Kpi label={t('documents')} value={data.totals.documents} previous={data.previousTotals.documents} format={(v) => String(v)} />
          </Stack>
          <Widget title={t('byMonth')} hint={t('byMonthHint')} onExcel={() => void exportWidget(filters, 'by_month', t('byMonth'))}>
            <Bars
              label={t('byMonth')}
              labels={data.byMonth.map((m) => monthName(m.month, i18n.language))}
              series={[
                { label: `${formatDate(data.period.from)} – ${formatDate(data.period.to)}`, data: data.byMonth.map((m) => m.revenue) },
                { label: `${t('previous')}: ${formatDate(data.previousPeriod.from)} – ${formatDate(data.previousPeriod.to)}`, data: data.byMonth.map((m) => m.previous.revenue) },
              ]}
              onBar={(i) => open(monthName(data.byMonth[i]!.month, i18n.language), 'month', data.byMonth[i]!.month)}
            />
          </Widget>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
            {top(data.topProducts, 'product', t('topProducts'), 'top_products')}
            {top(data.topClients, 'counterparty', t('topClients'), 'top_clients')}
          </Box>
          <Widget title={t('byManager')} onExcel={() => void exportWidget(filters, 'by_manager', t('byManager'))}>
            <TableContainer>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('name')}</TableCell>
                  <TableCell align="right">{t('revenue')}</TableCell>
                  <TableCell align="right">{t('margin')}</TableCell>
                  <TableCell align="right">{t('documents')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.byManager.map((m) => (
                  <TableRow key={m.id ?? ''}>
                    <TableCell>
                      <Link component="button" onClick={() => open(m.name, 'manager', m.id)}>
                        {m.name}
                      </Link>
                    </TableCell>
                    <TableCell align="right">{formatKopecks(m.revenue)}</TableCell>
                    <TableCell align="right">{formatKopecks(m.margin)}</TableCell>
                    <TableCell align="right">{m.documents}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            </TableContainer>
          </Widget>
        </Stack>
      )}
      <DrillDialog title={drill?.title ?? null} documents={drill?.docs ?? null} onClose={() => setDrill(null)} />
    </Box>
  );
}

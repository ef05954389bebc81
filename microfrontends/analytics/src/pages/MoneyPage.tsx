import { Box, ErrorState, Loading, PageHeader, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, formatKopecks } from '@workcloud/shared-ui';
import { exportWidget, moneyOf, type Ageing } from '../api';
import { Bars, FilterBar, Kpi, useDashboard, Widget } from '../components';
import { useAnalyticsT } from '../i18n';

const BUCKETS = ['d0_30', 'd31_60', 'd61_90', 'd90_plus'] as const;

/** «Деньги»: cash flow by month, money at the end of the period, receivables and payables by age. */
export function MoneyPage() {
  const { t } = useAnalyticsT();
  const { filters, setFilters, data, error, load } = useDashboard(moneyOf);
  const ageing = (rows: Ageing[], title: string, widget: string) => (
    <Widget title={title} onExcel={() => void exportWidget(filters, widget, title)}>
      <TableContainer>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t('counterparty')}</TableCell>
              <TableCell align="right">{t('total')}</TableCell>
              {BUCKETS.map((b) => (
                <TableCell key={b} align="right">
                  {t(b)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.name}</TableCell>
                <TableCell align="right">{formatKopecks(r.total)}</TableCell>
                {BUCKETS.map((b) => (
                  <TableCell key={b} align="right">
                    {r[b] ? formatKopecks(r[b]) : '—'}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Widget>
  );
  return (
    <Box>
      <PageHeader title={t('money')} />
      <FilterBar value={filters} onChange={setFilters} groups={false} />
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {!data ? (
        <Loading />
      ) : (
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <Kpi label={t('balance')} value={data.balance} />
            <Kpi label={t('inflow')} value={data.cashFlow.reduce((s, m) => s + m.inflow, 0)} />
            <Kpi label={t('outflow')} value={data.cashFlow.reduce((s, m) => s + m.outflow, 0)} />
          </Stack>
          <Widget title={t('cashFlow')} onExcel={() => void exportWidget(filters, 'cash_flow', t('cashFlow'))}>
            <Bars
              label={t('cashFlow')}
              labels={data.cashFlow.map((m) => m.month.slice(0, 7))}
              series={[
                { label: t('inflow'), data: data.cashFlow.map((m) => m.inflow) },
                { label: t('outflow'), data: data.cashFlow.map((m) => m.outflow) },
              ]}
            />
          </Widget>
          {ageing(data.receivables, t('receivables'), 'receivables')}
          {ageing(data.payables, t('payables'), 'payables')}
        </Stack>
      )}
    </Box>
  );
}

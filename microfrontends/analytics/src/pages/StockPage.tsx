import { Box, Chip, ErrorState, Loading, PageHeader, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, formatKopecks } from '@workcloud/shared-ui';
import { exportWidget, stockOf } from '../api';
import { FilterBar, Kpi, useDashboard, Widget } from '../components';
import { useAnalyticsT } from '../i18n';

/** «Склад»: stock value at the end of the period, turnover in days, ABC of products by revenue. */
export function StockPage() {
  const { t } = useAnalyticsT();
  const { filters, setFilters, data, error, load } = useDashboard(stockOf);
  return (
    <Box>
      <PageHeader title={t('stock')} />
      <FilterBar value={filters} onChange={setFilters} />
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {!data ? (
        <Loading />
      ) : (
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <Kpi label={t('stockValue')} value={data.value} />
            <Kpi label={t('turnover')} value={data.turnoverDays ?? 0} format={(v) => (data.turnoverDays === null ? '—' : String(v))} />
          </Stack>
          <Widget title={t('stock')} onExcel={() => void exportWidget(filters, 'stock', t('stock'))}>
            <TableContainer>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('product')}</TableCell>
                  <TableCell align="right">{t('stockQuantity')}</TableCell>
                  <TableCell align="right">{t('value')}</TableCell>
                  <TableCell align="right">{t('revenue')}</TableCell>
                  <TableCell align="right">{t('turnover')}</TableCell>
                  <TableCell>{t('abc')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.items.map((i) => (
                  <TableRow key={i.id}>
                    <TableCell>{i.name}</TableCell>
                    <TableCell align="right">{(i.quantity / 1000).toLocaleString('ru-RU')}</TableCell>
                    <TableCell align="right">{formatKopecks(i.value)}</TableCell>
                    <TableCell align="right">{formatKopecks(i.revenue)}</TableCell>
                    <TableCell align="right">{i.turnoverDays ?? '—'}</TableCell>
                    <TableCell>
                      <Chip size="small" label={i.abc} color={i.abc === 'A' ? 'success' : i.abc === 'B' ? 'warning' : 'default'} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            </TableContainer>
          </Widget>
        </Stack>
      )}
    </Box>
  );
}

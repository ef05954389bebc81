import { Box, ErrorState, Loading, MenuItem, PageHeader, RefInput, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography } from '@workcloud/shared-ui';
import { LineChart } from '@mui/x-charts';
import { useEffect, useState } from 'react';
import { forecastOf, reorderOf, type Filters, type ForecastResult, type Reorder } from '../api';
import { FilterBar, Widget } from '../components';
import { useAnalyticsT } from '../i18n';

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** The last 24 full months: two seasons, what Holt–Winters needs. */
function lastTwoYears(): Filters {
  const now = new Date();
  return { from: iso(new Date(Date.UTC(now.getFullYear() - 2, now.getMonth(), 1))), to: iso(new Date(Date.UTC(now.getFullYear(), now.getMonth(), 0))), organization: null, warehouse: null, group: null };
}

/** Sales (quantity) by month and the next 1–3 months, with the method and its error on the history. */
export function ForecastPage() {
  const { t } = useAnalyticsT();
  const [filters, setFilters] = useState<Filters>(lastTwoYears);
  const [product, setProduct] = useState<string | null>(null);
  const [horizon, setHorizon] = useState(3);
  const [data, setData] = useState<ForecastResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [leadDays, setLeadDays] = useState(14);
  const [reorder, setReorder] = useState<Reorder | null>(null);
  const load = () => {
    forecastOf(filters, product, horizon).then((d) => (setData(d), setError(null)), setError);
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(load, [filters, product, horizon]);
  useEffect(() => {
    if (leadDays >= 1 && leadDays <= 365) reorderOf(filters, leadDays).then(setReorder, setError);
  }, [filters, leadDays]);
  const months = data ? [...data.history, ...data.forecast].map((m) => m.month.slice(0, 7)) : [];
  return (
    <Box>
      <PageHeader title={t('forecast')} />
      <FilterBar value={filters} onChange={setFilters} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <Box sx={{ minWidth: 260 }}>
          <RefInput module="trade" refCode="products" size="small" label={t('product')} value={product} onChange={setProduct} />
        </Box>
        <TextField select size="small" label={t('horizon')} value={horizon} onChange={(e) => setHorizon(Number(e.target.value))} sx={{ minWidth: 160 }}>
          {[1, 2, 3].map((h) => (
            <MenuItem key={h} value={h}>
              {h}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error ? <ErrorState error={error} onRetry={load} /> : null}
      {!data ? (
        <Loading />
      ) : (
        <Widget title={product ? t('forecast') : `${t('forecast')}: ${t('allProducts')}`}>
          <Typography>{t('method', { method: data.methodTitle })}</Typography>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            {data.mape === null ? t('mapeNone') : t('mape', { mape: data.mape.toLocaleString('ru-RU') })}
          </Typography>
          <Box role="figure" aria-label={t('forecast')}>
            <LineChart
              height={280}
              xAxis={[{ scaleType: 'point', data: months }]}
              series={[
                { label: t('history'), data: [...data.history.map((h) => h.quantity), ...data.forecast.map(() => null)] },
                { label: t('forecastSeries'), data: [...data.history.map((_, i) => (i === data.history.length - 1 ? data.history[i]!.quantity : null)), ...data.forecast.map((f) => f.quantity)] },
              ]}
            />
          </Box>
        </Widget>
      )}
      <Box sx={{ mt: 2 }}>
        <Widget title={t('reorder')}>
          <TextField type="number" size="small" label={t('leadDays')} value={leadDays} onChange={(e) => setLeadDays(Number(e.target.value))} sx={{ mb: 1, width: 200 }} />
          <TableContainer>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('product')}</TableCell>
                  <TableCell align="right">{t('stockQuantity')}</TableCell>
                  <TableCell align="right">{t('demand')}</TableCell>
                  <TableCell align="right">{t('safetyStock')}</TableCell>
                  <TableCell align="right">{t('suggested')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {(reorder?.items ?? []).map((i) => (
                  <TableRow key={i.id}>
                    <TableCell>{i.name}</TableCell>
                    <TableCell align="right">{i.stock.toLocaleString('ru-RU')}</TableCell>
                    <TableCell align="right">{i.demand.toLocaleString('ru-RU')}</TableCell>
                    <TableCell align="right">{i.safetyStock.toLocaleString('ru-RU')}</TableCell>
                    <TableCell align="right">{i.suggested}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Widget>
      </Box>
    </Box>
  );
}

import {
  Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link, List, ListItem, ListItemText, Paper, RefInput, Stack, TextField, Typography,
  formatKopecks, linkProps, Loading,
} from '@workcloud/shared-ui';
import { BarChart } from '@mui/x-charts';
import { useEffect, useState, type ReactNode } from 'react';
import { thisMonth, type DrillDocument, type Filters } from './api';
import { useAnalyticsT } from './i18n';

/** A dashboard's filters and its answer for them, fetched again whenever the filters change; `load` retries. */
export function useDashboard<T>(fetch: (filters: Filters) => Promise<T>) {
  const [filters, setFilters] = useState<Filters>(thisMonth);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => {
    fetch(filters).then((d) => (setData(d), setError(null)), setError);
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(load, [filters]);
  return { filters, setFilters, data, error, setError, load };
}

/** Period, organization, warehouse and product group: every dashboard's filters. */
export function FilterBar({ value, onChange, groups = true }: { value: Filters; onChange: (f: Filters) => void; groups?: boolean }) {
  const { t } = useAnalyticsT();
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch });
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
      <TextField type="date" size="small" label={t('from')} value={value.from} onChange={(e) => e.target.value && set({ from: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
      <TextField type="date" size="small" label={t('to')} value={value.to} onChange={(e) => e.target.value && set({ to: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
      <Box sx={{ minWidth: 220 }}>
        <RefInput module="trade" refCode="organizations" size="small" label={t('organization')} value={value.organization} onChange={(organization) => set({ organization })} />
      </Box>
      <Box sx={{ minWidth: 200 }}>
        <RefInput module="trade" refCode="warehouses" size="small" label={t('warehouse')} value={value.warehouse} onChange={(warehouse) => set({ warehouse })} />
      </Box>
      {groups && (
        <Box sx={{ minWidth: 200 }}>
          <RefInput module="trade" refCode="products" filter={{ is_group: 'true' }} size="small" label={t('group')} value={value.group} onChange={(group) => set({ group })} />
        </Box>
      )}
    </Stack>
  );
}

/** A dashboard card: its title, an Excel button for its data, the content. */
export function Widget({ title, onExcel, children, hint }: { title: string; onExcel?: () => void; children: ReactNode; hint?: string }) {
  const { t } = useAnalyticsT();
  return (
    <Paper component="section" aria-label={title} variant="outlined" sx={{ p: 2, minWidth: 0 }}>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 1 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h6" component="h2">
            {title}
          </Typography>
          {hint && (
            <Typography variant="caption" color="text.secondary">
              {hint}
            </Typography>
          )}
        </Box>
        {onExcel && (
          <Button size="small" onClick={onExcel} aria-label={t('excelOf', { title })}>
            {t('excel')}
          </Button>
        )}
      </Stack>
      {children}
    </Paper>
  );
}

/** One figure with the previous period's beside it. */
export function Kpi({ label, value, previous, yearAgo, format = formatKopecks }: { label: string; value: number; previous?: number; yearAgo?: number; format?: (v: number) => string }) {
  const { t } = useAnalyticsT();
  const percent = (before: number) => ({ sign: value >= before ? '+' : '−', percent: Math.abs(Math.round(((value - before) / Math.abs(before)) * 1000) / 10).toLocaleString('ru-RU') });
  const change = previous === undefined ? null : previous === 0 ? t('noPrevious') : t('change', percent(previous));
  const yearChange = yearAgo === undefined ? null : yearAgo === 0 ? t('noYearAgo') : t('changeYear', percent(yearAgo));
  return (
    <Paper variant="outlined" sx={{ p: 2, flex: 1, minWidth: 180 }} role="group" aria-label={label}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5" component="p">
        {format(value)}
      </Typography>
      {[change, yearChange].filter(Boolean).map((c) => (
        <Typography key={c} variant="caption" color="text.secondary" component="p">
          {c}
        </Typography>
      ))}
    </Paper>
  );
}

/**
 * Bars (MUI X Charts) whose click opens the bar's documents. Each series is money in kopecks; `horizontal` for
 * the top lists, where the names are long.
 */
export function Bars({ label, labels, series, onBar, horizontal }: { label: string; labels: string[]; series: { label: string; data: number[] }[]; onBar?: (index: number) => void; horizontal?: boolean }) {
  const band = [{ scaleType: 'band' as const, data: labels, ...(horizontal ? { width: 160 } : {}) }];
  const value = [{ valueFormatter: (v: number | null) => formatKopecks(v ?? 0), ...(horizontal ? {} : { width: 90 }) }];
  return (
    <Box role="figure" aria-label={label} sx={{ width: '100%', minWidth: 0, overflow: 'hidden' }}>
      <BarChart
        height={horizontal ? Math.max(160, labels.length * 36 + 60) : 280}
        layout={horizontal ? 'horizontal' : 'vertical'}
        xAxis={(horizontal ? value : band) as never}
        yAxis={(horizontal ? band : value) as never}
        series={series.map((s) => ({ ...s, valueFormatter: (v: number | null) => formatKopecks(v ?? 0) }))}
        hideLegend={series.length < 2}
        onItemClick={onBar ? (_e, item) => onBar(item.dataIndex) : undefined}
      />
    </Box>
  );
}

/** The documents behind a bar or a row, each a link to its page. */
export function DrillDialog({ title, documents, onClose }: { title: string | null; documents: DrillDocument[] | null; onClose: () => void }) {
  const { t } = useAnalyticsT();
  return (
    <Dialog open={title !== null} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('documentsOf', { what: title ?? '' })}</DialogTitle>
      <DialogContent>
        {!documents ? (
          <Loading />
        ) : documents.length === 0 ? (
          <Typography>{t('documentsEmpty')}</Typography>
        ) : (
          <List dense>
            {documents.map((d) => (
              <ListItem key={d.id} disableGutters>
                <ListItemText
                  primary={
                    <Link {...linkProps(d.link)} onClick={(e) => (onClose(), linkProps(d.link).onClick(e))}>
                      {d.title}
                    </Link>
                  }
                  secondary={`${t('revenue')}: ${formatKopecks(d.revenue)} · ${t('margin')}: ${formatKopecks(d.margin)}`}
                />
              </ListItem>
            ))}
          </List>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

import {
  Alert, Box as Layout, Button, Checkbox, DataTable, DateInput, ErrorState, FormControlLabel, List, ListItem, ListItemText, MenuItem, PageHeader, Paper, Stack, Switch, TextField, Typography,
  apiFetch, formatIsoDate, formatKopecks, linkProps, navigate, useAbility, useDebounced, usePaging, type DataTableColumn,
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { BOX_STATUSES, type Box, type EdoDocument, type FlowStatus } from '../api';
import { useEdoT } from '../i18n';
import { StatusChip } from '../StatusChip';

interface Filters {
  status: FlowStatus | '';
  search: string;
  from: string;
  to: string;
  unread: boolean;
}

/** The list's query: the engine's list API of the box's catalog, its filters as parameters. */
function queryOf(f: Filters, limit: number, offset: number) {
  const q = new URLSearchParams({ limit: String(limit), offset: String(offset), sort: '-doc_date' });
  if (f.status) q.set('flow_status', f.status);
  if (f.search.trim()) q.set('search', f.search.trim());
  if (f.from) q.set('doc_date_from', f.from);
  if (f.to) q.set('doc_date_to', f.to);
  if (f.unread) q.set('unread', 'true');
  return q;
}

/** POST /api/edo/bulk/:action: what happened to each chosen document. */
interface BulkResult {
  done: number;
  failed: number;
  results: { id: string; name: string | null; ok: boolean; status_title: string | null; error: string | null }[];
}

/**
 * «Входящие» / «Исходящие»: counterparty, document, number and date, amount, status in words; new ones (the
 * counterparty did something since the card was last opened) in bold with «Новое». Filters: status,
 * counterparty (or number), period, only new.
 */
export function BoxListPage({ basePath, box }: { basePath: string; box: Box }) {
  const { t } = useEdoT();
  const [filters, setFilters] = useState<Filters>({ status: '', search: '', from: '', to: '', unread: false });
  const search = useDebounced(filters.search);
  const paging = usePaging();
  const [data, setData] = useState<{ items: EdoDocument[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const query = queryOf({ ...filters, search }, paging.limit, paging.offset).toString();
  const load = () => {
    setLoading(true);
    apiFetch<{ items: EdoDocument[]; total: number }>(`/api/edo/catalogs/${box}?${query}`)
      .then((d) => (setData(d), setError(null)), setError)
      .finally(() => setLoading(false));
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(load, [query]);
  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    paging.setPage((p) => ({ ...p, page: 0 }));
  };

  // Inbox documents are chosen with a check box and signed together; each gets its own result.
  const ability = useAbility();
  const bulk = box === 'inbox' && ability.can('update', 'edo.inbox');
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const [bulkError, setBulkError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const signSelected = async () => {
    setBusy(true);
    setBulkError(null);
    setBulkResult(null);
    try {
      const r = await apiFetch<BulkResult>('/api/edo/bulk/sign', { method: 'POST', body: { box, ids: selected } });
      const names = new Map((data?.items ?? []).map((d) => [d.id, d.name]));
      setBulkResult({ ...r, results: r.results.map((x) => ({ ...x, name: x.name ?? names.get(x.id) ?? x.id })) });
      setSelected([]);
      load();
    } catch (e) {
      setBulkError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const open = (d: EdoDocument) => `${basePath}/${box}/${d.id}`;
  const selectColumn: DataTableColumn<EdoDocument> = {
    field: 'select',
    headerName: t('select'),
    width: 80,
    sortable: false,
    renderCell: ({ row }) => (
      <Checkbox size="small" checked={selected.includes(row.id)} onClick={(e) => e.stopPropagation()} onChange={() => toggle(row.id)} slotProps={{ input: { 'aria-label': t('selectOf', { name: row.name }) } }} />
    ),
  };
  const columns: DataTableColumn<EdoDocument>[] = [
    ...(bulk ? [selectColumn] : []),
    {
      field: 'counterparty_name',
      headerName: t('counterparty'),
      flex: 1.4,
      minWidth: 200,
      sortable: false,
      renderCell: ({ row }) => (
        <Layout component="a" {...linkProps(open(row))} sx={{ color: 'inherit', fontWeight: row.unread ? 700 : 400 }} aria-label={`${row.counterparty_name ?? ''}${row.unread ? `, ${t('unread')}` : ''}`}>
          {row.counterparty_name}
        </Layout>
      ),
    },
    { field: 'doc_type', headerName: t('kind'), flex: 0.8, minWidth: 140, sortable: false, valueGetter: (_v, row) => t(`docTypes.${row.doc_type}`) },
    { field: 'doc_number', headerName: t('numberDate'), flex: 1.1, minWidth: 200, sortable: false, valueGetter: (_v, row) => t('numberOf', { number: row.doc_number, date: formatIsoDate(row.doc_date ?? '') }) },
    { field: 'total', headerName: t('amount'), type: 'number', flex: 0.7, minWidth: 120, sortable: false, valueFormatter: (v: number) => formatKopecks(v) },
    { field: 'flow_status', headerName: t('status'), flex: 1, minWidth: 190, sortable: false, renderCell: ({ row }) => <StatusChip status={row.flow_status} type={row.doc_type} /> },
    { field: 'unread', headerName: t('unread'), flex: 0.4, minWidth: 80, sortable: false, valueGetter: (_v, row) => (row.unread ? t('unread') : '') },
  ];

  return (
    <>
      <PageHeader title={t(box)} subtitle={t(`${box}Hint`)} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2, alignItems: { md: 'center' } }}>
        <TextField select size="small" label={t('status')} value={filters.status} onChange={(e) => set({ status: e.target.value as FlowStatus | '' })} sx={{ minWidth: 220 }}>
          <MenuItem value="">{t('anyStatus')}</MenuItem>
          {BOX_STATUSES[box].map((s) => (
            <MenuItem key={s} value={s}>
              {t(`statuses.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" label={t('searchCounterparty')} value={filters.search} onChange={(e) => set({ search: e.target.value })} sx={{ minWidth: 240 }} />
        <Layout sx={{ minWidth: 170 }}>
          <DateInput size="small" label={t('periodFrom')} value={filters.from} onChange={(from) => set({ from })} />
        </Layout>
        <Layout sx={{ minWidth: 170 }}>
          <DateInput size="small" label={t('periodTo')} value={filters.to} onChange={(to) => set({ to })} />
        </Layout>
        <FormControlLabel control={<Switch checked={filters.unread} onChange={(e) => set({ unread: e.target.checked })} />} label={t('onlyUnread')} />
      </Stack>
      {bulk && (selected.length > 0 || bulkResult || bulkError) && (
        <Paper variant="outlined" component="section" aria-label={t('bulkResults')} sx={{ p: 2, mb: 2 }}>
          {selected.length > 0 && (
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography>{t('selected', { count: selected.length })}</Typography>
              <Button variant="contained" disabled={busy} onClick={signSelected}>
                {t('bulkSign')}
              </Button>
              <Button disabled={busy} onClick={() => setSelected([])}>
                {t('clearSelection')}
              </Button>
            </Stack>
          )}
          {bulkError && <Alert severity="error" sx={{ mt: 1 }}>{bulkError}</Alert>}
          {bulkResult && (
            <>
              <Alert severity={bulkResult.failed ? 'warning' : 'success'} sx={{ mt: 1 }}>
                {t('bulkDone', { done: bulkResult.done, failed: bulkResult.failed })}
              </Alert>
              <List dense aria-label={t('bulkResults')}>
                {bulkResult.results.map((r) => (
                  <ListItem key={r.id}>
                    <ListItemText primary={r.name} secondary={r.ok ? r.status_title : r.error} slotProps={{ secondary: { color: r.ok ? 'text.secondary' : 'error' } }} />
                  </ListItem>
                ))}
              </List>
            </>
          )}
        </Paper>
      )}
      {error ? (
        <ErrorState error={error} onRetry={load} />
      ) : (
        <DataTable<EdoDocument>
          ariaLabel={t(box)}
          rows={data?.items ?? []}
          columns={columns}
          loading={loading}
          server
          rowCount={data?.total ?? 0}
          paginationModel={paging.page}
          onPaginationModelChange={paging.setPage}
          onRowClick={(row) => navigate(open(row))}
          toolbar={false}
        />
      )}
    </>
  );
}

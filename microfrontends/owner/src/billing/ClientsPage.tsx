import {
  Box, Chip, DataTable, type DataTableColumn, ErrorState, InputAdornment, Link, PageHeader, SearchIcon, Stack,
  TextField, formatDate, formatDateTime, linkProps, navigate
} from '@workcloud/shared-ui';
import { useMemo, useState } from 'react';
import { useCatalogueQuery } from '../api/ownerApi';
import { useBillingClientsQuery, type BillingClient } from './api';
import { Amount, ClientStatusChip, displayStatus, type DisplayStatus } from './parts';
import { useBillingT } from './useBillingT';

const FILTERS: DisplayStatus[] = ['trial', 'active', 'past_due', 'suspended', 'cancelled', 'archived'];

/** Every client with its money: the list is small (one row per company), so it is filtered here. */
export function ClientsPage() {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const { data, isFetching, error, refetch } = useBillingClientsQuery();
  const { data: catalogue = [] } = useCatalogueQuery();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<DisplayStatus | ''>('');
  const clients = data?.items ?? [];
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return clients.filter((c) => (!status || displayStatus(c) === status) && (!needle || c.name.toLowerCase().includes(needle) || c.inn.includes(needle)));
  }, [clients, q, status]);
  const title = (code: string) => {
    const m = catalogue.find((c) => c.code === code);
    return m ? (lang === 'en' ? m.titleEn : m.title) : code;
  };

  const columns: DataTableColumn<BillingClient>[] = [
    {
      field: 'name',
      headerName: t('company'),
      flex: 1.2,
      minWidth: 170,
      // A real link, so the card opens from the keyboard too (the row click is for the mouse).
      renderCell: (p) => (
        <span>
          <Link {...linkProps(`/m/owner/billing/clients/${p.row.id}`)}>{p.row.name}</Link>{' '}
          <Box component="span" sx={{ color: 'text.secondary', fontSize: 13 }}>
            · {p.row.inn}
          </Box>
        </span>
      ),
    },
    { field: 'status', headerName: t('status'), width: 140, valueGetter: (_v, row) => displayStatus(row), renderCell: (p) => <ClientStatusChip status={displayStatus(p.row)} /> },
    {
      field: 'modules',
      headerName: t('modules'),
      flex: 1,
      minWidth: 150,
      sortable: false,
      renderCell: (p) => (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, py: 0.5 }}>
          {p.row.modules.filter((m) => m !== 'admin').map((m) => (
            <Chip key={m} size="small" label={title(m)} sx={{ maxWidth: '100%' }} />
          ))}
        </Stack>
      ),
    },
    { field: 'monthlyKopecks', headerName: t('monthly'), width: 120, align: 'right', headerAlign: 'right', renderCell: (p) => <Amount k={p.row.monthlyKopecks} /> },
    { field: 'balanceKopecks', headerName: t('balance'), width: 120, align: 'right', headerAlign: 'right', renderCell: (p) => <Amount k={p.row.balanceKopecks} /> },
    { field: 'lastPaymentAt', headerName: t('lastPayment'), width: 120, valueFormatter: (v: string | null) => formatDate(v, lang) },
    { field: 'lastSignInAt', headerName: t('lastSignIn'), width: 140, valueFormatter: (v: string | null) => formatDateTime(v, lang) },
  ];

  return (
    <Box>
      <PageHeader title={t('clients')} subtitle={t('clientsSubtitle')} crumbs={[{ label: t('section') }, { label: t('clients') }]} />
      <Stack spacing={1.5} sx={{ mb: 2 }}>
        <TextField
          label={t('search')}
          size="small"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment> } }}
          sx={{ maxWidth: 480 }}
        />
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1 }} role="group" aria-label={t('status')}>
          {['' as const, ...FILTERS].map((s) => {
            const count = s ? clients.filter((c) => displayStatus(c) === s).length : clients.length;
            return (
              <Chip
                key={s || 'all'}
                label={`${s ? t(`statuses.${s}`) : t('all')} · ${count}`}
                color={status === s ? 'primary' : 'default'}
                variant={status === s ? 'filled' : 'outlined'}
                onClick={() => setStatus(s)}
                aria-pressed={status === s}
              />
            );
          })}
        </Stack>
      </Stack>
      {error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : (
        <DataTable ariaLabel={t('clients')} rows={rows} columns={columns} loading={isFetching} onRowClick={(row) => navigate(`/m/owner/billing/clients/${row.id}`)} rowHeight="auto" />
      )}
    </Box>
  );
}

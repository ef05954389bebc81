import {
  AddBusinessIcon, Box, Button, Chip, DataTable, type DataTableColumn, ErrorState, InputAdornment, MenuItem,
  PageHeader, SearchIcon, Stack, TextField, formatDate, formatDateTime, formatKopecks, linkProps, navigate
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useCatalogueQuery, useTenantsQuery, type TenantRow } from '../api/ownerApi';
import { StatusChip } from '../components/StatusChip';
import { useOwnerT } from '../useOwnerT';

const STATUSES = ['trial', 'active', 'past_due', 'suspended', 'archived', 'provisioning'];

export function TenantsPage() {
  const { t, i18n } = useOwnerT();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState({ page: 0, pageSize: 25 });
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 300);
    return () => clearTimeout(timer);
  }, [q]);
  const { data: catalogue = [] } = useCatalogueQuery();
  const moduleTitle = (code: string) => {
    const m = catalogue.find((c) => c.code === code);
    return m ? (i18n.language === 'en' ? m.titleEn : m.title) : code;
  };
  const { data, isFetching, error, refetch } = useTenantsQuery({ q: debounced, status, limit: page.pageSize, offset: page.page * page.pageSize });

  const columns: DataTableColumn<TenantRow>[] = [
    { field: 'name', headerName: t('company'), flex: 1.4, minWidth: 200, sortable: false },
    { field: 'inn', headerName: t('inn'), width: 130, sortable: false },
    { field: 'status', headerName: t('status'), width: 160, sortable: false, renderCell: (p) => <StatusChip status={p.row.status} /> },
    {
      field: 'modules',
      headerName: t('modules'),
      flex: 1,
      minWidth: 180,
      sortable: false,
      renderCell: (p) => (
        <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5, py: 1 }}>
          {p.row.modules.map((m) => (
            <Chip key={m} size="small" label={moduleTitle(m)} sx={{ maxWidth: "100%" }} />
          ))}
        </Stack>
      ),
    },
    { field: 'monthlyKopecks', headerName: t('monthly'), width: 140, align: 'right', headerAlign: 'right', sortable: false, valueFormatter: (v: number) => formatKopecks(v) },
    { field: 'userCount', headerName: t('users'), width: 110, type: 'number', sortable: false },
    { field: 'lastSignInAt', headerName: t('lastSignIn'), width: 150, sortable: false, valueFormatter: (v: string) => formatDateTime(v, i18n.language) },
    { field: 'createdAt', headerName: t('createdAt'), width: 120, sortable: false, valueFormatter: (v: string) => formatDate(v, i18n.language) },
  ];

  return (
    <Box>
      <PageHeader
        title={t('tenants')}
        subtitle={t('tenantsSubtitle')}
        crumbs={[{ label: t('section'), path: '/m/owner' }, { label: t('tenants') }]}
        actions={
          <Button variant="contained" startIcon={<AddBusinessIcon />} {...linkProps('/m/owner/onboard')}>
            {t('onboard')}
          </Button>
        }
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField
          label={t('search')}
          size="small"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage((p) => ({ ...p, page: 0 }));
          }}
          sx={{ flex: 1 }}
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment> } }}
        />
        <TextField select size="small" label={t('status')} value={status} onChange={(e) => setStatus(e.target.value)} sx={{ minWidth: 200 }}>
          <MenuItem value="">{t('allStatuses')}</MenuItem>
          {STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`statuses.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      {error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : (
        <DataTable
          ariaLabel={t('tenants')}
          rows={data?.items ?? []}
          columns={columns}
          loading={isFetching}
          server
          rowCount={data?.total ?? 0}
          paginationModel={page}
          onPaginationModelChange={setPage}
          onRowClick={(row) => navigate(`/m/owner/tenants/${row.id}`)}
          rowHeight="auto"
        />
      )}
    </Box>
  );
}

import {
  AddBusinessIcon, Box, Button, Chip, type DataTableColumn, InputAdornment, MenuItem, PageHeader, PagedDataTable,
  SearchIcon, Stack, TextField, formatDate, formatDateTime, formatKopecks, linkProps, navigate, useDebounced, usePaging
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useCatalogueQuery, useTenantsQuery, type TenantRow } from '../api/ownerApi';
import { StatusChip } from '../components/StatusChip';
import { useOwnerT } from '../useOwnerT';

const STATUSES = ['trial', 'active', 'past_due', 'suspended', 'archived', 'provisioning'];

export function TenantsPage() {
  const { t, i18n } = useOwnerT();
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const [status, setStatus] = useState('');
  const paging = usePaging();
  const { data: catalogue = [] } = useCatalogueQuery();
  const moduleTitle = (code: string) => {
    const m = catalogue.find((c) => c.code === code);
    return m ? (i18n.language === 'en' ? m.titleEn : m.title) : code;
  };
  const query = useTenantsQuery({ q: search, status, limit: paging.limit, offset: paging.offset });

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
            paging.setPage((p) => ({ ...p, page: 0 }));
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
      <PagedDataTable
        ariaLabel={t('tenants')}
        query={query}
        paging={paging}
        columns={columns}
        onRowClick={(row) => navigate(`/m/owner/tenants/${row.id}`)}
        rowHeight="auto"
      />
    </Box>
  );
}

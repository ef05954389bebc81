import {
  Box, Button, Can, Chip, DataTable, type DataTableColumn, ErrorState, InputAdornment, MenuItem, PageHeader,
  PersonAddIcon, SearchIcon, Stack, TextField, formatDate, useAbility
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useSetUserActiveMutation, useUsersQuery, type TenantUser } from '../api/adminApi';
import { InviteDialog } from '../components/InviteDialog';
import { UserRolesDialog } from '../components/UserRolesDialog';
import { useAdminT } from '../useAdminT';

export function UsersPage() {
  const { t, i18n } = useAdminT();
  const ability = useAbility();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState({ page: 0, pageSize: 25 });
  const [inviteOpen, setInviteOpen] = useState(false);
  const [editing, setEditing] = useState<TenantUser | null>(null);
  const [setActive] = useSetUserActiveMutation();
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 300);
    return () => clearTimeout(timer);
  }, [q]);
  const { data, isFetching, error, refetch } = useUsersQuery({ q: debounced, status, limit: page.pageSize, offset: page.page * page.pageSize });
  const canUpdate = ability.can('update', 'User');

  const columns: DataTableColumn<TenantUser>[] = [
    { field: 'fullName', headerName: t('fullName'), flex: 1, minWidth: 180, sortable: false },
    { field: 'email', headerName: t('email'), flex: 1, minWidth: 200, sortable: false },
    {
      field: 'roles',
      headerName: t('roles'),
      flex: 1,
      minWidth: 180,
      sortable: false,
      renderCell: (p) => (
        <Stack direction="row" spacing={0.5} sx={{ py: 1, flexWrap: 'wrap', gap: 0.5 }}>
          {p.row.roles.map((r) => (
            <Chip key={r.id} size="small" label={r.name} />
          ))}
        </Stack>
      ),
    },
    {
      field: 'status',
      headerName: t('status'),
      width: 120,
      sortable: false,
      renderCell: (p) => <Chip size="small" color={p.row.status === 'active' ? 'success' : 'default'} variant="outlined" label={t(p.row.status)} />,
    },
    { field: 'joinedAt', headerName: t('joinedAt'), width: 130, sortable: false, valueFormatter: (v: string) => formatDate(v, i18n.language) },
  ];
  if (canUpdate)
    columns.push({
      field: 'actions',
      headerName: t('common:actions'),
      width: 220,
      sortable: false,
      filterable: false,
      renderCell: (p) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          <Button size="small" onClick={() => setEditing(p.row)}>
            {t('changeRoles')}
          </Button>
          <Button size="small" color={p.row.status === 'active' ? 'warning' : 'success'} onClick={() => setActive({ id: p.row.id, active: p.row.status !== 'active' })}>
            {p.row.status === 'active' ? t('deactivate') : t('activate')}
          </Button>
        </Stack>
      ),
    });

  return (
    <Box>
      <PageHeader
        title={t('users')}
        subtitle={t('usersSubtitle')}
        crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('users') }]}
        actions={
          <Can I="create" a="User">
            <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setInviteOpen(true)}>
              {t('invite')}
            </Button>
          </Can>
        }
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField
          label={t('searchUsers')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage((p) => ({ ...p, page: 0 }));
          }}
          sx={{ flex: 1 }}
          size="small"
          slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment> } }}
        />
        <TextField select label={t('status')} value={status} onChange={(e) => setStatus(e.target.value)} size="small" sx={{ minWidth: 180 }}>
          <MenuItem value="">{t('allStatuses')}</MenuItem>
          <MenuItem value="active">{t('active')}</MenuItem>
          <MenuItem value="deactivated">{t('deactivated')}</MenuItem>
        </TextField>
      </Stack>
      {error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : (
        <DataTable
          ariaLabel={t('users')}
          rows={data?.items ?? []}
          columns={columns}
          loading={isFetching}
          server
          rowCount={data?.total ?? 0}
          paginationModel={page}
          onPaginationModelChange={setPage}
          rowHeight="auto"
        />
      )}
      {inviteOpen && <InviteDialog onClose={() => setInviteOpen(false)} />}
      {editing && <UserRolesDialog user={editing} onClose={() => setEditing(null)} />}
    </Box>
  );
}

import {
  Box, Button, Can, Chip, type DataTableColumn, ErrorState, InputAdornment, MenuItem, PageHeader, PagedDataTable, PersonAddIcon,
  SearchIcon, Snackbar, Stack, TextField, formatDate, useAbility, useDebounced, usePaging
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useEndUserSessionsMutation, useSetUserActiveMutation, useUsersQuery, type TenantUser } from '../api/adminApi';
import { ErasureRequests } from '../components/ErasureRequests';
import { InviteDialog } from '../components/InviteDialog';
import { PasswordPolicyDialog } from '../components/PasswordPolicyDialog';
import { UserRolesDialog } from '../components/UserRolesDialog';
import { ConfirmDialog } from '../security/ConfirmDialog';
import { useAdminT } from '../useAdminT';

export function UsersPage() {
  const { t, i18n } = useAdminT();
  const ability = useAbility();
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const [status, setStatus] = useState('');
  const paging = usePaging();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [editing, setEditing] = useState<TenantUser | null>(null);
  const [policyOpen, setPolicyOpen] = useState(false);
  const [setActive] = useSetUserActiveMutation();
  const [endSessions, endState] = useEndUserSessionsMutation();
  const [ending, setEnding] = useState<TenantUser | null>(null);
  const [ended, setEnded] = useState<number | null>(null);
  const query = useUsersQuery({ q: search, status, limit: paging.limit, offset: paging.offset });
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
      width: 400,
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
          <Button size="small" color="error" onClick={() => setEnding(p.row)}>
            {t('endSessions')}
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
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {canUpdate && <Button onClick={() => setPolicyOpen(true)}>{t('passwordPolicy')}</Button>}
            <Can I="create" a="User">
              <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setInviteOpen(true)}>
                {t('invite')}
              </Button>
            </Can>
          </Stack>
        }
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField
          label={t('searchUsers')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            paging.setPage((p) => ({ ...p, page: 0 }));
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
      {ability.can('delete', 'User') && <ErasureRequests />}
      {endState.error && <ErrorState error={endState.error} />}
      <PagedDataTable ariaLabel={t('users')} query={query} paging={paging} columns={columns} rowHeight="auto" />
      {inviteOpen && <InviteDialog onClose={() => setInviteOpen(false)} />}
      {editing && <UserRolesDialog user={editing} onClose={() => setEditing(null)} />}
      {policyOpen && <PasswordPolicyDialog onClose={() => setPolicyOpen(false)} />}
      {ending && (
        <ConfirmDialog
          text={t('endSessionsConfirm', { name: ending.fullName })}
          action={t('endSessions')}
          onClose={() => setEnding(null)}
          onConfirm={() => {
            const id = ending.id;
            setEnding(null);
            endSessions(id)
              .unwrap()
              .then((r) => setEnded(r.ended))
              .catch(() => {
                /* shown above the list */
              });
          }}
        />
      )}
      <Snackbar open={ended !== null} autoHideDuration={4000} onClose={() => setEnded(null)} message={t('sessionsEnded', { count: ended ?? 0 })} />
    </Box>
  );
}

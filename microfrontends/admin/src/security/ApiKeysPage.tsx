import {
  Box, Button, Chip, DataTable, Dialog, DialogActions, DialogContent, DialogTitle, EmptyState, ErrorState, MenuItem, PageHeader, Stack, TextField, fieldErrors, type DataTableColumn
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useRolesQuery } from '../api/adminApi';
import { useApiKeysQuery, useIssueApiKeyMutation, useRevokeApiKeyMutation, type ApiKey } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { ShownOnce } from './ShownOnce';
import { useSecurityT } from './useSecurityT';

const utc = (v: string | null) => (v ? v.replace('T', ' ').slice(0, 16) : '—');
const STATUS_COLORS = { active: 'success', expired: 'default', revoked: 'error' } as const;

/** «API-ключи»: the company's keys — issue one (shown once), see its last use, revoke it. */
export function ApiKeysPage() {
  const { t } = useSecurityT();
  const keys = useApiKeysQuery();
  const [revoke] = useRevokeApiKeyMutation();
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const columns: DataTableColumn<ApiKey>[] = [
    { field: 'name', headerName: t('name'), flex: 1, minWidth: 180, valueGetter: (_v, row) => `${row.name} (${row.prefix}…)` },
    { field: 'roleName', headerName: t('role'), width: 170, valueFormatter: (v: string | null) => v ?? t('roleGone') },
    { field: 'allowedCidrs', headerName: t('allowedCidrs'), width: 180, sortable: false, valueFormatter: (v: string[]) => (v.length ? v.join(', ') : t('anyAddress')) },
    { field: 'expiresAt', headerName: t('expiresAt'), width: 150, valueFormatter: utc },
    { field: 'lastUsedAt', headerName: t('lastUsed'), width: 200, valueGetter: (_v, row) => (row.lastUsedAt ? `${utc(row.lastUsedAt)} · ${row.lastUsedIp ?? ''}` : t('never')) },
    { field: 'status', headerName: t('status'), width: 120, renderCell: (p) => <Chip size="small" variant="outlined" color={STATUS_COLORS[p.row.status]} label={t(p.row.status)} /> },
    {
      field: 'actions',
      headerName: '',
      width: 130,
      sortable: false,
      renderCell: (p) => (p.row.status === 'active' ? <Button size="small" color="error" onClick={() => setRevoking(p.row)}>{t('revoke')}</Button> : null),
    },
  ];

  return (
    <Box>
      <PageHeader
        title={t('apiKeys')}
        subtitle={t('apiKeysSubtitle')}
        crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('apiKeys') }]}
        actions={<Button variant="contained" onClick={() => setIssuing(true)}>{t('issueKey')}</Button>}
      />
      {keys.error ? (
        <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data && !keys.data.length ? (
        <EmptyState title={t('noKeys')} />
      ) : (
        <DataTable<ApiKey> rows={keys.data ?? []} columns={columns} loading={keys.isFetching} />
      )}
      {issuing && <IssueKeyDialog onClose={() => { setIssuing(false); keys.refetch(); }} />}
      {revoking && (
        <ConfirmDialog
          text={t('revokeConfirm', { name: revoking.name })}
          action={t('revoke')}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await revoke(revoking.id);
            setRevoking(null);
            keys.refetch();
          }}
        />
      )}
    </Box>
  );
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function IssueKeyDialog({ onClose }: { onClose: () => void }) {
  const { t } = useSecurityT();
  const roles = useRolesQuery();
  const [issue, { data: issued, error, isLoading }] = useIssueApiKeyMutation();
  const [form, setForm] = useState({ name: '', roleId: '', expiresOn: inDays(90), cidrs: '', rate: '600' });
  const errors = fieldErrors(error);
  const submit = () =>
    void issue({
      name: form.name,
      roleId: form.roleId,
      expiresAt: `${form.expiresOn}T23:59:59Z`,
      allowedCidrs: form.cidrs.split(/[,\s]+/).filter(Boolean),
      requestsPerMinute: Number(form.rate),
    });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="issue-key-title">
      <DialogTitle id="issue-key-title">{t('issueKey')}</DialogTitle>
      <DialogContent>
        {issued ? (
          <ShownOnce label={t('keyShownOnce')} value={issued.key} />
        ) : (
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error && !Object.keys(errors).length && <ErrorState error={error} />}
            <TextField label={t('name')} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} error={!!errors.name} helperText={errors.name} required autoFocus />
            <TextField select label={t('role')} value={form.roleId} onChange={(e) => setForm({ ...form, roleId: e.target.value })} error={!!errors.roleId} helperText={errors.roleId} required>
              {roles.data?.map((r) => (
                <MenuItem key={r.id} value={r.id}>
                  {r.name}
                </MenuItem>
              ))}
            </TextField>
            <TextField type="date" label={t('expiresAt')} value={form.expiresOn} onChange={(e) => setForm({ ...form, expiresOn: e.target.value })} error={!!errors.expiresAt} helperText={errors.expiresAt} slotProps={{ inputLabel: { shrink: true } }} />
            <TextField label={t('allowedCidrs')} value={form.cidrs} onChange={(e) => setForm({ ...form, cidrs: e.target.value })} error={!!Object.keys(errors).find((k) => k.startsWith('allowedCidrs'))} helperText={Object.entries(errors).find(([k]) => k.startsWith('allowedCidrs'))?.[1] ?? t('allowedCidrsHelp')} />
            <TextField type="number" label={t('rate')} value={form.rate} onChange={(e) => setForm({ ...form, rate: e.target.value })} error={!!errors.requestsPerMinute} helperText={errors.requestsPerMinute} />
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {issued ? (
          <Button variant="contained" onClick={onClose}>{t('done')}</Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common:cancel')}</Button>
            <Button variant="contained" onClick={submit} disabled={isLoading || !form.name || !form.roleId}>{t('issueKey')}</Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

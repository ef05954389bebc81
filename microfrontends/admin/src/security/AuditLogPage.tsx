import { Alert, Box, Button, MenuItem, PageHeader, PagedDataTable, Stack, TextField, downloadWithToken, usePaging, type DataTableColumn } from '@workcloud/shared-ui';
import { useState } from 'react';
import { queryOf, useAuditActionsQuery, useAuditLogQuery, useVerifyAuditMutation, type AuditEntry, type AuditFilter } from './api';
import { useSecurityT } from './useSecurityT';

const short = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v).slice(0, 200));

/** «Журнал действий»: the company's audit log — search by period, person, object and action; CSV; the integrity check. */
export function AuditLogPage() {
  const { t } = useSecurityT();
  const paging = usePaging(50);
  const [filter, setFilter] = useState<AuditFilter>({});
  const query = useAuditLogQuery({ ...filter, limit: paging.limit, offset: paging.offset });
  const actions = useAuditActionsQuery();
  const [verify, verified] = useVerifyAuditMutation();
  const change = (patch: AuditFilter) => {
    setFilter((f) => ({ ...f, ...patch }));
    paging.setPage((p) => ({ ...p, page: 0 }));
  };

  const columns: DataTableColumn<AuditEntry>[] = [
    { field: 'at', headerName: t('at'), width: 170, sortable: false, valueFormatter: (v: string) => v.replace('T', ' ').slice(0, 19) },
    {
      field: 'userEmail',
      headerName: t('person'),
      flex: 1,
      minWidth: 200,
      sortable: false,
      valueGetter: (_v, row) => [row.userName ?? row.userEmail ?? '—', row.apiKeyId ? t('byKey', { prefix: row.apiKeyId.slice(0, 8) }) : ''].filter(Boolean).join(' · '),
    },
    { field: 'ip', headerName: t('address'), width: 130, sortable: false },
    { field: 'action', headerName: t('action'), width: 120, sortable: false },
    { field: 'entity', headerName: t('object'), width: 180, sortable: false },
    { field: 'entityId', headerName: t('objectId'), width: 140, sortable: false },
    { field: 'after', headerName: t('details'), flex: 1, minWidth: 240, sortable: false, valueGetter: (_v, row) => [short(row.before), short(row.after)].filter(Boolean).join(' → ') },
  ];

  return (
    <Box>
      <PageHeader
        title={t('audit')}
        subtitle={t('auditSubtitle')}
        crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('audit') }]}
        actions={
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            <Button onClick={() => void verify()} disabled={verified.isLoading}>{t('verify')}</Button>
            <Button onClick={() => downloadWithToken(`/api/admin/audit-log/export.csv?${queryOf(filter)}`, 'audit.csv')}>{t('exportCsv')}</Button>
          </Stack>
        }
      />
      {verified.data && (
        <Alert severity={verified.data.ok ? 'success' : 'error'} sx={{ mb: 2 }} role="status">
          {verified.data.ok ? t('verifyOk', { rows: verified.data.rows }) : verified.data.problem?.message}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} useFlexGap sx={{ mb: 2, flexWrap: 'wrap' }}>
        <TextField type="date" label={t('from')} value={filter.from ?? ''} onChange={(e) => change({ from: e.target.value || undefined })} size="small" slotProps={{ inputLabel: { shrink: true } }} />
        <TextField type="date" label={t('to')} value={filter.to ?? ''} onChange={(e) => change({ to: e.target.value || undefined })} size="small" slotProps={{ inputLabel: { shrink: true } }} />
        <TextField label={t('personSearch')} value={filter.person ?? ''} onChange={(e) => change({ person: e.target.value || undefined })} size="small" sx={{ minWidth: 220 }} />
        <TextField label={t('object')} placeholder="trade.counterparties" value={filter.entity ?? ''} onChange={(e) => change({ entity: e.target.value || undefined })} size="small" sx={{ minWidth: 200 }} />
        <TextField select label={t('action')} value={filter.action ?? ''} onChange={(e) => change({ action: e.target.value || undefined })} size="small" sx={{ minWidth: 180 }}>
          <MenuItem value="">{t('allActions')}</MenuItem>
          {actions.data?.map((a) => (
            <MenuItem key={a} value={a}>
              {a}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <PagedDataTable<AuditEntry> ariaLabel={t('audit')} query={query} paging={paging} columns={columns} />
    </Box>
  );
}

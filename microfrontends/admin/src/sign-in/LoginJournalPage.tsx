import {
  Box, Button, Chip, type DataTableColumn, MenuItem, PageHeader, PagedDataTable, Stack, TextField, downloadWithToken, useAbility, usePaging
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useUsersQuery } from '../api/adminApi';
import { journalQuery, useLoginJournalQuery, type JournalEntry, type JournalFilter } from './api';
import { SsoSettingsDialog } from './SsoSettingsDialog';
import { TwoFactorPolicyDialog } from './TwoFactorPolicyDialog';
import { useSignInT } from './useSignInT';

const RESULTS = ['success', 'wrong_password', 'throttled', 'two_factor_failed', 'refused'] as const;
/** The grid wants string ids. */
type Row = Omit<JournalEntry, 'id'> & { id: string };
const COLORS = { success: 'success', wrong_password: 'warning', throttled: 'error', two_factor_failed: 'warning', refused: 'default' } as const;

/** «Журнал входов»: the company's sign-in attempts, filtered by person, result and period, exportable as CSV; the 2FA and SSO settings open from here. */
export function LoginJournalPage() {
  const { t } = useSignInT();
  const ability = useAbility();
  const paging = usePaging(50);
  const [filter, setFilter] = useState<JournalFilter>({});
  const [policyOpen, setPolicyOpen] = useState(false);
  const [ssoOpen, setSsoOpen] = useState(false);
  const people = useUsersQuery({ q: '', status: '', limit: 200, offset: 0 });
  const query = useLoginJournalQuery({ ...filter, limit: paging.limit, offset: paging.offset });
  const change = (patch: JournalFilter) => {
    setFilter((f) => ({ ...f, ...patch }));
    paging.setPage((p) => ({ ...p, page: 0 }));
  };

  const columns: DataTableColumn<Row>[] = [
    { field: 'at', headerName: t('at'), width: 160, sortable: false, valueFormatter: (v: string) => v.replace('T', ' ').slice(0, 19) },
    { field: 'email', headerName: t('person'), flex: 1, minWidth: 200, sortable: false, valueGetter: (_v, row) => (row.fullName ? `${row.fullName} (${row.email})` : row.email) },
    { field: 'ip', headerName: t('address'), width: 130, sortable: false },
    { field: 'userAgent', headerName: t('device'), flex: 1, minWidth: 200, sortable: false },
    {
      field: 'result',
      headerName: t('result'),
      width: 170,
      sortable: false,
      renderCell: (p) => <Chip size="small" variant="outlined" color={COLORS[p.row.result]} label={t(p.row.result)} />,
    },
    { field: 'factor', headerName: t('factor'), width: 160, sortable: false, valueFormatter: (v: string | null) => (v ? t(v) : '—') },
  ];

  return (
    <Box>
      <PageHeader
        title={t('journal')}
        subtitle={t('journalSubtitle')}
        crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('journal') }]}
        actions={
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {ability.can('update', 'User') && <Button onClick={() => setPolicyOpen(true)}>{t('twoFactor')}</Button>}
            {ability.can('update', 'User') && <Button onClick={() => setSsoOpen(true)}>{t('ssoTitle')}</Button>}
            <Button onClick={() => downloadWithToken(`/api/admin/login-journal/export.csv?${journalQuery(filter)}`, 'login-journal.csv')}>
              {t('exportCsv')}
            </Button>
          </Stack>
        }
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField select label={t('personEmail')} value={filter.userId ?? ''} onChange={(e) => change({ userId: e.target.value || undefined })} size="small" sx={{ minWidth: 220 }}>
          <MenuItem value="">—</MenuItem>
          {people.data?.items.map((u) => (
            <MenuItem key={u.id} value={u.id}>
              {u.fullName} ({u.email})
            </MenuItem>
          ))}
        </TextField>
        <TextField select label={t('result')} value={filter.result ?? ''} onChange={(e) => change({ result: e.target.value as JournalFilter['result'] })} size="small" sx={{ minWidth: 200 }}>
          <MenuItem value="">{t('allResults')}</MenuItem>
          {RESULTS.map((r) => (
            <MenuItem key={r} value={r}>
              {t(r)}
            </MenuItem>
          ))}
        </TextField>
        <TextField type="date" label={t('from')} value={filter.from ?? ''} onChange={(e) => change({ from: e.target.value || undefined })} size="small" slotProps={{ inputLabel: { shrink: true } }} />
        <TextField type="date" label={t('to')} value={filter.to ?? ''} onChange={(e) => change({ to: e.target.value || undefined })} size="small" slotProps={{ inputLabel: { shrink: true } }} />
      </Stack>
      <PagedDataTable<Row> ariaLabel={t('journal')} query={query} paging={paging} columns={columns} rows={query.data?.items.map((e): Row => ({ ...e, id: String(e.id) }))} />
      {policyOpen && <TwoFactorPolicyDialog onClose={() => setPolicyOpen(false)} />}
      {ssoOpen && <SsoSettingsDialog onClose={() => setSsoOpen(false)} />}
    </Box>
  );
}

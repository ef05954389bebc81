import {
  Alert, Box, Button, DataTable, type DataTableColumn, DialogContentText, ErrorState, FormControlLabel, PageHeader, Radio,
  RadioGroup, Stack, TextInput, Typography, formatDate, formatKopecks
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useAttentionQuery, useResolveAttentionMutation, type AttentionAction, type AttentionItem } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { Amount, InvoiceStatusChip } from './parts';
import { useBillingT } from './useBillingT';

/**
 * «Требуют внимания»: payments of another amount than their Счёт asked. For each the owner writes what
 * was done; an overpayment can also be refunded through the bank or carried to the next Счёт.
 */
export function AttentionPage() {
  const { t, i18n } = useBillingT();
  const { data, isFetching, error, refetch } = useAttentionQuery();
  const [resolving, setResolving] = useState<AttentionItem | null>(null);
  const [done, setDone] = useState(false);

  const columns: DataTableColumn<AttentionItem>[] = [
    { field: 'paidAt', headerName: t('date'), width: 100, valueFormatter: (v: string | null) => (v ? formatDate(v, i18n.language) : '—') },
    { field: 'tenantName', headerName: t('company'), flex: 1, minWidth: 150, valueFormatter: (v: string | null) => v ?? '—' },
    // What differs and what to do about it first: they stay in view on a narrow screen.
    {
      field: 'differenceKopecks',
      headerName: t('difference'),
      width: 170,
      align: 'right',
      headerAlign: 'right',
      renderCell: (p) => (
        <Typography component="span" color={p.row.differenceKopecks < 0 ? 'error' : 'warning.main'} sx={{ fontSize: 'inherit' }}>
          {t(p.row.differenceKopecks < 0 ? 'short' : 'over')} {formatKopecks(Math.abs(p.row.differenceKopecks))}
        </Typography>
      ),
    },
    {
      field: 'actions',
      headerName: t('actions'),
      width: 140,
      sortable: false,
      renderCell: (p) => (
        <Button size="small" onClick={() => { setDone(false); setResolving(p.row); }}>
          {t('whatToDo')}
        </Button>
      ),
    },
    { field: 'invoiceNumber', headerName: t('invoice'), width: 110, valueFormatter: (v: string | null) => v ?? '—' },
    { field: 'invoiceStatus', headerName: t('status'), width: 120, renderCell: (p) => (p.row.invoiceStatus ? <InvoiceStatusChip status={p.row.invoiceStatus} /> : '—') },
    { field: 'requestedKopecks', headerName: t('requested'), width: 130, align: 'right', headerAlign: 'right', renderCell: (p) => <Amount k={p.row.requestedKopecks} /> },
    { field: 'receivedKopecks', headerName: t('received'), width: 130, align: 'right', headerAlign: 'right', renderCell: (p) => <Amount k={p.row.receivedKopecks} /> },
    // The explanation last: it is long.
    { field: 'reason', headerName: t('purpose'), flex: 1, minWidth: 220 },
  ];


  return (
    <Box>
      <PageHeader title={t('attention')} subtitle={t('attentionSubtitle')} crumbs={[{ label: t('section') }, { label: t('attention') }]} />
      {done && (
        <Alert severity="success" role="status" sx={{ mb: 2 }} onClose={() => setDone(false)}>
          {t('resolved')}
        </Alert>
      )}
      {error ? (
        <ErrorState error={error} onRetry={refetch} />
      ) : data && data.items.length === 0 ? (
        <Alert severity="info">{t('attentionEmpty')}</Alert>
      ) : (
        <DataTable ariaLabel={t('attention')} rows={data?.items ?? []} columns={columns} loading={isFetching} />
      )}
      {resolving && <ResolveDialog item={resolving} onClose={() => setResolving(null)} onDone={() => { setResolving(null); setDone(true); }} />}
    </Box>
  );
}

function ResolveDialog({ item, onClose, onDone }: { item: AttentionItem; onClose: () => void; onDone: () => void }) {
  const { t } = useBillingT();
  const over = item.differenceKopecks > 0;
  const [action, setAction] = useState<AttentionAction>('note');
  const [comment, setComment] = useState('');
  const [resolve, state] = useResolveAttentionMutation();
  const excess = formatKopecks(Math.max(item.differenceKopecks, 0));
  const hint = action === 'refund' ? t('actionRefundHint', { amount: excess }) : action === 'carry' ? t('actionCarryHint', { amount: excess }) : t('actionNoteHint');
  return (
    <ConfirmDialog
      open
      title={t('resolveTitle', { company: item.tenantName ?? '—', received: formatKopecks(item.receivedKopecks), requested: formatKopecks(item.requestedKopecks) })}
      confirm={t(action === 'refund' ? 'actionRefund' : action === 'carry' ? 'actionCarry' : 'actionNote')}
      danger={action === 'refund'}
      busy={state.isLoading}
      disabled={comment.trim().length < 3}
      onClose={onClose}
      onConfirm={() => resolve({ id: item.id, action, comment: comment.trim() }).unwrap().then(onDone, () => undefined)}
    >
      <DialogContentText sx={{ mb: 1 }}>{item.reason}</DialogContentText>
      <Stack spacing={2}>
        <RadioGroup value={action} onChange={(e) => setAction(e.target.value as AttentionAction)} aria-label={t('whatToDo')}>
          <FormControlLabel value="note" control={<Radio />} label={t('actionNote')} />
          {over && <FormControlLabel value="refund" control={<Radio />} label={t('actionRefund')} />}
          {over && <FormControlLabel value="carry" control={<Radio />} label={t('actionCarry')} />}
        </RadioGroup>
        <Typography variant="body2" color="text.secondary">
          {hint}
        </Typography>
        <TextInput label={t('comment')} value={comment} onChange={setComment} helperText={t('commentHint')} autoFocus />
      </Stack>
      {state.error && <ErrorState error={state.error} />}
    </ConfirmDialog>
  );
}

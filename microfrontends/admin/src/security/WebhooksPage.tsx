import {
  Box, Button, Checkbox, Chip, DataTable, Dialog, DialogActions, DialogContent, DialogTitle, EmptyState, ErrorState, FormControlLabel, FormGroup, PageHeader, PagedDataTable, Stack, TextField, Typography, fieldErrors, usePaging, type DataTableColumn
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useCreateWebhookMutation, useDeleteWebhookMutation, useDeliveriesQuery, useResendDeliveryMutation, useWebhookEventsQuery, useWebhooksQuery, type Webhook, type WebhookDelivery } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { ShownOnce } from './ShownOnce';
import { useSecurityT } from './useSecurityT';

const utc = (v: string | null) => (v ? v.replace('T', ' ').slice(0, 19) : '—');
const STATUS_COLORS = { pending: 'warning', delivered: 'success', failed: 'error' } as const;

/** «Вебхуки»: the company's webhook URLs, their delivery log and «Отправить ещё раз». */
export function WebhooksPage() {
  const { t } = useSecurityT();
  const hooks = useWebhooksQuery();
  const [remove] = useDeleteWebhookMutation();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const columns: DataTableColumn<Webhook>[] = [
    { field: 'url', headerName: t('url'), flex: 1, minWidth: 220 },
    { field: 'events', headerName: t('events'), flex: 1, minWidth: 200, sortable: false, valueFormatter: (v: string[]) => v.join(', ') },
    { field: 'pending', headerName: t('pending'), width: 130 },
    { field: 'failed', headerName: t('failed'), width: 130 },
    {
      field: 'actions',
      headerName: '',
      width: 250,
      sortable: false,
      renderCell: (p) => (
        <Stack direction="row" spacing={1}>
          <Button size="small" onClick={() => setOpen(p.row.id)}>{t('deliveries')}</Button>
          <Button size="small" color="error" onClick={() => setRemoving(p.row)}>{t('remove')}</Button>
        </Stack>
      ),
    },
  ];

  return (
    <Box>
      <PageHeader
        title={t('webhooks')}
        subtitle={t('webhooksSubtitle')}
        crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('webhooks') }]}
        actions={<Button variant="contained" onClick={() => setAdding(true)}>{t('addWebhook')}</Button>}
      />
      {hooks.error ? (
        <ErrorState error={hooks.error} onRetry={() => hooks.refetch()} />
      ) : hooks.data && !hooks.data.length ? (
        <EmptyState title={t('noWebhooks')} />
      ) : (
        <DataTable<Webhook> rows={hooks.data ?? []} columns={columns} loading={hooks.isFetching} />
      )}
      {open && <DeliveryLog webhookId={open} url={hooks.data?.find((h) => h.id === open)?.url ?? ''} />}
      {adding && <AddWebhookDialog onClose={() => { setAdding(false); hooks.refetch(); }} />}
      {removing && (
        <ConfirmDialog
          text={t('removeConfirm', { url: removing.url })}
          action={t('remove')}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await remove(removing.id);
            if (open === removing.id) setOpen(null);
            setRemoving(null);
            hooks.refetch();
          }}
        />
      )}
    </Box>
  );
}

/** The deliveries of one webhook, newest first: what was sent, what the receiver answered, the next attempt. */
function DeliveryLog({ webhookId, url }: { webhookId: string; url: string }) {
  const { t } = useSecurityT();
  const paging = usePaging(25);
  const query = useDeliveriesQuery({ webhookId, limit: paging.limit, offset: paging.offset });
  const [resend] = useResendDeliveryMutation();
  const columns: DataTableColumn<WebhookDelivery>[] = [
    { field: 'createdAt', headerName: t('at'), width: 170, sortable: false, valueFormatter: utc },
    { field: 'eventType', headerName: t('event'), width: 170, sortable: false },
    { field: 'status', headerName: t('status'), width: 140, sortable: false, renderCell: (p) => <Chip size="small" variant="outlined" color={STATUS_COLORS[p.row.status]} label={t(`status_${p.row.status}`)} /> },
    { field: 'attempts', headerName: t('attempts'), width: 90, sortable: false },
    {
      field: 'responseStatus',
      headerName: t('answer'),
      flex: 1,
      minWidth: 200,
      sortable: false,
      valueGetter: (_v, row) => [row.responseStatus ? `HTTP ${row.responseStatus}` : null, row.lastError].filter(Boolean).join(' · ') || '—',
    },
    { field: 'nextAttemptAt', headerName: t('nextAttempt'), width: 170, sortable: false, valueGetter: (_v, row) => (row.status === 'pending' ? utc(row.nextAttemptAt) : '—') },
    {
      field: 'actions',
      headerName: '',
      width: 180,
      sortable: false,
      renderCell: (p) => (
        <Button size="small" onClick={async () => { await resend(p.row.id); query.refetch(); }}>
          {t('resend')}
        </Button>
      ),
    },
  ];
  return (
    <Box sx={{ mt: 3 }}>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="h6" component="h2" sx={{ wordBreak: 'break-all', flex: 1 }}>
          {t('deliveries')}: {url}
        </Typography>
        <Button size="small" onClick={() => query.refetch()}>{t('refresh')}</Button>
      </Stack>
      <PagedDataTable<WebhookDelivery> ariaLabel={t('deliveries')} query={query} paging={paging} columns={columns} />
    </Box>
  );
}

function AddWebhookDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useSecurityT();
  const events = useWebhookEventsQuery();
  const [create, { data: created, error, isLoading }] = useCreateWebhookMutation();
  const [url, setUrl] = useState('');
  const [chosen, setChosen] = useState<string[]>(['document.posted', 'document.cancelled', 'catalog.updated']);
  const errors = fieldErrors(error);
  const toggle = (type: string) => setChosen((c) => (c.includes(type) ? c.filter((x) => x !== type) : [...c, type]));
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="add-webhook-title">
      <DialogTitle id="add-webhook-title">{t('addWebhook')}</DialogTitle>
      <DialogContent>
        {created ? (
          <ShownOnce label={t('secretShownOnce')} value={created.secret} />
        ) : (
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error && !Object.keys(errors).length && <ErrorState error={error} />}
            <TextField label={t('url')} placeholder="https://example.ru/workcloud/events" value={url} onChange={(e) => setUrl(e.target.value)} error={!!errors.url} helperText={errors.url} required autoFocus />
            <FormGroup aria-label={t('events')}>
              {events.data?.map((e) => (
                <FormControlLabel key={e.type} control={<Checkbox checked={chosen.includes(e.type)} onChange={() => toggle(e.type)} />} label={`${i18n.language.startsWith('en') ? e.titleEn : e.title} (${e.type})`} />
              ))}
            </FormGroup>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {created ? (
          <Button variant="contained" onClick={onClose}>{t('done')}</Button>
        ) : (
          <>
            <Button onClick={onClose}>{t('common:cancel')}</Button>
            <Button variant="contained" onClick={() => void create({ url, events: chosen })} disabled={isLoading || !url || !chosen.length}>{t('addWebhook')}</Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

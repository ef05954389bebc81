import {
  Alert, Box, Button, Chip, type DataTableColumn, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState,
  Link, Loading, PageHeader, PagedDataTable, Stack, Tab, Tabs, Typography, formatDateTime, useMediaQuery, usePaging,
  useTheme
} from '@workcloud/shared-ui';
import { useState, type ReactNode } from 'react';
import { useMailQuery, useMailsQuery, useRetryMailMutation, type MailItem, type MailStatus } from './api';
import { useBillingT } from './useBillingT';

type Row = Omit<MailItem, 'id'> & { id: string; mailId: number };
type Color = 'default' | 'success' | 'warning' | 'error' | 'info';

const FILTERS: (MailStatus | '')[] = ['', 'pending', 'sent', 'failed'];
const KINDS = ['invoice_issued', 'reminder', 'suspended', 'resumed'];
const statusColors: Record<MailStatus, Color> = { pending: 'info', sent: 'success', failed: 'error' };

/** «Счёт выставлен» for 'billing.invoice_issued'; a kind this page does not know yet is shown as it is. */
function useKindLabel() {
  const { t } = useBillingT();
  return (kind: string) => {
    const short = kind.replace(/^billing\./, '');
    return kind.startsWith('billing.') && KINDS.includes(short) ? t(`mailKinds.${short}`) : kind;
  };
}

function MailStatusChip({ status }: { status: MailStatus }) {
  const { t } = useBillingT();
  return <Chip size="small" variant="outlined" color={statusColors[status]} label={t(`mailStatuses.${status}`)} />;
}

/** The status with what the owner needs to judge it: attempts so far and, for a failed one, the server's last word. */
function MailStatusCell({ mail }: { mail: Pick<MailItem, 'status' | 'attempts' | 'lastError'> }) {
  const { t } = useBillingT();
  const showAttempts = mail.status !== 'sent' && mail.attempts > 0;
  return (
    <Stack spacing={0.5} sx={{ py: 0.5, minWidth: 0, alignItems: { xs: 'flex-end', sm: 'flex-start' } }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <MailStatusChip status={mail.status} />
        {showAttempts && (
          <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
            {t('attempts', { count: mail.attempts })}
          </Typography>
        )}
      </Stack>
      {mail.status === 'failed' && mail.lastError && (
        <Typography
          variant="caption"
          color="error"
          title={mail.lastError}
          data-testid="mail-error"
          sx={{ display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden', overflowWrap: 'anywhere', whiteSpace: 'normal' }}
        >
          {mail.lastError}
        </Typography>
      )}
    </Stack>
  );
}

/**
 * «Письма»: every e-mail billing wrote for customers' admins (platform.mail_outbox, one row per recipient),
 * newest first and paged on the server; a row opens the letter, and one that failed or still waits can be
 * sent again.
 */
export function MailPage() {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const kindLabel = useKindLabel();
  const [status, setStatus] = useState<MailStatus | ''>('');
  const paging = usePaging();
  const [open, setOpen] = useState<number | null>(null);
  const query = useMailsQuery({ status: status || undefined, limit: paging.limit, offset: paging.offset });
  // The grid keys rows by a string id; the API's ids are numbers.
  const rows: Row[] = (query.data?.items ?? []).map((m) => ({ ...m, id: String(m.id), mailId: m.id }));

  const columns: DataTableColumn<Row>[] = [
    { field: 'createdAt', headerName: t('created'), width: 150, sortable: false, valueFormatter: (v: string) => formatDateTime(v, lang) },
    { field: 'recipient', headerName: t('recipient'), flex: 1, minWidth: 140, sortable: false, renderCell: (p) => <Box sx={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>{p.row.recipient}</Box> },
    { field: 'tenantName', headerName: t('company'), flex: 1, minWidth: 130, sortable: false, valueFormatter: (v: string | null) => v ?? '—' },
    { field: 'kind', headerName: t('kind'), width: 150, sortable: false, valueFormatter: (v: string) => kindLabel(v) },
    {
      field: 'subject',
      headerName: t('subject'),
      flex: 1.6,
      minWidth: 190,
      sortable: false,
      // A real button, so the letter opens from the keyboard too (the row click is for the mouse).
      renderCell: (p) => (
        <Link component="button" type="button" onClick={() => setOpen(p.row.mailId)} aria-label={t('openMail', { subject: p.row.subject })} sx={{ textAlign: 'inherit', whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
          {p.row.subject}
        </Link>
      ),
    },
    { field: 'status', headerName: t('status'), width: 190, sortable: false, renderCell: (p) => <MailStatusCell mail={p.row} /> },
  ];

  return (
    <Box>
      <PageHeader title={t('mail')} subtitle={t('mailSubtitle')} crumbs={[{ label: t('section') }, { label: t('mail') }]} />
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mb: 2 }} role="group" aria-label={t('mailFilter')}>
        {FILTERS.map((s) => (
          <Chip
            key={s || 'all'}
            label={t(`mailFilters.${s || 'all'}`)}
            color={status === s ? 'primary' : 'default'}
            variant={status === s ? 'filled' : 'outlined'}
            onClick={() => {
              setStatus(s);
              paging.setPage((p) => ({ ...p, page: 0 }));
            }}
            aria-pressed={status === s}
          />
        ))}
      </Stack>
      {!query.error && !query.isFetching && query.data?.total === 0 ? (
        <Typography color="text.secondary" role="status">
          {t('noMail')}
        </Typography>
      ) : (
        <PagedDataTable ariaLabel={t('mail')} query={query} paging={paging} rows={rows} columns={columns} onRowClick={(row) => setOpen(row.mailId)} rowHeight="auto" />
      )}
      {open !== null && <MailDialog key={open} id={open} onClose={() => setOpen(null)} />}
    </Box>
  );
}

/**
 * One letter: who, what, its delivery, and the letter itself — the plain text, or the HTML as the mailbox
 * shows it in a sandboxed frame (sandbox="": no scripts, no forms, no same-origin access to the console).
 */
function MailDialog({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const kindLabel = useKindLabel();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  const { data: mail, error, isLoading, refetch } = useMailQuery(id);
  const [retry, retryState] = useRetryMailMutation();
  const [view, setView] = useState<'text' | 'html'>('text');
  const titleId = `mail-${id}-title`;

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" fullScreen={phone} aria-labelledby={titleId}>
      <DialogTitle id={titleId} sx={{ overflowWrap: 'anywhere' }}>
        {mail?.subject ?? t('mail')}
      </DialogTitle>
      <DialogContent dividers>
        {isLoading && <Loading />}
        {error && <ErrorState error={error} onRetry={refetch} />}
        {mail && (
          <Stack spacing={2}>
            <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'max-content 1fr' }, columnGap: 2, rowGap: { xs: 0, sm: 0.75 }, '& dt': { color: 'text.secondary', mt: { xs: 1, sm: 0 } }, '& dd': { m: 0, overflowWrap: 'anywhere' } }}>
              <Meta label={t('recipient')}>{mail.recipient}</Meta>
              <Meta label={t('company')}>{mail.tenantName ?? '—'}</Meta>
              <Meta label={t('kind')}>{kindLabel(mail.kind)}</Meta>
              <Meta label={t('created')}>{formatDateTime(mail.createdAt, lang)}</Meta>
              <Meta label={t('status')}>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="mail-status">
                  <MailStatusChip status={mail.status} />
                  <Typography variant="body2" color="text.secondary">
                    {t('attempts', { count: mail.attempts })}
                  </Typography>
                </Stack>
              </Meta>
              {mail.sentAt && <Meta label={t('sentAt')}>{formatDateTime(mail.sentAt, lang)}</Meta>}
              {mail.status === 'pending' && mail.nextAttemptAt && <Meta label={t('nextAttempt')}>{formatDateTime(mail.nextAttemptAt, lang)}</Meta>}
              {mail.attachments.length > 0 && (
                <Meta label={t('attachments')}>{mail.attachments.map((a) => (a.source === 'billing.invoice_pdf' ? t('invoicePdfAttachment') : a.source)).join(', ')}</Meta>
              )}
            </Box>
            {mail.lastError && mail.status !== 'sent' && (
              <Alert severity={mail.status === 'failed' ? 'error' : 'warning'} sx={{ overflowWrap: 'anywhere' }}>
                <strong>{t('lastError')}:</strong> {mail.lastError}
              </Alert>
            )}
            {retryState.isSuccess && (
              <Alert severity="success" role="status">
                {t('retried')}
              </Alert>
            )}
            {retryState.error && <ErrorState error={retryState.error} />}
            <Box>
              <Tabs value={view} onChange={(_, v) => setView(v)} aria-label={t('mailParts')} sx={{ borderBottom: 1, borderColor: 'divider', mb: 1.5 }}>
                <Tab value="text" label={t('mailText')} id={`mail-${id}-tab-text`} aria-controls={`mail-${id}-panel-text`} />
                <Tab value="html" label={t('mailHtml')} id={`mail-${id}-tab-html`} aria-controls={`mail-${id}-panel-html`} />
              </Tabs>
              <Box role="tabpanel" id={`mail-${id}-panel-text`} aria-labelledby={`mail-${id}-tab-text`} hidden={view !== 'text'}>
                <Box component="pre" data-testid="mail-text" sx={{ m: 0, fontFamily: 'inherit', fontSize: 14, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {mail.text}
                </Box>
              </Box>
              <Box role="tabpanel" id={`mail-${id}-panel-html`} aria-labelledby={`mail-${id}-tab-html`} hidden={view !== 'html'}>
                {/* Loaded only when asked for; sandbox="" keeps the letter's markup inert. */}
                {view === 'html' && (
                  <iframe
                    title={t('mailHtmlFrame', { subject: mail.subject })}
                    sandbox=""
                    referrerPolicy="no-referrer"
                    srcDoc={mail.html}
                    style={{ display: 'block', width: '100%', height: phone ? '60vh' : 480, border: `1px solid ${theme.palette.divider}`, borderRadius: 4, background: '#fff' }}
                  />
                )}
              </Box>
            </Box>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {mail && mail.status !== 'sent' && (
          <Button variant="contained" disabled={retryState.isLoading} onClick={() => retry(id)}>
            {t('retry')}
          </Button>
        )}
        <Button onClick={onClose}>{t('close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2">
        {label}
      </Typography>
      <Typography component="dd" variant="body2">
        {children}
      </Typography>
    </>
  );
}

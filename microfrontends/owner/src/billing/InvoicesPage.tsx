import {
  Alert, Box, Button, DataTable, type DataTableColumn, DialogContentText, ErrorState, MenuItem, MoneyInput,
  PageHeader, Stack, Tab, Tabs, TextField, TextInput, formatDate, formatKopecks
} from '@workcloud/shared-ui';
import { useRef, useState } from 'react';
import { useDispatch } from 'react-redux';
import { uploadStatement, useInvoicesQuery, useMatchPaymentMutation, useOverdueQuery, usePaymentsQuery, useRefundPaymentMutation, useRunCycleMutation, useVoidInvoiceMutation, ownerBillingApi, type Invoice, type Payment } from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { Amount, InvoiceStatusChip, PdfButtons, period } from './parts';
import { useBillingT } from './useBillingT';

type TabKey = 'invoices' | 'overdue' | 'unmatched' | 'payments';

/** The owner's money desk: invoices, overdue, bank transfers nobody matched yet, refunds. */
export function InvoicesPage() {
  const { t, i18n } = useBillingT();
  const [tab, setTab] = useState<TabKey>('invoices');
  const [runCycle, cycle] = useRunCycleMutation();
  const [upload, setUpload] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <Box>
      <PageHeader
        title={t('invoices')}
        subtitle={t('invoicesSubtitle')}
        crumbs={[{ label: t('section') }, { label: t('invoices') }]}
        actions={
          <>
            <StatementUpload onResult={setUpload} />
            <Button variant="outlined" disabled={cycle.isLoading} onClick={() => runCycle()}>
              {t('runCycle')}
            </Button>
          </>
        }
      />
      {cycle.data && (
        <Alert severity={cycle.data.errors.length ? 'warning' : 'success'} sx={{ mb: 2 }} onClose={cycle.reset}>
          {t('cycleDone', { today: formatDate(cycle.data.today, i18n.language), count: cycle.data.invoicesIssued })}
          {cycle.data.errors.length > 0 && ` ${t('cycleErrors', { count: cycle.data.errors.length })}`}
        </Alert>
      )}
      {cycle.error && <ErrorState error={cycle.error} />}
      {upload && (
        <Alert severity={upload.ok ? 'success' : 'error'} role={upload.ok ? 'status' : 'alert'} sx={{ mb: 2 }} onClose={() => setUpload(null)}>
          {upload.text}
        </Alert>
      )}
      <Tabs value={tab} onChange={(_, v) => setTab(v)} variant="scrollable" allowScrollButtonsMobile sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}>
        <Tab value="invoices" label={t('tabInvoices')} />
        <Tab value="overdue" label={t('tabOverdue')} />
        <Tab value="unmatched" label={t('tabUnmatched')} />
        <Tab value="payments" label={t('tabPayments')} />
      </Tabs>
      {tab === 'invoices' && <InvoiceList />}
      {tab === 'overdue' && <InvoiceList overdue />}
      {tab === 'unmatched' && <PaymentList unmatched />}
      {tab === 'payments' && <PaymentList />}
    </Box>
  );
}

function InvoiceList({ overdue }: { overdue?: boolean }) {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const [status, setStatus] = useState('');
  const all = useInvoicesQuery({ status: status || undefined }, { skip: overdue });
  const late = useOverdueQuery(undefined, { skip: !overdue });
  const { data, isFetching, error, refetch } = overdue ? late : all;
  const [voiding, setVoiding] = useState<Invoice | null>(null);
  const [reason, setReason] = useState('');
  const [voidInvoice, voidState] = useVoidInvoiceMutation();

  const columns: DataTableColumn<Invoice>[] = [
    { field: 'number', headerName: t('number'), width: 110 },
    { field: 'tenantName', headerName: t('company'), flex: 1, minWidth: 180 },
    { field: 'periodStart', headerName: t('period'), width: 190, valueGetter: (_v, row) => period(row, lang) },
    { field: 'dueOn', headerName: t('dueOn'), width: 110, valueFormatter: (v: string) => formatDate(v, lang) },
    { field: 'totalKopecks', headerName: t('total'), width: 130, align: 'right', headerAlign: 'right', renderCell: (p) => <Amount k={p.row.totalKopecks} /> },
    { field: 'paidKopecks', headerName: t('paid'), width: 130, align: 'right', headerAlign: 'right', renderCell: (p) => <Amount k={p.row.paidKopecks} /> },
    { field: 'status', headerName: t('status'), width: 130, renderCell: (p) => <InvoiceStatusChip status={p.row.status} /> },
    {
      field: 'actions',
      headerName: t('actions'),
      width: 240,
      sortable: false,
      renderCell: (p) => (
        <Stack direction="row" spacing={0.5}>
          <PdfButtons invoice={p.row} />
          {p.row.status === 'open' && p.row.paidKopecks === 0 && (
            <Button size="small" color="error" onClick={() => { setVoiding(p.row); setReason(''); voidState.reset(); }}>
              {t('void')}
            </Button>
          )}
        </Stack>
      ),
    },
  ];

  return (
    <>
      {!overdue && (
        <TextField select size="small" label={t('status')} value={status} onChange={(e) => setStatus(e.target.value)} sx={{ minWidth: 200, mb: 2 }}>
          <MenuItem value="">{t('all')}</MenuItem>
          {(['open', 'paid', 'void'] as const).map((s) => (
            <MenuItem key={s} value={s}>
              {t(`invoiceStatuses.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      )}
      {error ? <ErrorState error={error} onRetry={refetch} /> : <DataTable ariaLabel={overdue ? t('tabOverdue') : t('tabInvoices')} rows={data?.items ?? []} columns={columns} loading={isFetching} />}
      <ConfirmDialog
        open={!!voiding}
        title={t('voidTitle', { number: voiding?.number })}
        confirm={t('void')}
        danger
        busy={voidState.isLoading}
        disabled={reason.trim().length < 3}
        onClose={() => setVoiding(null)}
        onConfirm={() => voidInvoice({ id: voiding!.id, reason: reason.trim() }).unwrap().then(() => setVoiding(null), () => undefined)}
      >
        <DialogContentText sx={{ mb: 2 }}>
          {voiding?.tenantName} · {voiding && formatKopecks(voiding.totalKopecks)}
        </DialogContentText>
        <TextInput label={t('reason')} value={reason} onChange={setReason} helperText={t('reasonHint')} autoFocus />
        {voidState.error && <ErrorState error={voidState.error} />}
      </ConfirmDialog>
    </>
  );
}

function PaymentList({ unmatched }: { unmatched?: boolean }) {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const { data, isFetching, error, refetch } = usePaymentsQuery({ unmatched });
  const [matching, setMatching] = useState<Payment | null>(null);
  const [refunding, setRefunding] = useState<Payment | null>(null);

  const columns: DataTableColumn<Payment>[] = [
    { field: 'paidOn', headerName: t('date'), width: 110, valueGetter: (_v, row) => row.paidOn ?? row.paidAt ?? row.createdAt, valueFormatter: (v: string) => formatDate(v, lang) },
    { field: 'tenantName', headerName: t('company'), flex: 1, minWidth: 170, valueGetter: (v, row) => v ?? row.payerName ?? '—' },
    { field: 'method', headerName: t('method'), width: 150, valueFormatter: (v: string) => t(`methods.${v}`) },
    { field: 'status', headerName: t('status'), width: 110, valueFormatter: (v: string) => t(`paymentStatuses.${v}`) },
    { field: 'amountKopecks', headerName: t('amount'), width: 130, align: 'right', headerAlign: 'right', renderCell: (p) => <Amount k={p.row.amountKopecks} /> },
    { field: 'refundedKopecks', headerName: t('refunded'), width: 120, align: 'right', headerAlign: 'right', renderCell: (p) => (p.row.refundedKopecks ? <Amount k={p.row.refundedKopecks} /> : '—') },
    { field: 'invoiceNumber', headerName: t('invoice'), width: 110, valueFormatter: (v: string | null) => v ?? '—' },
    { field: 'purpose', headerName: t('purpose'), flex: 1, minWidth: 200, valueFormatter: (v: string | null) => v ?? '' },
    {
      field: 'actions',
      headerName: t('actions'),
      width: 200,
      sortable: false,
      renderCell: (p) => (
        <Stack direction="row" spacing={0.5}>
          {!p.row.invoiceId && p.row.status === 'succeeded' && (
            <Button size="small" onClick={() => setMatching(p.row)}>
              {t('match')}
            </Button>
          )}
          {p.row.status === 'succeeded' && p.row.refundedKopecks < p.row.amountKopecks && (
            <Button size="small" color="warning" onClick={() => setRefunding(p.row)}>
              {t('refund')}
            </Button>
          )}
        </Stack>
      ),
    },
  ];

  return (
    <>
      {error ? <ErrorState error={error} onRetry={refetch} /> : <DataTable ariaLabel={unmatched ? t('tabUnmatched') : t('tabPayments')} rows={data?.items ?? []} columns={columns} loading={isFetching} />}
      {matching && <MatchDialog payment={matching} onClose={() => setMatching(null)} />}
      {refunding && <RefundDialog payment={refunding} onClose={() => setRefunding(null)} />}
    </>
  );
}

function MatchDialog({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t, i18n } = useBillingT();
  const { data } = useInvoicesQuery({ status: 'open' });
  const [invoiceId, setInvoiceId] = useState('');
  const [match, state] = useMatchPaymentMutation();
  // The payer's own invoices first: most transfers pay one of them.
  const open = [...(data?.items ?? [])].sort((a, b) => Number(b.tenantInn === payment.payerInn) - Number(a.tenantInn === payment.payerInn));
  return (
    <ConfirmDialog
      open
      title={t('matchTitle', { amount: formatKopecks(payment.amountKopecks), payer: payment.payerName ?? payment.tenantName ?? '—' })}
      confirm={t('match')}
      busy={state.isLoading}
      disabled={!invoiceId}
      onClose={onClose}
      onConfirm={() => match({ id: payment.id, invoiceId }).unwrap().then(onClose, () => undefined)}
    >
      <DialogContentText sx={{ mb: 2 }}>
        {t('inn')} {payment.payerInn ?? '—'} · {payment.purpose}
      </DialogContentText>
      <TextField select fullWidth label={t('chooseInvoice')} value={invoiceId} onChange={(e) => setInvoiceId(e.target.value)} helperText={open.length ? undefined : t('noOpenInvoices')}>
        {open.map((i) => (
          <MenuItem key={i.id} value={i.id}>
            № {i.number} · {i.tenantName} · {period(i, i18n.language)} · {formatKopecks(i.totalKopecks - i.paidKopecks)}
          </MenuItem>
        ))}
      </TextField>
      {state.error && <ErrorState error={state.error} />}
    </ConfirmDialog>
  );
}

function RefundDialog({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t } = useBillingT();
  const left = payment.amountKopecks - payment.refundedKopecks;
  const [amount, setAmount] = useState<number | null>(left);
  const [reason, setReason] = useState('');
  const [refund, state] = useRefundPaymentMutation();
  const amountError = amount === null || amount <= 0 ? t('common:invalidMoney') : amount > left ? t('refundMax', { amount: formatKopecks(left) }) : null;
  return (
    <ConfirmDialog
      open
      title={t('refundTitle', { amount: formatKopecks(payment.amountKopecks) })}
      confirm={t('refund')}
      danger
      busy={state.isLoading}
      disabled={!!amountError || reason.trim().length < 3}
      onClose={onClose}
      onConfirm={() => refund({ id: payment.id, amountKopecks: amount!, reason: reason.trim() }).unwrap().then(onClose, () => undefined)}
    >
      <DialogContentText sx={{ mb: 2 }}>{t('refundHint')}</DialogContentText>
      <Stack spacing={2}>
        <MoneyInput label={t('refundAmount')} value={amount} onChange={setAmount} error={amountError} />
        <TextInput label={t('reason')} value={reason} onChange={setReason} helperText={t('reasonHint')} />
      </Stack>
      {state.error && <ErrorState error={state.error} />}
    </ConfirmDialog>
  );
}

/** Picks a statement file and sends it as it is; the answer (matched / unmatched counts) goes to the page. */
function StatementUpload({ onResult }: { onResult: (r: { ok: boolean; text: string }) => void }) {
  const { t } = useBillingT();
  const input = useRef<HTMLInputElement>(null);
  const dispatch = useDispatch();
  const [busy, setBusy] = useState(false);
  const send = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await uploadStatement(file);
      onResult({ ok: true, text: t('uploaded', { documents: r.documents, credited: r.credited, matched: r.matched.length, unmatched: r.unmatched.length, duplicates: r.duplicates }) });
      dispatch(ownerBillingApi.util.invalidateTags(['Billing']));
    } catch (e) {
      onResult({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <Button variant="contained" disabled={busy} onClick={() => input.current?.click()} title={t('uploadHint')}>
        {t('upload')}
      </Button>
      <input ref={input} type="file" hidden accept=".txt,text/plain" aria-label={t('upload')} data-testid="statement-file" onChange={(e) => send(e.target.files?.[0])} />
    </>
  );
}

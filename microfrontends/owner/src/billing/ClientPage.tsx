import {
  Box, Button, Checkbox, DialogContentText, ErrorState, FormControlLabel, List, ListItem, ListItemText, Loading,
  PageHeader, Paper, Stack, Typography, formatDate, todayIso
} from '@workcloud/shared-ui';
import { useState, type ReactNode } from 'react';
import { useArchiveClientMutation, useBillingClientQuery, useCancelClientMutation } from './api';
import { ClientDiscountPanel } from './ClientDiscountPanel';
import { ConfirmDialog } from './ConfirmDialog';
import { Amount, ClientStatusChip, displayStatus, InvoiceStatusChip, money, paymentCells, PdfButtons, period, SimpleTable } from './parts';
import { TestClockPanel } from './TestClockPanel';
import { useBillingT } from './useBillingT';

/** One client's billing: subscription, invoices with their PDFs, payments, refunds and history. */
export function ClientPage({ id }: { id: string }) {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const { data: c, error, isLoading, refetch } = useBillingClientQuery(id);
  const [cancel, cancelState] = useCancelClientMutation();
  const [archive, archiveState] = useArchiveClientMutation();
  const [asking, setAsking] = useState<'cancel' | 'archive' | null>(null);
  const [force, setForce] = useState(false);
  if (isLoading) return <Loading />;
  if (error || !c) return <ErrorState error={error} onRetry={refetch} />;
  const status = displayStatus({ status: c.status, canceledOn: c.account?.canceledOn });
  const canCancel = !c.account?.canceledOn && c.status !== 'archived';
  const canArchive = !!c.account?.canceledOn && c.status !== 'archived';
  const retentionLeft = !!c.account?.retainUntil && c.account.retainUntil >= todayIso(); // billing's days are Moscow's, the owner console's zone

  const act = async () => {
    try {
      if (asking === 'cancel') await cancel(id).unwrap();
      else await archive({ id, force }).unwrap();
      setAsking(null);
    } catch {
      /* shown in the dialog */
    }
  };

  return (
    <Box>
      <PageHeader
        title={c.name}
        subtitle={<ClientStatusChip status={status} />}
        crumbs={[{ label: t('section') }, { label: t('clients'), path: '/m/owner/billing/clients' }, { label: c.name }]}
        actions={
          <>
            {canCancel && (
              <Button color="error" variant="outlined" onClick={() => setAsking('cancel')}>
                {t('cancel')}
              </Button>
            )}
            {canArchive && (
              <Button variant="outlined" onClick={() => setAsking('archive')}>
                {t('archive')}
              </Button>
            )}
          </>
        }
      />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(2, minmax(0, 1fr))' }, mb: 3 }}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Field label={t('inn')} value={c.inn} />
          <Field label={t('trialEndsOn')} value={formatDate(c.trialEndsOn, lang)} />
          <Field label={t('nextPeriod')} value={formatDate(c.account?.nextPeriodStart, lang)} />
          <Field label={t('monthly')} value={money(c.subscription.monthlyKopecks)} />
          <Field label={t('balance')} value={money(c.balanceKopecks)} />
          {c.account?.retainUntil && <Field label={t('retainUntil')} value={formatDate(c.account.retainUntil, lang)} />}
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography gutterBottom sx={{ fontWeight: 600 }}>
            {t('modules')}
          </Typography>
          {c.subscription.modules.map((m) => (
            <Field key={m.code} label={m.title} value={money(m.monthlyPriceKopecks)} />
          ))}
          {c.subscription.pendingCharges.length > 0 && (
            <>
              <Typography sx={{ fontWeight: 600, mt: 1 }}>
                {t('pending')}
              </Typography>
              {c.subscription.pendingCharges.map((p, i) => (
                <Field key={i} label={p.description} value={money(p.amountKopecks)} />
              ))}
            </>
          )}
        </Paper>
      </Box>

      <ClientDiscountPanel clientId={id} clientName={c.name} />
      <TestClockPanel clientId={id} />
      <Section title={t('invoicesOf')}>
        <SimpleTable
          label={t('invoicesOf')}
          head={[t('number'), t('period'), t('dueOn'), t('total'), t('paid'), t('status'), t('documents')]}
          rows={c.invoices.map((i) => [i.number, period(i, lang), formatDate(i.dueOn, lang), <Amount key="t" k={i.totalKopecks} />, <Amount key="p" k={i.paidKopecks} />, <InvoiceStatusChip key="s" status={i.status} />, <PdfButtons key="d" invoice={i} />])}
        />
      </Section>
      <Section title={t('paymentsOf')}>
        <SimpleTable label={t('paymentsOf')} head={[t('date'), t('method'), t('status'), t('amount'), t('refunded'), t('invoice')]} rows={c.payments.map((p) => paymentCells(p, lang, t))} />
      </Section>
      {c.refunds.length > 0 && (
        <Section title={t('refundsOf')}>
          <SimpleTable label={t('refundsOf')} head={[t('date'), t('amount'), t('reason'), t('status')]} rows={c.refunds.map((r) => [formatDate(r.refundedOn, lang), <Amount key="a" k={r.amountKopecks} />, r.reason, r.status === 'failed' ? `${t('refundFailed')}: ${r.error ?? ''}` : r.status === 'pending' ? t('refundPending') : t('refundSucceeded')])} />
        </Section>
      )}
      <Section title={t('eventsOf')}>
        {c.events.length ? (
          <Paper variant="outlined">
            <List dense aria-label={t('eventsOf')}>
              {c.events.map((e) => (
                <ListItem key={e.id}>
                  <ListItemText primary={e.message} secondary={formatDate(e.onDate, lang)} />
                </ListItem>
              ))}
            </List>
          </Paper>
        ) : (
          <Typography color="text.secondary">{t('none')}</Typography>
        )}
      </Section>

      <ConfirmDialog
        open={!!asking}
        title={asking === 'cancel' ? t('cancel') : t('archive')}
        confirm={asking === 'cancel' ? t('cancel') : t('archive')}
        danger
        busy={cancelState.isLoading || archiveState.isLoading}
        disabled={asking === 'archive' && retentionLeft && !force}
        onConfirm={act}
        onClose={() => setAsking(null)}
      >
        <DialogContentText>{t(asking === 'cancel' ? 'cancelConfirm' : 'archiveConfirm', { name: c.name })}</DialogContentText>
        {asking === 'archive' && retentionLeft && <FormControlLabel control={<Checkbox checked={force} onChange={(e) => setForce(e.target.checked)} />} label={`${t('archiveEarly')} (${t('retainUntil')} ${formatDate(c.account?.retainUntil, lang)})`} />}
        {(cancelState.error || archiveState.error) && <ErrorState error={cancelState.error ?? archiveState.error} />}
      </ConfirmDialog>
    </Box>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" sx={{ mb: 3 }}>
      <Typography variant="h2" component="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Stack direction="row" spacing={2} sx={{ py: 0.5, justifyContent: 'space-between' }}>
      <Typography color="text.secondary">{label}</Typography>
      <Typography sx={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{value}</Typography>
    </Stack>
  );
}

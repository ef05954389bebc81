import {
  Alert, AlertTitle, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle,
  ErrorState, Loading, PageHeader, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead,
  TableRow, Typography, downloadWithToken, formatDate, formatKopecks, useAbility, useMediaQuery, useTheme
} from '@workcloud/shared-ui';
import { useState, type ReactNode } from 'react';
import { useCompanyModulesQuery, type CompanyModule } from '../api/adminApi';
import { useAddModuleMutation, useBillingNoticesQuery, useCompanyInvoicesQuery, useCompanyPaymentsQuery, useRemoveModuleMutation, useSubscriptionQuery, type Invoice, type Subscription } from './api';
import { PayDialog } from './PayDialog';
import { DiscountCard } from './DiscountCard';
import { SavedCard } from './SavedCard';
import { useBillingT } from './useBillingT';

type Color = 'default' | 'success' | 'warning' | 'error' | 'info';
const statusColors: Record<string, Color> = { trial: 'info', active: 'success', past_due: 'warning', suspended: 'error', cancelled: 'default', archived: 'default' };
const invoiceColors: Record<Invoice['status'], Color> = { open: 'warning', paid: 'success', void: 'default' };

/**
 * «Подписка и оплата»: the company's state, its modules with prices, invoices to pay and payments.
 * Everything here reads through routes that stay open while the company is suspended; paying too.
 */
export function BillingPage() {
  const { t, i18n } = useBillingT();
  const lang = i18n.language;
  const ability = useAbility();
  const sub = useSubscriptionQuery();
  const invoices = useCompanyInvoicesQuery();
  const payments = useCompanyPaymentsQuery();
  const [paying, setPaying] = useState<Invoice | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  if (sub.isLoading) return <Loading />;
  if (sub.error || !sub.data) return <ErrorState error={sub.error} onRetry={sub.refetch} />;
  const s = sub.data;
  const status = s.canceledOn && s.status === 'suspended' ? 'cancelled' : s.status;
  const canPay = ability.can('update', 'Subscription');

  const pdf = (url: string, name: string) => downloadWithToken(url, name).catch((e: Error) => setPdfError(e.message));
  const docs = (i: Invoice) => (
    <Stack direction="row" spacing={0.5}>
      <Button size="small" onClick={() => pdf(`/api/admin/billing/invoices/${i.id}/pdf`, `Счёт ${i.number}.pdf`)} aria-label={`${t('invoicePdf')} ${i.number}, PDF`}>
        {t('invoicePdf')}
      </Button>
      {i.actId && (
        <Button size="small" onClick={() => pdf(`/api/admin/billing/acts/${i.actId}/pdf`, `Акт ${i.number}.pdf`)} aria-label={`${t('actPdf')} ${i.number}, PDF`}>
          {t('actPdf')}
        </Button>
      )}
    </Stack>
  );
  const payButton = (i: Invoice) =>
    i.status === 'open' && canPay ? (
      <Button variant="contained" size="small" onClick={() => setPaying(i)} aria-label={`${t('pay')} ${t('invoice').toLowerCase()} № ${i.number}`}>
        {t('pay')}
      </Button>
    ) : null;
  const invoiceChip = (i: Invoice) => <Chip size="small" variant="outlined" color={invoiceColors[i.status]} label={t(`invoiceStatuses.${i.status}`)} />;
  const period = (i: Invoice) => `${formatDate(i.periodStart, lang)} – ${formatDate(i.periodEnd, lang)}`;
  const items = invoices.data?.items ?? [];

  return (
    <Box>
      <PageHeader title={t('title')} subtitle={t('subtitle')} crumbs={[{ label: t('section'), path: '/m/admin' }, { label: t('title') }]} />
      <StatusBanner sub={s} />
      <Paper variant="outlined" sx={{ p: 2 }} data-testid="subscription-summary">
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', md: 'repeat(4, minmax(0, 1fr))' } }}>
          <Fact label={t('status')} value={<Chip size="small" color={statusColors[status]} label={t(`statuses.${status}`)} />} />
          {s.status === 'trial' && <Fact label={t('trialEndsOn')} value={formatDate(s.trialEndsOn, lang)} />}
          {/* suspended and cancelled months are not invoiced */}
          {(s.status === 'trial' || s.status === 'active' || s.status === 'past_due') && !s.canceledOn && <Fact label={t('nextInvoice')} value={formatDate(s.nextPeriodStart, lang)} />}
          <Fact label={t('monthly')} value={formatKopecks(s.monthlyKopecks)} />
        </Box>
        {s.pendingCharges.length > 0 && (
          <Box sx={{ mt: 2 }}>
            <Typography sx={{ fontWeight: 600 }}>{t('pendingCharges')}</Typography>
            {s.pendingCharges.map((c, i) => (
              <Stack key={i} direction="row" spacing={2} sx={{ justifyContent: 'space-between', py: 0.25 }}>
                <Typography color="text.secondary" sx={{ fontSize: 14 }}>
                  {c.description}
                </Typography>
                <Typography sx={{ whiteSpace: 'nowrap', fontSize: 14 }}>{formatKopecks(c.amountKopecks)}</Typography>
              </Stack>
            ))}
          </Box>
        )}
      </Paper>

      <SavedCard canChange={canPay} />

      <DiscountCard canChange={canPay} />

      <Modules readOnly={s.status === 'suspended' || s.status === 'archived'} />

      <Heading>{t('invoices')}</Heading>
      {pdfError && <ErrorState error={{ detail: pdfError }} />}
      {invoices.error && <ErrorState error={invoices.error} onRetry={invoices.refetch} />}
      {!items.length && !invoices.isLoading && <Typography color="text.secondary">{t('none')}</Typography>}
      {items.length > 0 &&
        (phone ? (
          // On a phone each Счёт is a card: number, amount, state and its buttons stay readable at 375 px.
          <Stack spacing={1.5} aria-label={t('invoices')} role="list">
            {items.map((i) => (
              <Paper key={i.id} variant="outlined" sx={{ p: 1.5 }} role="listitem">
                <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
                  <Typography sx={{ fontWeight: 600 }}>№ {i.number}</Typography>
                  {invoiceChip(i)}
                </Stack>
                <Typography color="text.secondary" sx={{ fontSize: 14 }}>
                  {period(i)} · {t('dueOn')} {formatDate(i.dueOn, lang)}
                </Typography>
                <Typography sx={{ fontWeight: 600, my: 0.5 }}>{formatKopecks(i.totalKopecks)}</Typography>
                <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
                  {docs(i)}
                  {payButton(i)}
                </Stack>
              </Paper>
            ))}
          </Stack>
        ) : (
          <TableContainer component={Paper} variant="outlined">
            <Table size="small" aria-label={t('invoices')}>
              <TableHead>
                <TableRow>
                  {[t('number'), t('period'), t('dueOn'), t('total'), t('invoiceStatus'), t('documents'), ''].map((h, k) => (
                    <TableCell key={k}>{h}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map((i) => (
                  <TableRow key={i.id}>
                    <TableCell>{i.number}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{period(i)}</TableCell>
                    <TableCell>{formatDate(i.dueOn, lang)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatKopecks(i.totalKopecks)}</TableCell>
                    <TableCell>{invoiceChip(i)}</TableCell>
                    <TableCell>{docs(i)}</TableCell>
                    <TableCell align="right">{payButton(i)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        ))}

      <Heading>{t('payments')}</Heading>
      {payments.error && <ErrorState error={payments.error} onRetry={payments.refetch} />}
      {payments.data && !payments.data.items.length && <Typography color="text.secondary">{t('none')}</Typography>}
      {!!payments.data?.items.length && (
        <TableContainer component={Paper} variant="outlined">
          <Table size="small" aria-label={t('payments')}>
            <TableHead>
              <TableRow>
                {[t('date'), t('method'), t('amount')].map((h) => (
                  <TableCell key={h}>{h}</TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {payments.data.items.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>
                    {formatDate(p.paidOn ?? p.createdAt, lang)}
                    <Typography color="text.secondary" sx={{ fontSize: 12 }}>
                      {t(`paymentStatuses.${p.status}`)}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {t(`methods.${p.method}`)}
                    {p.invoiceNumber && (
                      <Typography color="text.secondary" sx={{ fontSize: 12 }}>
                        {t('invoice')} № {p.invoiceNumber}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatKopecks(p.amountKopecks)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {paying && <PayDialog invoice={paying} onClose={() => setPaying(null)} />}
    </Box>
  );
}

/** What the admin must do when money is late: pay, or nothing works but reading. */
function StatusBanner({ sub }: { sub: Subscription }) {
  const { t, i18n } = useBillingT();
  // The latest reminder names the unpaid Счёт and the day work will be suspended.
  const notices = useBillingNoticesQuery(undefined, { skip: sub.status !== 'past_due' });
  const reminder = notices.data?.items.find((n) => n.kind === 'reminder');
  if (sub.canceledOn)
    return (
      <Alert severity="info" sx={{ mb: 2 }}>
        <AlertTitle>{t('cancelled')}</AlertTitle>
        {t('cancelledText', { date: formatDate(sub.retainUntil, i18n.language) })}
      </Alert>
    );
  if (sub.status !== 'past_due' && sub.status !== 'suspended') return null;
  const suspended = sub.status === 'suspended';
  return (
    <Alert severity={suspended ? 'error' : 'warning'} sx={{ mb: 2 }} data-testid="billing-banner">
      <AlertTitle>{suspended ? t('suspended') : t('pastDue')}</AlertTitle>
      {suspended ? t('suspendedText') : t('pastDueText')}
      {!suspended && reminder && <Box sx={{ mt: 1, fontWeight: 600 }}>{reminder.message}</Box>}
    </Alert>
  );
}

/** Sellable modules with add/remove; the answer's prorated charge is shown after each change. */
function Modules({ readOnly }: { readOnly: boolean }) {
  const { t, i18n } = useBillingT();
  const ability = useAbility();
  const { data: modules = [], error, refetch } = useCompanyModulesQuery();
  const [add, addState] = useAddModuleMutation();
  const [remove, removeState] = useRemoveModuleMutation();
  const [asking, setAsking] = useState<{ module: CompanyModule; adding: boolean } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const title = (m: CompanyModule) => (i18n.language === 'en' ? m.titleEn : m.title);
  const canChange = ability.can('update', 'Subscription') && !readOnly;

  const confirm = async () => {
    if (!asking) return;
    const { module: m, adding } = asking;
    try {
      const { chargeKopecks } = await (adding ? add(m.code) : remove(m.code)).unwrap();
      const amount = formatKopecks(Math.abs(chargeKopecks));
      setDone(chargeKopecks === 0 ? t(adding ? 'addedFree' : 'removedFree', { title: title(m) }) : t(adding ? 'added' : 'removed', { title: title(m), amount }));
      setAsking(null);
    } catch {
      /* shown in the dialog */
    }
  };

  return (
    <Box>
      <Heading>{t('modules')}</Heading>
      {error && <ErrorState error={error} onRetry={refetch} />}
      {done && (
        <Alert severity="success" sx={{ mb: 1 }} onClose={() => setDone(null)} data-testid="module-charge">
          {done}
        </Alert>
      )}
      {readOnly && (
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          {t('readOnlyHint')}
        </Typography>
      )}
      <Paper variant="outlined">
        {modules.map((m, k) => (
          <Stack key={m.code} direction="row" spacing={2} sx={{ p: 1.5, alignItems: 'center', borderTop: k ? 1 : 0, borderColor: 'divider' }}>
            <Box sx={{ flex: 1, minWidth: 0 }}>
              <Typography sx={{ fontWeight: 600 }}>{title(m)}</Typography>
              <Typography color="text.secondary" sx={{ fontSize: 14 }}>
                {m.alwaysIncluded ? t('included') : `${formatKopecks(m.monthlyPriceKopecks)} / ${t('monthly').toLowerCase()}`}
              </Typography>
            </Box>
            {!m.alwaysIncluded && canChange && (
              <Button variant={m.enabled ? 'outlined' : 'contained'} color={m.enabled ? 'inherit' : 'primary'} size="small" onClick={() => setAsking({ module: m, adding: !m.enabled })} aria-label={`${m.enabled ? t('remove') : t('add')}: ${title(m)}`}>
                {m.enabled ? t('remove') : t('add')}
              </Button>
            )}
            {!m.alwaysIncluded && !canChange && m.enabled && <Chip size="small" color="success" variant="outlined" label={t('connected')} />}
          </Stack>
        ))}
      </Paper>
      <Dialog open={!!asking} onClose={() => setAsking(null)} fullWidth maxWidth="sm">
        <DialogTitle>{asking && t(asking.adding ? 'addTitle' : 'removeTitle', { title: title(asking.module) })}</DialogTitle>
        <DialogContent>
          <DialogContentText>{asking && (asking.adding ? t('addText', { price: formatKopecks(asking.module.monthlyPriceKopecks) }) : t('removeText'))}</DialogContentText>
          {(addState.error || removeState.error) && <ErrorState error={addState.error ?? removeState.error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAsking(null)}>{t('common:cancel')}</Button>
          <Button variant="contained" color={asking?.adding ? 'primary' : 'error'} disabled={addState.isLoading || removeState.isLoading} onClick={confirm}>
            {asking?.adding ? t('add') : t('remove')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

function Heading({ children }: { children: ReactNode }) {
  return (
    <Typography variant="h2" component="h2" sx={{ mt: 3, mb: 1 }}>
      {children}
    </Typography>
  );
}

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography color="text.secondary" sx={{ fontSize: 13 }}>
        {label}
      </Typography>
      <Box sx={{ fontWeight: 600, mt: 0.25 }}>{value}</Box>
    </Box>
  );
}

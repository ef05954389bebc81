import {
  Alert, ApiError, Box, Button, Chip, DateInput, Link, List, ListItem, ListItemText, PageHeader, Paper, RefInput, Stack, Typography,
  apiFetch, formatKopecks, linkProps, useAbility,
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useAccountingT } from '../i18n';
import { queryOf } from '../reportParams';

/** Where the server says a check or a step leads: the document to fix or the report of the month. */
interface Target {
  label: string;
  link: string;
}
interface Check {
  check: string;
  result: string;
  ok: boolean;
  message: string;
  link: Target;
}
/** A row of the report «Шаги закрытия месяца»: what the closing booked and the card of the account it closed. */
interface Step {
  step: string;
  entry: string;
  amount_text: string;
  link: Target;
}
interface Closing {
  id: string;
  number: string;
  status: 'draft' | 'posted' | 'cancelled';
  month: string;
  result: number | null;
}

const monthStart = (iso: string) => `${iso.slice(0, 8)}01`;
const monthEnd = (iso: string) => {
  const d = new Date(`${monthStart(iso)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
};
const problemText = (e: unknown) => (e instanceof ApiError ? e.detail || e.title : (e as Error).message);

/**
 * Помощник закрытия месяца: an organization and a month → the checks before closing (each leading to the
 * document to fix or the report it read), then «Закрыть месяц» (the «Закрытие месяца» document, posted) with
 * its steps, each leading to the card of the account it closed, and its entries; «Отменить закрытие» reopens
 * the month.
 */
export function MonthClosingPage({ basePath }: { basePath: string }) {
  const { t } = useAccountingT();
  const ability = useAbility();
  const [organization, setOrganization] = useState<string | null>(null);
  const [month, setMonth] = useState(monthStart(new Date().toISOString().slice(0, 10)));
  const [checks, setChecks] = useState<Check[] | null>(null);
  const [closing, setClosingState] = useState<Closing | null | undefined>(undefined);
  const [steps, setSteps] = useState<Step[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canClose = ability.can('post', 'accounting.month_closing');

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(problemText(e));
    } finally {
      setBusy(false);
    }
  };
  /** The closing as the server answered, with the steps it booked when it is posted. */
  const setClosing = async (c: Closing | null | undefined) => {
    setSteps(c?.status === 'posted' ? (await apiFetch<{ items: Step[] }>(`/api/accounting/reports/closing_steps${queryOf({ month: monthStart(month), organization })}`)).items : []);
    setClosingState(c);
  };
  /** The month's checks and its «Закрытие месяца», if there is one. */
  const load = () =>
    attempt(async () => {
      const m = monthStart(month);
      const [report, list] = await Promise.all([
        apiFetch<{ items: Check[] }>(`/api/accounting/reports/closing_checks${queryOf({ month: m, organization })}`),
        apiFetch<{ items: Closing[] }>(`/api/accounting/documents/month_closing${queryOf({ organization, limit: 100 })}`),
      ]);
      setChecks(report.items);
      const found = list.items.find((c) => c.month === m);
      await setClosing(found ? await apiFetch<Closing>(`/api/accounting/documents/month_closing/${found.id}`) : null);
    });
  const close = () =>
    attempt(async () => {
      const doc = closing ?? (await apiFetch<Closing>('/api/accounting/documents/month_closing', { method: 'POST', body: { organization, month: monthStart(month), date: monthEnd(month) } }));
      await setClosing(await apiFetch<Closing>(`/api/accounting/documents/month_closing/${doc.id}/post`, { method: 'POST' }));
    });
  const reopen = () => attempt(async () => await setClosing(await apiFetch<Closing>(`/api/accounting/documents/month_closing/${closing!.id}/cancel`, { method: 'POST' })));

  const posted = closing?.status === 'posted';
  const entriesLink = closing && `${basePath}/reports/entries_journal${queryOf({ from: monthStart(month), to: monthEnd(month), organization, document: closing.id })}`;
  return (
    <Box>
      <PageHeader title={t('closing')} subtitle={t('closingHint')} />
      <Paper variant="outlined" sx={{ p: 2, mb: 2, display: 'grid', gap: 2, alignItems: 'start', gridTemplateColumns: { xs: '1fr', sm: 'repeat(auto-fill, minmax(220px, 1fr))' } }}>
        <RefInput module="accounting" refCode="trade.organizations" label={t('organization')} required size="small" value={organization} onChange={(v) => (setOrganization(v), setChecks(null), setClosingState(undefined))} />
        <DateInput label={t('month')} required size="small" value={month} onChange={(v) => (setMonth(v || month), setChecks(null), setClosingState(undefined))} />
        <Button variant="contained" disabled={!organization || busy} onClick={load} sx={{ justifySelf: 'start' }}>
          {t('runChecks')}
        </Button>
      </Paper>
      {error && (
        <Alert severity="error" sx={{ mb: 2, whiteSpace: 'pre-line' }}>
          {error}
        </Alert>
      )}
      {checks && (
        <Paper variant="outlined" component="section" aria-label={t('checksTitle')} sx={{ p: 2, mb: 2 }}>
          <Typography variant="h3" component="h2">
            {t('checksTitle')}
          </Typography>
          <List dense>
            {checks.map((c, i) => (
              <ListItem key={i} disableGutters sx={{ alignItems: 'flex-start', gap: 1 }}>
                <Chip size="small" color={c.ok ? 'success' : 'warning'} label={c.ok ? t('ok') : t('problem')} sx={{ mt: 0.5 }} />
                <ListItemText primary={c.check} secondary={<>{c.message} — <Link {...linkProps(c.link.link)}>{c.link.label}</Link></>} />
              </ListItem>
            ))}
          </List>
        </Paper>
      )}
      {closing !== undefined && (
        <Paper variant="outlined" component="section" aria-label={t('stepsTitle')} sx={{ p: 2 }}>
          <Typography variant="h3" component="h2" sx={{ mb: 1 }}>
            {t('stepsTitle')}
          </Typography>
          {posted ? (
            <>
              <Typography sx={{ mb: 1 }}>
                <Link {...linkProps(`${basePath}/documents/month_closing/${closing!.id}`)}>{t('monthClosed', { doc: closing!.number })}</Link>
                {closing!.result !== null && ` — ${formatKopecks(closing!.result)}`}
              </Typography>
              {steps.length ? (
                <List dense data-testid="closing-steps">
                  {steps.map((s, i) => (
                    <ListItem key={i} disableGutters>
                      <ListItemText primary={`${s.step} (${s.entry}): ${s.amount_text} ₽`} secondary={<Link {...linkProps(s.link.link)}>{s.link.label}</Link>} />
                    </ListItem>
                  ))}
                </List>
              ) : (
                <Typography color="text.secondary">{t('nothingBooked')}</Typography>
              )}
              {entriesLink && <Link {...linkProps(entriesLink)}>{t('lines')}</Link>}
            </>
          ) : (
            <Typography color="text.secondary">{t('monthOpen')}</Typography>
          )}
          {canClose && (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mt: 2 }}>
              {!posted && (
                <Button variant="contained" disabled={busy} onClick={close}>
                  {t('closeMonth')}
                </Button>
              )}
              {posted && (
                <Button variant="outlined" disabled={busy} onClick={reopen}>
                  {t('reopenMonth')}
                </Button>
              )}
            </Stack>
          )}
        </Paper>
      )}
    </Box>
  );
}

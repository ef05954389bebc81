import { Alert, Button, DateInput, ErrorState, Paper, Stack, Typography, formatDate } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useAdvanceTestClockMutation, useClearTestClockMutation, useTestClockQuery } from './api';
import { useBillingT } from './useBillingT';

/**
 * The client's test clock (not in production: the panel is absent there): run this client's billing
 * cycle as of a chosen day — invoices, reminders, suspension — to show or check a month without waiting.
 */
export function TestClockPanel({ clientId }: { clientId: string }) {
  const { t, i18n } = useBillingT();
  const { data } = useTestClockQuery(clientId);
  const [advance, advanceState] = useAdvanceTestClockMutation();
  const [clear, clearState] = useClearTestClockMutation();
  const [day, setDay] = useState('');
  if (!data?.enabled) return null;
  const report = advanceState.data;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} component="section" aria-label={t('testClock')}>
      <Typography sx={{ fontWeight: 600 }}>{t('testClock')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {data.today ? t('testClockAt', { date: formatDate(data.today, i18n.language) }) : t('testClockOff')}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <DateInput label={t('testClockDate')} value={day} onChange={setDay} size="small" fullWidth={false} />
        <Button variant="contained" disabled={!day || advanceState.isLoading} onClick={() => advance({ id: clientId, date: day }).unwrap().catch(() => undefined)}>
          {t('testClockRun')}
        </Button>
        {data.today && (
          <Button disabled={clearState.isLoading} onClick={() => { advanceState.reset(); clear(clientId); }}>
            {t('testClockClear')}
          </Button>
        )}
      </Stack>
      {report && (
        <Alert severity={report.errors.length ? 'warning' : 'success'} role="status" sx={{ mt: 2 }}>
          {t('cycleDone', { today: formatDate(report.today, i18n.language), count: report.invoicesIssued })}
          {report.errors.length > 0 && ` ${t('cycleErrors', { count: report.errors.length })}`}
        </Alert>
      )}
      {(advanceState.error || clearState.error) && <ErrorState error={advanceState.error ?? clearState.error} />}
    </Paper>
  );
}

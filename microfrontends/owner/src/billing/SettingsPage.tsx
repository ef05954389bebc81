import {
  Alert, Box, Button, ErrorState, Loading, NumberInput, PageHeader, Paper, Stack, Typography, fieldErrors
} from '@workcloud/shared-ui';
import { useEffect, useState, type FormEvent } from 'react';
import { useBillingSettingsQuery, useSaveBillingSettingsMutation, type BillingSettings } from './api';
import { useBillingT } from './useBillingT';

/** Limits as the backend checks them, so the form says what is wrong before sending. */
const FIELDS: { key: keyof BillingSettings; min: number; max: number; hint?: string }[] = [
  { key: 'trialDays', min: 0, max: 365 },
  { key: 'paymentDueDays', min: 0, max: 90 },
  { key: 'graceDays', min: 0, max: 365, hint: 'graceHint' },
  { key: 'reminderEveryDays', min: 1, max: 60 },
  { key: 'remindBeforeDays', min: 0, max: 30, hint: 'remindBeforeHint' },
  { key: 'retentionDays', min: 0, max: 3650 },
];

export function SettingsPage() {
  const { t } = useBillingT();
  const { data, error, isLoading, refetch } = useBillingSettingsQuery();
  const [save, saveState] = useSaveBillingSettingsMutation();
  const [form, setForm] = useState<Record<keyof BillingSettings, number | null> | null>(null);
  useEffect(() => {
    if (data) setForm(data);
  }, [data]);
  if (isLoading) return <Loading />;
  if (error || !form) return <ErrorState error={error} onRetry={refetch} />;

  const server = fieldErrors(saveState.error);
  const invalid = (f: (typeof FIELDS)[number]) => {
    const v = form[f.key];
    return v === null || !Number.isInteger(v) || v < f.min || v > f.max ? t('wholeNumber', { min: f.min, max: f.max }) : null;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (FIELDS.some(invalid)) return;
    save(form as BillingSettings);
  };

  return (
    <Box>
      <PageHeader title={t('settings')} subtitle={t('settingsSubtitle')} crumbs={[{ label: t('section') }, { label: t('settings') }]} />
      <Paper variant="outlined" component="form" noValidate onSubmit={submit} sx={{ p: { xs: 2, sm: 3 }, maxWidth: 560 }}>
        <Stack spacing={2}>
          {FIELDS.map((f) => (
            <NumberInput key={f.key} label={t(f.key)} name={f.key} value={form[f.key]} onChange={(v) => setForm({ ...form, [f.key]: v })} error={server[f.key] ?? invalid(f)} helperText={f.hint ? t(f.hint) : undefined} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
          ))}
          <Typography color="text.secondary" sx={{ fontSize: 14 }}>
            {t('settingsNote')}
          </Typography>
          {saveState.isSuccess && <Alert severity="success">{t('saved')}</Alert>}
          {saveState.error && !Object.keys(server).length && <ErrorState error={saveState.error} />}
          <Box>
            <Button type="submit" variant="contained" disabled={saveState.isLoading}>
              {t('common:save')}
            </Button>
          </Box>
        </Stack>
      </Paper>
    </Box>
  );
}

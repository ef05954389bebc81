import { Alert, ApiError, apiFetch, Box, Button, Dialog, Paper, Stack, TextField, Typography } from '@workcloud/shared-ui/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Enrolment } from '../api/auth';
import { EnrolmentQr, RecoveryCodes } from './SecondFactorStep';

type Step = { kind: 'enable'; enrolment: Enrolment } | { kind: 'disable' } | { kind: 'renew' } | { kind: 'codes'; codes: string[] };

/** The person's authenticator app: turn on (QR, first code, recovery codes), new recovery codes, turn off. */
export function TwoFactorCard() {
  const { t } = useTranslation('shell');
  const [status, setStatus] = useState<{ enabled: boolean; recoveryCodesLeft: number } | null>(null);
  const [step, setStep] = useState<Step | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => apiFetch<{ enabled: boolean; recoveryCodesLeft: number }>('/api/me/two-factor').then(setStatus);
  useEffect(() => {
    void load();
  }, []);

  const open = (next: Step | null) => {
    setStep(next);
    setCode('');
    setPassword('');
    setError(null);
    if (!next) void load();
  };
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : t('common:error'));
    } finally {
      setBusy(false);
    }
  };
  const enable = () => run(async () => open({ kind: 'enable', enrolment: await apiFetch<Enrolment>('/api/me/two-factor/enrol', { method: 'POST' }) }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (step?.kind === 'enable') open({ kind: 'codes', codes: (await apiFetch<{ recoveryCodes: string[] }>('/api/me/two-factor/confirm', { method: 'POST', body: { code } })).recoveryCodes });
      else if (step?.kind === 'renew') open({ kind: 'codes', codes: (await apiFetch<{ recoveryCodes: string[] }>('/api/me/two-factor/recovery-codes', { method: 'POST', body: { code } })).recoveryCodes });
      else if (step?.kind === 'disable') {
        await apiFetch('/api/me/two-factor/disable', { method: 'POST', body: { password, code } });
        open(null);
      }
    });
  };

  const title = step?.kind === 'enable' ? t('enableTitle') : step?.kind === 'disable' ? t('disableTitle') : step?.kind === 'codes' ? t('recoveryTitle') : t('newRecoveryCodes');
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
      <Typography variant="h2" gutterBottom>
        {t('twoFactor')}
      </Typography>
      {status && <Typography sx={{ mb: 2 }}>{status.enabled ? t('twoFactorOn', { count: status.recoveryCodesLeft }) : t('twoFactorOff')}</Typography>}
      {error && !step && <Alert severity="error" sx={{ mb: 2 }}>{error}</Alert>}
      {status && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
          {status.enabled ? (
            <>
              <Button variant="outlined" onClick={() => open({ kind: 'renew' })}>
                {t('newRecoveryCodes')}
              </Button>
              <Button color="error" onClick={() => open({ kind: 'disable' })}>
                {t('disable')}
              </Button>
            </>
          ) : (
            <Button variant="contained" onClick={enable} disabled={busy}>
              {t('enable')}
            </Button>
          )}
        </Stack>
      )}
      <Dialog open={!!step} onClose={() => open(null)} aria-labelledby="two-factor-dialog-title" fullWidth maxWidth="xs">
        <Box component="form" onSubmit={onSubmit} noValidate sx={{ p: 3 }}>
          <Typography id="two-factor-dialog-title" variant="h2" gutterBottom>
            {title}
          </Typography>
          {step?.kind === 'codes' ? (
            <RecoveryCodes codes={step.codes} onContinue={() => open(null)} />
          ) : (
            <Stack spacing={2}>
              {step?.kind === 'enable' && <Typography color="text.secondary">{t('enableText')}</Typography>}
              {step?.kind === 'disable' && <Typography color="text.secondary">{t('disableText')}</Typography>}
              {step?.kind === 'enable' && <EnrolmentQr enrolment={step.enrolment} />}
              {error && <Alert severity="error" role="alert">{error}</Alert>}
              {step?.kind === 'disable' && (
                <TextField label={t('currentPassword')} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              )}
              <TextField label={t('code')} autoComplete="one-time-code" autoFocus value={code} onChange={(e) => setCode(e.target.value.replace(/\s/g, ''))} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6 } }} />
              <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
                <Button onClick={() => open(null)}>{t('cancel')}</Button>
                <Button type="submit" variant="contained" color={step?.kind === 'disable' ? 'error' : 'primary'} disabled={busy || code.length !== 6}>
                  {step?.kind === 'disable' ? t('disable') : t('confirm')}
                </Button>
              </Stack>
            </Stack>
          )}
        </Box>
      </Dialog>
    </Paper>
  );
}

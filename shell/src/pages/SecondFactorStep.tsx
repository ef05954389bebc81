import { Alert, ApiError, Box, Button, Link, Stack, TextField, Typography } from '@workcloud/shared-ui/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { completeSecondFactor, enrolDuringSignIn, type Enrolment } from '../api/auth';

/** The ten recovery codes, shown once, with the button that goes on. */
export function RecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue?: () => void }) {
  const { t } = useTranslation('shell');
  return (
    <Stack spacing={2}>
      <Alert severity="warning">{t('recoveryText')}</Alert>
      <Box component="ul" aria-label={t('recoveryCodesLabel')} sx={{ m: 0, p: 2, listStyle: 'none', columns: 2, fontFamily: 'monospace', fontSize: 16, bgcolor: 'action.hover', borderRadius: 1 }}>
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </Box>
      {onContinue && (
        <Button variant="contained" size="large" onClick={onContinue}>
          {t('continue')}
        </Button>
      )}
    </Stack>
  );
}

/** The QR code of an authenticator being set up, with the key for typing by hand. */
export function EnrolmentQr({ enrolment }: { enrolment: Enrolment }) {
  const { t } = useTranslation('shell');
  return (
    <Stack spacing={1} sx={{ alignItems: 'center' }}>
      <Box component="img" src={enrolment.qrDataUrl} alt={t('qrAlt')} sx={{ width: 200, height: 200, bgcolor: '#fff', p: 1, borderRadius: 1 }} />
      <Typography color="text.secondary" sx={{ fontSize: 13, wordBreak: 'break-all' }} data-testid="totp-secret" data-secret={enrolment.secret}>
        {t('secretHint', { secret: enrolment.secret })}
      </Typography>
    </Stack>
  );
}

/**
 * The second step of sign-in: a code from the authenticator app (or a recovery code). When the company requires a
 * second factor the person has not set up (`enrol`), the QR code comes first and the recovery codes after.
 */
export function SecondFactorStep({ challengeToken, enrol, onSignedIn }: { challengeToken: string; enrol: boolean; onSignedIn: () => void }) {
  const { t } = useTranslation('shell');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (enrol) enrolDuringSignIn(challengeToken).then(setEnrolment, (e) => setError(e instanceof ApiError ? e.detail : t('common:error')));
  }, [enrol, challengeToken, t]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await completeSecondFactor(challengeToken, recovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') });
      if (res.recoveryCodes) setCodes(res.recoveryCodes);
      else onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : t('common:error'));
    } finally {
      setBusy(false);
    }
  };

  if (codes) return <RecoveryCodes codes={codes} onContinue={onSignedIn} />;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack spacing={2}>
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        {enrol && enrolment && <EnrolmentQr enrolment={enrolment} />}
        <TextField
          label={recovery ? t('recoveryCode') : t('code')}
          name="one-time-code"
          autoComplete="one-time-code"
          autoFocus
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
          slotProps={{ htmlInput: recovery ? { maxLength: 20 } : { inputMode: 'numeric', maxLength: 7 } }}
        />
        <Button type="submit" variant="contained" size="large" disabled={busy || !value.trim()}>
          {t('confirm')}
        </Button>
        {!enrol && (
          <Link component="button" type="button" sx={{ alignSelf: 'flex-start' }} onClick={() => { setRecovery(!recovery); setValue(''); setError(null); }}>
            {recovery ? t('useAppCode') : t('useRecoveryCode')}
          </Link>
        )}
      </Stack>
    </form>
  );
}

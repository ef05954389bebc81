import { Alert, ApiError, Button, Link, Stack, TextField } from '@workcloud/shared-ui/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { resetPassword } from '../api/auth';
import { AuthFrame } from './LoginPage';

/** The page of the e-mailed link (/reset-password#token=…): a new password, then sign in with it. */
export function ResetPasswordPage({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('shell');
  // The token is in the fragment, which the browser never sends to a server.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    if (password !== repeat) return setFieldError(t('passwordsDiffer'));
    setBusy(true);
    try {
      const res = await resetPassword(token, password);
      // Leave the token out of the address bar and the history.
      window.history.replaceState(null, '', '/reset-password');
      setDone(res.email);
    } catch (err) {
      if (err instanceof ApiError) {
        const field = err.errors.find((x) => x.field === 'password');
        if (field) setFieldError(err.errors.filter((x) => x.field === 'password').map((x) => x.message).join('. '));
        else setError(err.detail);
      } else setError(t('common:error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('resetTitle')} subtitle={done ? t('resetDone', { email: done }) : t('resetText')}>
      {!token && !done && (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {t('resetNoToken')}
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {error}
        </Alert>
      )}
      {done ? (
        <Button variant="contained" size="large" onClick={onDone}>
          {t('toSignIn')}
        </Button>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack spacing={2}>
            <TextField label={t('newPassword')} type="password" name="new-password" autoComplete="new-password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} error={!!fieldError} helperText={fieldError ?? t('passwordRules')} />
            <TextField label={t('repeatPassword')} type="password" name="repeat-password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            <Button type="submit" variant="contained" size="large" disabled={busy || !token}>
              {t('savePassword')}
            </Button>
            <Link href="/login" sx={{ alignSelf: 'flex-start' }}>
              {t('backToSignIn')}
            </Link>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

import {
  Alert, ApiError, Box, Button, Link, List, ListItemButton, ListItemText, Paper, Stack, TextField, Typography
} from '@workcloud/shared-ui/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signIn } from '../api/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Logo } from '../components/Logo';

/** Sign-in: e-mail and password, then a company picker if the person works in several. */
export function LoginPage({ expired, onSignedIn }: { expired: boolean; onSignedIn: () => void }) {
  const { t } = useTranslation('shell');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenants, setTenants] = useState<{ id: string; name: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (tenantId?: string) => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      const res = await signIn(email.trim(), password, tenantId);
      if (res.kind === 'pickTenant') setTenants(res.tenants);
      else onSignedIn();
    } catch (e) {
      if (e instanceof ApiError) {
        const retry = Number(e.body?.retryAfterSeconds);
        setError(e.status === 429 && retry ? t('tooManyAttempts', { seconds: retry }) : e.detail);
        setFieldErrors(Object.fromEntries(e.errors.map((x) => [x.field, x.message])));
      } else setError(t('common:error'));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit();
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2, bgcolor: 'background.default' }}>
      <Paper variant="outlined" sx={{ width: '100%', maxWidth: 420, p: { xs: 3, sm: 4 } }}>
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', mb: 3 }}>
          <Logo />
          <LanguageSwitch />
        </Box>
        <Typography variant="h1" component="h1" gutterBottom>
          {tenants ? t('chooseCompany') : t('signIn')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {tenants ? t('chooseCompanyText') : t('signInSubtitle')}
        </Typography>
        {expired && !error && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {t('sessionExpired')}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mb: 2 }} role="alert">
            {error}
          </Alert>
        )}
        {tenants ? (
          <>
            <List aria-label={t('chooseCompany')} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, mb: 2 }}>
              {tenants.map((tn) => (
                <ListItemButton key={tn.id} disabled={busy} onClick={() => submit(tn.id)}>
                  <ListItemText primary={tn.name} />
                </ListItemButton>
              ))}
            </List>
            <Link component="button" onClick={() => setTenants(null)}>
              {t('back')}
            </Link>
          </>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <Stack spacing={2}>
              <TextField
                label={t('email')}
                type="email"
                name="email"
                autoComplete="username"
                autoFocus
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                error={!!fieldErrors.email}
                helperText={fieldErrors.email}
              />
              <TextField
                label={t('password')}
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={!!fieldErrors.password}
                helperText={fieldErrors.password}
              />
              <Button type="submit" variant="contained" size="large" disabled={busy}>
                {t('signInButton')}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Box>
  );
}

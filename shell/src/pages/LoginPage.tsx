import {
  Alert, ApiError, Box, Button, Link, List, ListItemButton, ListItemText, Paper, Stack, TextField, Typography
} from '@workcloud/shared-ui/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset, signIn, signInWithPasskey, signInWithProvider, ssoProviders, type PendingInvitation, type SsoProvider } from '../api/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SecondFactorStep } from './SecondFactorStep';
import { Logo } from '../components/Logo';

/** The frame of the signed-out pages: logo, language, a heading and a subtitle. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', p: 2, bgcolor: 'background.default' }}>
      <Paper variant="outlined" sx={{ width: '100%', maxWidth: 420, p: { xs: 3, sm: 4 } }}>
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', mb: 3 }}>
          <Logo />
          <LanguageSwitch />
        </Box>
        <Typography variant="h1" component="h1" gutterBottom>
          {title}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          {subtitle}
        </Typography>
        {children}
      </Paper>
    </Box>
  );
}

/** The company's own sign-in address `/login/<slug>` (set by its admin): its identity provider is started at once. */
const linkedSlug = () => /^\/login\/([a-z0-9-]+)\/?$/i.exec(window.location.pathname)?.[1] ?? null;
/** The company of a sign-in link — `/login/<slug>`, or `/login?company=<id>` (its provider is offered at once). */
const linkedCompany = () => linkedSlug() ?? new URLSearchParams(window.location.search).get('company');

/**
 * The identity providers to offer: the company link's, or those of the typed e-mail's domain (looked up once the
 * address looks whole, a moment after typing stops).
 */
function useSsoProviders(email: string): SsoProvider[] {
  const [providers, setProviders] = useState<SsoProvider[]>([]);
  const company = linkedCompany();
  const domain = /^[^@\s]+@([^@\s]+\.[^@\s]{2,})$/.exec(email.trim())?.[1]?.toLowerCase();
  useEffect(() => {
    if (!company && !domain) return setProviders([]);
    let current = true;
    const timer = setTimeout(() => {
      // Only the domain leaves the page, not the address being typed.
      ssoProviders(company ? { company } : { email: `sso@${domain}` }).then(
        (found) => {
          if (!current) return;
          setProviders(found);
          // The company's own address goes straight to its provider; /login keeps the password for those allowed one.
          if (linkedSlug() && found.length === 1) signInWithProvider(found[0], '');
        },
        () => current && setProviders([]),
      );
    }, company ? 0 : 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [company, domain]);
  return providers;
}

/**
 * Sign-in: e-mail and password (or «Войти через …» the company's identity provider), then a company picker if the person works in several, or the invitations of a
 * person with no company yet; «Забыли пароль?» sends a link to set a new one.
 */
export function LoginPage({ expired, onSignedIn }: { expired: boolean; onSignedIn: () => void }) {
  const { t } = useTranslation('shell');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenants, setTenants] = useState<{ id: string; name: string }[] | null>(null);
  const [invitations, setInvitations] = useState<PendingInvitation[] | null>(null);
  const [secondFactor, setSecondFactor] = useState<{ challengeToken: string; enrol: boolean } | null>(null);
  const [mode, setMode] = useState<'signIn' | 'forgot'>('signIn');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const providers = useSsoProviders(email);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await action();
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
  const submit = (choice: { tenantId?: string; invitationId?: string } = {}) =>
    run(async () => {
      const res = await signIn(email.trim(), password, choice);
      if (res.kind === 'pickTenant') setTenants(res.tenants);
      else if (res.kind === 'invitations') setInvitations(res.invitations);
      else if (res.kind === 'secondFactor') setSecondFactor(res);
      else onSignedIn();
    });
  const [viaPasskey, setViaPasskey] = useState(false);
  const submitPasskey = (tenantId?: string) =>
    run(async () => {
      const res = await signInWithPasskey(tenantId);
      if (res.kind === 'pickTenant') {
        setViaPasskey(true);
        setTenants(res.tenants);
      } else onSignedIn();
    });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit();
  };
  const onForgot = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => setSent(await requestPasswordReset(email.trim())));
  };
  const back = () => {
    setTenants(null);
    setViaPasskey(false);
    setInvitations(null);
    setMode('signIn');
    setSent(null);
    setError(null);
  };

  if (secondFactor)
    return (
      <AuthFrame title={secondFactor.enrol ? t('enrolTitle') : t('codeTitle')} subtitle={secondFactor.enrol ? t('enrolText') : t('codeText')}>
        <SecondFactorStep {...secondFactor} onSignedIn={onSignedIn} />
      </AuthFrame>
    );
  const title = tenants ? t('chooseCompany') : invitations ? t('invitationsTitle') : mode === 'forgot' ? t('forgotTitle') : t('signIn');
  const subtitle = tenants ? t('chooseCompanyText') : invitations ? t('invitationsLoginText') : mode === 'forgot' ? t('forgotText') : t('signInSubtitle');
  return (
    <AuthFrame title={title} subtitle={subtitle}>
      {expired && !error && mode === 'signIn' && !tenants && !invitations && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('sessionExpired')}
        </Alert>
      )}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {error}
        </Alert>
      )}
      {tenants || invitations ? (
        <>
          <List aria-label={title} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, mb: 2 }}>
            {tenants?.map((tn) => (
              <ListItemButton key={tn.id} disabled={busy} onClick={() => (viaPasskey ? submitPasskey(tn.id) : submit({ tenantId: tn.id }))}>
                <ListItemText primary={tn.name} />
              </ListItemButton>
            ))}
            {invitations?.map((inv) => (
              <ListItemButton key={inv.id} disabled={busy} onClick={() => submit({ invitationId: inv.id })}>
                <ListItemText primary={t('acceptAndSignIn', { company: inv.tenant.name })} secondary={inv.roles.join(', ') || undefined} />
              </ListItemButton>
            ))}
          </List>
          <Link component="button" onClick={back}>
            {t('back')}
          </Link>
        </>
      ) : mode === 'forgot' ? (
        sent ? (
          <Stack spacing={2}>
            <Alert severity="success" role="status">
              {sent}
            </Alert>
            <Link component="button" onClick={back} sx={{ alignSelf: 'flex-start' }}>
              {t('backToSignIn')}
            </Link>
          </Stack>
        ) : (
          <form onSubmit={onForgot} noValidate>
            <Stack spacing={2}>
              <TextField label={t('email')} type="email" name="email" autoComplete="username" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} error={!!fieldErrors.email} helperText={fieldErrors.email} />
              <Button type="submit" variant="contained" size="large" disabled={busy}>
                {t('sendLink')}
              </Button>
              <Link component="button" type="button" onClick={back} sx={{ alignSelf: 'flex-start' }}>
                {t('backToSignIn')}
              </Link>
            </Stack>
          </form>
        )
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
            {providers.map((p) => (
              <Button key={p.tenantId} variant="outlined" size="large" title={t('signInWithHint', { company: p.companyName })} onClick={() => signInWithProvider(p, email.trim())}>
                {t('signInWith', { name: p.name })}
              </Button>
            ))}
            <Button variant="outlined" size="large" disabled={busy} onClick={() => submitPasskey()}>
              {t('signInWithPasskey')}
            </Button>
            <Link
              component="button"
              type="button"
              onClick={() => {
                setMode('forgot');
                setError(null);
              }}
              sx={{ alignSelf: 'flex-start' }}
            >
              {t('forgotPassword')}
            </Link>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}

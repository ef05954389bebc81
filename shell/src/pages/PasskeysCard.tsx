import { Alert, ApiError, apiFetch, Box, Button, Dialog, formatDateTime, List, ListItem, ListItemText, Paper, Stack, TextField, Typography } from '@workcloud/shared-ui/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/**
 * The person's passkeys (WebAuthn): add one — the current password, then the device's own dialog — see them, remove
 * one. The WebAuthn helper (@simplewebauthn/browser) is loaded only when a key is added.
 */
export function PasskeysCard() {
  const { t, i18n } = useTranslation('shell');
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => apiFetch<Passkey[]>('/api/me/passkeys').then(setPasskeys);
  useEffect(() => {
    void load();
  }, []);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : e instanceof Error && e.name === 'NotAllowedError' ? null : t('common:error'));
    } finally {
      setBusy(false);
      void load();
    }
  };
  const open = () => {
    setName(t('passkeyDefaultName'));
    setPassword('');
    setError(null);
    setAdding(true);
  };
  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const optionsJSON = await apiFetch<any>('/api/me/passkeys/options', { method: 'POST', body: { password } });
      const { startRegistration } = await import('@simplewebauthn/browser');
      const response = await startRegistration({ optionsJSON });
      const added = await apiFetch<Passkey>('/api/me/passkeys', { method: 'POST', body: { name: name.trim(), response } });
      setAdding(false);
      setMessage(t('passkeyAdded', { name: added.name }));
    });
  };
  const remove = (p: Passkey) => run(async () => void (await apiFetch(`/api/me/passkeys/${encodeURIComponent(p.id)}`, { method: 'DELETE' })));

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
      <Typography variant="h2" gutterBottom>
        {t('passkeys')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('passkeysText')}
      </Typography>
      {message && <Alert severity="success" role="status" sx={{ mb: 2 }}>{message}</Alert>}
      {error && !adding && <Alert severity="error" role="alert" sx={{ mb: 2 }}>{error}</Alert>}
      {passkeys && passkeys.length === 0 && <Typography sx={{ mb: 2 }}>{t('passkeysNone')}</Typography>}
      {!!passkeys?.length && (
        <List aria-label={t('passkeys')} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, mb: 2, py: 0 }}>
          {passkeys.map((p) => (
            <ListItem
              key={p.id}
              divider
              secondaryAction={
                <Button size="small" color="error" onClick={() => remove(p)} aria-label={t('removePasskeyLabel', { name: p.name })}>
                  {t('removePasskey')}
                </Button>
              }
            >
              <ListItemText
                sx={{ pr: 12 }}
                primary={p.name}
                secondary={t('passkeyDetails', { created: formatDateTime(p.createdAt, i18n.language), used: p.lastUsedAt ? formatDateTime(p.lastUsedAt, i18n.language) : t('passkeyNeverUsed') })}
              />
            </ListItem>
          ))}
        </List>
      )}
      <Button variant="outlined" onClick={open}>
        {t('addPasskey')}
      </Button>
      <Dialog open={adding} onClose={() => setAdding(false)} aria-labelledby="passkey-dialog-title" fullWidth maxWidth="xs">
        <Box component="form" onSubmit={onAdd} noValidate sx={{ p: 3 }}>
          <Typography id="passkey-dialog-title" variant="h2" gutterBottom>
            {t('addPasskey')}
          </Typography>
          <Stack spacing={2}>
            <Typography color="text.secondary">{t('passkeyAddText')}</Typography>
            {error && <Alert severity="error" role="alert">{error}</Alert>}
            <TextField label={t('passkeyName')} value={name} onChange={(e) => setName(e.target.value)} slotProps={{ htmlInput: { maxLength: 60 } }} />
            <TextField label={t('currentPassword')} type="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
              <Button onClick={() => setAdding(false)}>{t('cancel')}</Button>
              <Button type="submit" variant="contained" disabled={busy || !password || !name.trim()}>
                {t('add')}
              </Button>
            </Stack>
          </Stack>
        </Box>
      </Dialog>
    </Paper>
  );
}

import {
  Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, FormControlLabel, MenuItem, Stack, TextField, Typography, fieldErrors
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useRolesQuery } from '../api/adminApi';
import { useRemoveSsoSettingsMutation, useSaveSsoSettingsMutation, useSsoSettingsQuery, useTestSsoConnectionMutation, type SsoSettingsInput } from './api';
import { SignInLinkField } from './SignInLinkField';
import { useSignInT } from './useSignInT';

const EMPTY: SsoSettingsInput = { displayName: '', issuer: '', clientId: '', clientSecret: '', emailDomain: '', passwordSignIn: true, jitRoleId: null };

/**
 * «Вход через SSO»: the company's identity provider (issuer, client id and secret), the e-mail domain offered it,
 * whether others keep the password and the role of newcomers; «Проверить подключение» reads the provider's discovery.
 */
export function SsoSettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useSignInT();
  const { data } = useSsoSettingsQuery();
  const roles = useRolesQuery();
  const [save, saving] = useSaveSsoSettingsMutation();
  const [remove, removing] = useRemoveSsoSettingsMutation();
  const [test, testing] = useTestSsoConnectionMutation();
  const [form, setForm] = useState<SsoSettingsInput | null>(null);
  useEffect(() => {
    if (data && !form) setForm(data.configured ? { ...data, clientSecret: '' } : EMPTY);
  }, [data, form]);
  const server = fieldErrors(saving.error);
  const set = (patch: Partial<SsoSettingsInput>) => setForm((f) => f && { ...f, ...patch });
  const submit = async () => {
    if (!form) return;
    const { clientSecret, ...rest } = form;
    try {
      // An empty secret field keeps the stored secret.
      await save(clientSecret ? { ...rest, clientSecret } : rest).unwrap();
      onClose();
    } catch {
      /* shown below */
    }
  };
  const turnOff = async () => {
    try {
      await remove().unwrap();
      onClose();
    } catch {
      /* shown below */
    }
  };
  const field = (name: 'displayName' | 'issuer' | 'clientId' | 'emailDomain', label: string, helper?: string) => (
    <TextField
      label={label}
      required
      value={form?.[name] ?? ''}
      onChange={(e) => set({ [name]: e.target.value })}
      error={!!server[name]}
      helperText={server[name] ?? helper}
      size="small"
    />
  );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="sso-settings-title">
      <DialogTitle id="sso-settings-title">{t('ssoTitle')}</DialogTitle>
      <DialogContent>
        {form && data && (
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography color="text.secondary">{t('ssoText')}</Typography>
            <Typography sx={{ wordBreak: 'break-all' }}>{t('ssoRedirectUri', { uri: data.redirectUri })}</Typography>
            {saving.error && <ErrorState error={saving.error} />}
            {removing.error && <ErrorState error={removing.error} />}
            {field('displayName', t('ssoDisplayName'))}
            {field('issuer', t('ssoIssuer'))}
            {field('clientId', t('ssoClientId'))}
            <TextField
              label={t('ssoClientSecret')}
              type="password"
              autoComplete="new-password"
              required={!data.clientSecretSet}
              value={form.clientSecret ?? ''}
              onChange={(e) => set({ clientSecret: e.target.value })}
              error={!!server.clientSecret}
              helperText={server.clientSecret ?? (data.clientSecretSet ? t('ssoClientSecretKept') : undefined)}
              size="small"
            />
            {field('emailDomain', t('ssoEmailDomain'), t('ssoEmailDomainHint'))}
            <FormControlLabel control={<Checkbox checked={form.passwordSignIn} onChange={(e) => set({ passwordSignIn: e.target.checked })} />} label={t('ssoPasswordSignIn')} />
            <TextField select label={t('ssoJitRole')} value={form.jitRoleId ?? ''} onChange={(e) => set({ jitRoleId: e.target.value || null })} size="small">
              <MenuItem value="">{t('ssoJitNone')}</MenuItem>
              {roles.data?.map((r) => (
                <MenuItem key={r.id} value={r.id}>
                  {r.name}
                </MenuItem>
              ))}
            </TextField>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <Button onClick={() => test({ issuer: form.issuer.trim() })} disabled={testing.isLoading || !form.issuer.trim()}>
                {t('ssoTest')}
              </Button>
            </Stack>
            {testing.data && !testing.error && (
              <Alert severity="success" role="status">
                {testing.data.detail}
              </Alert>
            )}
            {testing.error && <ErrorState error={testing.error} />}
            {data.configured && <SignInLinkField />}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {data?.configured && (
          <Button color="error" onClick={turnOff} disabled={removing.isLoading} sx={{ mr: 'auto' }}>
            {t('ssoRemove')}
          </Button>
        )}
        <Button onClick={onClose}>{t('common:cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={saving.isLoading || !form}>
          {t('common:save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

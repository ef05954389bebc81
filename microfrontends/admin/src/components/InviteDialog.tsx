import {
  Alert, Box, Button, ContentCopyIcon, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, Stack,
  TextInput, Typography, fieldErrors, firstError, rules
} from '@workcloud/shared-ui';
import { useState, type FormEvent } from 'react';
import { useInviteUserMutation, useRolesQuery } from '../api/adminApi';
import { useAdminT } from '../useAdminT';
import { RoleChecklist } from './RoleChecklist';

/** Invite an employee: e-mail, name, optional password and roles; shows a one-time password once. */
export function InviteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useAdminT();
  const { data: roles = [] } = useRolesQuery();
  const [invite, { isLoading, error }] = useInviteUserMutation();
  const [form, setForm] = useState({ email: '', fullName: '', password: '', roleIds: [] as string[] });
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<{ temporaryPassword?: string; existingAccount: boolean } | null>(null);
  const server = fieldErrors(error);
  const errors = {
    email: firstError(rules.required(t)(form.email), rules.email(t)(form.email)) ?? server.email ?? null,
    fullName: rules.required(t)(form.fullName) ?? server.fullName ?? null,
    password: server.password ?? null,
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (errors.email || errors.fullName) return;
    try {
      const res = await invite({ email: form.email.trim(), fullName: form.fullName.trim(), password: form.password || undefined, roleIds: form.roleIds }).unwrap();
      if (res.temporaryPassword || res.existingAccount) setResult(res);
      else onClose();
    } catch {
      /* shown below */
    }
  };

  if (result)
    return (
      <Dialog open onClose={onClose} fullWidth maxWidth="xs">
        <DialogTitle>{t('invited')}</DialogTitle>
        <DialogContent>
          {result.temporaryPassword ? (
            <>
              <Typography sx={{ mb: 1 }}>{t('temporaryPasswordHint')}</Typography>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, p: 1.5, bgcolor: 'action.hover', borderRadius: 1 }}>
                <Typography component="code" data-testid="temporary-password" sx={{ fontFamily: 'monospace', fontSize: 18, flex: 1 }}>
                  {result.temporaryPassword}
                </Typography>
                <Button size="small" startIcon={<ContentCopyIcon />} onClick={() => navigator.clipboard?.writeText(result.temporaryPassword!)}>
                  {t('copy')}
                </Button>
              </Box>
            </>
          ) : (
            <Alert severity="info">{t('existingAccount')}</Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose}>
            {t('common:close')}
          </Button>
        </DialogActions>
      </Dialog>
    );

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="invite-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="invite-title">{t('invite')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            {error && !Object.keys(server).length && <ErrorState error={error} />}
            <TextInput label={t('email')} type="email" required value={form.email} onChange={(v) => setForm({ ...form, email: v })} error={touched || server.email ? errors.email : null} />
            <TextInput label={t('fullName')} required value={form.fullName} onChange={(v) => setForm({ ...form, fullName: v })} error={touched || server.fullName ? errors.fullName : null} />
            <TextInput label={t('passwordOptional')} type="password" autoComplete="new-password" helperText={t('passwordHint')} value={form.password} onChange={(v) => setForm({ ...form, password: v })} error={errors.password} />
            <RoleChecklist label={t('chooseRoles')} roles={roles} value={form.roleIds} onChange={(roleIds) => setForm({ ...form, roleIds })} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common:cancel')}</Button>
          <Button type="submit" variant="contained" disabled={isLoading}>
            {t('invite')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

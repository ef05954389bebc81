import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, Stack, TextInput, fieldErrors, firstError, rules
} from '@workcloud/shared-ui';
import { useState, type FormEvent } from 'react';
import { useInviteUserMutation, useRolesQuery } from '../api/adminApi';
import { useAdminT } from '../useAdminT';
import { RoleChecklist } from './RoleChecklist';

/**
 * Invite an employee by e-mail with roles. The person's name, e-mail and password are theirs: the admin types a
 * name only for a new account, sets no password (the person gets a link), and the answer is the same whether
 * or not the e-mail already has an account.
 */
export function InviteDialog({ onClose }: { onClose: () => void }) {
  const { t } = useAdminT();
  const { data: roles = [] } = useRolesQuery();
  const [invite, { isLoading, error }] = useInviteUserMutation();
  const [form, setForm] = useState({ email: '', fullName: '', roleIds: [] as string[] });
  const [touched, setTouched] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const server = fieldErrors(error);
  const errors = {
    email: firstError(rules.required(t)(form.email), rules.email(t)(form.email)) ?? server.email ?? null,
    fullName: rules.required(t)(form.fullName) ?? server.fullName ?? null,
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (errors.email || errors.fullName) return;
    try {
      const res = await invite({ email: form.email.trim(), fullName: form.fullName.trim(), roleIds: form.roleIds }).unwrap();
      setSentTo(res.email);
    } catch {
      /* shown below */
    }
  };

  if (sentTo)
    return (
      <Dialog open onClose={onClose} fullWidth maxWidth="xs">
        <DialogTitle>{t('invited')}</DialogTitle>
        <DialogContent>
          <Alert severity="info">{t('invitedText', { email: sentTo })}</Alert>
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
            <TextInput label={t('fullName')} required helperText={t('fullNameHint')} value={form.fullName} onChange={(v) => setForm({ ...form, fullName: v })} error={touched || server.fullName ? errors.fullName : null} />
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

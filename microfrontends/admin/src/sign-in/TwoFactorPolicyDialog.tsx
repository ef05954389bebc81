import {
  Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, FormControlLabel, Radio, RadioGroup, Stack, Typography, fieldErrors
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useRolesQuery } from '../api/adminApi';
import { useTwoFactorPolicyQuery, useUpdateTwoFactorPolicyMutation, type TwoFactorPolicy } from './api';
import { useSignInT } from './useSignInT';

/** Whom the company requires to sign in with a code from an authenticator app: nobody, everybody, chosen roles. */
export function TwoFactorPolicyDialog({ onClose }: { onClose: () => void }) {
  const { t } = useSignInT();
  const { data } = useTwoFactorPolicyQuery();
  const roles = useRolesQuery();
  const [save, { isLoading, error }] = useUpdateTwoFactorPolicyMutation();
  const [policy, setPolicy] = useState<TwoFactorPolicy | null>(null);
  useEffect(() => {
    if (data && !policy) setPolicy(data);
  }, [data, policy]);
  const server = fieldErrors(error);
  const submit = async () => {
    if (!policy) return;
    try {
      await save(policy).unwrap();
      onClose();
    } catch {
      /* shown below */
    }
  };
  const toggleRole = (id: string) =>
    setPolicy((p) => p && { ...p, roleIds: p.roleIds.includes(id) ? p.roleIds.filter((r) => r !== id) : [...p.roleIds, id] });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="two-factor-policy-title">
      <DialogTitle id="two-factor-policy-title">{t('twoFactor')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography color="text.secondary">{t('twoFactorText')}</Typography>
          {error && <ErrorState error={error} />}
          {policy && (
            <RadioGroup value={policy.required} onChange={(e) => setPolicy({ ...policy, required: e.target.value as TwoFactorPolicy['required'] })}>
              <FormControlLabel value="none" control={<Radio />} label={t('requireNone')} />
              <FormControlLabel value="all" control={<Radio />} label={t('requireAll')} />
              <FormControlLabel value="roles" control={<Radio />} label={t('requireRoles')} />
            </RadioGroup>
          )}
          {policy?.required === 'roles' && (
            <Stack role="group" aria-label={t('roles')} sx={{ pl: 4 }}>
              {roles.data?.map((r) => (
                <FormControlLabel key={r.id} control={<Checkbox checked={policy.roleIds.includes(r.id)} onChange={() => toggleRole(r.id)} />} label={r.name} />
              ))}
              {server.roleIds && <Typography color="error" sx={{ fontSize: 13 }}>{server.roleIds}</Typography>}
            </Stack>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={isLoading || !policy}>
          {t('common:save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

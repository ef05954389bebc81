import { Button, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, NumberInput, Stack, Typography, fieldErrors } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useSecurityQuery, useUpdateSecurityMutation } from '../api/securityApi';
import { useAdminT } from '../useAdminT';

/** The company may demand longer passwords of its people than the platform's minimum. */
export function PasswordPolicyDialog({ onClose }: { onClose: () => void }) {
  const { t } = useAdminT();
  const { data } = useSecurityQuery();
  const [save, { isLoading, error }] = useUpdateSecurityMutation();
  // What the person typed wins over the loaded value, whenever the policy arrives (undefined: not typed yet).
  // An effect copying the loaded value in could run after the first keystroke and overwrite it.
  const [typed, setTyped] = useState<number | null | undefined>(undefined);
  const minLength = typed === undefined ? (data?.passwordMinLength ?? null) : typed;
  const server = fieldErrors(error);
  const submit = async () => {
    if (minLength === null) return;
    try {
      await save({ passwordMinLength: minLength }).unwrap();
      onClose();
    } catch {
      /* shown below */
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="password-policy-title">
      <DialogTitle id="password-policy-title">{t('passwordPolicy')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography color="text.secondary">{t('passwordPolicyText', { min: data?.platformMinLength ?? 10 })}</Typography>
          {error && !Object.keys(server).length && <ErrorState error={error} />}
          <NumberInput label={t('passwordMinLength')} value={minLength} onChange={setTyped} error={server.passwordMinLength ?? null} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={isLoading || minLength === null}>
          {t('common:save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import { Button, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useRolesQuery, useUpdateUserMutation, type TenantUser } from '../api/adminApi';
import { useAdminT } from '../useAdminT';
import { RoleChecklist } from './RoleChecklist';

export function UserRolesDialog({ user, onClose }: { user: TenantUser; onClose: () => void }) {
  const { t } = useAdminT();
  const { data: roles = [] } = useRolesQuery();
  const [update, { isLoading, error }] = useUpdateUserMutation();
  const [roleIds, setRoleIds] = useState(user.roles.map((r) => r.id));
  const save = async () => {
    try {
      await update({ id: user.id, roleIds }).unwrap();
      onClose();
    } catch {
      /* shown below */
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs">
      <DialogTitle>{t('changeRolesTitle', { name: user.fullName })}</DialogTitle>
      <DialogContent>
        {error && <ErrorState error={error} />}
        <RoleChecklist label={t('chooseRoles')} roles={roles} value={roleIds} onChange={setRoleIds} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={isLoading}>
          {t('common:save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

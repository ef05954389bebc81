import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@workcloud/shared-ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A yes/no question before an action that cannot be undone; `children` holds any extra fields. */
export function ConfirmDialog({ open, title, children, confirm, danger, busy, disabled, onConfirm, onClose }: { open: boolean; title: string; children: ReactNode; confirm: string; danger?: boolean; busy?: boolean; disabled?: boolean; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation('common');
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>{children}</DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cancel')}</Button>
        <Button variant="contained" color={danger ? 'error' : 'primary'} disabled={busy || disabled} onClick={onConfirm}>
          {confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

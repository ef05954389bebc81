import { Button, Dialog, DialogActions, DialogContent, DialogContentText } from '@workcloud/shared-ui';
import { useTranslation } from 'react-i18next';

/** «Are you sure?» before an action that cannot be undone (revoking a key, deleting a webhook). */
export function ConfirmDialog({ text, action, onConfirm, onClose }: { text: string; action: string; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation('common');
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth>
      <DialogContent>
        <DialogContentText>{text}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cancel')}</Button>
        <Button color="error" variant="contained" onClick={onConfirm}>
          {action}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

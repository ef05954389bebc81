import { Alert, Button, ErrorState, Paper, Stack, Typography, formatDate } from '@workcloud/shared-ui';
import { useRemoveSavedCardMutation, useSavedCardQuery } from './api';
import { useBillingT } from './useBillingT';

/**
 * Automatic payment: the card saved when the admin paid once with «save the card». Each monthly Счёт is
 * charged to it on its issue day; «Отвязать карту» stops that (Счета then wait to be paid by hand).
 */
export function SavedCard({ canChange }: { canChange: boolean }) {
  const { t, i18n } = useBillingT();
  const { data } = useSavedCardQuery();
  const [remove, state] = useRemoveSavedCardMutation();
  const method = data?.method;
  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2 }} component="section" aria-label={t('autopay')}>
      <Typography sx={{ fontWeight: 600 }}>{t('autopay')}</Typography>
      {method ? (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mt: 1 }}>
          <Typography color="text.secondary">{t('autopayOn', { card: method.title, bank: method.providerName, date: formatDate(method.savedAt, i18n.language) })}</Typography>
          {canChange && (
            <Button color="error" variant="outlined" disabled={state.isLoading} onClick={() => remove()}>
              {t('unlinkCard')}
            </Button>
          )}
        </Stack>
      ) : (
        <Typography color="text.secondary" sx={{ mt: 1 }}>
          {t('autopayOff')}
        </Typography>
      )}
      {state.isSuccess && !method && (
        <Alert severity="success" role="status" sx={{ mt: 1 }}>
          {t('cardUnlinked')}
        </Alert>
      )}
      {state.error && <ErrorState error={state.error} />}
    </Paper>
  );
}

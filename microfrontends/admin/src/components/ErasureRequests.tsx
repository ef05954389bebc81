import { Alert, Button, ErrorState, Snackbar, Stack, Typography, formatDate } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useErasureRequestsQuery, useProcessErasureMutation, type ErasureRequest } from '../api/adminApi';
import { ConfirmDialog } from '../security/ConfirmDialog';
import { useAdminT } from '../useAdminT';

/** 152-ФЗ: the company's people who asked to erase their data, each carried out after a confirmation. */
export function ErasureRequests() {
  const { t, i18n } = useAdminT();
  const { data } = useErasureRequestsQuery();
  const [process, state] = useProcessErasureMutation();
  const [confirming, setConfirming] = useState<ErasureRequest | null>(null);
  const [erased, setErased] = useState<string | null>(null);
  if (!data?.length && !erased) return null;
  return (
    <>
      {!!data?.length && (
        <Alert severity="warning" sx={{ mb: 2 }} aria-label={t('erasureRequests')}>
          <Typography variant="subtitle2" component="h2" gutterBottom>
            {t('erasureRequests')}
          </Typography>
          <Stack spacing={1}>
            {data.map((r) => (
              <Stack key={r.id} direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
                <Typography sx={{ flex: 1 }}>{t('erasureRequest', { name: r.person.fullName, email: r.person.email, date: formatDate(r.requestedAt, i18n.language) })}</Typography>
                <Button size="small" color="error" variant="outlined" onClick={() => setConfirming(r)} aria-label={t('processErasureLabel', { name: r.person.fullName })}>
                  {t('processErasure')}
                </Button>
              </Stack>
            ))}
          </Stack>
        </Alert>
      )}
      {state.error && <ErrorState error={state.error} />}
      {confirming && (
        <ConfirmDialog
          text={t('processErasureConfirm', { name: confirming.person.fullName })}
          action={t('processErasure')}
          onClose={() => setConfirming(null)}
          onConfirm={() => {
            const id = confirming.id;
            setConfirming(null);
            process(id)
              .unwrap()
              .then((r) => setErased(r.fullName))
              .catch(() => {
                /* shown above */
              });
          }}
        />
      )}
      <Snackbar open={erased !== null} autoHideDuration={6000} onClose={() => setErased(null)} message={t('erased', { name: erased ?? '' })} />
    </>
  );
}

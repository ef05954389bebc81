import { Alert, ApiError, apiFetch, Box, Button, Dialog, formatDateTime, Paper, Stack, Typography } from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * 152-ФЗ in the profile: download everything WorkCloud keeps about the person (a JSON file) and ask to erase it — a
 * company admin or the platform owner carries the request out.
 */
export function PersonalDataCard() {
  const { t, i18n } = useTranslation('shell');
  const [request, setRequest] = useState<{ requestedAt: string } | null | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void apiFetch<{ requestedAt: string } | null>('/api/me/erasure-request').then(setRequest);
  }, []);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : t('common:error'));
    } finally {
      setBusy(false);
    }
  };
  const download = () =>
    run(async () => {
      const data = await apiFetch<{ exportedAt: string }>('/api/me/personal-data');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      link.download = `personal-data-${data.exportedAt.slice(0, 10)}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    });
  const ask = () =>
    run(async () => {
      setRequest(await apiFetch<{ requestedAt: string }>('/api/me/erasure-request', { method: 'POST' }));
      setConfirming(false);
    });

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
      <Typography variant="h2" gutterBottom>
        {t('personalData')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('personalDataText')}
      </Typography>
      {error && !confirming && <Alert severity="error" role="alert" sx={{ mb: 2 }}>{error}</Alert>}
      {request && <Alert severity="info" role="status" sx={{ mb: 2 }}>{t('erasureRequested', { date: formatDateTime(request.requestedAt, i18n.language) })}</Alert>}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1}>
        <Button variant="outlined" onClick={download} disabled={busy}>
          {t('downloadMyData')}
        </Button>
        {request === null && (
          <Button color="error" onClick={() => setConfirming(true)}>
            {t('askErasure')}
          </Button>
        )}
      </Stack>
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="erasure-dialog-title" fullWidth maxWidth="xs">
        <Box sx={{ p: 3 }}>
          <Typography id="erasure-dialog-title" variant="h2" gutterBottom>
            {t('askErasure')}
          </Typography>
          <Stack spacing={2}>
            <Typography color="text.secondary">{t('erasureText')}</Typography>
            {error && <Alert severity="error" role="alert">{error}</Alert>}
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
              <Button onClick={() => setConfirming(false)}>{t('cancel')}</Button>
              <Button variant="contained" color="error" onClick={ask} disabled={busy}>
                {t('sendErasureRequest')}
              </Button>
            </Stack>
          </Stack>
        </Box>
      </Dialog>
    </Paper>
  );
}

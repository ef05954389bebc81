import { Alert, ApiError, Box, Button, Card, CardActions, CardContent, Stack, Typography, apiFetch } from '@workcloud/shared-ui/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingInvitation } from '../api/auth';

/**
 * The person's pending invitations into other companies (GET /api/me/invitations), to accept or decline. Nothing
 * is shown when there are none. Work in an accepted company starts at the next sign-in (choosing it).
 */
export function InvitationsCard() {
  const { t } = useTranslation('shell');
  const [items, setItems] = useState<PendingInvitation[]>([]);
  const [joined, setJoined] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems(await apiFetch<PendingInvitation[]>('/api/me/invitations'));
    } catch {
      /* the home page works without it */
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const answer = async (inv: PendingInvitation, accept: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/me/invitations/${inv.id}/${accept ? 'accept' : 'decline'}`, { method: 'POST' });
      if (accept) setJoined(inv.tenant.name);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : t('common:error'));
    } finally {
      setBusy(false);
    }
  };

  if (!items.length && !joined) return null;
  return (
    <Card variant="outlined" sx={{ mb: 3 }} component="section" aria-labelledby="invitations-title">
      <CardContent>
        <Typography id="invitations-title" variant="h3" component="h2" gutterBottom>
          {t('invitationsTitle')}
        </Typography>
        {joined && (
          <Alert severity="success" role="status" sx={{ mb: 2 }}>
            {t('invitationAccepted', { company: joined })}
          </Alert>
        )}
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {error}
          </Alert>
        )}
        <Stack spacing={2}>
          {items.map((inv) => (
            <Box key={inv.id} sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, justifyContent: 'space-between' }}>
              <Box>
                <Typography sx={{ fontWeight: 600 }}>{inv.tenant.name}</Typography>
                <Typography color="text.secondary" sx={{ fontSize: 14 }}>
                  {[inv.invitedBy ? t('invitedBy', { name: inv.invitedBy }) : '', inv.roles.length ? t('invitationRoles', { roles: inv.roles.join(', ') }) : ''].filter(Boolean).join(' · ')}
                </Typography>
              </Box>
              <CardActions sx={{ p: 0 }}>
                <Button size="small" variant="contained" disabled={busy} onClick={() => answer(inv, true)} aria-label={t('acceptInvitation', { company: inv.tenant.name })}>
                  {t('accept')}
                </Button>
                <Button size="small" disabled={busy} onClick={() => answer(inv, false)} aria-label={t('declineInvitation', { company: inv.tenant.name })}>
                  {t('decline')}
                </Button>
              </CardActions>
            </Box>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

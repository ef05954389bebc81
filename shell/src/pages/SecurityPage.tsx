import { addTranslations, Alert, ApiError, apiFetch, Box, Button, Chip, formatDateTime, List, ListItem, ListItemText, PageHeader, Paper, Stack, Typography } from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasskeysCard } from './PasskeysCard';
import { PersonalDataCard } from './PersonalDataCard';
import { profileStrings } from './profile-strings';
import { TwoFactorCard } from './TwoFactorCard';

interface Session {
  id: string;
  current: boolean;
  device: string;
  ip: string | null;
  tenant: { id: string; name: string } | null;
  createdAt: string;
  lastUsedAt: string;
}

/** «Безопасность входа» in the profile: the authenticator app, passkeys, the person's sessions (each of which they can end), their personal data. */
export default function SecurityPage() {
  const { t, i18n } = useTranslation('shell');
  // Idempotent: the cards' strings come with this lazy page, not with the first screen.
  addTranslations(i18n, 'shell', profileStrings);
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);

  const load = () => apiFetch<Session[]>('/api/me/sessions').then(setSessions);
  useEffect(() => {
    void load();
  }, []);
  const act = async (action: () => Promise<string | null>) => {
    setMessage(null);
    try {
      const text = await action();
      if (text) setMessage({ severity: 'success', text });
    } catch (e) {
      setMessage({ severity: 'error', text: e instanceof ApiError ? e.detail : t('common:error') });
    }
    await load();
  };
  const endOne = (s: Session) => act(async () => (await apiFetch(`/api/me/sessions/${s.id}`, { method: 'DELETE' }), null));
  const endOthers = () => act(async () => t('endedOthers', { count: (await apiFetch<{ ended: number }>('/api/me/sessions/end-others', { method: 'POST' })).ended }));

  return (
    <Box sx={{ p: { xs: 2, sm: 3 }, maxWidth: 860 }}>
      <PageHeader title={t('security')} subtitle={t('securityText')} />
      <Stack spacing={3}>
        <TwoFactorCard />
        <PasskeysCard />
        <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 } }}>
          <Typography variant="h2" gutterBottom>
            {t('sessions')}
          </Typography>
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('sessionsText')}
          </Typography>
          {message && <Alert severity={message.severity} sx={{ mb: 2 }} role="status">{message.text}</Alert>}
          <List aria-label={t('sessions')} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, mb: 2, py: 0 }}>
            {sessions?.map((s) => (
              <ListItem
                key={s.id}
                divider
                sx={{ flexWrap: 'wrap', gap: 1 }}
                secondaryAction={
                  s.current ? (
                    <Chip size="small" color="primary" label={t('thisDevice')} />
                  ) : (
                    <Button size="small" color="error" onClick={() => endOne(s)} aria-label={t('endSessionLabel', { device: s.device })}>
                      {t('endSession')}
                    </Button>
                  )
                }
              >
                <ListItemText
                  sx={{ pr: 12 }}
                  primary={s.tenant ? `${s.device} — ${s.tenant.name}` : s.device}
                  secondary={t('sessionDetails', { ip: s.ip ?? '—', created: formatDateTime(s.createdAt, i18n.language), used: formatDateTime(s.lastUsedAt, i18n.language) })}
                />
              </ListItem>
            ))}
          </List>
          {!!sessions?.some((s) => !s.current) && (
            <Button variant="outlined" color="error" onClick={endOthers}>
              {t('endOthers')}
            </Button>
          )}
        </Paper>
        <PersonalDataCard />
      </Stack>
    </Box>
  );
}

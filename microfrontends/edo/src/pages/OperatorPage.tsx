import { Alert, Box as Layout, Button, ErrorState, Loading, PageHeader, Paper, Stack, TextField, Typography, apiFetch, useAbility } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useEdoT } from '../i18n';

/** GET /api/edo/operator: the settings without the token. */
interface OperatorSettings {
  configured: boolean;
  api_url: string | null;
  box_id: string | null;
}
/** GET /api/edo/operator/check. */
interface Check {
  ok: boolean;
  box: { id: string; title: string | null; inn: string | null } | null;
  problem: string | null;
}

/**
 * «Оператор ЭДО»: the company's box at its operator (API address, BoxId, token — the token is typed, never shown),
 * «Проверить подключение» against the operator (GetBox), and «Получить новые документы» (the box's new events).
 */
export function OperatorPage() {
  const { t } = useEdoT();
  const canChange = useAbility().can('update', 'edo.operator_settings');
  const [settings, setSettings] = useState<OperatorSettings | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState({ api_url: '', box_id: '', token: '' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const load = () =>
    apiFetch<OperatorSettings>('/api/edo/operator').then((s) => {
      setSettings(s);
      setForm((f) => ({ ...f, api_url: s.api_url ?? '', box_id: s.box_id ?? '' }));
    }, setLoadError);
  useEffect(() => void load(), []);

  const attempt = async (work: () => Promise<{ ok: boolean; text: string }>) => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await work());
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    attempt(async () => {
      await apiFetch('/api/edo/operator', { method: 'PUT', body: form });
      setForm((f) => ({ ...f, token: '' }));
      await load();
      return { ok: true, text: t('operatorSaved') };
    });
  const check = () =>
    attempt(async () => {
      const c = await apiFetch<Check>('/api/edo/operator/check');
      return c.ok ? { ok: true, text: t('operatorConnected', { title: c.box?.title ?? c.box?.id, inn: c.box?.inn ?? '—' }) } : { ok: false, text: c.problem ?? '' };
    });
  const poll = () =>
    attempt(async () => {
      const r = await apiFetch<{ events: number; received: string[]; answered: string[] }>('/api/edo/operator/poll', { method: 'POST' });
      return { ok: true, text: t('operatorPolled', { events: r.events, received: r.received.length, answered: r.answered.length }) };
    });

  if (loadError) return <ErrorState error={loadError} onRetry={() => (setLoadError(null), void load())} />;
  if (!settings) return <Loading />;
  return (
    <>
      <PageHeader title={t('operator')} subtitle={t('operatorHint')} />
      <Paper variant="outlined" sx={{ p: 2, maxWidth: 720 }}>
        {!settings.configured && (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {t('operatorNotConfigured')}
          </Typography>
        )}
        <Stack component="form" spacing={2} aria-label={t('operator')} onSubmit={(e) => (e.preventDefault(), void save())}>
          <TextField size="small" required label={t('operatorUrl')} value={form.api_url} onChange={(e) => setForm({ ...form, api_url: e.target.value })} disabled={!canChange} placeholder="https://diadoc-api.kontur.ru" />
          <TextField size="small" required label={t('operatorBox')} value={form.box_id} onChange={(e) => setForm({ ...form, box_id: e.target.value })} disabled={!canChange} />
          {canChange && (
            <TextField size="small" required type="password" autoComplete="off" label={t('operatorToken')} helperText={t('operatorTokenHint')} value={form.token} onChange={(e) => setForm({ ...form, token: e.target.value })} />
          )}
          <Layout sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            {canChange && (
              <Button type="submit" variant="contained" disabled={busy}>
                {t('operatorSave')}
              </Button>
            )}
            <Button variant="outlined" disabled={busy || !settings.configured} onClick={check}>
              {t('operatorCheck')}
            </Button>
            <Button variant="outlined" disabled={busy || !settings.configured} onClick={poll}>
              {t('operatorPoll')}
            </Button>
          </Layout>
          {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
        </Stack>
      </Paper>
    </>
  );
}

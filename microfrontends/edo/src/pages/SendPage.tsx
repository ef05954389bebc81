import { Alert, Box as Layout, Button, PageHeader, Paper, ReferencePicker, Stack, Typography, apiFetch, formatIsoDate, formatKopecks, navigate } from '@workcloud/shared-ui';
import { useCallback, useState } from 'react';
import type { EdoCard } from '../api';
import { useEdoT } from '../i18n';

interface Sale {
  id: string;
  number: string;
  date: string;
  total: number;
}

/** «Отправить документ»: a posted Реализация is chosen, its УПД signed and sent; then its card in «Исходящие». */
export function SendPage({ basePath }: { basePath: string }) {
  const { t } = useEdoT();
  const [sale, setSale] = useState<Sale | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labelOf = useCallback((s: Sale) => t('saleLabel', { number: s.number, date: formatIsoDate(s.date), total: formatKopecks(s.total) }), [t]);
  const search = useCallback(
    async (q: string) => (await apiFetch<{ items: Sale[] }>(`/api/trade/documents/sale?status=posted&limit=20&sort=-date&search=${encodeURIComponent(q)}`)).items,
    [],
  );
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const sent = await apiFetch<EdoCard>('/api/edo/outgoing', { method: 'POST', body: { sale: sale!.id } });
      navigate(`${basePath}/outbox/${sent.id}`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title={t('send')} crumbs={[{ label: t('outbox'), path: `${basePath}/outbox` }, { label: t('send') }]} />
      <Paper variant="outlined" sx={{ p: 2, maxWidth: 720 }}>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('sendHint')}
        </Typography>
        <Stack spacing={2}>
          <ReferencePicker<Sale> label={t('saleToSend')} value={sale} onChange={(s: Sale | null) => (setSale(s), setError(null))} search={search} getLabel={labelOf} required />
          <Layout>
            <Button variant="contained" disabled={!sale || busy} onClick={send}>
              {t('signAndSend')}
            </Button>
          </Layout>
          {error && <Alert severity="error">{error}</Alert>}
        </Stack>
      </Paper>
    </>
  );
}

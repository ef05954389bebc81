import { Alert, Box, Button, DateInput, MenuItem, PageHeader, Stack, TextField, apiFetch, formatKopecks, linkProps } from '@workcloud/shared-ui';
import { useState } from 'react';
import { useProjectsT } from '../i18n';
import { useProjectFilter } from '../ProjectFilter';

interface Billed {
  hour_invoice: { id: string; number: string; hours: string; total: number };
  document: { kind: 'invoice' | 'act'; id: string; number: string; total: number };
}

/** «Выставить счёт по часам»: a project, the trade document to make, its date → the document, or the server's reason why not. */
export function BillPage() {
  const { t } = useProjectsT();
  const { projects } = useProjectFilter();
  const [project, setProject] = useState('');
  const [kind, setKind] = useState<'invoice' | 'act'>('invoice');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Billed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bill = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await apiFetch<Billed>(`/api/projects/projects/${project}/bill`, { method: 'POST', body: { kind, ...(date ? { date } : {}) } }));
    } catch (e) {
      setError((e as { detail?: string }).detail ?? String(e));
    } finally {
      setBusy(false);
    }
  };
  const path = (r: Billed) => `/m/trade/documents/${r.document.kind === 'act' ? 'sale' : 'invoice_for_payment'}/${r.document.id}`;
  return (
    <>
      <PageHeader title={t('bill')} subtitle={t('billHint')} />
      <Stack spacing={2} sx={{ maxWidth: 480 }}>
        <TextField select label={t('project')} value={project} onChange={(e) => setProject(e.target.value)} required>
          {projects.map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField select label={t('kind')} value={kind} onChange={(e) => setKind(e.target.value as 'invoice' | 'act')}>
          <MenuItem value="invoice">{t('kinds.invoice')}</MenuItem>
          <MenuItem value="act">{t('kinds.act')}</MenuItem>
        </TextField>
        <DateInput label={t('date')} value={date} onChange={setDate} />
        <Box>
          <Button variant="contained" disabled={!project || busy} onClick={() => void bill()}>
            {t('billDo')}
          </Button>
        </Box>
        {error && <Alert severity="error">{error}</Alert>}
        {result && (
          <Alert severity="success" action={<Button {...linkProps(path(result))}>{t('openDocument')}</Button>}>
            {t('billed', { document: t(`kinds.${result.document.kind}`), number: result.document.number, total: formatKopecks(result.document.total), hours: result.hour_invoice.hours })}
          </Alert>
        )}
      </Stack>
    </>
  );
}

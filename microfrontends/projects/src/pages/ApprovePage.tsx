import { Alert, Button, ErrorState, PageHeader, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography, apiFetch, formatIsoDate } from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { peopleList, type Item } from '../api';
import { useProjectsT } from '../i18n';

interface Sheet {
  id: string;
  number: string;
  status: string;
  person: string;
  week: string;
  hours: string;
}

/**
 * «Утверждение табелей»: the weekly timesheets not approved yet, each with «Утвердить» — the approve route, which lets
 * the manager of the timesheet's projects approve without the right to post documents (the server says why not).
 */
export function ApprovePage() {
  const { t } = useProjectsT();
  const [sheets, setSheets] = useState<Sheet[] | null>(null);
  const [people, setPeople] = useState<Item[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const load = () =>
    apiFetch<{ items: Sheet[] }>('/api/projects/documents/timesheets?limit=500').then((r) => (setSheets(r.items.filter((s) => s.status === 'draft')), setError(null)), setError);
  useEffect(() => {
    void load();
    void peopleList().then(setPeople, () => setPeople([]));
  }, []);
  const approve = async (sheet: Sheet) => {
    setMessage(null);
    try {
      await apiFetch(`/api/projects/timesheets/${sheet.id}/approve`, { method: 'POST', body: {} });
      setSheets((all) => all?.filter((s) => s.id !== sheet.id) ?? null);
      setMessage({ ok: true, text: t('approved', { number: sheet.number }) });
    } catch (e) {
      setMessage({ ok: false, text: (e as { detail?: string }).detail ?? String(e) });
    }
  };

  if (error) return <ErrorState error={error} onRetry={load} />;
  const person = (id: string) => people.find((p) => p.id === id)?.name ?? '';
  return (
    <>
      <PageHeader title={t('approve')} subtitle={t('approveHint')} />
      {message && (
        <Alert severity={message.ok ? 'success' : 'error'} sx={{ mb: 2 }}>
          {message.text}
        </Alert>
      )}
      {sheets && !sheets.length && <Typography color="text.secondary">{t('nothingToApprove')}</Typography>}
      {!!sheets?.length && (
        <TableContainer>
          <Table size="small" aria-label={t('approve')}>
            <TableHead>
              <TableRow>
                <TableCell>№</TableCell>
                <TableCell>{t('person')}</TableCell>
                <TableCell>{t('weekOf')}</TableCell>
                <TableCell align="right">{t('hours')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {sheets.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>{s.number}</TableCell>
                  <TableCell>{person(s.person)}</TableCell>
                  <TableCell>{formatIsoDate(s.week)}</TableCell>
                  <TableCell align="right">{s.hours}</TableCell>
                  <TableCell align="right">
                    <Button size="small" variant="outlined" onClick={() => void approve(s)} aria-label={t('approveOne', { number: s.number })}>
                      {t('approveDo')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}

import {
  Alert, Box as Layout, Button, DateInput, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography,
  apiFetch, formatIsoDate, useAbility,
} from '@workcloud/shared-ui';
import { useEffect, useState } from 'react';
import { useEdoT } from '../i18n';

/** A row of the module's catalog «Машиночитаемые доверенности» (the engine's list API). */
interface PowerOfAttorney {
  id: string;
  number: string;
  principal_inn: string;
  representative: string;
  representative_inn: string;
  valid_from: string;
  valid_to: string;
  deletion_mark: boolean;
}

const EMPTY = { number: '', principal_inn: '', representative: '', representative_inn: '', valid_from: '', valid_to: '' };
const CATALOG = '/api/edo/catalogs/powers_of_attorney';

/**
 * The company's МЧД for the people who sign with their own certificates: the list (number, representative, their ИНН,
 * validity) with «Отозвать», and a form to add one. Sending attaches the one for the signing certificate's holder.
 */
export function PowersOfAttorney() {
  const { t } = useEdoT();
  const ability = useAbility();
  const [rows, setRows] = useState<PowerOfAttorney[]>([]);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = () => apiFetch<{ items: PowerOfAttorney[] }>(`${CATALOG}?limit=100&sort=-valid_to`).then((r) => setRows(r.items.filter((p) => !p.deletion_mark)), (e) => setError((e as Error).message));
  useEffect(() => void load(), []);
  const attempt = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await load();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const add = async () => {
    if (await attempt(() => apiFetch(CATALOG, { method: 'POST', body: { name: `МЧД № ${form.number.trim()}`, ...form } }))) setForm(EMPTY);
  };
  const set = (patch: Partial<typeof EMPTY>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <Paper variant="outlined" component="section" aria-labelledby="edo-poas" sx={{ p: 2 }}>
      <Typography variant="h2" id="edo-poas" sx={{ mb: 0.5 }}>
        {t('poas')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('poaHint')}
      </Typography>
      {rows.length ? (
        <TableContainer tabIndex={0} role="region" aria-label={t('poas')}>
          <Table size="small" aria-label={t('poas')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('poaNumber')}</TableCell>
                <TableCell>{t('poaRepresentative')}</TableCell>
                <TableCell>{t('poaRepresentativeInn')}</TableCell>
                <TableCell>{t('poaPrincipalInn')}</TableCell>
                <TableCell>{t('poaValidFrom')}</TableCell>
                <TableCell>{t('poaValidTo')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>{p.number}</TableCell>
                  <TableCell sx={{ overflowWrap: 'anywhere' }}>{p.representative}</TableCell>
                  <TableCell>{p.representative_inn}</TableCell>
                  <TableCell>{p.principal_inn}</TableCell>
                  <TableCell>{formatIsoDate(p.valid_from)}</TableCell>
                  <TableCell>{formatIsoDate(p.valid_to)}</TableCell>
                  <TableCell>
                    {ability.can('delete', 'edo.powers_of_attorney') && (
                      <Button size="small" color="error" disabled={busy} onClick={() => attempt(() => apiFetch(`${CATALOG}/${p.id}`, { method: 'DELETE' }))} aria-label={t('poaRevokeOf', { number: p.number })}>
                        {t('poaRevoke')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      ) : (
        <Typography color="text.secondary">{t('noPoas')}</Typography>
      )}
      {ability.can('create', 'edo.powers_of_attorney') && (
        <Layout component="form" aria-label={t('poaAdd')} onSubmit={(e) => (e.preventDefault(), void add())} sx={{ mt: 2, display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, minmax(0, 1fr))' } }}>
          <TextField size="small" required label={t('poaNumber')} value={form.number} onChange={(e) => set({ number: e.target.value })} />
          <TextField size="small" required label={t('poaPrincipalInn')} value={form.principal_inn} onChange={(e) => set({ principal_inn: e.target.value })} />
          <TextField size="small" required label={t('poaRepresentative')} value={form.representative} onChange={(e) => set({ representative: e.target.value })} />
          <TextField size="small" required label={t('poaRepresentativeInn')} value={form.representative_inn} onChange={(e) => set({ representative_inn: e.target.value })} />
          <DateInput size="small" required label={t('poaValidFrom')} value={form.valid_from} onChange={(valid_from) => set({ valid_from })} />
          <DateInput size="small" required label={t('poaValidTo')} value={form.valid_to} onChange={(valid_to) => set({ valid_to })} />
          <Stack direction="row" sx={{ gridColumn: '1 / -1' }}>
            <Button type="submit" variant="outlined" disabled={busy}>
              {t('poaAdd')}
            </Button>
          </Stack>
        </Layout>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </Paper>
  );
}

import {
  Box, Button, Checkbox, Chip, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, FormControlLabel,
  Loading, MoneyInput, PageHeader, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextInput,
  Typography, fieldErrors
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useAddUiVersionMutation, useCatalogueQuery, useUpdateModuleMutation, type CatalogueModule } from '../api/ownerApi';
import { useOwnerT } from '../useOwnerT';

/** Module catalogue: monthly prices (kopecks) and the UI versions each module has been deployed as. */
export function CataloguePage() {
  const { t } = useOwnerT();
  const { data, error, isLoading, refetch } = useCatalogueQuery();
  return (
    <Box>
      <PageHeader title={t('catalogue')} subtitle={t('catalogueSubtitle')} crumbs={[{ label: t('section'), path: '/m/owner' }, { label: t('catalogue') }]} />
      {error && <ErrorState error={error} onRetry={refetch} />}
      {isLoading && <Loading />}
      <Stack spacing={2}>
        {data?.map((m) => (
          <ModuleCard key={m.code} module={m} />
        ))}
      </Stack>
    </Box>
  );
}

function ModuleCard({ module: m }: { module: CatalogueModule }) {
  const { t, i18n } = useOwnerT();
  const [price, setPrice] = useState<number | null>(m.monthlyPriceKopecks);
  const [update, updateState] = useUpdateModuleMutation();
  const [addVersion, addState] = useAddUiVersionMutation();
  const [adding, setAdding] = useState(false);
  return (
    <Paper variant="outlined" sx={{ p: 2 }} role="region" aria-label={m.title}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'flex-start' } }}>
        <Box sx={{ flex: 1 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="h3" component="h2">
              {i18n.language === 'en' ? m.titleEn : m.title}
            </Typography>
            <Chip size="small" label={m.code} variant="outlined" />
            {m.alwaysIncluded && <Chip size="small" label={t('alwaysIncluded')} />}
            {m.ownerOnly && <Chip size="small" label={t('ownerOnly')} />}
          </Stack>
          <Typography color="text.secondary" sx={{ fontSize: 14 }}>
            {m.description}
          </Typography>
        </Box>
        {!m.alwaysIncluded && !m.ownerOnly && (
          <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
            <MoneyInput label={t('price')} size="small" value={price} onChange={setPrice} sx={{ width: 180 }} error={price === null ? t('common:invalidMoney') : (fieldErrors(updateState.error).monthlyPriceKopecks ?? null)} />
            <Button variant="outlined" disabled={price === null || price === m.monthlyPriceKopecks || updateState.isLoading} onClick={() => update({ code: m.code, monthlyPriceKopecks: price! })}>
              {t('savePrice')}
            </Button>
          </Stack>
        )}
      </Stack>
      {(updateState.error || addState.error) && <ErrorState error={updateState.error ?? addState.error} />}
      <Typography sx={{ fontWeight: 600, mt: 2, mb: 0.5 }}>
        {t('versions')}
      </Typography>
      {m.uiVersions.length ? (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={`${t('versions')}: ${m.title}`}>
            <TableHead>
              <TableRow>
                <TableCell>{t('version')}</TableCell>
                <TableCell>{t('remoteEntry')}</TableCell>
                <TableCell>{t('remoteName')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {m.uiVersions.map((v) => (
                <TableRow key={v.version}>
                  <TableCell>{v.version}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace', fontSize: 13 }}>{v.remoteEntry}</TableCell>
                  <TableCell>{v.remoteName}</TableCell>
                  <TableCell align="right">
                    {v.isCurrent ? (
                      <Chip size="small" color="success" label={t('current')} />
                    ) : (
                      <Button size="small" onClick={() => addVersion({ code: m.code, version: v.version, remoteEntry: v.remoteEntry, remoteName: v.remoteName, exposedModule: v.exposedModule, makeCurrent: true })}>
                        {t('makeCurrent')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      ) : (
        <Typography color="text.secondary">{t('noUi')}</Typography>
      )}
      <Button size="small" sx={{ mt: 1 }} onClick={() => setAdding(true)}>
        {t('addVersion')}
      </Button>
      {adding && <AddVersionDialog module={m} onClose={() => setAdding(false)} />}
    </Paper>
  );
}

function AddVersionDialog({ module: m, onClose }: { module: CatalogueModule; onClose: () => void }) {
  const { t } = useOwnerT();
  const current = m.uiVersions.find((v) => v.isCurrent);
  const [form, setForm] = useState({ version: '', remoteEntry: current?.remoteEntry ?? `/mf/${m.code}/remoteEntry.js`, remoteName: current?.remoteName ?? m.code, exposedModule: './App', makeCurrent: true });
  const [addVersion, { isLoading, error }] = useAddUiVersionMutation();
  const server = fieldErrors(error);
  const save = async () => {
    try {
      await addVersion({ code: m.code, ...form }).unwrap();
      onClose();
    } catch {
      /* shown below */
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {t('addVersion')}: {m.title}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {error && !Object.keys(server).length && <ErrorState error={error} />}
          <TextInput label={t('version')} required value={form.version} onChange={(v) => setForm({ ...form, version: v })} error={server.version} />
          <TextInput label={t('remoteEntry')} required value={form.remoteEntry} onChange={(v) => setForm({ ...form, remoteEntry: v })} error={server.remoteEntry} />
          <Stack direction="row" spacing={2}>
            <TextInput label={t('remoteName')} value={form.remoteName} onChange={(v) => setForm({ ...form, remoteName: v })} error={server.remoteName} />
            <TextInput label={t('exposedModule')} value={form.exposedModule} onChange={(v) => setForm({ ...form, exposedModule: v })} error={server.exposedModule} />
          </Stack>
          <FormControlLabel control={<Checkbox checked={form.makeCurrent} onChange={(e) => setForm({ ...form, makeCurrent: e.target.checked })} />} label={t('makeCurrent')} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={isLoading || !form.version}>
          {t('addVersion')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import {
  Alert, Box, Button, Checkbox, Chip, DateInput, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState,
  FormControlLabel, Loading, MoneyInput, PageHeader, Paper, Stack, Switch, Table, TableBody, TableCell, TableHead,
  TableRow, TextInput, Typography, fieldErrors, formatDateTime, formatIsoDate, formatKopecks, todayIso
} from '@workcloud/shared-ui';
import { useState, type ReactNode } from 'react';
import { useAddUiVersionMutation, useCatalogueQuery, useUpdateModuleMutation, type CatalogueModule } from '../api/ownerApi';
import { useOwnerT } from '../useOwnerT';

/**
 * Module catalogue: titles, descriptions and availability, prices by date (kopecks a month, VAT included;
 * a new price from today or a later day, the history below it) and the UI versions each module has been
 * deployed as.
 */
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
  const [addVersion, addState] = useAddUiVersionMutation();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const title = i18n.language === 'en' ? m.titleEn : m.title;
  const sold = !m.alwaysIncluded && !m.ownerOnly;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} role="region" aria-label={title}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: { md: 'flex-start' } }}>
        <Box sx={{ flex: 1 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
            <Typography variant="h3" component="h2">
              {title}
            </Typography>
            <Chip size="small" label={m.code} variant="outlined" />
            {m.alwaysIncluded && <Chip size="small" label={t('alwaysIncluded')} />}
            {m.ownerOnly && <Chip size="small" label={t('ownerOnly')} />}
            {sold && !m.available && <Chip size="small" color="warning" label={t('notAvailable')} />}
            {sold && !m.built && <Chip size="small" variant="outlined" label={t('notBuilt')} />}
            {m.sellable && <Chip size="small" color="success" variant="outlined" label={t('onSale')} />}
          </Stack>
          <Typography color="text.secondary" sx={{ fontSize: 14 }}>
            {m.description}
          </Typography>
        </Box>
        <Button variant="outlined" onClick={() => setEditing(true)} aria-label={`${t('editModule')}: ${title}`}>
          {t('editModule')}
        </Button>
      </Stack>
      {sold && <Prices module={m} />}
      {addState.error && <ErrorState error={addState.error} />}
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
      {editing && <EditModuleDialog module={m} onClose={() => setEditing(false)} />}
    </Paper>
  );
}

/** Today's price, the next change, a form for a new price from a day, and the history (newest first). */
function Prices({ module: m }: { module: CatalogueModule }) {
  const { t, i18n } = useOwnerT();
  const [price, setPrice] = useState<number | null>(m.monthlyPriceKopecks);
  const [from, setFrom] = useState(todayIso());
  const [update, { isLoading, error, isSuccess, reset }] = useUpdateModuleMutation();
  const server = fieldErrors(error);
  const save = async () => {
    try {
      await update({ code: m.code, monthlyPriceKopecks: price!, priceFrom: from }).unwrap();
    } catch {
      /* shown below */
    }
  };
  return (
    <Box sx={{ mt: 2 }} data-testid={`prices-${m.code}`}>
      <Typography sx={{ fontWeight: 600 }}>
        {t('priceToday')}: {formatKopecks(m.monthlyPriceKopecks)}
        {m.nextPrice && (
          <Box component="span" sx={{ fontWeight: 400, ml: 1 }}>
            {t('nextPrice', { date: formatIsoDate(m.nextPrice.validFrom), price: formatKopecks(m.nextPrice.monthlyPriceKopecks) })}
          </Box>
        )}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' }, mt: 1 }}>
        <MoneyInput label={t('newPrice')} size="small" value={price} onChange={(v) => (reset(), setPrice(v))} sx={{ width: { sm: 180 } }} error={price === null ? t('common:invalidMoney') : (server.monthlyPriceKopecks ?? null)} />
        <Box sx={{ width: { sm: 200 } }}>
          <DateInput label={t('priceFrom')} size="small" value={from} onChange={(v) => (reset(), setFrom(v))} error={server.priceFrom ?? null} />
        </Box>
        <Button variant="outlined" disabled={price === null || !from || isLoading} onClick={save}>
          {t('setPrice')}
        </Button>
      </Stack>
      {error && !Object.keys(server).length && <ErrorState error={error} />}
      {isSuccess && (
        <Alert severity="success" sx={{ mt: 1 }} onClose={reset}>
          {t('priceSaved')}
        </Alert>
      )}
      {m.prices.length > 0 && (
        <Box sx={{ overflowX: 'auto', mt: 1 }}>
          <Table size="small" aria-label={`${t('priceHistory')}: ${m.title}`}>
            <TableHead>
              <TableRow>
                <TableCell>{t('validFrom')}</TableCell>
                <TableCell align="right">{t('price')}</TableCell>
                <TableCell>{t('changedBy')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {m.prices.map((p) => (
                <TableRow key={p.validFrom}>
                  <TableCell>{p.validFrom <= '2000-01-01' ? t('initialPrice') : formatIsoDate(p.validFrom)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {formatKopecks(p.monthlyPriceKopecks)}
                  </TableCell>
                  <TableCell sx={{ fontSize: 13 }}>{p.createdBy ? `${p.createdBy}, ${formatDateTime(p.createdAt, i18n.language)}` : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}

/**
 * A dialog with a form: the server's message when no field is named, «Отмена» and the save button;
 * closes when `onSave` succeeds and stays open (errors under the fields) when it fails.
 */
function FormDialog({ title, error, saveLabel, canSave, onSave, onClose, children }: { title: string; error: unknown; saveLabel: string; canSave: boolean; onSave: () => Promise<unknown>; onClose: () => void; children: ReactNode }) {
  const { t } = useOwnerT();
  const save = async () => {
    try {
      await onSave();
      onClose();
    } catch {
      /* shown in the dialog */
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {!!error && !Object.keys(fieldErrors(error)).length && <ErrorState error={error} />}
          {children}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={!canSave}>
          {saveLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Titles (Russian, English), description and whether new clients may buy it. */
function EditModuleDialog({ module: m, onClose }: { module: CatalogueModule; onClose: () => void }) {
  const { t } = useOwnerT();
  const [form, setForm] = useState({ title: m.title, titleEn: m.titleEn, description: m.description, available: m.available });
  const [update, { isLoading, error }] = useUpdateModuleMutation();
  const server = fieldErrors(error);
  return (
    <FormDialog title={`${t('editModule')}: ${m.title}`} error={error} saveLabel={t('common:save')} canSave={!isLoading && !!form.title.trim() && !!form.titleEn.trim()} onSave={() => update({ code: m.code, ...form }).unwrap()} onClose={onClose}>
      <TextInput label={t('moduleTitle')} required value={form.title} onChange={(v) => setForm({ ...form, title: v })} error={server.title} />
      <TextInput label={t('moduleTitleEn')} required value={form.titleEn} onChange={(v) => setForm({ ...form, titleEn: v })} error={server.titleEn} />
      <TextInput label={t('moduleDescription')} multiline minRows={2} value={form.description} onChange={(v) => setForm({ ...form, description: v })} error={server.description} />
      {!m.alwaysIncluded && !m.ownerOnly && (
        <Box>
          <FormControlLabel control={<Switch checked={form.available} onChange={(e) => setForm({ ...form, available: e.target.checked })} />} label={t('availableLabel')} />
          <Typography color="text.secondary" sx={{ fontSize: 13 }}>
            {t('availableHint')}
          </Typography>
        </Box>
      )}
    </FormDialog>
  );
}

function AddVersionDialog({ module: m, onClose }: { module: CatalogueModule; onClose: () => void }) {
  const { t } = useOwnerT();
  const current = m.uiVersions.find((v) => v.isCurrent);
  const [form, setForm] = useState({ version: '', remoteEntry: current?.remoteEntry ?? `/mf/${m.code}/remoteEntry.js`, remoteName: current?.remoteName ?? m.code, exposedModule: './App', makeCurrent: true });
  const [addVersion, { isLoading, error }] = useAddUiVersionMutation();
  const server = fieldErrors(error);
  return (
    <FormDialog title={`${t('addVersion')}: ${m.title}`} error={error} saveLabel={t('addVersion')} canSave={!isLoading && !!form.version} onSave={() => addVersion({ code: m.code, ...form }).unwrap()} onClose={onClose}>
      <TextInput label={t('version')} required value={form.version} onChange={(v) => setForm({ ...form, version: v })} error={server.version} />
      <TextInput label={t('remoteEntry')} required value={form.remoteEntry} onChange={(v) => setForm({ ...form, remoteEntry: v })} error={server.remoteEntry} />
      <Stack direction="row" spacing={2}>
        <TextInput label={t('remoteName')} value={form.remoteName} onChange={(v) => setForm({ ...form, remoteName: v })} error={server.remoteName} />
        <TextInput label={t('exposedModule')} value={form.exposedModule} onChange={(v) => setForm({ ...form, exposedModule: v })} error={server.exposedModule} />
      </Stack>
      <FormControlLabel control={<Checkbox checked={form.makeCurrent} onChange={(e) => setForm({ ...form, makeCurrent: e.target.checked })} />} label={t('makeCurrent')} />
    </FormDialog>
  );
}

import {
  Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, ErrorState, Loading,
  MenuItem, PageHeader, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow,
  TextField, Typography, formatDate, formatKopecks
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useCatalogueQuery, usePinUiMutation, useSetTenantSuspendedMutation, useTenantQuery } from '../api/ownerApi';
import { StatusChip } from '../components/StatusChip';
import { useOwnerT } from '../useOwnerT';

/** A customer's card: details, suspend/resume, modules with a per-customer UI version pin, users. */
export function TenantPage({ id }: { id: string }) {
  const { t, i18n } = useOwnerT();
  const { data: tenant, error, isLoading, refetch } = useTenantQuery(id);
  const { data: catalogue = [] } = useCatalogueQuery();
  const [setSuspended, suspendState] = useSetTenantSuspendedMutation();
  const [pin, pinState] = usePinUiMutation();
  const [confirm, setConfirm] = useState(false);
  if (isLoading) return <Loading />;
  if (error || !tenant) return <ErrorState error={error} onRetry={refetch} />;
  const suspended = tenant.status === 'suspended';
  const en = i18n.language === 'en';
  const monthly = tenant.modules.reduce((s, m) => s + (catalogue.find((c) => c.code === m.code)?.monthlyPriceKopecks ?? 0), 0);

  return (
    <Box>
      <PageHeader
        title={tenant.name}
        subtitle={<StatusChip status={tenant.status} />}
        crumbs={[{ label: t('section'), path: '/m/owner' }, { label: t('tenants'), path: '/m/owner/tenants' }, { label: tenant.name }]}
        actions={
          <Button variant={suspended ? 'contained' : 'outlined'} color={suspended ? 'success' : 'warning'} disabled={suspendState.isLoading} onClick={() => (suspended ? setSuspended({ id, suspended: false }) : setConfirm(true))}>
            {suspended ? t('resume') : t('suspend')}
          </Button>
        }
      />
      {(suspendState.error || pinState.error) && <ErrorState error={suspendState.error ?? pinState.error} />}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(2, minmax(0, 1fr))' } }}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="h3" component="h2" gutterBottom>
            {t('company')}
          </Typography>
          <Field label={t('inn')} value={tenant.inn} />
          <Field label={t('kpp')} value={tenant.kpp ?? '—'} />
          <Field label={t('createdAt')} value={formatDate(tenant.createdAt, i18n.language)} />
          <Field label={t('trialEndsOn')} value={formatDate(tenant.trialEndsOn, i18n.language)} />
          <Field label={t('monthly')} value={formatKopecks(monthly)} />
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography variant="h3" component="h2" gutterBottom>
            {t('users')}
          </Typography>
          {tenant.users.map((u) => (
            <Typography key={u.email} sx={{ fontSize: 14 }}>
              {u.fullName} · {u.email} {u.status !== 'active' && `(${u.status})`}
            </Typography>
          ))}
        </Paper>
      </Box>
      <Typography variant="h2" component="h2" sx={{ mt: 3, mb: 1 }}>
        {t('modules')}
      </Typography>
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label={t('modules')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('modules')}</TableCell>
              <TableCell>{t('createdAt')}</TableCell>
              <TableCell>{t('uiVersion')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {tenant.modules.map((m) => {
              const mod = catalogue.find((c) => c.code === m.code);
              return (
                <TableRow key={m.code}>
                  <TableCell>{mod ? (en ? mod.titleEn : mod.title) : m.code}</TableCell>
                  <TableCell>{formatDate(m.enabledAt, i18n.language)}</TableCell>
                  <TableCell>
                    {mod?.uiVersions.length ? (
                      <TextField select size="small" value={m.uiVersionPin ?? ''} onChange={(e) => pin({ id, code: m.code, version: e.target.value || null })} sx={{ minWidth: 200 }} label={t('uiVersion')}>
                        <MenuItem value="">{t('currentVersion')}</MenuItem>
                        {mod.uiVersions.map((v) => (
                          <MenuItem key={v.version} value={v.version}>
                            {v.version}
                            {v.isCurrent ? ` (${t('current')})` : ''}
                          </MenuItem>
                        ))}
                      </TextField>
                    ) : (
                      t('noUi')
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <Dialog open={confirm} onClose={() => setConfirm(false)}>
        <DialogTitle>{t('suspend')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('suspendConfirm', { name: tenant.name })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirm(false)}>{t('common:cancel')}</Button>
          <Button
            color="warning"
            variant="contained"
            onClick={() => {
              setConfirm(false);
              setSuspended({ id, suspended: true });
            }}
          >
            {t('suspend')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Stack direction="row" spacing={2} sx={{ py: 0.5 }}>
      <Typography color="text.secondary" sx={{ minWidth: 160 }}>
        {label}
      </Typography>
      <Typography>{value}</Typography>
    </Stack>
  );
}

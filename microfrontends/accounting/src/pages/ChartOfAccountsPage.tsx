import {
  Alert, ApiError, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, ErrorState, Link, Loading, PageHeader, Paper, Table, TableBody, TableCell, TableContainer,
  TableHead, TableRow, TextInput, apiFetch, linkProps, type EngineListProps,
} from '@workcloud/shared-ui';
import { useState } from 'react';
import { useChart, type ChartAccount } from '../chart';
import { useAccountingT } from '../i18n';

/** «62.01» is under «62», «90.07.1» under «90.07»: the depth of an account in the tree is its number's. */
const depth = (code: string) => code.split('.').length - 1;

/**
 * План счетов as a tree: accounts in number order, sub-accounts indented under their account, each opening
 * its card (the engine's form). «Добавить субсчёт» makes a sub-account that keeps its parent's analytics.
 */
export function ChartOfAccountsPage({ basePath, entity }: EngineListProps) {
  const { t } = useAccountingT();
  const { accounts, loaded, error, refetch } = useChart();
  const [parent, setParent] = useState<ChartAccount | null>(null);
  const canCreate = entity.allowedActions.includes('create');
  if (error) return <ErrorState error={error} onRetry={refetch} />;
  if (!loaded) return <Loading />;
  return (
    <Box>
      <PageHeader title={entity.title} subtitle={t('chartHint')} />
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label={entity.title}>
          <TableHead>
            <TableRow>
              <TableCell sx={{ fontWeight: 600 }}>{t('code')}</TableCell>
              <TableCell sx={{ fontWeight: 600 }}>{t('name')}</TableCell>
              <TableCell sx={{ fontWeight: 600, display: { xs: 'none', md: 'table-cell' } }}>{t('kind')}</TableCell>
              <TableCell sx={{ fontWeight: 600, display: { xs: 'none', md: 'table-cell' } }}>{t('analytics')}</TableCell>
              {canCreate && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {accounts.map((a) => (
              <TableRow key={a.id} hover>
                <TableCell sx={{ pl: 1 + depth(a.code) * 2, whiteSpace: 'nowrap', fontWeight: depth(a.code) ? 400 : 600 }}>
                  <Link {...linkProps(`${basePath}/catalogs/accounts/${a.id}`)}>{a.code}</Link>
                </TableCell>
                <TableCell>{a.name}</TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{a.kind}</TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{a.analytics}</TableCell>
                {canCreate && (
                  <TableCell align="right">
                    <Button size="small" aria-label={`${t('addSubaccount')} ${a.code}`} onClick={() => setParent(a)}>
                      {t('addSubaccount')}
                    </Button>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {parent && <SubaccountDialog parent={parent} accounts={accounts} onClose={() => setParent(null)} onCreated={() => (setParent(null), refetch())} />}
    </Box>
  );
}

/** The next free number under the parent: 51 → 51.01, 51.02… */
function nextCode(parent: ChartAccount, accounts: ChartAccount[]): string {
  const taken = new Set(accounts.map((a) => a.code));
  for (let i = 1; i < 100; i++) {
    const code = `${parent.code}.${String(i).padStart(2, '0')}`;
    if (!taken.has(code)) return code;
  }
  return `${parent.code}.`;
}

function SubaccountDialog({ parent, accounts, onClose, onCreated }: { parent: ChartAccount; accounts: ChartAccount[]; onClose: () => void; onCreated: () => void }) {
  const { t } = useAccountingT();
  const [code, setCode] = useState(() => nextCode(parent, accounts));
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setError(null);
    try {
      await apiFetch('/api/accounting/catalogs/accounts', { method: 'POST', body: { code, name, parent_id: parent.id } });
      onCreated();
    } catch (e) {
      setError(e instanceof ApiError ? e.detail || e.title : String(e));
    }
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs">
      <DialogTitle>{t('subaccountOf', { account: `${parent.code} ${parent.name}` })}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
        <TextInput label={t('code')} required value={code} onChange={setCode} />
        <TextInput label={t('name')} required value={name} onChange={setName} />
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('cancel')}</Button>
        <Button variant="contained" disabled={!code.trim() || !name.trim()} onClick={create}>
          {t('create')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import { Box, IconButton, MoneyInput, Paper, Tooltip, Typography } from '@workcloud/shared-ui';
import { useAccountingT } from '../i18n';
import { AccountAnalytics, type LineEditorProps } from './OperationLineEditor';

/** A line of «Ввод остатков»: the account with its subconto, and its balance — Дт or Кт, one of the two. */
export function OpeningBalanceLineEditor({ n, line, onChange, onRemove, byId, accounts, errors, disabled }: LineEditorProps) {
  const { t } = useAccountingT();
  const set = (patch: Record<string, unknown>) => onChange({ ...line, ...patch });
  return (
    <Paper variant="outlined" role="group" aria-label={t('balanceLine', { n })} sx={{ p: 1.5, mb: 1.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle2" component="h3" sx={{ flexGrow: 1 }}>
          {t('balanceLine', { n })}
        </Typography>
        {!disabled && (
          <Tooltip title={t('removeLine', { n })}>
            <IconButton size="small" aria-label={t('removeLine', { n })} onClick={onRemove}>
              ×
            </IconButton>
          </Tooltip>
        )}
      </Box>
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', md: '2fr minmax(160px, 1fr)' } }}>
        <AccountAnalytics prefix="" caption="" accountTitle={t('account')} groupLabel={t('balanceAccount')} line={line} set={set} byId={byId} accounts={accounts} errors={errors} />
        <Box sx={{ display: 'grid', gap: 1.5, alignContent: 'start' }}>
          <MoneyInput label={t('balanceDebit')} size="small" value={(line.debit as number | null) ?? null} onChange={(v) => set({ debit: v })} error={errors.debit ?? null} />
          <MoneyInput label={t('balanceCredit')} size="small" value={(line.credit as number | null) ?? null} onChange={(v) => set({ credit: v })} error={errors.credit ?? null} />
        </Box>
      </Box>
    </Paper>
  );
}

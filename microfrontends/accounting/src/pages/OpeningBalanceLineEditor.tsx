import { Box, MoneyInput } from '@workcloud/shared-ui';
import { useAccountingT } from '../i18n';
import { LineCard } from './LineCard';
import { AccountAnalytics, type LineEditorProps } from './OperationLineEditor';

/** A line of «Ввод остатков»: the account with its subconto, and its balance — Дт or Кт, one of the two. */
export function OpeningBalanceLineEditor({ n, line, onChange, onRemove, byId, accounts, errors, disabled }: LineEditorProps) {
  const { t } = useAccountingT();
  const set = (patch: Record<string, unknown>) => onChange({ ...line, ...patch });
  return (
    <LineCard title={t('balanceLine', { n })} removeLabel={t('removeLine', { n })} onRemove={onRemove} disabled={disabled} columns="2fr minmax(160px, 1fr)">
      <AccountAnalytics prefix="" caption="" accountTitle={t('account')} groupLabel={t('balanceAccount')} line={line} set={set} byId={byId} accounts={accounts} errors={errors} />
      <Box sx={{ display: 'grid', gap: 1.5, alignContent: 'start' }}>
        <MoneyInput label={t('balanceDebit')} size="small" value={(line.debit as number | null) ?? null} onChange={(v) => set({ debit: v })} error={errors.debit ?? null} />
        <MoneyInput label={t('balanceCredit')} size="small" value={(line.credit as number | null) ?? null} onChange={(v) => set({ credit: v })} error={errors.credit ?? null} />
      </Box>
    </LineCard>
  );
}

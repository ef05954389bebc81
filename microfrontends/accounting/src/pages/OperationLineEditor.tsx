import { Box, EnumInput, IconButton, MoneyInput, Paper, ReferencePicker, RefInput, TextInput, Tooltip, Typography } from '@workcloud/shared-ui';
import { BUDGET_PAYMENTS, SUBCONTO_REF, SUBCONTO_TITLES, type ChartAccount } from '../chart';
import { useAccountingT } from '../i18n';
import { SettlementDocumentPicker } from './SettlementDocumentPicker';

export type Side = 'dt' | 'kt';
/** A line of the operation as the form holds it (the document's `lines` fields, plus a React key). */
export type OperationLine = Record<string, unknown> & { key: string };

const label = (a: ChartAccount) => `${a.code} ${a.name}`;

/** Account picker: only accounts that take entries, found by number or name. */
function AccountPicker({ accounts, value, onChange, title, error }: { accounts: ChartAccount[]; value: ChartAccount | null; onChange: (a: ChartAccount | null) => void; title: string; error?: string }) {
  const postable = accounts.filter((a) => a.postable);
  const search = async (q: string) => {
    const s = q.trim().toLowerCase();
    return postable.filter((a) => !s || a.code.startsWith(s) || a.name.toLowerCase().includes(s)).slice(0, 30);
  };
  return <ReferencePicker<ChartAccount> label={title} value={value} onChange={onChange} search={search} getLabel={label} required size="small" error={error ?? null} />;
}

/**
 * One side of an entry: the account and, under it, a picker for each of its субконто — a counterparty,
 * contract, product, warehouse, cost item… as the chosen account keeps them (up to three), in its order.
 */
function SideEditor({ side, line, set, byId, accounts, errors }: { side: Side; line: OperationLine; set: (patch: Record<string, unknown>) => void; byId: Map<string, ChartAccount>; accounts: ChartAccount[]; errors: Record<string, string> }) {
  const { t, i18n } = useAccountingT();
  const account = byId.get(String(line[`${side}_account`] ?? '')) ?? null;
  const sideTitle = side === 'dt' ? 'Дт' : 'Кт';
  const choose = (a: ChartAccount | null) =>
    // Another account keeps other analytics: what was picked for the old one goes.
    set({ [`${side}_account`]: a?.id ?? null, [`${side}_subconto1`]: null, [`${side}_subconto2`]: null, [`${side}_subconto3`]: null, [`${side}_quantity`]: null });
  return (
    <Box role="group" aria-label={side === 'dt' ? t('debit') : t('credit')} sx={{ display: 'grid', gap: 1.5, alignContent: 'start' }}>
      <AccountPicker accounts={accounts} value={account} onChange={choose} title={side === 'dt' ? t('dtAccount') : t('ktAccount')} error={errors[`${side}_account`]} />
      {account?.subconto.map((kind, i) => {
        const field = `${side}_subconto${i + 1}`;
        const title = `${sideTitle}: ${SUBCONTO_TITLES[kind]?.[i18n.language === 'en' ? 'en' : 'ru'] ?? kind}`;
        const value = (line[field] as string | null) ?? null;
        const onChange = (v: unknown) => set({ [field]: v || null });
        if (SUBCONTO_REF[kind]) {
          // A contract is picked among the chosen counterparty's (the one of the same side).
          const counterparty = kind === 'contract' ? line[`${side}_subconto${account.subconto.indexOf('counterparty') + 1}`] : null;
          const filter = typeof counterparty === 'string' && counterparty ? { owner_id: counterparty } : undefined;
          return <RefInput key={field} module="accounting" refCode={SUBCONTO_REF[kind]} filter={filter} label={title} size="small" value={value} onChange={onChange} error={errors[field]} />;
        }
        if (kind === 'settlement_document') {
          const counterparty = line[`${side}_subconto${account.subconto.indexOf('counterparty') + 1}`];
          return <SettlementDocumentPicker key={field} label={title} value={value} onChange={onChange} counterparty={typeof counterparty === 'string' ? counterparty : null} error={errors[field]} />;
        }
        if (kind === 'budget_payment')
          return <EnumInput key={field} label={title} size="small" value={(value ?? '') as string} options={[{ value: '', label: '—' }, ...Object.entries(BUDGET_PAYMENTS).map(([v, l]) => ({ value: v, label: l }))]} onChange={onChange} error={errors[field]} />;
        return <TextInput key={field} label={title} size="small" value={value ?? ''} onChange={onChange} error={errors[field]} />;
      })}
      {account?.quantity && <TextInput label={`${sideTitle}: ${t('quantity')}`} size="small" inputMode="decimal" value={String(line[`${side}_quantity`] ?? '')} onChange={(v) => set({ [`${side}_quantity`]: v || null })} />}
    </Box>
  );
}

/** A line: Дт side, Кт side, amount and content; a column each on a wide screen, one column on a phone. */
export function OperationLineEditor({ n, line, onChange, onRemove, byId, accounts, errors, disabled }: { n: number; line: OperationLine; onChange: (l: OperationLine) => void; onRemove: () => void; byId: Map<string, ChartAccount>; accounts: ChartAccount[]; errors: Record<string, string>; disabled?: boolean }) {
  const { t } = useAccountingT();
  const set = (patch: Record<string, unknown>) => onChange({ ...line, ...patch });
  return (
    <Paper variant="outlined" role="group" aria-label={t('line', { n })} sx={{ p: 1.5, mb: 1.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle2" component="h3" sx={{ flexGrow: 1 }}>
          {t('line', { n })}
        </Typography>
        {!disabled && (
          <Tooltip title={t('removeLine', { n })}>
            <IconButton size="small" aria-label={t('removeLine', { n })} onClick={onRemove}>
              ×
            </IconButton>
          </Tooltip>
        )}
      </Box>
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr minmax(160px, 0.8fr)' } }}>
        <SideEditor side="dt" line={line} set={set} byId={byId} accounts={accounts} errors={errors} />
        <SideEditor side="kt" line={line} set={set} byId={byId} accounts={accounts} errors={errors} />
        <Box sx={{ display: 'grid', gap: 1.5, alignContent: 'start' }}>
          <MoneyInput label={t('amount')} size="small" required value={(line.amount as number | null) ?? null} onChange={(v) => set({ amount: v })} error={errors.amount ?? null} />
          <TextInput label={t('lineContent')} size="small" value={String(line.content ?? '')} onChange={(v) => set({ content: v || null })} />
        </Box>
      </Box>
    </Paper>
  );
}

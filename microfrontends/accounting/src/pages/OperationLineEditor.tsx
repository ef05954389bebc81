import { Box, EnumInput, MoneyInput, ReferencePicker, RefInput, TextInput } from '@workcloud/shared-ui';
import { LineCard } from './LineCard';
import { BUDGET_PAYMENTS, SUBCONTO_REF, SUBCONTO_TITLES, type ChartAccount } from '../chart';
import { useAccountingT } from '../i18n';
import { SettlementDocumentPicker } from './SettlementDocumentPicker';

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
 * An account and, under it, a picker for each of its субконто — a counterparty, contract, product, warehouse,
 * cost item… as the chosen account keeps them (up to three), in its order; the quantity where it is kept.
 * `prefix` names the line's fields (`dt_` → dt_account, dt_subconto1…; '' → account, subconto1…).
 */
export function AccountAnalytics({ prefix, caption, accountTitle, groupLabel, line, set, byId, accounts, errors }: { prefix: string; caption: string; accountTitle: string; groupLabel: string; line: OperationLine; set: (patch: Record<string, unknown>) => void; byId: Map<string, ChartAccount>; accounts: ChartAccount[]; errors: Record<string, string> }) {
  const { t, i18n } = useAccountingT();
  const account = byId.get(String(line[`${prefix}account`] ?? '')) ?? null;
  const choose = (a: ChartAccount | null) =>
    // Another account keeps other analytics: what was picked for the old one goes.
    set({ [`${prefix}account`]: a?.id ?? null, [`${prefix}subconto1`]: null, [`${prefix}subconto2`]: null, [`${prefix}subconto3`]: null, [`${prefix}quantity`]: null });
  const counterparty = account && line[`${prefix}subconto${account.subconto.indexOf('counterparty') + 1}`];
  return (
    <Box role="group" aria-label={groupLabel} sx={{ display: 'grid', gap: 1.5, alignContent: 'start' }}>
      <AccountPicker accounts={accounts} value={account} onChange={choose} title={accountTitle} error={errors[`${prefix}account`]} />
      {account?.subconto.map((kind, i) => {
        const field = `${prefix}subconto${i + 1}`;
        const title = `${caption}${SUBCONTO_TITLES[kind]?.[i18n.language === 'en' ? 'en' : 'ru'] ?? kind}`;
        const value = (line[field] as string | null) ?? null;
        const onChange = (v: unknown) => set({ [field]: v || null });
        const ofCounterparty = typeof counterparty === 'string' && counterparty ? counterparty : null;
        if (SUBCONTO_REF[kind]) {
          // A contract is picked among the chosen counterparty's.
          const filter = kind === 'contract' && ofCounterparty ? { owner_id: ofCounterparty } : undefined;
          return <RefInput key={field} module="accounting" refCode={SUBCONTO_REF[kind]} filter={filter} label={title} size="small" value={value} onChange={onChange} error={errors[field]} />;
        }
        if (kind === 'settlement_document') return <SettlementDocumentPicker key={field} label={title} value={value} onChange={onChange} counterparty={ofCounterparty} error={errors[field]} />;
        if (kind === 'budget_payment')
          return <EnumInput key={field} label={title} size="small" value={(value ?? '') as string} options={[{ value: '', label: '—' }, ...Object.entries(BUDGET_PAYMENTS).map(([v, l]) => ({ value: v, label: l }))]} onChange={onChange} error={errors[field]} />;
        return <TextInput key={field} label={title} size="small" value={value ?? ''} onChange={onChange} error={errors[field]} />;
      })}
      {account?.quantity && <TextInput label={`${caption}${t('quantity')}`} size="small" inputMode="decimal" value={String(line[`${prefix}quantity`] ?? '')} onChange={(v) => set({ [`${prefix}quantity`]: v || null })} />}
    </Box>
  );
}

/** What a line editor of a document of entries gets from its form. */
export interface LineEditorProps {
  n: number;
  line: OperationLine;
  onChange: (l: OperationLine) => void;
  onRemove: () => void;
  byId: Map<string, ChartAccount>;
  accounts: ChartAccount[];
  errors: Record<string, string>;
  disabled?: boolean;
}

/** A line: Дт side, Кт side, amount and content; a column each on a wide screen, one column on a phone. */
export function OperationLineEditor({ n, line, onChange, onRemove, byId, accounts, errors, disabled }: LineEditorProps) {
  const { t } = useAccountingT();
  const set = (patch: Record<string, unknown>) => onChange({ ...line, ...patch });
  return (
    <LineCard title={t('line', { n })} removeLabel={t('removeLine', { n })} onRemove={onRemove} disabled={disabled} columns="1fr 1fr minmax(160px, 0.8fr)">
      <AccountAnalytics prefix="dt_" caption="Дт: " accountTitle={t('dtAccount')} groupLabel={t('debit')} line={line} set={set} byId={byId} accounts={accounts} errors={errors} />
      <AccountAnalytics prefix="kt_" caption="Кт: " accountTitle={t('ktAccount')} groupLabel={t('credit')} line={line} set={set} byId={byId} accounts={accounts} errors={errors} />
      <Box sx={{ display: 'grid', gap: 1.5, alignContent: 'start' }}>
        <MoneyInput label={t('amount')} size="small" required value={(line.amount as number | null) ?? null} onChange={(v) => set({ amount: v })} error={errors.amount ?? null} />
        <TextInput label={t('lineContent')} size="small" value={String(line.content ?? '')} onChange={(v) => set({ content: v || null })} />
      </Box>
    </LineCard>
  );
}

import { Button, Typography, apiFetch, formatKopecks, linkProps, todayIso, type ModuleWidget } from '@workcloud/shared-ui/core';
import { useEffect, useState } from 'react';
import { useAccountingT } from './i18n';

interface ReportResult {
  items: Record<string, unknown>[];
}
const report = (code: string, params: Record<string, string>) => apiFetch<ReportResult>(`/api/accounting/reports/${code}?${new URLSearchParams(params)}`);
const organizations = async () => (await apiFetch<{ items: { id: string }[] }>('/api/trade/catalogs/organizations?limit=50')).items;

/** Loads a figure once for the card; `null` while loading, `undefined` when it failed. */
function useFigure<T>(load: () => Promise<T>): T | null | undefined {
  const [value, setValue] = useState<T | null | undefined>(null);
  useEffect(() => {
    load().then(setValue, () => setValue(undefined));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return value;
}

function Figure({ testId, value }: { testId: string; value: number | null | undefined }) {
  return (
    <Typography variant="h2" component="p" data-testid={testId} sx={{ fontVariantNumeric: 'tabular-nums' }}>
      {value === null ? '…' : value === undefined ? '—' : formatKopecks(value)}
    </Typography>
  );
}

/** Деньги: the debit balances of 50 and 51 today, from the ОСВ (all organizations). */
function CashWidget() {
  const { t } = useAccountingT();
  const today = todayIso();
  const figures = useFigure(async () => {
    const r = await report('turnover_balance_sheet', { from: today, to: today });
    const closing = (code: string) => Number(r.items.find((i) => i.account_code === code)?.closing_debit ?? 0);
    return { cash: closing('50'), bank: closing('51') };
  });
  const total = figures && figures.cash + figures.bank;
  return (
    <>
      <Figure testId="accounting-cash" value={figures === undefined ? undefined : total} />
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {figures ? t('cashLine', { cash: formatKopecks(figures.cash), bank: formatKopecks(figures.bank) }) : '…'}
      </Typography>
      <Button size="small" {...linkProps('/m/accounting/reports/turnover_balance_sheet')}>
        {t('trialBalance')}
      </Button>
    </>
  );
}

/** НДС к уплате за текущий квартал: строка 040 (или −050) декларации каждой организации, сложенные. */
function VatWidget() {
  const { t } = useAccountingT();
  const today = todayIso();
  const year = today.slice(0, 4);
  const quarter = String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1);
  const due = useFigure(async () => {
    const results = await Promise.all((await organizations()).map((o) => report('vat_return', { organization: o.id, year, quarter })));
    return results.reduce((s, r) => {
      const line = r.items.find((i) => i.section === 'Раздел 1' && (i.line === '040' || i.line === '050'));
      return s + (line ? (line.line === '040' ? 1 : -1) * Number(line.vat ?? 0) : 0);
    }, 0);
  });
  return (
    <>
      <Figure testId="accounting-vat-due" value={due} />
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('vatDueHint', { quarter, year })}
      </Typography>
      <Button size="small" {...linkProps('/m/accounting/reports/vat_return')}>
        {t('vatDue')}
      </Button>
    </>
  );
}

/** Прибыль месяца до налогообложения: строка 2300 ф. 2 с начала месяца, в копейках (её расшифровка). */
function ProfitWidget() {
  const { t } = useAccountingT();
  const today = todayIso();
  const profit = useFigure(async () => {
    const r = await report('financial_results', { from: `${today.slice(0, 8)}01`, to: today });
    return Number(r.items.find((i) => i.line === '2300')?.amount ?? 0);
  });
  return (
    <>
      <Figure testId="accounting-profit" value={profit} />
      <Typography color="text.secondary" sx={{ mb: 1 }}>
        {t('profitHint')}
      </Typography>
      <Button size="small" {...linkProps('/m/accounting/reports/financial_results')}>
        {t('profit')}
      </Button>
    </>
  );
}

/** The module's cards on the shell's home page, each shown only to roles that may read its report. */
export const accountingWidgets: ModuleWidget[] = [
  { id: 'accounting-cash', module: 'accounting', title: 'Денежные средства', titleEn: 'Cash', can: ['read', 'accounting.turnover_balance_sheet'], Component: CashWidget },
  { id: 'accounting-vat-due', module: 'accounting', title: 'НДС к уплате', titleEn: 'VAT payable', can: ['read', 'accounting.vat_return'], Component: VatWidget },
  { id: 'accounting-profit', module: 'accounting', title: 'Прибыль месяца', titleEn: 'Profit this month', can: ['read', 'accounting.financial_results'], Component: ProfitWidget },
];

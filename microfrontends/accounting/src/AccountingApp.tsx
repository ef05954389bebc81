import { EngineModuleRoot, useLocationPath, type EngineOverrides, type ModuleRootProps } from '@workcloud/shared-ui';
import { ChartOfAccountsPage } from './pages/ChartOfAccountsPage';
import { DrillReportPage } from './pages/DrillReportPage';
import { FormReportPage } from './pages/FormReportPage';
import { MonthClosingPage } from './pages/MonthClosingPage';
import { OpeningBalancesFormPage, OperationFormPage } from './pages/EntriesFormPage';

/** The module's own pages; every other catalog, document and report is the engine's generic page. */
const overrides: EngineOverrides = {
  catalogs: { accounts: { List: ChartOfAccountsPage } },
  documents: { operation: { Form: OperationFormPage }, opening_balances: { Form: OpeningBalancesFormPage } },
  reports: {
    turnover_balance_sheet: DrillReportPage,
    account_turnover_sheet: DrillReportPage,
    account_card: DrillReportPage,
    entries_journal: DrillReportPage,
    balance_sheet: FormReportPage,
    financial_results: FormReportPage,
  },
};

export default function AccountingApp({ basePath }: ModuleRootProps) {
  const path = useLocationPath();
  if (path.slice(basePath.length).split('/').filter(Boolean)[0] === 'closing') return <MonthClosingPage basePath={basePath} />;
  return <EngineModuleRoot module="accounting" basePath={basePath} overrides={overrides} />;
}

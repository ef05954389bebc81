import { defineModule } from '../../platform/modules/define-module';
import { accountingCatalogs } from './catalogs';
import { seedAccounting } from './chart';
import { checkedBeforeClosing, closingChecks } from './closing-checks';
import { banDateRefusal } from './closed-period';
import { closingSteps } from './closing-steps';
import { DocumentLabelsController } from './document-labels.controller';
import { monthClosing } from './documents/month-closing';
import { accountingMigrations } from './migrations';
import { openingBalances } from './documents/opening-balances';
import { operation } from './documents/operation';
import { byAccount, entries } from './journal';
import { accountingReports } from './reports';
import { formReports } from './reports-forms';
import { staffHooks } from './staff-postings';
import { tradeHooks } from './trade-postings';
import { usnDeclarations, usnMenuGroup } from './usn';
import { ensDeclarations } from './ens';
import { vatDeclarations, VatIssueController, vatMenuGroup } from './vat';

/**
 * «Бухгалтерия», as 1C:Бухгалтерия предприятия 3.0: the chart of accounts «Хозрасчётный», one journal of
 * entries, manual operations, opening balances, the дата запрета, month closing and the ОСВ family of
 * reports. Trade documents post their entries here when the tenant has both modules (`documentHooks`).
 */
export const accountingModule = defineModule({
  code: 'accounting',
  title: 'Бухгалтерия',
  titleEn: 'Accounting',
  description: 'План счетов, проводки, ОСВ, закрытие месяца',
  descriptionEn: 'Chart of accounts, entries, trial balance, month-end closing',
  monthlyPriceKopecks: 250000,
  depends: ['trade'],
  menuGroups: [
    { code: 'operations', title: 'Операции', titleEn: 'Operations' },
    { code: 'catalogs', title: 'Справочники', titleEn: 'Catalogs' },
    { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
    { code: 'closing', title: 'Закрытие периода', titleEn: 'Period closing' },
    vatMenuGroup,
    usnMenuGroup,
  ],
  declarations: [...accountingCatalogs, entries, byAccount, operation, openingBalances, checkedBeforeClosing(monthClosing), ...accountingReports, ...formReports, closingChecks, closingSteps, ...vatDeclarations, ...usnDeclarations, ...ensDeclarations],
  // The components are exported by the module's UI under these codes (microfrontends/accounting).
  widgets: [
    { code: 'accounting-cash', title: 'Денежные средства', titleEn: 'Cash', subject: 'accounting.turnover_balance_sheet' },
    { code: 'accounting-vat-due', title: 'НДС к уплате', titleEn: 'VAT payable', subject: 'accounting.vat_return' },
    { code: 'accounting-profit', title: 'Прибыль месяца', titleEn: 'Profit this month', subject: 'accounting.financial_results' },
  ],
  ui: { remote: 'accounting', version: '0.1.0' },
  seed: seedAccounting,
  documentHooks: { ...tradeHooks, ...staffHooks },
  controllers: [VatIssueController, DocumentLabelsController],
  closedPeriod: banDateRefusal,
  migrations: accountingMigrations,
});

import { defineModule } from '../../platform/modules/define-module';
import { BankStatementsController } from './bank-statements.controller';
import { tradeCatalogs } from './catalogs';
import { CostSequenceController, costSequenceSubject } from './cost-sequence';
import { customerOrder } from './documents/customer-order';
import { seedFirstOrganization } from './first-organization';
import { customerReturn } from './documents/customer-return';
import { inventory } from './documents/inventory';
import { invoiceForPayment } from './documents/invoice-for-payment';
import { moneyIn } from './documents/money-in';
import { moneyOut } from './documents/money-out';
import { priceSetting } from './documents/price-setting';
import { receipt } from './documents/receipt';
import { sale } from './documents/sale';
import { supplierOrder } from './documents/supplier-order';
import { supplierReturn } from './documents/supplier-return';
import { transfer } from './documents/transfer';
import { tradeRegisters } from './registers';
import { tradeReports } from './reports';
import { UpdXmlController } from './upd-xml.controller';

/** «Торговля и склад», as 1C:Управление торговлей: purchases, sales, stock, prices, money. */
export const tradeModule = defineModule({
  code: 'trade',
  title: 'Торговля и склад',
  titleEn: 'Trade and warehouse',
  description: 'Закупки, продажи, склад, цены, деньги',
  descriptionEn: 'Purchases, sales, stock, prices, money',
  monthlyPriceKopecks: 190000,
  worksWith: ['accounting', 'edo'],
  menuGroups: [
    { code: 'sales', title: 'Продажи', titleEn: 'Sales' },
    { code: 'purchases', title: 'Закупки', titleEn: 'Purchases' },
    { code: 'warehouse', title: 'Склад', titleEn: 'Warehouse' },
    { code: 'money', title: 'Деньги', titleEn: 'Money' },
    { code: 'catalogs', title: 'Справочники', titleEn: 'Catalogs' },
    { code: 'reports', title: 'Отчёты', titleEn: 'Reports' },
  ],
  declarations: [
    ...tradeCatalogs,
    ...tradeRegisters,
    priceSetting,
    customerOrder,
    invoiceForPayment,
    sale,
    customerReturn,
    supplierOrder,
    receipt,
    supplierReturn,
    transfer,
    inventory,
    moneyIn,
    moneyOut,
    ...tradeReports,
  ],
  // The components are exported by the module's UI under these codes (microfrontends/trade).
  widgets: [
    { code: 'trade-sales', title: 'Продажи', titleEn: 'Sales', subject: 'trade.sales_analysis' },
    { code: 'trade-low-stock', title: 'Ниже минимума', titleEn: 'Below minimum stock', subject: 'trade.stock_balance' },
    { code: 'trade-receivables', title: 'Дебиторская задолженность', titleEn: 'Receivables', subject: 'trade.debts' },
    { code: 'trade-cost-sequence', title: 'Себестоимость', titleEn: 'Cost of goods', subject: 'trade.cost_sequence' },
  ],
  ui: { remote: 'engine' },
  seed: seedFirstOrganization,
  subjects: [costSequenceSubject],
  controllers: [BankStatementsController, CostSequenceController, UpdXmlController],
});

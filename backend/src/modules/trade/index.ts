import type { Type } from '@nestjs/common';
import type { Declaration } from '../../platform/engine/declarations';
import type { SubjectInfo } from '../../platform/access/subjects';
import { BankStatementsController } from './bank-statements.controller';
import { tradeCatalogs } from './catalogs';
import { CostSequenceController, costSequenceSubject } from './cost-sequence';
import { customerOrder } from './documents/customer-order';
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

/** The «Торговля и склад» module: everything the engine turns into tables, REST, forms and reports. */
export const tradeDeclarations: Declaration[] = [
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
];

/** Routes of the module beyond what the engine generates. */
export const tradeControllers: Type[] = [BankStatementsController, CostSequenceController, UpdXmlController];

/** Permission subjects of the module beyond one per declaration. */
export const tradeSubjects: SubjectInfo[] = [costSequenceSubject];

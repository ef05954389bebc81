import { purchaseBook, salesBook } from './books';
import { invoiceIssued, invoiceReceived } from './invoices';
import { vatPurchases, vatSales } from './registers';
import { vatReturn } from './return';

export { deductAdvanceVat, type AdvanceOffset } from './advances';
export { advanceInvoice, receivedInvoice, saleInvoice } from './automatic';
export { VatIssueController } from './issue.controller';

/** НДС: счета-фактуры выданные и полученные, the records of the books, the books and the return's figures. */
export const vatDeclarations = [invoiceIssued, invoiceReceived, vatSales, vatPurchases, salesBook, purchaseBook, vatReturn];

/** The module's menu section for them. */
export const vatMenuGroup = { code: 'vat', title: 'НДС', titleEn: 'VAT' };

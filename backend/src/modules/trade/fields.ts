import type { DocumentDeclaration, FieldDeclaration } from '../../platform/engine/declarations';

type Access = DocumentDeclaration['defaultAccess'];

/** Header fields most trade documents share. */
/** A new document takes the user's main organization and warehouse (their settings); a company with one never chooses it. */
export const organization: FieldDeclaration = { type: 'ref', ref: 'organizations', title: 'Организация', required: true, userDefault: true, fillWhenOnly: true };
export const warehouse: FieldDeclaration = { type: 'ref', ref: 'warehouses', title: 'Склад', required: true, userDefault: true, fillWhenOnly: true };
export const customer: FieldDeclaration = { type: 'ref', ref: 'counterparties', title: 'Покупатель', required: true, search: true };
export const supplier: FieldDeclaration = { type: 'ref', ref: 'counterparties', title: 'Поставщик', required: true, search: true };
export const contract: FieldDeclaration = { type: 'ref', ref: 'contracts', title: 'Договор', required: true };
/** The counterparty's contract of the kind the document needs: the only one is filled in, another kind or counterparty refused. */
const contractOfKind = (kind: 'customer' | 'supplier'): FieldDeclaration => ({ ...contract, filter: { owner_id: { field: 'counterparty' }, kind }, fillWhenOnly: true });
export const customerContract = contractOfKind('customer');
/**
 * A payment names its contract where the organization or the counterparty keeps its accounts by contracts
 * («Вести учёт по договорам»); elsewhere it settles the oldest debts of any contract. Sales and purchases always
 * name one: their debt is kept by contract in «Расчёты с контрагентами».
 */
export const contractsKept: FieldDeclaration['requiredWhen'] = [
  { field: 'organization', setting: 'keep_contracts' },
  { field: 'counterparty', setting: 'keep_contracts' },
];
export const supplierContract = contractOfKind('supplier');
export const comment: FieldDeclaration = { type: 'text', title: 'Комментарий', list: false };

/** Access of the default roles to sales-side and purchase-side documents. */
export const salesAccess: Access = { sales_manager: ['read', 'create', 'update', 'post'], accountant: ['read', 'create', 'update', 'post'], storekeeper: ['read'] };
export const purchaseAccess: Access = { storekeeper: ['read', 'create', 'update', 'post'], accountant: ['read', 'create', 'update', 'post'] };
export const warehouseAccess: Access = { storekeeper: ['read', 'create', 'update', 'post'], accountant: ['read'] };
export const moneyAccess: Access = { accountant: ['read', 'create', 'update', 'post'], sales_manager: ['read'] };

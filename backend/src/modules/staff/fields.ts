import type { DefaultRoleCode } from '../../platform/access/subjects';
import type { Action } from '../../platform/access/subjects';
import type { FieldDeclaration } from '../../platform/engine/declarations';

/** Fields several declarations of the module share. */
export const organization: FieldDeclaration = { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true };
export const employee: FieldDeclaration = { type: 'ref', ref: 'employees', title: 'Сотрудник', required: true };
export const department: FieldDeclaration = { type: 'ref', ref: 'departments', title: 'Подразделение', required: true };
export const position: FieldDeclaration = { type: 'ref', ref: 'positions', title: 'Должность', required: true };

/** The accountant keeps personnel and payroll (there is no HR role among the default ones yet); viewers read. */
export const accountantKeeps: Partial<Record<DefaultRoleCode, readonly Action[]>> = { accountant: ['read', 'create', 'update', 'delete', 'post'], viewer: ['read'] };

import type { DocumentDeclaration, FieldDeclaration } from '../../platform/engine/declarations';

/** Header fields and access the module's documents share. */
export const organization: FieldDeclaration = { type: 'ref', ref: 'trade.organizations', title: 'Организация', required: true };
export const comment: FieldDeclaration = { type: 'text', title: 'Комментарий', list: false };
export const account = (title: string, required = true): FieldDeclaration => ({ type: 'ref', ref: 'accounts', title, required });
export const subconto = (title: string): FieldDeclaration => ({ type: 'string', title, maxLength: 36, list: false });
export const quantity = (title: string): FieldDeclaration => ({ type: 'decimal', title, scale: 3, list: false });
export const accountantDocuments: DocumentDeclaration['defaultAccess'] = { accountant: ['read', 'create', 'update', 'post'] };

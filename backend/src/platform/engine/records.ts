import type { CatalogDeclaration, DocumentDeclaration, DocumentRecord, Fields } from './declarations';
import { Problem } from '../http/problem';

/** How rows of catalogs and documents become API records and back, shared by the engine's services. */

export type DocumentOut = DocumentRecord & Record<string, any>;

/** A catalog's fields with the `name` every catalog has. */
export function catalogFields(decl: CatalogDeclaration): Fields {
  return { name: { type: 'string', title: 'Наименование', required: true, search: true }, ...decl.fields };
}

/** A document's header fields with the `date` and `number` every document has. */
export function documentFields(decl: DocumentDeclaration): Fields {
  return { date: { type: 'date', title: 'Дата' }, number: { type: 'string', title: 'Номер', maxLength: 40 }, ...decl.fields };
}

/** DB row → API: money as integer kopecks, custom fields kept under `custom`. */
export function toApi(fields: Fields, row: Record<string, any>) {
  const out: Record<string, unknown> = { ...row };
  for (const [name, f] of Object.entries(fields)) if (f.type === 'money' && out[name] !== null && out[name] !== undefined) out[name] = Number(out[name]);
  delete out.search_text;
  return out;
}

/** A document as the API returns it, from its header row and its line rows by section. */
export function documentOf(decl: DocumentDeclaration, header: Record<string, any>, lines: Record<string, Record<string, any>[]>): DocumentOut {
  const doc: Record<string, unknown> = toApi(documentFields(decl), header);
  for (const [section, s] of Object.entries(decl.sections ?? {}))
    doc[section] = [...(lines[section] ?? [])].sort((a, b) => a.line_no - b.line_no).map(({ doc_id: _d, ...l }) => toApi(s.fields, l));
  return doc as DocumentOut;
}

/** A document read in this transaction with its header row as just updated (its lines untouched since). */
export function withHeader(decl: DocumentDeclaration, read: DocumentOut, row: Record<string, any>): DocumentOut {
  const doc: Record<string, unknown> = toApi(documentFields(decl), row);
  for (const section of Object.keys(decl.sections ?? {})) doc[section] = read[section];
  return doc as DocumentOut;
}

/** The header columns of a document record (declared fields, date, number) that are present. */
export function headerColumns(decl: DocumentDeclaration, record: Record<string, any>) {
  const header: Record<string, unknown> = {};
  for (const name of [...Object.keys(decl.fields), 'date', 'number']) if (record[name] !== undefined) header[name] = record[name];
  return header;
}

/**
 * The words quick search matches. Punctuation becomes spaces, so «РТУ-000001» is found by «РТУ 000001»
 * or «000001» (PostgreSQL's parser would otherwise read «-000001» as a negative number).
 */
export function searchText(fields: Fields, record: Record<string, unknown>, base: unknown[]): string {
  return [...base, ...Object.entries(fields).filter(([, f]) => f.search && !f.personal).map(([n]) => record[n])]
    .filter((v) => v !== null && v !== undefined && v !== '')
    .join(' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Field name → Russian title, for messages. */
export const titlesOf = (fields: Fields) => Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.title]));

/** Titles of a document's header and line fields. */
export const documentTitles = (decl: DocumentDeclaration) => titlesOf({ ...decl.fields, ...Object.assign({}, ...Object.values(decl.sections ?? {}).map((s) => s.fields)) });

/** PostgreSQL errors a person can fix, turned into problems that say what to fix. */
export function explainDbError(e: unknown, titles: Record<string, string>): never {
  const err = e as { code?: string; constraint?: string; detail?: string };
  if (err.code === '23505') throw Problem.conflict(`Такая запись уже есть: ${describeConstraint(err.detail, titles)}. Измените значения или найдите существующую запись.`);
  if (err.code === '23503') {
    const field = /\("?(\w+)"?\)/.exec(err.detail ?? '')?.[1];
    if (/is still referenced/.test(err.detail ?? '')) throw Problem.conflict('Запись используется в других документах или справочниках — её можно только пометить на удаление.');
    throw Problem.badRequest(`Поле «${titles[field ?? ''] ?? field}»: выбранный элемент не найден. Выберите значение из списка.`);
  }
  throw e;
}

function describeConstraint(detail: string | undefined, titles: Record<string, string>) {
  const m = /Key \(([^)]+)\)=\(([^)]*)\)/.exec(detail ?? '');
  if (!m) return 'нарушена уникальность';
  // PostgreSQL quotes a column whose name is a keyword («"order"»).
  const fields = m[1].split(', ').map((f) => f.replace(/^"|"$/g, '')).map((f) => `«${titles[f] ?? f}»`);
  return `${fields.join(', ')} = ${m[2]}`;
}

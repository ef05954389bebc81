import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Problem } from '../http/problem';
import type { FieldDeclaration } from './declarations';

/**
 * The query string of a list (`?search=&sort=&limit=&offset=&<field>=…`), checked strictly: every
 * parameter is known and its value has the type of its column, so a bad request is a 400 naming the
 * parameter in Russian — never a database error.
 */
export interface ListQuery {
  search?: string;
  sort?: string;
  limit: number;
  offset: number;
  /** `<field>=value` (a comma list for references and enums), `<field>_from=` / `<field>_to=` for ranges. */
  filters: Record<string, string>;
}

/** A column a list can be filtered and sorted by: a declared field or one of the engine's own. */
export type ListColumn = Pick<FieldDeclaration, 'title' | 'values'> & { type: FieldDeclaration['type'] | 'timestamp' };
export type ListColumns = Record<string, ListColumn>;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
const MAX_OFFSET = 1_000_000_000;
const MAX_SEARCH = 200;
const MAX_TEXT = 1000;
const INT32 = 2_147_483_647;

/** A 400 naming the query parameter, with `errors` as for a body field. */
export function badParam(param: string, message: string): Problem {
  const name = param === '' ? '(пустое имя)' : param;
  return Problem.badRequest(`Параметр «${name}»: ${message}.`, { errors: [{ field: param, message }] });
}

/**
 * One string per parameter, none with a NUL character (PostgreSQL refuses it in text): what every
 * query string the engine reads must be. A repeated parameter (`?sort=a&sort=b`) is refused rather than
 * one of its values silently taken. Keys such as `__proto__` stay ordinary keys.
 */
export function singleValues(raw: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (key.includes('\0')) throw badParam(key.replace(/\0/g, '\\0'), 'имя параметра содержит недопустимый нулевой символ');
    if (Array.isArray(value)) throw badParam(key, 'указан несколько раз — оставьте одно значение');
    if (typeof value !== 'string') throw badParam(key, 'ожидается одно значение');
    if (value.includes('\0')) throw badParam(key, 'значение содержит недопустимый нулевой символ');
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function wholeNumber(param: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,12}$/.test(value)) throw badParam(param, 'ожидается целое неотрицательное число');
  const n = Number(value);
  if (n < min) throw badParam(param, `ожидается число не меньше ${min}`);
  if (n > max) throw badParam(param, `ожидается число не больше ${max}`);
  return n;
}

/** The system parameters of a list; the remaining ones are filters, checked against the columns by `applyListQuery`. */
export function parseListQuery(raw: Record<string, unknown> | undefined): ListQuery {
  const { search, sort, limit, offset, ...filters } = singleValues(raw);
  if (search !== undefined && search.length > MAX_SEARCH) throw badParam('search', `не длиннее ${MAX_SEARCH} символов`);
  // Above the maximum a list answers the maximum, as it always did; what is not a number is refused.
  const size = Math.min(wholeNumber('limit', limit, DEFAULT_LIMIT, 1, Number.MAX_SAFE_INTEGER), MAX_LIMIT);
  return { search: search || undefined, sort: sort || undefined, limit: size, offset: wholeNumber('offset', offset, 0, 0, MAX_OFFSET), filters };
}

const ORDERED = new Set<ListColumn['type']>(['date', 'timestamp', 'integer', 'money', 'decimal', 'string', 'text', 'inn', 'kpp', 'ogrn', 'bik', 'account', 'email', 'phone']);
const LISTABLE = new Set<ListColumn['type']>(['ref', 'enum']);
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && v.slice(0, 4) !== '0000' && z.iso.date().safeParse(v).success;

/**
 * Checks one filter value against its column's type; a comma list (`a,b`) for references and enums
 * when `list` is allowed. Returns the value, or the values of a list.
 */
export function filterValue(param: string, column: ListColumn, value: string, list: boolean): string | string[] {
  if (list && LISTABLE.has(column.type) && value.includes(',')) return value.split(',').map((v) => filterValue(param, column, v, false) as string);
  const fail = (message: string): never => {
    throw badParam(param, message);
  };
  switch (column.type) {
    case 'ref':
      if (!z.uuid().safeParse(value).success) fail(`ожидается идентификатор (UUID)${list ? ' или несколько через запятую' : ''}`);
      break;
    case 'date':
      if (!isDate(value)) fail('ожидается существующая дата в формате ГГГГ-ММ-ДД');
      break;
    case 'timestamp':
      if (!isDate(value) && !(z.iso.datetime({ offset: true, local: true }).safeParse(value).success && value.slice(0, 4) !== '0000'))
        fail('ожидается дата ГГГГ-ММ-ДД или дата и время ISO 8601');
      break;
    case 'integer':
      if (!/^-?\d{1,10}$/.test(value) || Math.abs(Number(value)) > INT32) fail('ожидается целое число');
      break;
    case 'money':
      if (!/^-?\d{1,15}$/.test(value)) fail('ожидается сумма в копейках — целое число');
      break;
    case 'decimal':
      if (!/^-?\d{1,15}(\.\d{1,15})?$/.test(value)) fail('ожидается число, например 12.5');
      break;
    case 'boolean':
      if (value !== 'true' && value !== 'false') fail('ожидается true или false');
      break;
    case 'enum': {
      const values = column.values ?? {};
      if (!Object.hasOwn(values, value)) fail(`допустимые значения — ${Object.keys(values).join(', ')}`);
      break;
    }
    default:
      if (value.length > MAX_TEXT) fail(`не длиннее ${MAX_TEXT} символов`);
  }
  return value;
}

/** A filter parameter → its column and comparison: the exact name first, then `<name>_from` / `<name>_to`. */
function filterTarget(key: string, columns: ListColumns): { name: string; op: '=' | '>=' | '<=' } | undefined {
  if (Object.hasOwn(columns, key)) return { name: key, op: '=' };
  for (const [suffix, op] of [['_from', '>='], ['_to', '<=']] as const) {
    const name = key.slice(0, -suffix.length);
    if (key.endsWith(suffix) && Object.hasOwn(columns, name) && ORDERED.has(columns[name].type)) return { name, op };
  }
  return undefined;
}

/** "ООО Ромашка" → `ООО:* & Ромашка:*` — every word as a prefix, for quick search. */
export function toTsQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** `name` / `-name` → the column and direction, refusing what is not a column of the list. */
function sortOf(sort: string, columns: ListColumns): { column: string; desc: boolean } {
  const desc = sort.startsWith('-');
  const column = desc ? sort.slice(1) : sort;
  if (!Object.hasOwn(columns, column))
    throw badParam('sort', `нельзя сортировать по «${column}». Доступны: ${Object.keys(columns).join(', ')} (с «-» впереди — по убыванию)`);
  return { column, desc };
}

/** Checks the filters and sort of `query` against `columns` and adds them to `q` (identifiers quoted by the builder). */
export function applyListQuery(q: Knex.QueryBuilder, columns: ListColumns, query: ListQuery): void {
  if (query.search) {
    const ts = toTsQuery(query.search);
    if (ts) q.whereRaw(`to_tsvector('simple', search_text) @@ to_tsquery('simple', ?)`, [ts]);
  }
  for (const [key, value] of Object.entries(query.filters)) {
    const target = filterTarget(key, columns);
    if (!target) throw badParam(key, `нельзя фильтровать по «${key}»: такого поля нет. Доступны: ${Object.keys(columns).join(', ')}`);
    if (value === '') continue;
    const checked = filterValue(key, columns[target.name], value, target.op === '=');
    if (Array.isArray(checked)) q.whereIn(target.name, checked);
    else if (columns[target.name].type === 'boolean') q.where(target.name, checked === 'true');
    else q.where(target.name, target.op, checked);
  }
  if (query.sort) {
    const { column, desc } = sortOf(query.sort, columns);
    q.orderBy(column, desc ? 'desc' : 'asc');
  }
}

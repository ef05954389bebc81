/** The fields of a declaration (catalog, document and its tables, register, report parameters): see declarations.ts. */

export type FieldType =
  | 'string' // one line of text
  | 'text' // several lines
  | 'integer'
  | 'decimal' // exact decimal, e.g. quantities; sent as a string "12.500"
  | 'money' // integer kopecks
  | 'date' // calendar date "2026-11-26"
  | 'boolean'
  | 'enum' // one of `values`
  | 'ref' // reference to a catalog (or a document) by id
  | 'inn'
  | 'kpp'
  | 'ogrn'
  | 'bik'
  | 'account' // bank account, checked against the БИК in `bikField`
  | 'email'
  | 'phone';

export interface FieldDeclaration {
  type: FieldType;
  /** Russian label (forms, lists, error messages). */
  title: string;
  titleEn?: string;
  required?: boolean;
  /** For `string`: maximum length (default 250). */
  maxLength?: number;
  /** For `decimal`: digits after the point (default 3). */
  scale?: number;
  /** For `enum`: code → Russian title. */
  values?: Record<string, string>;
  /** For `ref`: the catalog's code in this module, or `module.code` for another module's. */
  ref?: string;
  /**
   * For `ref`: only the catalog's items with these values fit — a constant, or `{ field }` for the value of
   * this record's field (e.g. `{ owner_id: { field: 'counterparty' }, kind: 'supplier' }`: the supplier's
   * contracts). The form's picker lists only them; saving another is refused (engine/ref-filters.ts).
   */
  filter?: RefFilter;
  /** For `ref`: left empty, the field gets the only item that fits its `filter` — without one, the catalog's only item (on save and in the form). */
  fillWhenOnly?: boolean;
  /**
   * For a document's header `ref`: a new document takes the user's main item of the referenced catalog, chosen
   * in their own settings («Основные значения для подстановки»: `GET/PUT /api/<module>/user-defaults`).
   * The setting is titled as the field. Left empty by the user's settings, `fillWhenOnly` still applies.
   */
  userDefault?: boolean;
  /**
   * For a document's header field: required only while the item of a header reference has a boolean setting on —
   * any of the conditions, e.g. `[{ field: 'organization', setting: 'keep_contracts' }]` (1C «Вести учёт по
   * договорам»: the contract is required for an organization that keeps its accounts by contracts). Checked on save
   * after `beforeSave`; refused with 400 naming the field and the setting (engine/required-when.ts).
   */
  requiredWhen?: { field: string; setting: string }[];
  /** For `integer`, `decimal`, `money`: the least value (e.g. 0: a quantity or a minimum is never negative). */
  min?: number;
  /** The value's own check (a barcode's check digit): a Russian problem, named after the field, or null when fine. */
  check?: (value: unknown) => string | null;
  /** For `account`: the field of the same record holding the bank's БИК. */
  bikField?: string;
  /** Value used when the field is not sent on create. */
  default?: unknown;
  /** Included in the quick search. */
  search?: boolean;
  /** Shown as a column in lists (default: true for the first fields). */
  list?: boolean;
  /** Filled by the document's `compute` (amounts, VAT, totals): forms show it read-only, live from the server. */
  computed?: boolean;
  /**
   * Personal data of a person (passport, СНИЛС, ИНН, address, bank account) — catalogs, text-like types: stored
   * encrypted, shown in clear only to roles that may read «Персональные данные», masked to the others;
   * found by exact value (`?field=`), never by the quick search (engine/personal-fields.ts).
   */
  personal?: boolean;
}

export type Fields = Record<string, FieldDeclaration>;

/** A reference field's filter: column of the referenced catalog → a constant or another field of the record. */
export type RefFilter = Record<string, string | { field: string }>;

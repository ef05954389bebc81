import type { Knex } from '@mikro-orm/postgresql';
import type { FormAction } from '@workcloud/shared-core';
import type { Action, DefaultRoleCode } from '../access/subjects';
import { callerFile } from '../modules/caller-file';
import type { Fields, FieldType } from './field-declarations';

/**
 * The configuration engine's vocabulary. A business module is a handful of files, each calling one of
 * `defineCatalog`, `defineDocument`, `defineRegister`, `defineReport` — the editor autocompletes every
 * option. The engine turns them into tables, REST endpoints, validation, OpenAPI, permissions and UI.
 */

export type { FieldDeclaration, Fields, FieldType, RefFilter } from './field-declarations';

interface BaseDeclaration {
  /** Module code (as sold in the catalogue), e.g. `trade`; filled in by `defineModule` when left out. */
  module: string;
  /** The module's menu group (see `menuGroups` in defineModule), e.g. `sales`. */
  group?: string;
  /** Code used in URLs and table names: lowercase latin, e.g. `products`. */
  code: string;
  title: string;
  titleEn?: string;
  /** What the default roles may do with it (the admin can always do everything). */
  defaultAccess?: Partial<Record<DefaultRoleCode, readonly Action[]>>;
  /** Where it is declared (set by define*), so a mistake found at start names the file. */
  file?: string;
}

/**
 * What the workplace's search (`GET /api/search`) finds a catalog item or a document by, besides its
 * name and code (a document: its number and date): header field names. A text field is matched by its
 * words (Russian word forms) and fragments (numbers, codes, ИНН); a reference by the name of the item it
 * refers to (a sale by its customer); a money field by the amount typed. Default: the fields marked
 * `search`, and for a document also its last header money field (its total). `false`: not searched.
 */
export type SearchDeclaration = false | { fields: string[] };

export interface CatalogDeclaration extends BaseDeclaration {
  kind: 'catalog';
  fields: Fields;
  /** Items can be arranged in groups (folders). */
  hierarchical?: boolean;
  /**
   * Items are written only by the module's own code (a document flow, an exchange): the generic API and
   * pages read them, creating, changing and deleting them there is refused.
   */
  readOnly?: boolean;
  /** Items belong to an item of another catalog (e.g. contracts of a counterparty). */
  owner?: string;
  /** Sets of fields whose values must be unique together, e.g. [['inn', 'kpp']]. */
  unique?: string[][];
  /** Default ordering of lists. */
  orderBy?: { field: string; direction?: 'asc' | 'desc' };
  search?: SearchDeclaration;
  /**
   * Runs in the write's transaction right after an item is created or changed through the engine (the API, the
   * pages, a module's `CatalogsService` call): `item` is the item as written (a change merged into the stored item,
   * as the API shows it; the row itself is in the table already, so look for others with `whereNot({ id })`),
   * `ctx.previous` the stored item on a change. It may read and write the company's tables (rows referring to the
   * item too) and refuse the write with a Problem (a duplicate by ИНН: 409 naming the item found): then nothing of
   * the write is kept. CRM: duplicates of leads and contacts, a deal's required fields and stage history.
   */
  onWrite?: (item: Record<string, any>, ctx: CatalogWriteContext) => Promise<void>;
}

/** What a catalog's `onWrite` gets besides the item. */
export interface CatalogWriteContext {
  /** The item's id (already chosen on create). */
  id: string;
  /** The stored item on a change; undefined on create. */
  previous?: Record<string, any>;
  /** Who writes. */
  userId: string;
  /** The company's schema (unquoted) and a table of it, e.g. `table('c_crm_leads')`. */
  schema: string;
  table(name: string): string;
  knex: Knex.Transaction;
}

export interface TabularSection {
  title: string;
  titleEn?: string;
  /** The document may be posted with no line here (a payment's breakdown). Otherwise a document whose sections are all empty is not posted. */
  optional?: boolean;
  fields: Fields;
}

/** A register movement a document's `post` returns. */
export interface Movement {
  register: string;
  /** Balance registers: receipt adds to the balance, expense takes from it. */
  kind?: 'receipt' | 'expense';
  /** Defaults to the document's date. */
  period?: string;
  dimensions: Record<string, string | number | boolean>;
  resources: Record<string, string | number>;
  attributes?: Record<string, unknown>;
}

/** What a document's `post` function can ask while it computes movements. */
export interface PostingContext {
  /** Balance of a balance register for one set of dimensions, at the end of a date (before this document's own movements). */
  balance(register: string, dimensions: Record<string, unknown>, date: string): Promise<Record<string, string>>;
  /** Every balance row (grouped by all dimensions) matching a partial filter, e.g. all FIFO batches of a product. */
  balances(register: string, date: string, filter?: Record<string, unknown>): Promise<Record<string, string>[]>;
  /** The tenant's schema (unquoted) and a table of it for the query builder, for reads the context does not offer. */
  schema: string;
  table(name: string): string;
  /** Latest values of an information register on a date. */
  sliceLast(register: string, dimensions: Record<string, unknown>, date: string): Promise<Record<string, unknown> | null>;
  /**
   * Reads one catalog item (e.g. the organization's settings), or null. Served from the posting's
   * cache when `catalogItem` or `catalogItems` already read it during this posting.
   */
  catalogItem(catalog: string, id: string): Promise<Record<string, unknown> | null>;
  /**
   * Reads the catalog items of many ids in one statement (e.g. the products of all lines), by id; ids
   * with no item are left out. Items already read during this posting come from its cache, and later
   * `catalogItem` calls for these ids send no query. A `post` that changes catalog items through `knex`
   * should not rely on reads made before the change.
   */
  catalogItems(catalog: string, ids: Iterable<string>): Promise<Map<string, Record<string, unknown>>>;
  knex: Knex.Transaction;
}

export interface DocumentRecord {
  id: string;
  number: string;
  date: string;
  status: 'draft' | 'posted' | 'cancelled';
  [field: string]: unknown;
}

/** What a `prefill` can read. */
export interface PrefillContext {
  /** Latest values of an information register on a date (e.g. prices). */
  sliceLast(register: string, dimensions: Record<string, unknown>, date: string): Promise<Record<string, any> | null>;
  catalogItem(catalog: string, id: string): Promise<Record<string, any> | null>;
  /** Several items of one catalog in one statement (e.g. the products of all lines), by id; unknown ids are absent. */
  catalogItems(catalog: string, ids: Iterable<string>): Promise<Map<string, Record<string, any>>>;
}

/** What a print form can read besides the document itself. */
export interface PrintContext {
  /** One catalog item by id (the organization, the counterparty, a product…), or null. */
  catalogItem(catalog: string, id: string): Promise<Record<string, any> | null>;
  knex: Knex;
  table(name: string): string;
}

/** A rendered form that names its own file (an ЭДО file is named after its ИдФайл). */
export interface PrintedFile {
  content: Buffer;
  filename: string;
}

/**
 * A printable form of a document (Счёт, УПД, ТОРГ-12…), served at `…/documents/<code>/<id>/print/<form>`:
 * a PDF, or a file of `contentType` (e.g. the УПД XML for ЭДО) that the UI offers as a download.
 */
export interface PrintForm {
  code: string;
  title: string;
  /** Media type of what `render` returns; `application/pdf` when absent. */
  contentType?: string;
  /** A PDF, named «<title> <number> от <date>.pdf»; or a file with its own name. */
  render(doc: DocumentRecord & Record<string, any>, ctx: PrintContext): Promise<Buffer | PrintedFile>;
}

export interface DocumentDeclaration extends BaseDeclaration {
  kind: 'document';
  /** Number prefix, e.g. `РТУ` → РТУ-000001. Numbers restart every year, per organization when `numberBy` is set. */
  numberPrefix: string;
  /** Header field whose value separates number series (usually `organization`). */
  numberBy?: string;
  fields: Fields;
  sections?: Record<string, TabularSection>;
  /** Turns the document into register movements. Runs inside the posting transaction. */
  post?: (doc: DocumentRecord & Record<string, any>, ctx: PostingContext) => Movement[] | Promise<Movement[]>;
  /** Fills computed fields (totals, VAT) before saving. */
  compute?: (doc: Record<string, any>) => void;
  /**
   * Suggests values a form leaves empty (e.g. a line's price from the price list), when the form asks the
   * server to compute a draft. It only fills what is missing; the person can always change it.
   */
  prefill?: (doc: Record<string, any>, ctx: PrefillContext) => Promise<void>;
  /**
   * Completes and checks a document before it is saved (create and update, before `compute`), with the
   * catalogs to read — e.g. the rules the document's organization imposes. Throws a Problem to refuse.
   */
  beforeSave?: (doc: Record<string, any>, ctx: PrefillContext) => Promise<void>;
  /** Printable forms (PDF, or a file such as an ЭДО XML). */
  printForms?: PrintForm[];
  /**
   * «Создать на основании»: the documents this one is made from (a sale from a customer order). The new
   * document takes the source's header fields and table lines of the same names, `link` (its field
   * referring to the source) gets the source's id, and `copy` adds fields of other names ({ amount: 'total' }).
   */
  basedOn?: { from: string; link?: string; copy?: Record<string, string> }[];
  search?: SearchDeclaration;
  /** Buttons of the document's form that fill a table from the module's own route (1C «Заполнить»). */
  formActions?: FormAction[];
}

export interface RegisterDeclaration extends BaseDeclaration {
  kind: 'register';
  type: 'balance' | 'turnover' | 'information';
  dimensions: Fields;
  resources: Fields;
  attributes?: Fields;
  /** Balance registers: posting that would leave a resource below zero is refused. */
  forbidNegative?: {
    resources: string[];
    /** A boolean field of a catalog item that, when true, allows negative balances (e.g. the organization's setting). */
    unlessDimensionAllows?: { dimension: string; catalog: string; field: string };
    /** Russian message; `{shortfall}` and dimension titles are filled in. */
    message?: string;
  };
  /**
   * Balance and turnover registers whose movements depend on the order of documents (cost of goods):
   * a posting, re-posting or cancelling dated earlier than movements already in the register for the
   * same value of `dimension` (e.g. the organization) records that the sequence is broken from that
   * date (the earliest such date is kept) in the table `<register>__sequence`. The check rides on the
   * statement that writes the movements: it costs no extra round trip. Re-posting the documents in
   * date order («восстановление последовательности») is the module's job; the admin cannot close a
   * period while a sequence is broken inside it.
   */
  sequence?: { dimension: string };
}

export interface ReportColumn {
  field: string;
  title: string;
  titleEn?: string;
  type?: FieldType;
}

export interface ReportDeclaration extends BaseDeclaration {
  kind: 'report';
  params: Fields;
  columns: ReportColumn[];
  /** Group rows by these columns and total the numeric ones. */
  groupBy?: string[];
  chart?: { type: 'bar' | 'line' | 'pie'; x: string; y: string[] };
  /** The query, in SQL through Knex. `table(code)` gives a schema-qualified table of this tenant. */
  query: (q: ReportQueryContext, params: Record<string, any>) => Promise<Record<string, unknown>[]>;
}

export interface ReportQueryContext {
  knex: Knex;
  table(name: string): string;
  /** Balances of a balance register at a date, grouped by its dimensions. */
  balances(register: string, date: string, filter?: Record<string, unknown>): Knex.QueryBuilder;
  /**
   * Turnovers of a balance or turnover register for a period (both days included), grouped by `groupBy`
   * dimensions (default: all) and by `period` start when given: each resource as its net sum (exact
   * text), a balance register's also as `+<resource>` (receipts) and `-<resource>` (expenses). Another
   * module's register as `module.code`.
   */
  turnovers(register: string, p: { from: string; to: string; period?: 'day' | 'week' | 'month' | 'quarter' | 'year'; groupBy?: string[]; filter?: Record<string, unknown> }): Knex.QueryBuilder;
  /**
   * The first day of the period a date column falls in (weeks start on Monday), for grouping without raw
   * SQL: `.select(q.period('h.period', 'month', 'month')).groupBy(q.period('h.period', 'month'))`.
   * With `alias` it is a select column `… AS alias`; the column and alias are quoted identifiers.
   */
  period(column: string, unit: 'day' | 'week' | 'month' | 'quarter' | 'year', alias?: string): Knex.Raw;
  /** The caller's user id («my tasks»). */
  userId: string;
  /**
   * Keeps only the rows of a catalog or document (its table under `alias`) the caller's role lets them read — its
   * CASL conditions in SQL, as lists do: `.modify(q.allowed('crm.deals', 'd'))`. A report over records a role may
   * restrict («only my deals») counts only what the caller may see.
   */
  allowed(subject: string, alias: string): (qb: Knex.QueryBuilder) => void;
}

export type Declaration = CatalogDeclaration | DocumentDeclaration | RegisterDeclaration | ReportDeclaration;

/** What a define* function takes: the declaration without its kind; `module` comes from defineModule when left out. */
type Input<D extends Declaration> = Omit<D, 'kind' | 'module' | 'file'> & { module?: string };

export const defineCatalog = (d: Input<CatalogDeclaration>): CatalogDeclaration => ({ kind: 'catalog', module: '', ...d, file: callerFile() });
export const defineDocument = (d: Input<DocumentDeclaration>): DocumentDeclaration => ({ kind: 'document', module: '', ...d, file: callerFile() });
export const defineRegister = (d: Input<RegisterDeclaration>): RegisterDeclaration => ({ kind: 'register', module: '', ...d, file: callerFile() });
export const defineReport = (d: Input<ReportDeclaration>): ReportDeclaration => ({ kind: 'report', module: '', ...d, file: callerFile() });

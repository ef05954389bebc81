import type { FormAction, ModuleAction } from '@workcloud/shared-core';

/** The shapes of the configuration engine's `/api/<module>/meta` (see backend engine.controller.ts). */
export type EngineFieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'decimal'
  | 'money'
  | 'date'
  | 'boolean'
  | 'enum'
  | 'ref'
  | 'inn'
  | 'kpp'
  | 'ogrn'
  | 'bik'
  | 'account'
  | 'email'
  | 'phone';

export interface EngineField {
  name: string;
  type: EngineFieldType;
  title: string;
  titleEn?: string;
  required?: boolean;
  values?: Record<string, string>;
  /** Catalog code in the same module, or "module.code". */
  ref?: string;
  scale?: number;
  list?: boolean;
  /** Filled by the server's computation (amounts, VAT, totals): shown read-only, never sent. */
  computed?: boolean;
  /** For `ref`: the items that fit — column → a constant or `{ field }`, another field of the form (refFilters.ts). */
  filter?: Record<string, string | { field: string }>;
  /** For `ref` with `filter`: the only item that fits is filled in. */
  fillWhenOnly?: boolean;
}

export interface EngineCustomField {
  code: string;
  title: string;
  type: EngineFieldType;
  values?: Record<string, string> | null;
  ref?: string | null;
  required: boolean;
}

export type EngineAction = 'read' | 'create' | 'update' | 'delete' | 'post';

interface EngineEntity {
  code: string;
  /** The module's menu group (`EngineMeta.groups`) it is shown under, when the module declares groups. */
  group?: string;
  subject: string;
  title: string;
  titleEn?: string;
  allowedActions: EngineAction[];
  fields: EngineField[];
  customFields: EngineCustomField[];
}

export interface EngineCatalogMeta extends EngineEntity {
  hierarchical: boolean;
  owner: string | null;
}

export interface EngineSectionMeta {
  code: string;
  title: string;
  titleEn?: string;
  fields: EngineField[];
}

export interface EngineDocumentMeta extends EngineEntity {
  numberPrefix: string;
  postable: boolean;
  sections: EngineSectionMeta[];
  /**
   * Print forms the server renders at …/documents/<code>/<id>/print/<form>: a PDF to print, or a file of
   * another `contentType` (e.g. the УПД XML for ЭДО) to download.
   */
  printForms?: { code: string; title: string; contentType?: string }[];
  /** «Создать на основании»: the documents this one is made from, see the declaration's `basedOn`. */
  basedOn?: { from: string; link?: string; copy?: Record<string, string> }[];
  /** Buttons that fill a table from the module's own route (e.g. «Заполнить»), see the declaration's `formActions`. */
  formActions?: EngineFormAction[];
  /**
   * Buttons other modules (or this one) add to a saved document in `statuses` (`documentActions` of defineModule):
   * POST `{ id }` to `route`, the answer `{ message?, open? }` is shown or opened.
   */
  moduleActions?: EngineModuleAction[];
}

export type EngineModuleAction = ModuleAction;

/** POST `route` with the header fields of `needs`; the answer's array `fills` replaces the lines of the section `fills`. */
export type EngineFormAction = FormAction;

export interface EngineReportMeta {
  code: string;
  group?: string;
  title: string;
  titleEn?: string;
  params: EngineField[];
  columns: { field: string; title: string; titleEn?: string; type?: EngineFieldType }[];
  chart: { type: 'bar' | 'line' | 'pie'; x: string; y: string[] } | null;
}

/** A section of a module's menu and home page, in the module's declared order. */
export interface EngineMenuGroup {
  code: string;
  title: string;
  titleEn?: string;
}

export interface EngineMeta {
  module: string;
  /** The module's menu groups in order (Продажи, Закупки, Склад…); absent: documents, catalogs, reports. */
  groups?: EngineMenuGroup[];
  catalogs: EngineCatalogMeta[];
  documents: EngineDocumentMeta[];
  registers: { code: string; title: string; type: string; dimensions: EngineField[]; resources: EngineField[] }[];
  reports: EngineReportMeta[];
}

export type EngineKind = 'catalogs' | 'documents';

export interface EngineRecord {
  id: string;
  version?: number;
  custom?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface EngineReportResult {
  title: string;
  columns: EngineReportMeta['columns'];
  items: Record<string, unknown>[];
  totals: Record<string, string | number>;
  chart: EngineReportMeta['chart'];
}

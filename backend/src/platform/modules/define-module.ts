import type { Knex } from '@mikro-orm/postgresql';
import type { Provider, Type } from '@nestjs/common';
import type { Action, SubjectInfo } from '../access/subjects';
import type { Declaration, DocumentRecord, Movement, PostingContext } from '../engine/declarations';
import type { EventSubscriber } from '../engine/events';
import type { ModuleSeed } from '../tenancy/tenant-migrator';
import type { TenantMigration } from '../tenancy/tenant-migrations';
import { callerFile } from './caller-file';

/** A section of a module's side menu (Продажи, Закупки, Склад…); declarations name it in `group`. */
export interface MenuGroup {
  code: string;
  title: string;
  titleEn: string;
}

/**
 * A card on the home page. Its `code` is the name under which the module's UI exports the component;
 * modules drawn by the generic engine UI show `report` (its first row) or `documentsToday`.
 */
export interface HomeWidget {
  code: string;
  title: string;
  titleEn: string;
  /** Shown to people who may read this subject (e.g. `trade.sales`). */
  subject?: string;
}

/** Where the module's pages come from: the engine's generic pages, or a federated remote of its own. */
export type ModuleUi = { remote: 'engine' } | { remote: string; version: string; exposedModule?: string };

/**
 * What a hook may do with documents of its own module, in the transaction of the document it hooks
 * (accounting's счёт-фактура for a trade sale): the hooking module acts on its own authority, not with the
 * rights of the person posting. Only documents of the hooking module (`code` without the module).
 */
export interface HookDocuments {
  /** Creates a document (the body as the API takes it, computed and numbered as there); `post`: posts it too. */
  create(code: string, body: Record<string, unknown>, options?: { post?: boolean }): Promise<DocumentRecord & Record<string, any>>;
  /** Posts (or re-posts) a document. */
  post(code: string, id: string): Promise<void>;
  /** Cancels a posted document's posting (its movements reversed). */
  cancel(code: string, id: string): Promise<void>;
  /** Deletes a document that is not posted. */
  delete(code: string, id: string): Promise<void>;
}

/** What a hook reads and does: the posting context in the hook's module, and its own documents. */
export type HookContext = PostingContext & { documents: HookDocuments };

/**
 * What a module adds to another module's documents when both are bought (1C's «проводки» of a trade
 * document, Frappe's doc_events): extra movements into this module's registers, written in the same
 * posting transaction. Keyed by the document's subject, e.g. `trade.sales`.
 */
export interface DocumentHook {
  /**
   * Runs in the document's posting transaction, after its own `post` (the document is already marked
   * posted). `produced` are the document's own movements (e.g. trade's cost of goods), their `register` as
   * the document's module names them. The context reads in the hook's module (registers, catalogs by
   * code; another module's as `module.code`) and may create and post documents of it (`ctx.documents`).
   * Throw a Problem to refuse the posting (a closed accounting period). Cancelling reverses these
   * movements with the document's. Re-posting runs it again: find what an earlier run created.
   */
  post(doc: DocumentRecord & Record<string, any>, ctx: HookContext, produced: Movement[]): Movement[] | Promise<Movement[]>;
  /**
   * Runs in the same transaction once `post`'s movements are written: for what reads them (accounting's
   * счёт-фактура полученный deducts the VAT the receipt's entries have just put on 19.03).
   */
  afterPost?(doc: DocumentRecord & Record<string, any>, ctx: HookContext, produced: Movement[]): void | Promise<void>;
  /**
   * Runs in the document's cancel transaction, before its movements are reversed: undo what `post`
   * created beyond movements (cancel or delete the module's own documents through `ctx.documents`).
   */
  cancel?(doc: DocumentRecord & Record<string, any>, ctx: HookContext): void | Promise<void>;
}

/**
 * A button a module adds to the form of a saved document — its own or another module's (ЭДО's «Отправить по ЭДО» on
 * trade's posted Реализация). Shown only in companies that have the module, to users the `can` permission allows, on
 * a document in one of `statuses`. Pressed, the form POSTs `{ "id": "<the document's id>" }` to `route` with the
 * user's credentials; the route answers `{ "message"?: string, "open"?: "/m/…" }`: the form shows the message, or
 * opens the page (the document the action made). A Problem is shown as the form's other errors.
 */
export interface DocumentAction {
  /** Latin code, unique among the actions on that document. */
  code: string;
  title: string;
  titleEn?: string;
  /** The module's own route, `/api/<module>/…`. */
  route: string;
  /** Document statuses that show the button (default: every saved document). */
  statuses?: ('draft' | 'posted' | 'cancelled')[];
  /** The permission the user needs, `[action, subject]` (e.g. `['create', 'edo.outbox']`). */
  can?: [Action, string];
}

export interface ModuleDefinition {
  /** Lowercase latin code, used in URLs (`/api/<code>/…`), table names and the catalogue. */
  code: string;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn?: string;
  /** Default monthly price in kopecks, VAT included; the owner changes prices in the console (versioned by date). */
  monthlyPriceKopecks: number;
  /**
   * `business` modules are sold (default). `included` ones every company has (the company admin);
   * `owner` ones only the platform owner sees (the owner console); `platform` ones are WorkCloud's own
   * services (billing): routes and services, never in the catalogue, no tenant tables.
   */
  kind?: 'business' | 'included' | 'owner' | 'platform';
  /** Modules that must be bought first: this module's tables reference theirs (e.g. `trade.counterparties`). */
  depends?: string[];
  /** Modules this one does more with when both are bought (accounting posts trade documents). */
  worksWith?: string[];
  /** Catalogs, documents, registers and reports. Their `module` may be left out: it is this module's code. */
  declarations?: Declaration[];
  /** Sections of the side menu, in order; a declaration with no `group` goes to the end. */
  menuGroups?: MenuGroup[];
  /** Cards on the home page, in order. */
  widgets?: HomeWidget[];
  /** The module's UI. A module without one is not sold. */
  ui?: ModuleUi;
  /** Steps of this module's tables that the declarations cannot derive (a changed column type, data moves). Versions count from 1 per module. */
  migrations?: TenantMigration[];
  /** Permission subjects of the module's own routes (one per declaration is derived). */
  subjects?: SubjectInfo[];
  /** Routes beyond what the engine generates, and the services they use. */
  controllers?: Type[];
  providers?: Provider[];
  /** In-process reactions to outbox events. */
  subscribers?: EventSubscriber[];
  /**
   * Runs once when a tenant gets the module (at onboarding or bought later), after its tables exist: seed data
   * (a chart of accounts…) and what comes from the company's requisites given at onboarding (trade's first
   * Организация). `schema` is quoted.
   */
  seed?: ModuleSeed;
  /**
   * A period this module keeps closed beyond the company's closed period (accounting's дата запрета per
   * organization): asked for the module's own documents and those it hooks, for every date a change
   * touches — posting, re-posting, cancelling, changing a posted document (its old and new date). Return
   * a Russian message to refuse (422), or null.
   */
  closedPeriod?: (doc: Record<string, any>, date: string, ctx: { knex: Knex.Transaction | Knex; table(name: string): string }) => Promise<string | null>;
  /** Movements this module adds when another module's document is posted (only where the tenant has this module). */
  documentHooks?: Record<string, DocumentHook>;
  /** Buttons this module adds to saved documents' forms, by document subject (`trade.sale`): see DocumentAction. */
  documentActions?: Record<string, DocumentAction[]>;
}

/** A checked module definition; `file` is where it was declared, for error messages. */
export interface WorkcloudModule extends Required<Pick<ModuleDefinition, 'code' | 'title' | 'titleEn' | 'description' | 'monthlyPriceKopecks' | 'kind'>> {
  definition: ModuleDefinition;
  file: string;
  declarations: Declaration[];
  depends: string[];
  worksWith: string[];
  migrations: TenantMigration[];
  /** Sold only when it has something to run (declarations or routes) and a UI. */
  built: boolean;
}

const CODE = /^[a-z][a-z0-9_]{0,30}$/;

/**
 * Declares a module in its own folder: `backend/src/modules/<code>/module.ts`, listed once in
 * `backend/src/modules/index.ts`. Everything else — the catalogue row, tables in the tenants that buy
 * it, routes, permissions, menu — the platform derives from this.
 */
export function defineModule(def: ModuleDefinition): WorkcloudModule {
  const file = callerFile();
  const where = `модуль «${def.code}» (${file})`;
  if (!CODE.test(def.code)) throw new Error(`${where}: код модуля — строчные латинские буквы, цифры и «_», начиная с буквы`);
  if (!def.title?.trim() || !def.titleEn?.trim()) throw new Error(`${where}: укажите title и titleEn`);
  if (!Number.isInteger(def.monthlyPriceKopecks) || def.monthlyPriceKopecks < 0) throw new Error(`${where}: monthlyPriceKopecks — целое число копеек, не меньше 0`);
  const groups = new Set((def.menuGroups ?? []).map((g) => g.code));
  const declarations = (def.declarations ?? []).map((d) => {
    if (d.module && d.module !== def.code) throw new Error(`${where}: ${d.kind} «${d.code}» объявлен в модуле «${d.module}» — уберите module или впишите «${def.code}»`);
    if (d.group && !groups.has(d.group)) throw new Error(`${where}: ${d.kind} «${d.code}» ссылается на группу меню «${d.group}», которой нет в menuGroups`);
    // The declaration object itself gets the code (not a copy): the module's own files import it
    // (`edoInbox`) and name its table or subject from it, so they must see `module` filled in too.
    d.module = def.code;
    return d;
  });
  const versions = new Set<number>();
  for (const m of def.migrations ?? []) {
    if (!Number.isInteger(m.version) || m.version < 1 || versions.has(m.version)) throw new Error(`${where}: миграция «${m.name}» — версии миграций модуля целые, с 1, без повторов`);
    versions.add(m.version);
  }
  const kind = def.kind ?? 'business';
  return {
    code: def.code,
    title: def.title,
    titleEn: def.titleEn,
    description: def.description,
    monthlyPriceKopecks: def.monthlyPriceKopecks,
    kind,
    definition: def,
    file,
    declarations,
    depends: def.depends ?? [],
    worksWith: def.worksWith ?? [],
    migrations: def.migrations ?? [],
    built: !!def.ui && (kind !== 'business' || declarations.length > 0 || (def.controllers ?? []).length > 0),
  };
}

import type { Knex } from '@mikro-orm/postgresql';
import { ZodError } from 'zod';
import type { TenantRequestContext } from '../../platform/access/request-context';
import type { Database } from '../../platform/database/database';
import type { CatalogsService } from '../../platform/engine/catalogs.service';
import { ruDate } from '../../platform/engine/dates';
import type { DocumentsService } from '../../platform/engine/documents.service';
import type { ListQuery } from '../../platform/engine/list-query';
import { Problem } from '../../platform/http/problem';
import { bankAccountIssue, innSchema, kppSchema } from '../../platform/ru/identifiers';
import { BankExchangeError, parseBankExchange, type BankDocument, type BankParty, type BankStatement } from '../../platform/ru/bank-exchange';
import { decodeBankFile } from '../../platform/ru/bank-exchange/decode';
import { contracts, counterparties, organizations } from './catalogs';
import { moneyIn } from './documents/money-in';
import { moneyOut } from './documents/money-out';

export class BankImportError extends Error {
  constructor(
    message: string,
    /** 1-based line of the file the problem is on. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'BankImportError';
  }
}

export interface BankImportResult {
  /** Documents created and posted by this import. */
  created: { code: 'money_in' | 'money_out'; id: string; number: string; importKey: string }[];
  /** Bank documents already imported before (by number, date, amount and our account). */
  alreadyImported: number;
  /** Counterparties that were not in the catalog and were created from the file. */
  counterpartiesCreated: number;
}

interface Planned {
  code: 'money_in' | 'money_out';
  importKey: string;
  organization: string;
  date: string;
  amountKopecks: number;
  party: BankParty;
  doc: BankDocument;
  line: number;
}

/** The file as read: its documents and the line each one's СекцияДокумент starts on. */
interface ReadFile {
  statement: BankStatement;
  sectionLines: number[];
}

const DOCUMENTS = { money_in: moneyIn, money_out: moneyOut };

/** What an import works through: the engine's catalogs and documents (same validation and CASL checks as the REST API), in one transaction of `db`. */
export interface BankImportDeps {
  db: Database;
  catalogs: CatalogsService;
  documents: DocumentsService;
}

const REFUSED = 'Файл выписки не загружен, ничего не создано.';

/**
 * Loads a 1CClientBankExchange statement: each payment to or from one of our organizations' accounts
 * becomes a posted Поступление or Списание денег, the other party found by ИНН (and account) or created.
 *
 * All or nothing: the whole file is imported in ONE database transaction, through the configuration
 * engine with the caller's context (same validation, same CASL checks as the REST API). Counterparties,
 * contracts, documents, register movements, outbox events and audit rows commit together — or, if any
 * payment is refused (a closed period, invalid data, missing rights) or the process dies, none of them.
 * A refusal names the line of the file.
 *
 * Re-importing is safe: a bank document is recognised by number + date + amount + our account
 * (`import_key`) and never created twice.
 */
export async function importBankStatement(bytes: Buffer, engine: BankImportDeps, ctx: TenantRequestContext): Promise<BankImportResult> {
  // A malformed file is refused before the database is touched.
  const file = readFile(bytes);
  // A deadlock lost to a user posting a payment at the same moment rolls the whole import back; the
  // request is then run again by the platform (http/retry.interceptor.ts), or answered 409.
  return engine.db.knex.transaction((trx) => importInTransaction(file, engine, ctx, trx));
}

async function importInTransaction(file: ReadFile, engine: BankImportDeps, ctx: TenantRequestContext, trx: Knex.Transaction): Promise<BankImportResult> {
  // One import at a time per company: the same file uploaded twice at once (a double click) waits
  // for the first upload to commit and then finds its documents by `import_key`, instead of both
  // creating them (nothing in the database makes `import_key` unique).
  await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`${ctx.tenant.schema}:trade:bank-import`]);

  const orgs = (await engine.catalogs.list(ctx, organizations, listQuery({}, 500), trx)).items;
  const plan = planImport(file, orgs);
  const result: BankImportResult = { created: [], alreadyImported: 0, counterpartiesCreated: 0 };
  const counterpartyByParty = new Map<string, string>();
  for (const p of plan) {
    try {
      const existing = await engine.documents.list(ctx, DOCUMENTS[p.code], listQuery({ import_key: p.importKey }), trx);
      if (existing.total > 0) {
        result.alreadyImported += 1;
        continue;
      }
      const partyKey = `${p.party.inn}|${p.party.kpp}|${p.party.account}`;
      let counterparty = counterpartyByParty.get(partyKey);
      if (!counterparty) {
        const found = await findCounterparty(engine, ctx, trx, p.party);
        counterparty = found ?? (await createCounterparty(engine, ctx, trx, p.party));
        if (!found) result.counterpartiesCreated += 1;
        counterpartyByParty.set(partyKey, counterparty);
      }
      const contract = await contractOf(engine, ctx, trx, counterparty, p.organization, p.code);
      const body = {
        date: p.date,
        organization: p.organization,
        counterparty,
        contract,
        amount: p.amountKopecks,
        purpose: p.doc.purpose,
        incoming_number: p.doc.number,
        incoming_date: p.doc.date,
        counterparty_account: p.party.account || null,
        import_key: p.importKey,
      };
      const doc = await engine.documents.create(ctx, DOCUMENTS[p.code], body, { post: true, trx });
      result.created.push({ code: p.code, id: doc.id, number: doc.number, importKey: p.importKey });
    } catch (e) {
      throw refusal(e, p);
    }
  }
  return result;
}

/** Parses the file; touches no database. */
function readFile(bytes: Buffer): ReadFile {
  let statement;
  try {
    statement = parseBankExchange(bytes);
  } catch (e) {
    if (e instanceof BankExchangeError) throw new BankImportError(`${REFUSED} ${e.message}`, e.line);
    throw e;
  }
  const sectionLines = decodeBankFile(bytes)
    .split(/\r?\n/)
    .flatMap((text, i) => (text.startsWith('СекцияДокумент=') ? [i + 1] : []));
  return { statement, sectionLines };
}

/** The refusal of the whole file because of one of its documents. */
function refusedAt(line: number, doc: BankDocument, problem: string): BankImportError {
  return new BankImportError(`${REFUSED} Строка ${line}: документ № ${doc.number} от ${ruDate(doc.date)}: ${problem}`, line);
}

/**
 * A write the engine refused (a closed period, invalid data, a conflict) refuses the file, naming the
 * document and the engine's reason. Missing rights stay a 403, and anything unexpected stays itself.
 */
function refusal(e: unknown, p: Planned): unknown {
  if (e instanceof Problem && e.getStatus() !== 403 && e.getStatus() < 500) return refusedAt(p.line, p.doc, e.detail);
  if (e instanceof ZodError) return refusedAt(p.line, p.doc, e.issues.map((i) => i.message).join('; '));
  return e;
}

/** Checks every document of the file against our organizations' accounts; writes nothing. */
function planImport({ statement, sectionLines }: ReadFile, orgs: Record<string, any>[]): Planned[] {
  const orgByAccount = new Map(orgs.filter((o) => o.account).map((o) => [o.account as string, o.id as string]));
  const seen = new Set<string>();
  return statement.documents.flatMap((doc, i) => {
    const line = sectionLines[i];
    const fail = (problem: string): never => {
      throw refusedAt(line, doc, problem);
    };
    const incoming = orgByAccount.get(doc.payee.account);
    const outgoing = orgByAccount.get(doc.payer.account);
    if (incoming && outgoing) fail('перевод между своими счетами пока не загружается — внесите его вручную');
    const organization = incoming ?? outgoing ?? fail(`ни счёт плательщика ${doc.payer.account}, ни счёт получателя ${doc.payee.account} не указан в карточке организации`);
    const party = incoming ? doc.payer : doc.payee;
    if (!innSchema.safeParse(party.inn).success) fail(`у ${incoming ? 'плательщика' : 'получателя'} «${party.name}» неверный ИНН «${party.inn}»`);
    const ourAccount = incoming ? doc.payee.account : doc.payer.account;
    const importKey = [doc.number, doc.date, doc.amountKopecks, ourAccount].join('|');
    // The same bank document twice in one file is one payment.
    if (seen.has(importKey)) return [];
    seen.add(importKey);
    const date = (incoming ? doc.creditedOn : doc.debitedOn) ?? doc.date;
    return [{ code: incoming ? 'money_in' : 'money_out', importKey, organization, date, amountKopecks: doc.amountKopecks, party, doc, line }];
  });
}

/** A list request as the REST API would build it from `?filter=value&limit=…`. */
function listQuery(filters: Record<string, string>, limit = 1): ListQuery {
  return { limit, offset: 0, filters };
}

/** By ИНН; among several (branches), the one with the file's account, then the one with its КПП. */
async function findCounterparty(engine: BankImportDeps, ctx: TenantRequestContext, trx: Knex.Transaction, party: BankParty): Promise<string | undefined> {
  const { items } = await engine.catalogs.list(ctx, counterparties, listQuery({ inn: party.inn }, 500), trx);
  const best = items.find((c) => party.account && c.account === party.account) ?? items.find((c) => party.kpp && c.kpp === party.kpp) ?? items[0];
  return best?.id as string | undefined;
}

async function createCounterparty(engine: BankImportDeps, ctx: TenantRequestContext, trx: Knex.Transaction, party: BankParty): Promise<string> {
  // Details the catalog would refuse (a bank account whose key does not match its БИК, a КПП of «0»)
  // are left out rather than refusing the whole file for them.
  const bank = party.account && party.bik && !bankAccountIssue(party.bik, party.account) ? { account: party.account, bik: party.bik, bank_name: party.bankName || null } : {};
  const body = { name: party.name.slice(0, 250), full_name: party.name.slice(0, 500), inn: party.inn, kpp: kppSchema.safeParse(party.kpp).success ? party.kpp : null, ...bank };
  return (await engine.catalogs.create(ctx, counterparties, body, trx)).id as string;
}

/** The counterparty's contract with this organization, or a new «Основной договор», as 1C does. */
async function contractOf(engine: BankImportDeps, ctx: TenantRequestContext, trx: Knex.Transaction, counterparty: string, organization: string, code: Planned['code']): Promise<string> {
  const found = await engine.catalogs.list(ctx, contracts, listQuery({ owner_id: counterparty, organization }), trx);
  if (found.items[0]) return found.items[0].id as string;
  const kind = code === 'money_in' ? 'customer' : 'supplier';
  return (await engine.catalogs.create(ctx, contracts, { name: 'Основной договор', owner_id: counterparty, organization, kind }, trx)).id as string;
}

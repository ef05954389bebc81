import type { Knex } from '@mikro-orm/postgresql';
import { ZodError } from 'zod';
import type { TenantRequestContext } from '../../platform/access/request-context';
import type { Database } from '../../platform/database/database';
import type { CatalogsService } from '../../platform/engine/catalogs.service';
import { formatRubles, type BankCandidate, type BankDecisions, type BankImportResult } from '@workcloud/shared-core';
import { recordChange } from '../../platform/engine/changes';
import { ruDate } from '../../platform/engine/dates';
import type { DocumentsService } from '../../platform/engine/documents.service';
import type { PostingService } from '../../platform/engine/posting.service';
import type { ListQuery } from '../../platform/engine/list-query';
import { Problem } from '../../platform/http/problem';
import { bankAccountIssue, innSchema, kppSchema } from '../../platform/ru/identifiers';
import { BankExchangeError, parseBankExchange, type BankDocument, type BankParty, type BankStatement } from '../../platform/ru/bank-exchange';
import { decodeBankFile } from '../../platform/ru/bank-exchange/decode';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
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

export type { BankDecisions, BankImportResult } from '@workcloud/shared-core';

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
  /** Posts a draft the statement confirmed (a payment typed by hand and saved, not posted). */
  posting: PostingService;
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
export async function importBankStatement(bytes: Buffer, engine: BankImportDeps, ctx: TenantRequestContext, decisions: BankDecisions = {}): Promise<BankImportResult> {
  // A malformed file is refused before the database is touched.
  const file = readFile(bytes);
  // A deadlock lost to a user posting a payment at the same moment rolls the whole import back; the
  // request is then run again by the platform (http/retry.interceptor.ts), or answered 409.
  return engine.db.knex.transaction((trx) => importInTransaction(file, engine, ctx, trx, decisions));
}

async function importInTransaction(file: ReadFile, engine: BankImportDeps, ctx: TenantRequestContext, trx: Knex.Transaction, decisions: BankDecisions): Promise<BankImportResult> {
  // One import at a time per company: the same file uploaded twice at once (a double click) waits
  // for the first upload to commit and then finds its documents by `import_key`, instead of both
  // creating them (nothing in the database makes `import_key` unique).
  await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`${ctx.tenant.schema}:trade:bank-import`]);

  const orgs = (await engine.catalogs.list(ctx, organizations, listQuery({}, 500), trx)).items;
  const plan = planImport(file, orgs);
  const result: BankImportResult = { created: [], linked: [], alreadyImported: 0, counterpartiesCreated: 0, counterpartiesUpdated: 0, toDecide: [], warnings: [] };
  const counterpartyByParty = new Map<string, string>();
  const updatedCounterparties = new Set<string>();
  const fillDetails = async (counterparty: string, party: BankParty) => {
    if (updatedCounterparties.has(counterparty)) return;
    if (await fillBankDetails(ctx, trx, counterparty, party)) {
      updatedCounterparties.add(counterparty);
      result.counterpartiesUpdated += 1;
    }
  };
  const unknownDecisions = new Set(Object.keys(decisions));
  for (const p of plan) {
    unknownDecisions.delete(p.importKey);
    try {
      const existing = await engine.documents.list(ctx, DOCUMENTS[p.code], listQuery({ import_key: p.importKey }), trx);
      if (existing.total > 0) {
        result.alreadyImported += 1;
        continue;
      }
      // A payment typed by hand (or a payment order we exported) that this line confirms is linked, not doubled.
      const candidates = await findCandidates(ctx, trx, p);
      const decision = decisions[p.importKey];
      const chosen = decision && decision !== 'new' ? candidates.find((c) => c.id === decision) : undefined;
      if (decision && decision !== 'new' && !chosen) throw refusedAt(p.line, p.doc, `выбранный документ ${decision} не подходит к этой строке выписки (или уже связан с другой) — загрузите выписку заново и выберите из предложенных`);
      if (chosen || (!decision && candidates.length === 1)) {
        const target = chosen ?? candidates[0];
        await linkDocument(ctx, trx, p, target.id);
        await fillDetails(target.counterparty, p.party);
        // The bank says the money moved: a draft typed by hand is posted, as 1C posts what a statement loads.
        if (target.status === 'draft') await engine.posting.post(ctx, DOCUMENTS[p.code], target.id, trx);
        result.linked.push({ code: p.code, id: target.id, number: target.number, importKey: p.importKey, status: 'posted' });
        continue;
      }
      if (!decision && candidates.length > 1) {
        result.toDecide.push({
          importKey: p.importKey,
          code: p.code,
          line: p.line,
          number: p.doc.number,
          date: p.doc.date,
          amount: p.amountKopecks,
          counterparty: { inn: p.party.inn, name: p.party.name },
          candidates,
        });
        continue;
      }
      const partyKey = `${p.party.inn}|${p.party.kpp}|${p.party.account}`;
      let counterparty = counterpartyByParty.get(partyKey);
      if (!counterparty) {
        const found = await findCounterparty(engine, ctx, trx, p.party);
        counterparty = found ?? (await createCounterparty(engine, ctx, trx, p.party));
        if (!found) result.counterpartiesCreated += 1;
        else await fillDetails(found, p.party);
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
  if (unknownDecisions.size > 0) throw new BankImportError(`${REFUSED} В выписке нет строк с ключами ${[...unknownDecisions].map((k) => `«${k}»`).join(', ')}, для которых передано решение.`, 1);
  result.warnings = await balanceWarnings(file, orgs, ctx, trx);
  if (result.warnings.length && result.toDecide.length)
    result.warnings.push(`${result.toDecide.length} строк(и) выписки ждут решения и пока не загружены — остатки в учёте сверены без них.`);
  return result;
}

/** Digits of a payment document's number without leading zeros: «СД-000015» and «15» are one number. */
export function bankNumber(number: string | null | undefined): string {
  const digits = String(number ?? '').replace(/\D/g, '').replace(/^0+/, '');
  return digits || String(number ?? '').trim();
}

/** How far (in days) a document typed by hand may be dated from the bank's date and still match, as 1C allows. */
const MATCH_DAYS = 3;

/**
 * Existing documents a statement line may be: same direction, organization (our account) and amount,
 * a bank payment with a counterparty of the line's ИНН (and, if it names one, the line's account), not
 * yet linked to a bank line, dated within ±3 days of the bank's date, whose number — typed as the payment
 * document's number, or the one we exported the payment order with — is the line's.
 */
async function findCandidates(ctx: TenantRequestContext, trx: Knex.Transaction, p: Planned): Promise<BankCandidate[]> {
  const t = (name: string) => tenantTable(ctx.tenant.schema, name);
  const near = (column: string, date: string) => trx.raw(`${column} BETWEEN ?::date - ${MATCH_DAYS} AND ?::date + ${MATCH_DAYS}`, [date, date]);
  const rows = await trx(`${t(`d_trade_${p.code}`)} as d`)
    .join(`${t('c_trade_counterparties')} as c`, 'c.id', 'd.counterparty')
    .where({ 'd.organization': p.organization, 'd.kind': 'bank', 'd.amount': p.amountKopecks, 'c.inn': p.party.inn })
    .whereIn('d.status', ['draft', 'posted'])
    .where((q) => q.whereNull('d.import_key').orWhere('d.import_key', ''))
    .where((q) => q.where(near('d.date', p.date)).orWhere(near('d.date', p.doc.date)).orWhere(near('d.incoming_date', p.doc.date)))
    .where((q) => (p.party.account ? q.whereNull('d.counterparty_account').orWhere('d.counterparty_account', '').orWhere('d.counterparty_account', p.party.account) : q))
    .orderBy(['d.date', 'd.number'])
    .select('d.*');
  const number = bankNumber(p.doc.number);
  return rows
    .filter((d) => (d.incoming_number && bankNumber(d.incoming_number) === number) || (p.code === 'money_out' && d.exported_number && bankNumber(d.exported_number) === number))
    .map((d) => ({
      id: d.id,
      number: d.number,
      date: isoDate(d.date),
      amount: Number(d.amount),
      status: d.status,
      incomingNumber: d.incoming_number ?? null,
      incomingDate: d.incoming_date ? isoDate(d.incoming_date) : null,
      counterparty: d.counterparty,
    }));
}

const isoDate = (v: unknown): string => (v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : String(v).slice(0, 10));

/** The line confirms the document: its import key is set, and what it lacked (the bank's number and date, the counterparty's account) is filled in. */
async function linkDocument(ctx: TenantRequestContext, trx: Knex.Transaction, p: Planned, id: string): Promise<void> {
  const fields = ['import_key', 'incoming_number', 'incoming_date', 'counterparty_account'];
  const table = tenantTable(ctx.tenant.schema, `d_trade_${p.code}`);
  const before = await trx(table).where({ id }).forUpdate().first(fields);
  const [after] = await trx(table)
    .where({ id })
    .update({
      import_key: p.importKey,
      incoming_number: trx.raw(`coalesce(nullif(incoming_number, ''), ?)`, [p.doc.number]),
      incoming_date: trx.raw('coalesce(incoming_date, ?::date)', [p.doc.date]),
      counterparty_account: trx.raw(`coalesce(nullif(counterparty_account, ''), ?)`, [p.party.account || null]),
      updated_at: trx.fn.now(),
      version: trx.raw('version + 1'),
    })
    .returning(fields);
  // Audit and outbox as for any change of the document (only these fields; nothing is re-posted: no posted value changed).
  await recordChange(trx, ctx, DOCUMENTS[p.code], 'document.updated', id, before, after);
}

/**
 * A counterparty without a bank account gets the one the statement carries (account, БИК, bank, corr.
 * account), so that the next payment order to it can be exported. Nothing is overwritten, details the
 * catalog would refuse are not written, and only for a user who may change counterparties.
 */
async function fillBankDetails(ctx: TenantRequestContext, trx: Knex.Transaction, id: string, party: BankParty): Promise<boolean> {
  if (!party.account || !party.bik || bankAccountIssue(party.bik, party.account)) return false;
  if (!ctx.ability.can('update', `${counterparties.module}.${counterparties.code}`)) return false;
  const table = tenantTable(ctx.tenant.schema, 'c_trade_counterparties');
  const fields = ['account', 'bik', 'bank_name', 'corr_account'];
  const before = await trx(table).where({ id }).first(fields);
  const [after] = await trx(table)
    .where({ id })
    .where((q) => q.whereNull('account').orWhere('account', ''))
    .update({
      account: party.account,
      bik: party.bik,
      bank_name: trx.raw(`coalesce(nullif(bank_name, ''), ?)`, [party.bankName || null]),
      corr_account: trx.raw(`coalesce(nullif(corr_account, ''), ?)`, [/^\d{20}$/.test(party.corrAccount) ? party.corrAccount : null]),
      updated_at: trx.fn.now(),
    })
    .returning(fields);
  if (!after) return false;
  await recordChange(trx, ctx, counterparties, 'catalog.updated', id, before, after);
  return true;
}

const rub = (kopecks: number) => formatRubles(kopecks);

/**
 * Each СекцияРасчСчет of one of our accounts is checked against the file's own lines (opening + credited −
 * debited = closing; the totals = the sums of the lines of the period) and against the money register
 * (the account's balance at the end of the day before the period and at its end, after this import).
 */
async function balanceWarnings({ statement }: ReadFile, orgs: Record<string, any>[], ctx: TenantRequestContext, trx: Knex.Transaction): Promise<string[]> {
  const warnings: string[] = [];
  const orgByAccount = new Map(orgs.filter((o) => o.account).map((o) => [o.account as string, o.id as string]));
  for (const s of statement.accountSections) {
    const from = s.periodStart ?? statement.header.periodStart;
    const to = s.periodEnd ?? statement.header.periodEnd;
    const period = from && to ? ` за ${ruDate(from)}–${ruDate(to)}` : '';
    const organization = orgByAccount.get(s.account);
    if (!organization) {
      warnings.push(`Счёт ${s.account}: не указан в карточке ни одной организации — остатки выписки${period} не сверены.`);
      continue;
    }
    const { openingBalanceKopecks: opening, closingBalanceKopecks: closing, totalCreditedKopecks: credited, totalDebitedKopecks: debited } = s;
    if (opening !== undefined && credited !== undefined && debited !== undefined && closing !== undefined && opening + credited - debited !== closing)
      warnings.push(`Счёт ${s.account}: в выписке${period} начальный остаток ${rub(opening)} + поступило ${rub(credited)} − списано ${rub(debited)} = ${rub(opening + credited - debited)}, а конечный остаток указан ${rub(closing)}.`);
    const inPeriod = (d: string | undefined) => !!d && (!from || d >= from) && (!to || d <= to);
    const seen = new Set<string>();
    let linesIn = 0;
    let linesOut = 0;
    for (const d of statement.documents) {
      const key = [d.number, d.date, d.amountKopecks, d.payer.account, d.payee.account].join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      if (d.payee.account === s.account && inPeriod(d.creditedOn ?? d.date)) linesIn += d.amountKopecks;
      if (d.payer.account === s.account && inPeriod(d.debitedOn ?? d.date)) linesOut += d.amountKopecks;
    }
    if (credited !== undefined && credited !== linesIn)
      warnings.push(`Счёт ${s.account}: в выписке${period} «Всего поступило» ${rub(credited)}, а сумма её документов поступления ${rub(linesIn)} (разница ${rub(credited - linesIn)}).`);
    if (debited !== undefined && debited !== linesOut)
      warnings.push(`Счёт ${s.account}: в выписке${period} «Всего списано» ${rub(debited)}, а сумма её документов списания ${rub(linesOut)} (разница ${rub(debited - linesOut)}).`);
    if (opening !== undefined && from) {
      const dayBefore = addDays(from, -1);
      const ours = await moneyBalance(ctx, trx, organization, s.account, dayBefore);
      if (ours !== opening)
        warnings.push(`Счёт ${s.account}: начальный остаток на ${ruDate(from)} по выписке ${rub(opening)}, в учёте (на конец ${ruDate(dayBefore)}) ${rub(ours)} (разница ${rub(opening - ours)}).`);
    }
    if (closing !== undefined && to) {
      const ours = await moneyBalance(ctx, trx, organization, s.account, to);
      if (ours !== closing) warnings.push(`Счёт ${s.account}: конечный остаток на ${ruDate(to)} по выписке ${rub(closing)}, в учёте ${rub(ours)} (разница ${rub(closing - ours)}).`);
    }
  }
  return warnings;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The account's balance in trade's money register at the end of `date`, in kopecks. */
async function moneyBalance(ctx: TenantRequestContext, trx: Knex.Transaction, organization: string, account: string, date: string): Promise<number> {
  const [row] = await trx(tenantTable(ctx.tenant.schema, 'r_trade_money'))
    .where({ organization, account })
    .where('period', '<=', date)
    .select(trx.raw('coalesce(sum(direction * amount), 0)::bigint AS balance'));
  return Number(row.balance);
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
  const corr = /^\d{20}$/.test(party.corrAccount) && bank.account ? { corr_account: party.corrAccount } : {};
  const body = { name: party.name.slice(0, 250), full_name: party.name.slice(0, 500), inn: party.inn, kpp: kppSchema.safeParse(party.kpp).success ? party.kpp : null, ...bank, ...corr };
  return (await engine.catalogs.create(ctx, counterparties, body, trx)).id as string;
}

/** The counterparty's contract with this organization, or a new «Основной договор», as 1C does. */
async function contractOf(engine: BankImportDeps, ctx: TenantRequestContext, trx: Knex.Transaction, counterparty: string, organization: string, code: Planned['code']): Promise<string> {
  const found = await engine.catalogs.list(ctx, contracts, listQuery({ owner_id: counterparty, organization }), trx);
  if (found.items[0]) return found.items[0].id as string;
  const kind = code === 'money_in' ? 'customer' : 'supplier';
  return (await engine.catalogs.create(ctx, contracts, { name: 'Основной договор', owner_id: counterparty, organization, kind }, trx)).id as string;
}

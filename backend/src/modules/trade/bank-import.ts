import { bankAccountIssue, innSchema, kppSchema } from '../../platform/ru/identifiers';
import { BankExchangeError, parseBankExchange, type BankDocument, type BankParty } from '../../platform/ru/bank-exchange';
import { decodeBankFile } from '../../platform/ru/bank-exchange/decode';

/** The trade REST API as the import uses it (the test client, or a later in-process adapter). */
export interface TradeApi {
  get(path: string): Promise<{ status: number; body: any }>;
  post(path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

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

const BASE = '/api/trade';

async function call(api: TradeApi, method: 'get' | 'post', path: string, body?: unknown) {
  const res = method === 'get' ? await api.get(BASE + path) : await api.post(BASE + path, body);
  if (res.status >= 300) throw new Error(`${method.toUpperCase()} ${path}: ${res.status} ${res.body?.detail ?? JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Loads a 1CClientBankExchange statement: each payment to or from one of our organizations' accounts
 * becomes a posted Поступление or Списание денег, the other party found by ИНН (and account) or created.
 *
 * Everything is checked before anything is written, so a malformed file (or a payment that cannot be
 * placed) is refused whole, with the line. Re-importing is safe: a bank document is recognised by
 * number + date + amount + our account (`import_key`) and never created twice — which also finishes
 * an import interrupted half-way.
 */
export async function importBankStatement(bytes: Buffer, api: TradeApi): Promise<BankImportResult> {
  const plan = await planImport(bytes, api);
  const result: BankImportResult = { created: [], alreadyImported: 0, counterpartiesCreated: 0 };
  const counterparties = new Map<string, string>();
  for (const p of plan) {
    const existing = await call(api, 'get', `/documents/${p.code}?limit=1&import_key=${encodeURIComponent(p.importKey)}`);
    if (existing.total > 0) {
      result.alreadyImported += 1;
      continue;
    }
    const partyKey = `${p.party.inn}|${p.party.kpp}|${p.party.account}`;
    let counterparty = counterparties.get(partyKey);
    if (!counterparty) {
      const found = await findCounterparty(api, p.party);
      counterparty = found ?? (await createCounterparty(api, p.party));
      if (!found) result.counterpartiesCreated += 1;
      counterparties.set(partyKey, counterparty);
    }
    const contract = await contractOf(api, counterparty, p.organization, p.code);
    const doc = await call(api, 'post', `/documents/${p.code}?post=true`, {
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
    });
    result.created.push({ code: p.code, id: doc.id, number: doc.number, importKey: p.importKey });
  }
  return result;
}

/** Parses and checks the whole file; writes nothing. */
async function planImport(bytes: Buffer, api: TradeApi): Promise<Planned[]> {
  let statement;
  try {
    statement = parseBankExchange(bytes);
  } catch (e) {
    if (e instanceof BankExchangeError) throw new BankImportError(`Файл выписки не загружен, ничего не создано. ${e.message}`, e.line);
    throw e;
  }
  const sectionLines = decodeBankFile(bytes)
    .split(/\r?\n/)
    .flatMap((text, i) => (text.startsWith('СекцияДокумент=') ? [i + 1] : []));
  const orgs: Record<string, any>[] = (await call(api, 'get', '/catalogs/organizations?limit=500')).items;
  const orgByAccount = new Map(orgs.filter((o) => o.account).map((o) => [o.account as string, o.id as string]));
  const seen = new Set<string>();
  return statement.documents.flatMap((doc, i) => {
    const line = sectionLines[i];
    const fail = (problem: string): never => {
      throw new BankImportError(`Файл выписки не загружен, ничего не создано. Строка ${line}: документ № ${doc.number} от ${doc.date.split('-').reverse().join('.')}: ${problem}`, line);
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

/** By ИНН; among several (branches), the one with the file's account, then the one with its КПП. */
async function findCounterparty(api: TradeApi, party: BankParty): Promise<string | undefined> {
  const items: Record<string, any>[] = (await call(api, 'get', `/catalogs/counterparties?limit=500&inn=${party.inn}`)).items;
  const best = items.find((c) => party.account && c.account === party.account) ?? items.find((c) => party.kpp && c.kpp === party.kpp) ?? items[0];
  return best?.id;
}

async function createCounterparty(api: TradeApi, party: BankParty): Promise<string> {
  // Details the catalog would refuse (a bank account whose key does not match its БИК, a КПП of «0»)
  // are left out rather than failing the import half-way.
  const bank = party.account && party.bik && !bankAccountIssue(party.bik, party.account) ? { account: party.account, bik: party.bik, bank_name: party.bankName || null } : {};
  const created = await call(api, 'post', '/catalogs/counterparties', { name: party.name.slice(0, 250), full_name: party.name.slice(0, 500), inn: party.inn, kpp: kppSchema.safeParse(party.kpp).success ? party.kpp : null, ...bank });
  return created.id;
}

/** The counterparty's contract with this organization, or a new «Основной договор», as 1C does. */
async function contractOf(api: TradeApi, counterparty: string, organization: string, code: Planned['code']): Promise<string> {
  const found = await call(api, 'get', `/catalogs/contracts?limit=1&owner_id=${counterparty}&organization=${organization}`);
  if (found.items[0]) return found.items[0].id;
  const kind = code === 'money_in' ? 'customer' : 'supplier';
  return (await call(api, 'post', '/catalogs/contracts', { name: 'Основной договор', owner_id: counterparty, organization, kind })).id;
}

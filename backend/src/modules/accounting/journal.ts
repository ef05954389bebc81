import { formatRubles } from '@workcloud/shared-core';
import Decimal from 'decimal.js';
import type { Knex } from '@mikro-orm/postgresql';
import { defineRegister, type Fields, type Movement } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';
import type { AccountKind } from './chart';
import { NO_SUBCONTO, type SubcontoKind } from './subconto';

/** What both registers of entries keep: Дт and Кт sums and quantities, by organization, account and subconto 1 (and more). */
const byAccountDimensions: Fields = {
  organization: { type: 'ref', ref: 'trade.organizations', title: 'Организация' },
  account: { type: 'ref', ref: 'accounts', title: 'Счёт' },
  subconto1: { type: 'string', title: 'Субконто 1' },
};
const entryResources: Fields = {
  debit: { type: 'money', title: 'Сумма Дт' },
  credit: { type: 'money', title: 'Сумма Кт' },
  quantity_debit: { type: 'decimal', title: 'Количество Дт' },
  quantity_credit: { type: 'decimal', title: 'Количество Кт' },
};

/**
 * Журнал проводок: one register holds every entry. An entry (Дт account — Кт account, amount) is two
 * movements: one on the debit account (resource `debit`), one on the credit account (`credit`), each
 * naming the other as its correspondent and sharing the entry number, so a journal can pair them again.
 * The engine keeps month and day totals per organization, account and subconto: balances and turnovers
 * read those, never the movements. Balance of an account = Σ debit − Σ credit up to a date. Totals by all
 * three subconto grow with the settlement documents (60, 62, 19 keep one per document), so the reports of
 * whole accounts read `byAccount` instead.
 */
export const entries = defineRegister({
  code: 'entries',
  group: 'reports',
  title: 'Журнал проводок (бухгалтерский и налоговый учёт)',
  titleEn: 'Accounting entries',
  type: 'turnover',
  dimensions: { ...byAccountDimensions, subconto2: { type: 'string', title: 'Субконто 2' }, subconto3: { type: 'string', title: 'Субконто 3' } },
  resources: entryResources,
  attributes: {
    entry_no: { type: 'integer', title: 'Номер проводки' },
    side: { type: 'enum', title: 'Сторона', values: { dt: 'Дт', kt: 'Кт' } },
    corr_account: { type: 'ref', ref: 'accounts', title: 'Корр. счёт' },
    corr_subconto1: { type: 'string', title: 'Корр. субконто 1' },
    corr_subconto2: { type: 'string', title: 'Корр. субконто 2' },
    corr_subconto3: { type: 'string', title: 'Корр. субконто 3' },
    content: { type: 'string', title: 'Содержание', maxLength: 500 },
  },
  defaultAccess: { accountant: ['read'] },
});

/**
 * Обороты по счетам: the same entries summed per document by organization, account and subconto 1 only
 * (written with `entries` by `Journal.movements`). Its month and day totals have one row per account and
 * counterparty (product, cost item…) whatever the number of documents, so the ОСВ, ОСВ по счёту and the
 * opening of a card cost the same with a thousand times more postings.
 */
export const byAccount = defineRegister({
  code: 'by_account',
  group: 'reports',
  title: 'Обороты по счетам (по субконто 1)',
  titleEn: 'Account turnovers',
  type: 'turnover',
  dimensions: byAccountDimensions,
  resources: entryResources,
  defaultAccess: { accountant: ['read'] },
});

/** The `byAccount` movements of a document's entries: their sums per date, organization, account and subconto 1. */
export function byAccountMovements(list: Movement[]): Movement[] {
  const groups = new Map<string, Movement>();
  for (const m of list) {
    if (m.register !== 'entries') continue;
    const key = [m.period ?? '', m.dimensions.organization, m.dimensions.account, m.dimensions.subconto1].join('|');
    const g = groups.get(key) ?? {
      register: 'by_account',
      ...(m.period ? { period: m.period } : {}),
      dimensions: { organization: m.dimensions.organization, account: m.dimensions.account, subconto1: m.dimensions.subconto1 },
      resources: { debit: 0, credit: 0, quantity_debit: '0', quantity_credit: '0' },
    };
    for (const r of ['debit', 'credit', 'quantity_debit', 'quantity_credit']) {
      const sum = new Decimal(g.resources[r]).plus(m.resources[r] ?? 0);
      g.resources[r] = r.startsWith('quantity') ? sum.toFixed() : sum.toNumber();
    }
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => Object.values(g.resources).some((v) => !new Decimal(v).isZero()));
}

/** An account as postings see it: its own settings completed from its parents. */
export interface Account {
  id: string;
  code: string;
  name: string;
  kind: AccountKind;
  subconto: SubcontoKind[];
  quantity: boolean;
  parentId: string | null;
  /** Has sub-accounts (not marked deleted): takes no entries. */
  isGroup: boolean;
  deleted: boolean;
}

/**
 * The tenant's chart of accounts, read once per posting or report (about a hundred rows). Вид, субконто and
 * количественный учёт left empty on an account are its parent's.
 */
export class Chart {
  private readonly byId = new Map<string, Account>();
  private readonly byCode = new Map<string, Account>();

  private constructor(rows: Record<string, any>[]) {
    const raw = new Map(rows.map((r) => [String(r.id), r]));
    const children = new Set(rows.filter((r) => !r.deletion_mark && r.parent_id).map((r) => String(r.parent_id)));
    const resolve = (id: string, seen: Set<string> = new Set()): Account => {
      const done = this.byId.get(id);
      if (done) return done;
      const r = raw.get(id)!;
      if (seen.has(id)) throw new Error(`План счетов: счёт ${r.code} входит сам в себя`);
      seen.add(id);
      const parent = r.parent_id && raw.has(String(r.parent_id)) ? resolve(String(r.parent_id), seen) : null;
      const own = [r.subconto1, r.subconto2, r.subconto3].filter(Boolean) as SubcontoKind[];
      const account: Account = {
        id,
        code: r.code ?? '',
        name: r.name,
        kind: (r.kind ?? parent?.kind ?? 'active_passive') as AccountKind,
        subconto: own.length ? own : (parent?.subconto ?? []),
        quantity: !!r.quantity || !!parent?.quantity,
        parentId: parent?.id ?? null,
        isGroup: children.has(id),
        deleted: !!r.deletion_mark,
      };
      this.byId.set(id, account);
      return account;
    };
    for (const id of raw.keys()) resolve(id);
    for (const a of this.byId.values()) if (!a.deleted && a.code) this.byCode.set(a.code, a);
  }

  static async load(knex: Knex, table: (name: string) => string): Promise<Chart> {
    return new Chart(await knex(table('c_accounting_accounts')).select('id', 'code', 'name', 'parent_id', 'kind', 'subconto1', 'subconto2', 'subconto3', 'quantity', 'deletion_mark'));
  }

  all(): Account[] {
    return [...this.byId.values()];
  }

  find(id: string): Account | undefined {
    return this.byId.get(id);
  }

  /** An account by number; a posting names accounts of the standard chart, so a missing one is a changed chart. */
  code(code: string): Account {
    const a = this.byCode.get(code);
    if (!a) throw Problem.unprocessable(`В плане счетов нет счёта ${code} (или он помечен на удаление) — восстановите его в «Плане счетов», без него документ не провести.`);
    return a;
  }

  /** The account and every account under it. */
  subtree(id: string): Account[] {
    return this.all().filter((a) => this.isUnder(a, id));
  }

  isUnder(a: Account, ancestor: string): boolean {
    for (let x: Account | undefined = a; x; x = x.parentId ? this.byId.get(x.parentId) : undefined) if (x.id === ancestor) return true;
    return false;
  }

  /** The top account a sub-account belongs to (41 for 41.01). */
  root(a: Account): Account {
    let x = a;
    while (x.parentId && this.byId.has(x.parentId)) x = this.byId.get(x.parentId)!;
    return x;
  }
}

/** One side of an entry: the account, its subconto by position (as the account lists its kinds), the quantity. */
export interface EntrySide {
  account: Account;
  subconto?: (string | null | undefined)[];
  quantity?: string | null;
}

export interface EntrySpec {
  organization: string;
  debit: EntrySide;
  credit: EntrySide;
  /** Kopecks; negative for a red storno (сторно), as 1C writes corrections and returns. */
  amount: number;
  /** Quantity for each side whose account keeps quantities, unless the side gives its own. */
  quantity?: string | null;
  content?: string;
  /** Defaults to the document's date. */
  period?: string;
}

const sub = (s: EntrySide, i: number) => {
  const v = s.subconto?.[i];
  return v === null || v === undefined || v === '' ? NO_SUBCONTO : String(v);
};
const qty = (s: EntrySide, fallback: string | null | undefined) => (s.account.quantity ? new Decimal(s.quantity ?? fallback ?? 0).toFixed() : '0');

/**
 * The double entry Дт `debit` — Кт `credit` on `amount`: its two movements, the debit one with `debit =
 * amount`, the credit one with `credit = amount`, so debit always equals credit. `no` pairs them in the journal.
 */
export function entry(spec: EntrySpec, no: number): [Movement, Movement] {
  if (!Number.isSafeInteger(spec.amount)) throw new Error(`Сумма проводки ${spec.amount} — не целое число копеек`);
  const movement = (side: 'dt' | 'kt'): Movement => {
    const [own, corr] = side === 'dt' ? [spec.debit, spec.credit] : [spec.credit, spec.debit];
    const q = qty(own, spec.quantity);
    return {
      register: 'entries',
      ...(spec.period ? { period: spec.period } : {}),
      dimensions: { organization: spec.organization, account: own.account.id, subconto1: sub(own, 0), subconto2: sub(own, 1), subconto3: sub(own, 2) },
      resources: side === 'dt' ? { debit: spec.amount, credit: 0, quantity_debit: q, quantity_credit: '0' } : { debit: 0, credit: spec.amount, quantity_debit: '0', quantity_credit: q },
      attributes: {
        entry_no: no,
        side,
        corr_account: corr.account.id,
        corr_subconto1: sub(corr, 0),
        corr_subconto2: sub(corr, 1),
        corr_subconto3: sub(corr, 2),
        content: (spec.content ?? '').slice(0, 500),
      },
    };
  };
  return [movement('dt'), movement('kt')];
}

/**
 * Checks that the entries of one document balance: every entry number has one debit and one credit movement
 * of the same amount, and Σ Дт = Σ Кт. A failure is a mistake in the posting code, refused before anything is written.
 */
export function assertBalanced(movements: Movement[]): void {
  const byEntry = new Map<number, { dt: Decimal; kt: Decimal; sides: string[] }>();
  let debit = new Decimal(0);
  let credit = new Decimal(0);
  for (const m of movements.filter((x) => x.register === 'entries')) {
    const no = Number(m.attributes?.entry_no);
    const e = byEntry.get(no) ?? { dt: new Decimal(0), kt: new Decimal(0), sides: [] };
    e.dt = e.dt.plus(m.resources.debit ?? 0);
    e.kt = e.kt.plus(m.resources.credit ?? 0);
    e.sides.push(String(m.attributes?.side));
    byEntry.set(no, e);
    debit = debit.plus(m.resources.debit ?? 0);
    credit = credit.plus(m.resources.credit ?? 0);
  }
  for (const [no, e] of byEntry)
    if (!e.dt.equals(e.kt) || e.sides.sort().join() !== 'dt,kt')
      throw Problem.unprocessable(`Проводка № ${no} не сбалансирована: Дт ${formatRubles(e.dt.toFixed())}, Кт ${formatRubles(e.kt.toFixed())} — документ не проведён.`);
  if (!debit.equals(credit)) throw Problem.unprocessable(`Проводки документа не сбалансированы: Дт ${formatRubles(debit.toFixed())} ≠ Кт ${formatRubles(credit.toFixed())} — документ не проведён.`);
}

/** What the module's postings need of a posting context (a document's own, or a hook's on another module's document). */
export interface TenantTables {
  knex: Knex | Knex.Transaction;
  table(name: string): string;
}

/**
 * The entries of one document of one organization, with the chart (the дата запрета is checked by the
 * platform before any posting: closed-period.ts);
 * `add` numbers each entry, `movements` checks that they balance.
 */
export class Journal {
  private readonly list: Movement[] = [];

  private constructor(
    readonly chart: Chart,
    readonly organization: string,
  ) {}

  /** Reads the chart. */
  static async open(ctx: TenantTables, organization: string): Promise<Journal> {
    return new Journal(await Chart.load(ctx.knex, ctx.table), organization);
  }

  /**
   * A side of an entry by account number and analytics by kind: each value goes to the position the account
   * keeps that kind at; kinds the account does not keep are left out (a posting may name more than it needs).
   */
  side(code: string, analytics: Partial<Record<SubcontoKind, string | null | undefined>> = {}, quantity?: string | null): EntrySide {
    const account = this.postable(this.chart.code(code));
    return { account, subconto: account.subconto.map((k) => analytics[k] ?? null), quantity };
  }

  /** Refuses an account that has sub-accounts: 1C posts only to the lowest level. */
  postable(account: Account): Account {
    if (account.isGroup) throw Problem.unprocessable(`Счёт ${account.code} «${account.name}» имеет субсчета — проводки делаются на субсчёт (например, ${this.firstChild(account)}).`);
    return account;
  }

  private firstChild(a: Account) {
    return this.chart.all().filter((x) => x.parentId === a.id && !x.deleted).map((x) => x.code).sort()[0] ?? `${a.code}.01`;
  }

  /** Adds Дт — Кт on `amount`; an entry with neither amount nor quantity is left out. */
  add(spec: Omit<EntrySpec, 'organization'>): void {
    const hasQuantity = [spec.quantity, spec.debit.quantity, spec.credit.quantity].some((q) => q && !new Decimal(q).isZero());
    if (spec.amount === 0 && !hasQuantity) return;
    this.list.push(...entry({ ...spec, organization: this.organization }, this.list.length / 2 + 1));
  }

  /** The entries, checked to balance, with their sums by account (`byAccount`). */
  movements(): Movement[] {
    assertBalanced(this.list);
    return [...this.list, ...byAccountMovements(this.list)];
  }
}

/** An organization's учётная политика as posting needs it. */
export interface Policy {
  banDate: string | null;
  manualInvoices: boolean;
  /** Where 26 goes at the month's end (catalogs.ts OVERHEADS); null is директ-костинг. */
  overheads: string | null;
}

/** Policies read by a transaction (a posting asks for the дата запрета and then for the invoices), by organization. */
const policiesOfTransaction = new WeakMap<object, Map<string, Promise<Policy>>>();

/** The organization's учётная политика: read once per transaction (never cached outside one: it may change). */
export function policyOf(ctx: TenantTables, organization: string): Promise<Policy> {
  const read = async (): Promise<Policy> => {
    const row = await ctx.knex(ctx.table('c_accounting_policies')).where({ organization, deletion_mark: false }).first('ban_date', 'manual_invoices', 'overheads');
    return { banDate: (row?.ban_date as string | undefined) ?? null, manualInvoices: !!row?.manual_invoices, overheads: (row?.overheads as string | undefined) ?? null };
  };
  if (!ctx.knex.isTransaction) return read();
  const cached = policiesOfTransaction.get(ctx.knex) ?? new Map<string, Promise<Policy>>();
  policiesOfTransaction.set(ctx.knex, cached);
  if (!cached.has(organization)) cached.set(organization, read());
  return cached.get(organization)!;
}

/** The organization's дата запрета изменения, or null. */
export async function banDateOf(ctx: TenantTables, organization: string): Promise<string | null> {
  return (await policyOf(ctx, organization)).banDate;
}


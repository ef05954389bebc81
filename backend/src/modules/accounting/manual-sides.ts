import Decimal from 'decimal.js';
import { Problem } from '../../platform/http/problem';
import type { EntrySide, Journal, TenantTables } from './journal';
import { SUBCONTO_CATALOG, SUBCONTO_KINDS, subcontoFormatIssue, type SubcontoKind } from './subconto';

/** One side of an entry as a person typed it on a document line: account id, subconto 1–3 by position, quantity. */
export interface TypedSide {
  /** Where it is on the document, for messages and the `field` of the problem: `lines.0.dt_` (+ `account`, `subconto1`…). */
  field: string;
  /** «Строка 2, Дт» */
  label: string;
  account: string;
  subconto: (string | null | undefined)[];
  quantity?: string | null;
}

/**
 * Turns sides typed on a manual document into entry sides, refusing what does not fit the accounts'
 * analytics: an account with sub-accounts, a subconto the account does not keep, a value that is not an
 * item of its kind's catalog (checked in one statement per catalog), a quantity on an account without
 * quantity accounting. The first problem is reported, naming the line and the field.
 */
export async function typedSides(ctx: TenantTables, journal: Journal, sides: TypedSide[]): Promise<EntrySide[]> {
  const refuse = (s: TypedSide, field: string, message: string): never => {
    throw Problem.unprocessable(`${s.label}: ${message}`, { field: `${s.field}${field}` });
  };
  const wanted = new Map<SubcontoKind, Set<string>>();
  const out = sides.map((s) => {
    const account = journal.chart.find(s.account);
    if (!account || account.deleted) return refuse(s, 'account', 'счёт не найден в плане счетов (или помечен на удаление).');
    journal.postable(account);
    const subconto = [0, 1, 2].map((i) => {
      const v = s.subconto[i]?.trim();
      if (!v) return null;
      const kind = account.subconto[i];
      if (!kind) return refuse(s, `subconto${i + 1}`, `у счёта ${account.code} нет субконто ${i + 1}${account.subconto.length ? ` (его субконто: ${account.subconto.map((k) => SUBCONTO_KINDS[k]).join(', ')})` : ''} — очистите это поле.`);
      const issue = subcontoFormatIssue(kind, v);
      if (issue) return refuse(s, `subconto${i + 1}`, `субконто ${i + 1} счёта ${account.code} («${SUBCONTO_KINDS[kind]}»): ${issue}.`);
      if (SUBCONTO_CATALOG[kind]) wanted.set(kind, (wanted.get(kind) ?? new Set()).add(v));
      return v;
    });
    if (s.quantity && !new Decimal(s.quantity).isZero() && !account.quantity) refuse(s, 'quantity', `счёт ${account.code} не ведёт количественный учёт — уберите количество.`);
    return { side: { account, subconto, quantity: s.quantity ?? null } as EntrySide, typed: s };
  });
  for (const [kind, values] of wanted) {
    const found = new Set((await ctx.knex(ctx.table(SUBCONTO_CATALOG[kind]!)).whereIn('id', [...values]).pluck('id')).map(String));
    for (const { side, typed } of out)
      side.subconto!.forEach((v, i) => {
        if (v && side.account.subconto[i] === kind && !found.has(v))
          refuse(typed, `subconto${i + 1}`, `субконто ${i + 1} счёта ${side.account.code}: в справочнике «${SUBCONTO_KINDS[kind]}» нет такого элемента — выберите его из справочника.`);
      });
  }
  return out.map((o) => o.side);
}

import type { TenantRequestContext } from '../../platform/access/request-context';
import type { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { writeBankExchange, type BankParty, type PaymentOrder } from '../../platform/ru/bank-exchange';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { recordChange } from '../../platform/engine/changes';
import { tenantToday } from '../../platform/time/clock';
import { moneyOut } from './documents/money-out';
import { BankImportError, bankNumber, importBankStatement, type BankDecisions, type BankImportDeps, type BankImportResult } from './bank-import';

/** Which Списания to export: the organization's and, without `documents`, those of the period not yet exported or confirmed by a statement. */
export interface PaymentOrdersQuery {
  organization: string;
  from?: string;
  to?: string;
  /** Ids of the Списания chosen by the user: exported even if exported before (never one the bank already confirmed). */
  documents?: string[];
}

/**
 * Payment orders for the bank's client program: the organization's bank Списания денег as a
 * 1CClientBankExchange file (1.03, windows-1251), to upload instead of typing each order again.
 *
 * Only payments the bank has not seen: not exported before and not loaded from (or confirmed by) a
 * statement — unless the user chose the documents. Each exported one remembers the date and the number
 * it was exported with (`exported_on`, `exported_number`), so the statement line that confirms it is
 * linked to it instead of becoming a second payment (bank-import.ts). Refused (422) when the organization
 * or a payee has no account and БИК, or when nothing is left to export; nothing is marked then.
 */
export async function paymentOrdersFile(db: Database, ctx: TenantRequestContext, q: PaymentOrdersQuery): Promise<{ file: Buffer; documents: string[] }> {
  const t = (name: string) => tenantTable(ctx.tenant.schema, name);
  if (!q.documents?.length && !(q.from && q.to)) throw Problem.badRequest('Укажите период (from, to) или выберите документы для выгрузки.');
  return db.knex.transaction(async (trx) => {
    const org = await trx(t('c_trade_organizations')).where({ id: q.organization }).first();
    if (!org) throw Problem.notFound('Организация не найдена.');
    if (!org.account || !org.bik) throw Problem.unprocessable('В карточке организации не указаны расчётный счёт и БИК — без них банк не примет поручения.');
    const query = trx(`${t('d_trade_money_out')} as d`)
      .join(`${t('c_trade_counterparties')} as c`, 'c.id', 'd.counterparty')
      .where({ 'd.organization': q.organization, 'd.kind': 'bank' })
      .whereNot('d.status', 'cancelled')
      .orderBy(['d.date', 'd.number'])
      .forUpdate('d')
      .select('d.id', 'd.number', 'd.date', 'd.amount', 'd.purpose', 'd.counterparty_account', 'd.import_key', 'd.exported_on', 'c.name', 'c.full_name', 'c.inn', 'c.kpp', 'c.account', 'c.bik', 'c.bank_name', 'c.corr_account');
    if (q.documents?.length) query.whereIn('d.id', q.documents);
    else query.whereBetween('d.date', [q.from!, q.to!]).whereNull('d.exported_on').where((w) => w.whereNull('d.import_key').orWhere('d.import_key', ''));
    const docs = await query;
    if (q.documents?.length) {
      const found = new Set(docs.map((d) => d.id));
      const missing = q.documents.filter((id) => !found.has(id));
      if (missing.length) throw Problem.unprocessable(`Среди выбранных нет безналичного списания этой организации с id ${missing.join(', ')}.`);
      const confirmed = docs.filter((d) => d.import_key);
      if (confirmed.length)
        throw Problem.unprocessable(`Списания № ${confirmed.map((d) => d.number).join(', ')} уже проведены банком (загружены из выписки) — выгрузка создала бы второй платёж.`);
    }
    if (docs.length === 0) throw Problem.unprocessable('Нечего выгружать: все безналичные списания периода уже выгружены в банк или загружены из выписки. Чтобы выгрузить поручение ещё раз, выберите его явно.');
    const party = (p: Record<string, any>, account: string): BankParty => ({ name: p.full_name || p.name, inn: p.inn ?? '', kpp: p.kpp ?? '', account, bankName: p.bank_name ?? '', bankCity: '', bik: p.bik ?? '', corrAccount: p.corr_account ?? '' });
    const orders: PaymentOrder[] = docs.map((d) => {
      const account = d.counterparty_account || d.account;
      if (!account || !d.bik) throw Problem.unprocessable(`Поручение № ${d.number}: у получателя «${d.name}» не указаны счёт и БИК.`);
      return {
        kind: 'Платежное поручение',
        number: bankNumber(d.number),
        date: typeof d.date === 'string' ? d.date : isoDay(d.date),
        amountKopecks: Number(d.amount),
        payer: party(org, org.account),
        payee: party(d, account),
        purpose: d.purpose || 'Оплата по счёту',
        fields: { ВидОплаты: '01', Очередность: '5' },
      };
    });
    const file = writeBankExchange(orders, { sender: 'WorkCloud' });
    const today = tenantToday(ctx.tenant);
    for (const [i, d] of docs.entries()) {
      const marked = { exported_on: today, exported_number: orders[i].number };
      await trx(t('d_trade_money_out')).where({ id: d.id }).update({ ...marked, updated_at: trx.fn.now(), version: trx.raw('version + 1') });
      await recordChange(trx, ctx, moneyOut, 'document.updated', d.id, { exported_on: d.exported_on ?? null }, marked);
    }
    return { file, documents: docs.map((d) => d.id as string) };
  });
}

const isoDay = (v: Date) => `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;

/** What an upload answers: the documents created and linked, how many were already there, counterparties created and completed, the lines to decide, warnings. */
export type BankUploadSummary = BankImportResult;

/** An uploaded statement file (the raw body), imported all or nothing; a refused file is a 422 naming its line. */
export async function uploadBankStatement(deps: BankImportDeps, ctx: TenantRequestContext, body: unknown, decisions: BankDecisions = {}): Promise<BankUploadSummary> {
  if (!Buffer.isBuffer(body) || body.length === 0) throw Problem.badRequest('Отправьте файл выписки телом запроса (Content-Type: application/octet-stream).');
  try {
    return await importBankStatement(body, deps, ctx, decisions);
  } catch (e) {
    if (e instanceof BankImportError) throw Problem.unprocessable(e.message, { line: e.line });
    throw e;
  }
}

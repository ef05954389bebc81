import type { TenantRequestContext } from '../../platform/access/request-context';
import type { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { writeBankExchange, type BankParty, type PaymentOrder } from '../../platform/ru/bank-exchange';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { BankImportError, importBankStatement, type BankImportDeps } from './bank-import';

/**
 * Payment orders for the bank's client program: the organization's bank Списания денег of a period as
 * a 1CClientBankExchange file (1.03, windows-1251), to upload instead of typing each order again.
 * Refused (422) when the organization or a payee has no account and БИК.
 */
export async function paymentOrdersFile(db: Database, ctx: TenantRequestContext, q: { organization: string; from: string; to: string }): Promise<Buffer> {
  const t = (name: string) => tenantTable(ctx.tenant.schema, name);
  const org = await db.knex(t('c_trade_organizations')).where({ id: q.organization }).first();
  if (!org) throw Problem.notFound('Организация не найдена.');
  if (!org.account || !org.bik) throw Problem.unprocessable('В карточке организации не указаны расчётный счёт и БИК — без них банк не примет поручения.');
  const docs = await db
    .knex(`${t('d_trade_money_out')} as d`)
    .join(`${t('c_trade_counterparties')} as c`, 'c.id', 'd.counterparty')
    .where({ 'd.organization': q.organization, 'd.kind': 'bank' })
    .whereNot('d.status', 'cancelled')
    .whereBetween('d.date', [q.from, q.to])
    .orderBy(['d.date', 'd.number'])
    .select('d.number', 'd.date', 'd.amount', 'd.purpose', 'd.counterparty_account', 'c.name', 'c.full_name', 'c.inn', 'c.kpp', 'c.account', 'c.bik', 'c.bank_name', 'c.corr_account');
  const party = (p: Record<string, any>, account: string): BankParty => ({ name: p.full_name || p.name, inn: p.inn ?? '', kpp: p.kpp ?? '', account, bankName: p.bank_name ?? '', bankCity: '', bik: p.bik ?? '', corrAccount: p.corr_account ?? '' });
  const orders: PaymentOrder[] = docs.map((d) => {
    const account = d.counterparty_account || d.account;
    if (!account || !d.bik) throw Problem.unprocessable(`Поручение № ${d.number}: у получателя «${d.name}» не указаны счёт и БИК.`);
    return {
      kind: 'Платежное поручение',
      number: String(d.number).replace(/\D/g, '').replace(/^0+/, '') || String(d.number),
      date: d.date,
      amountKopecks: Number(d.amount),
      payer: party(org, org.account),
      payee: party(d, account),
      purpose: d.purpose || 'Оплата по счёту',
      fields: { ВидОплаты: '01', Очередность: '5' },
    };
  });
  return writeBankExchange(orders, { sender: 'WorkCloud' });
}

/** What an upload answers: the documents created, how many were already there, counterparties created. */
export interface BankUploadSummary {
  created: { code: 'money_in' | 'money_out'; id: string; number: string; importKey: string }[];
  alreadyImported: number;
  counterpartiesCreated: number;
}

/** An uploaded statement file (the raw body), imported all or nothing; a refused file is a 422 naming its line. */
export async function uploadBankStatement(deps: BankImportDeps, ctx: TenantRequestContext, body: unknown): Promise<BankUploadSummary> {
  if (!Buffer.isBuffer(body) || body.length === 0) throw Problem.badRequest('Отправьте файл выписки телом запроса (Content-Type: application/octet-stream).');
  try {
    const result = await importBankStatement(body, deps, ctx);
    return { created: result.created, alreadyImported: result.alreadyImported, counterpartiesCreated: result.counterpartiesCreated };
  } catch (e) {
    if (e instanceof BankImportError) throw Problem.unprocessable(e.message, { line: e.line });
    throw e;
  }
}

import { Problem } from '../../../platform/http/problem';
import type { TenantTables } from '../journal';

export type UsnObject = 'income' | 'income_minus_expenses';

/** The organization's object of УСН (its accounting policy; «доходы» when not set); one not on УСН is refused. */
export async function policyObject(t: TenantTables, organization: string): Promise<UsnObject> {
  const org = await t.knex(t.table('c_trade_organizations')).where({ id: organization }).first('name', 'vat_status');
  if (!org) throw Problem.unprocessable('Организация не найдена — выберите её из списка.');
  if (!String(org.vat_status).startsWith('usn'))
    throw Problem.unprocessable(`${org.name} применяет общую систему налогообложения — КУДиР и налог по УСН для неё не ведутся. Систему налогообложения задают в карточке организации («Налогообложение»).`);
  const policy = await t.knex(t.table('c_accounting_policies')).where({ organization, deletion_mark: false }).first('usn_object');
  return (policy?.usn_object as UsnObject | undefined) ?? 'income';
}

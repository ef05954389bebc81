import type { CatalogWriteContext } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';

/** Only the digits of a phone: «+7 (495) 123-45-67» and «8 495 1234567» are told apart by the last ten. */
export const phoneKey = (phone: string) => phone.replace(/\D/g, '').slice(-10);

interface Found {
  catalog: string;
  what: string;
  id: string;
  name: string;
}

/** The first item of `table` (not marked deleted, not this one) whose phone or e-mail is the item's. */
async function byContact(ctx: CatalogWriteContext, table: string, catalog: string, what: string, item: Record<string, any>): Promise<Found | undefined> {
  const q = ctx.knex(ctx.table(table)).where({ deletion_mark: false }).whereNot({ id: ctx.id });
  const phone = item.phone ? phoneKey(String(item.phone)) : '';
  const email = item.email ? String(item.email).toLowerCase() : '';
  if (!phone && !email) return undefined;
  q.where((w) => {
    if (phone) w.orWhereRaw(`right(regexp_replace(coalesce(phone, ''), '\\D', '', 'g'), 10) = ?`, [phone]);
    if (email) w.orWhereRaw('lower(email) = ?', [email]);
  });
  const row = await q.first('id', 'name');
  return row && { catalog, what, id: row.id, name: row.name };
}

function refuse(found: Found, by: string): never {
  throw Problem.conflict(`Дубль: ${found.what} «${found.name}» уже есть с таким ${by}. Откройте его вместо создания нового.`, {
    existing: { catalog: found.catalog, id: found.id, name: found.name },
  });
}

const byWhat = (found: Found, item: Record<string, any>, row: { phone?: string; email?: string }) =>
  item.email && row.email && String(row.email).toLowerCase() === String(item.email).toLowerCase() ? 'e-mail' : 'телефоном';

async function refuseByContact(ctx: CatalogWriteContext, item: Record<string, any>, tables: [string, string, string][]) {
  for (const [table, catalog, what] of tables) {
    const found = await byContact(ctx, table, catalog, what, item);
    if (found) {
      const row = await ctx.knex(ctx.table(table)).where({ id: found.id }).first('phone', 'email');
      refuse(found, byWhat(found, item, row));
    }
  }
}

/** A new or changed contact person whose phone or e-mail another one has is a duplicate (409 naming it). */
export async function contactDuplicates(item: Record<string, any>, ctx: CatalogWriteContext): Promise<void> {
  if (ctx.previous && ctx.previous.phone === item.phone && ctx.previous.email === item.email) return;
  await refuseByContact(ctx, item, [['c_crm_contacts', 'crm.contacts', 'контактное лицо']]);
}

/**
 * A new lead is checked against the clients (trade's counterparties, by ИНН), the contact persons and the other
 * leads (by ИНН, phone, e-mail): a duplicate is refused with 409 naming what is there. Converted leads do not count.
 */
export async function leadDuplicates(item: Record<string, any>, ctx: CatalogWriteContext): Promise<void> {
  if (ctx.previous) return;
  if (item.inn) {
    const client = await ctx.knex(ctx.table('c_trade_counterparties')).where({ inn: item.inn, deletion_mark: false }).first('id', 'name');
    if (client) refuse({ catalog: 'trade.counterparties', what: 'клиент', id: client.id, name: client.name }, 'ИНН');
    const lead = await ctx.knex(ctx.table('c_crm_leads')).where({ inn: item.inn, deletion_mark: false }).whereNot({ id: ctx.id }).whereNot({ status: 'converted' }).first('id', 'name');
    if (lead) refuse({ catalog: 'crm.leads', what: 'лид', id: lead.id, name: lead.name }, 'ИНН');
  }
  await refuseByContact(ctx, item, [
    ['c_crm_contacts', 'crm.contacts', 'контактное лицо'],
    ['c_crm_leads', 'crm.leads', 'лид'],
  ]);
}

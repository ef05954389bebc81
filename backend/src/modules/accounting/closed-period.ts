import { ruDate } from '../../platform/engine/dates';
import { Problem } from '../../platform/http/problem';
import { banDateOf, type TenantTables } from './journal';

/**
 * The module's closed period for the platform (defineModule `closedPeriod`): a document of accounting, or
 * a trade document it posts entries for, dated on or before its organization's дата запрета изменения
 * cannot be posted, re-posted, cancelled or changed — the books of a reported period stay as reported.
 */
export async function banDateRefusal(doc: Record<string, any>, date: string, ctx: TenantTables): Promise<string | null> {
  if (!doc.organization) return null;
  const ban = await banDateOf(ctx, doc.organization);
  if (!ban || date > ban) return null;
  const org = await ctx.knex(ctx.table('c_trade_organizations')).where({ id: doc.organization }).first('name');
  return (
    `По организации «${org?.name ?? doc.organization}» установлена дата запрета изменения данных ${ruDate(ban)}: документ от ${ruDate(date)} ` +
    `нельзя провести, отменить или изменить. Выберите дату после ${ruDate(ban)} или измените дату запрета в «Учётной политике и дате запрета» (Бухгалтерия → Закрытие периода).`
  );
}

/** The same refusal thrown, for a date other than the document's own (an invoice's records are dated as its basis). */
export async function assertNotBanned(ctx: TenantTables, organization: string, date: string): Promise<void> {
  const refusal = await banDateRefusal({ organization }, date, ctx);
  if (refusal) throw Problem.unprocessable(refusal, { banDate: await banDateOf(ctx, organization) });
}

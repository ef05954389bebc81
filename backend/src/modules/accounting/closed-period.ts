import { ruDate } from '../../platform/engine/dates';
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

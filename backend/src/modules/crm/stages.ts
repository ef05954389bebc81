import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { CatalogWriteContext } from '../../platform/engine/declarations';
import { Problem } from '../../platform/http/problem';
import { deals } from './crm.catalog';

interface Tables {
  knex: Knex.Transaction | Knex;
  table(name: string): string;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

/**
 * A deal entering a stage: the stage's required fields must be filled in (422 naming them), the time spent in the
 * previous stage is closed in «Движение сделок по этапам» and the new stage opened there; a won or lost stage closes
 * the deal today.
 */
export async function enterStage(t: Tables, deal: Record<string, any>, options: { checkRequired: boolean }): Promise<void> {
  const stage = await t.knex(t.table('c_crm_stages')).where({ id: deal.stage }).first();
  if (!stage) throw Problem.badRequest('«Этап»: выбранный этап не найден.');
  if (options.checkRequired) {
    const missing = String(stage.required_fields ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f && deals.fields[f] && empty(deal[f]));
    if (missing.length)
      throw Problem.unprocessable(`Чтобы перейти на этап «${stage.name}», заполните: ${missing.map((f) => `«${deals.fields[f].title}»`).join(', ')}.`, {
        errors: missing.map((f) => ({ field: f, message: `«${deals.fields[f].title}»: обязательно на этапе «${stage.name}»` })),
      });
  }
  await t.knex(t.table('c_crm_stage_history')).where({ deal: deal.id }).whereNull('seconds').update({ seconds: t.knex.raw('greatest(0, round(extract(epoch from (clock_timestamp() - created_at))))::int') });
  await t.knex(t.table('c_crm_stage_history')).insert({ id: randomUUID(), name: stage.name, deal: deal.id, stage: stage.id, manager: deal.manager ?? null, seconds: null, search_text: String(stage.name).toLowerCase() });
  if (stage.outcome !== 'open' && empty(deal.closed_on)) await t.knex(t.table('c_crm_deals')).where({ id: deal.id }).update({ closed_on: t.knex.raw('current_date') });
}

/** `onWrite` of «Сделки»: a new deal, or one whose stage changed, enters its stage. */
export async function recordStage(item: Record<string, any>, ctx: CatalogWriteContext): Promise<void> {
  if (ctx.previous && ctx.previous.stage === item.stage) return;
  await enterStage(ctx, { ...item, id: ctx.id }, { checkRequired: true });
}

/**
 * The deal of a paid or shipped Заказ клиента is won (as its funnel's «Сделка выиграна, когда заказ» says): it moves to its funnel's won stage (from the module's hooks on
 * trade's documents, in their posting transaction).
 */
export async function winDealsOfOrder(t: Tables, order: string, by: 'paid' | 'shipped'): Promise<void> {
  const open = await t
    .knex(`${t.table('c_crm_deals')} as d`)
    .join(`${t.table('c_crm_stages')} as s`, 's.id', 'd.stage')
    .join(`${t.table('c_crm_funnels')} as f`, 'f.id', 'd.funnel')
    .where({ 'd.order': order, 's.outcome': 'open', 'd.deletion_mark': false })
    // The funnel's setting «Сделка выиграна, когда заказ»: paid, shipped, or either (a funnel from before it: either).
    .where((w) => w.whereIn('f.won_when', ['paid_or_shipped', by]).orWhereNull('f.won_when'))
    .select('d.*');
  for (const deal of open) {
    const won = await t.knex(t.table('c_crm_stages')).where({ funnel: deal.funnel, outcome: 'won', deletion_mark: false }).orderBy('position').first('id');
    if (!won) continue;
    await t.knex(t.table('c_crm_deals')).where({ id: deal.id }).update({ stage: won.id, version: t.knex.raw('version + 1'), updated_at: t.knex.fn.now() });
    await enterStage(t, { ...deal, stage: won.id }, { checkRequired: false });
  }
}

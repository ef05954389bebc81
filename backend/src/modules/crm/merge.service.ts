import { Injectable } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { TenantRequestContext } from '../../platform/access/request-context';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { tenantTable } from '../../platform/tenancy/tenant-schema';

export const mergeBody = z.object({
  keep: z.uuid('keep — id записи, которая остаётся'),
  remove: z.uuid('remove — id дубля, который будет помечен на удаление'),
});

/** A contact's fields the kept one takes from its duplicate when its own are empty. */
const CONTACT_FIELDS = ['position', 'phone', 'email', 'messenger'];

/**
 * Merging duplicates found after the fact: the kept record gets everything that referred to the duplicate, the
 * duplicate is marked deleted, and the merge is one audit entry — in one transaction.
 *
 * Counterparties are trade's catalog: CRM moves only its own records (deals, contacts, activities, leads) and refuses
 * a duplicate trade already uses (documents or contracts) — trade has no merge of its own, and rewriting posted
 * documents and their movements is not CRM's to do.
 */
@Injectable()
export class CrmMergeService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async contacts(ctx: TenantRequestContext, { keep, remove }: z.infer<typeof mergeBody>) {
    this.need(ctx, [['update', 'crm.contacts'], ['update', 'crm.deals']]);
    return this.db.knex.transaction(async (trx) => {
      const t = (name: string) => trx(tenantTable(ctx.tenant.schema, name));
      const [kept, dup] = await this.pair(t('c_crm_contacts'), keep, remove, 'Контактное лицо');
      if (kept.counterparty !== dup.counterparty) throw Problem.unprocessable(`«${kept.name}» и «${dup.name}» — контакты разных клиентов: сначала объедините клиентов.`);
      const fill = Object.fromEntries(CONTACT_FIELDS.filter((f) => !kept[f] && dup[f]).map((f) => [f, dup[f]]));
      if (Object.keys(fill).length) await t('c_crm_contacts').where({ id: keep }).update({ ...fill, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      const moved = { deals: await this.move(t('c_crm_deals'), 'contact', keep, remove, trx) };
      await this.finish(ctx, trx, t('c_crm_contacts'), 'crm.contacts', kept, dup, moved);
      return { keep, remove, moved };
    });
  }

  async counterparties(ctx: TenantRequestContext, { keep, remove }: z.infer<typeof mergeBody>) {
    this.need(ctx, [['update', 'trade.counterparties'], ['update', 'crm.deals'], ['update', 'crm.contacts'], ['update', 'crm.activities'], ['update', 'crm.leads']]);
    return this.db.knex.transaction(async (trx) => {
      const t = (name: string) => trx(tenantTable(ctx.tenant.schema, name));
      const [kept, dup] = await this.pair(t('c_trade_counterparties'), keep, remove, 'Клиент');
      const used = await this.tradeUses(trx, ctx.tenant.schema, remove);
      if (used.length)
        throw Problem.conflict(
          `Клиента «${dup.name}» нельзя объединить: по нему есть документы и договоры торговли (${used.join(', ')}). Объединяются только клиенты, которые есть лишь в CRM; оставьте «${dup.name}» или перенесите документы в торговле.`,
          { used },
        );
      const moved: Record<string, number> = {};
      for (const [table, what] of [['c_crm_deals', 'deals'], ['c_crm_contacts', 'contacts'], ['c_crm_activities', 'activities'], ['c_crm_leads', 'leads']] as const)
        moved[what] = await this.move(t(table), 'counterparty', keep, remove, trx);
      await this.finish(ctx, trx, t('c_trade_counterparties'), 'trade.counterparties', kept, dup, moved);
      return { keep, remove, moved };
    });
  }

  private need(ctx: TenantRequestContext, rights: [string, string][]) {
    const missing = rights.filter(([action, subject]) => !ctx.ability.can(action as never, subject));
    if (missing.length) throw Problem.forbidden(`Недостаточно прав для объединения: нужно право изменять ${missing.map(([, s]) => `«${s}»`).join(', ')}.`);
  }

  /** Both records, locked; the same one twice or a deleted one is refused. */
  private async pair(q: Knex.QueryBuilder, keep: string, remove: string, what: string) {
    if (keep === remove) throw Problem.unprocessable('Выберите две разные записи: ту, что остаётся, и её дубль.');
    const rows = await q.whereIn('id', [keep, remove]).where({ deletion_mark: false }).forUpdate().select('*');
    const kept = rows.find((r: any) => r.id === keep);
    const dup = rows.find((r: any) => r.id === remove);
    if (!kept || !dup) throw Problem.notFound(`${what} не найден(о) или уже помечен(о) на удаление.`);
    return [kept, dup];
  }

  private async move(q: Knex.QueryBuilder, column: string, keep: string, remove: string, trx: Knex.Transaction): Promise<number> {
    return q.where(column, remove).update({ [column]: keep, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
  }

  /** Which of trade's documents (any with a counterparty) and contracts name the counterparty: «Реализация: 2». */
  private async tradeUses(trx: Knex.Transaction, schema: string, id: string): Promise<string[]> {
    const tables = await trx('information_schema.columns')
      .where({ table_schema: schema, column_name: 'counterparty' })
      .where('table_name', 'like', 'd\\_trade\\_%')
      .whereNot('table_name', 'like', '%\\_\\_%')
      .pluck('table_name');
    const used: string[] = [];
    for (const table of [...tables].sort()) {
      const n = Number((await trx(tenantTable(schema, table)).where({ counterparty: id }).count({ n: '*' }))[0].n);
      if (n) used.push(`${table.slice('d_trade_'.length)}: ${n}`);
    }
    const contracts = Number((await trx(tenantTable(schema, 'c_trade_contracts')).where({ owner_id: id, deletion_mark: false }).count({ n: '*' }))[0].n);
    if (contracts) used.push(`contracts: ${contracts}`);
    return used;
  }

  private async finish(ctx: TenantRequestContext, trx: Knex.Transaction, q: Knex.QueryBuilder, entity: string, kept: any, dup: any, moved: Record<string, number>) {
    await q.where({ id: dup.id }).update({ deletion_mark: true, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
    await this.audit.record(
      { tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'merge', entity, entityId: kept.id, before: { removed: { id: dup.id, name: dup.name } }, after: { kept: { id: kept.id, name: kept.name }, moved }, apiKeyId: ctx.apiKeyId, ip: ctx.ip },
      trx,
    );
  }
}

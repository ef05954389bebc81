import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { buildAbility } from '../../platform/access/ability';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../../platform/access/request-context';
import type { SubjectInfo } from '../../platform/access/subjects';
import { AuditService } from '../../platform/audit/audit.service';
import { Database } from '../../platform/database/database';
import type { DocumentDeclaration } from '../../platform/engine/declarations';
import { ruDate } from '../../platform/engine/dates';
import { PostingService } from '../../platform/engine/posting.service';
import { tableOf } from '../../platform/engine/registry';
import { Problem } from '../../platform/http/problem';
import { ValidBody } from '../../platform/http/validation';
import { tenantTable } from '../../platform/tenancy/tenant-schema';
import { costSequenceLockKey } from './costing';
import { customerReturn } from './documents/customer-return';
import { inventory } from './documents/inventory';
import { receipt } from './documents/receipt';
import { sale } from './documents/sale';
import { supplierReturn } from './documents/supplier-return';
import { cost } from './registers';

/**
 * «Восстановление последовательности» of the cost of goods. Cost taken off by a sale (a return to the
 * supplier, a shortage) is the balance of the `cost` register at the document's date as it stood when the
 * document was posted. A document posted, re-posted or cancelled later with an earlier date changes that
 * balance: the register records that the organization's sequence is broken from that date (see
 * `sequence` on the register, `r_trade_cost__sequence`), and restoring it re-posts every cost document of
 * the organization from that date in date order, in one transaction.
 */

/** Permission to see broken sequences and to restore them (accountant; the admin can do everything). */
export const costSequenceSubject: SubjectInfo = {
  subject: 'trade.cost_sequence',
  title: 'Последовательность расчёта себестоимости',
  titleEn: 'Cost of goods sequence',
  module: 'trade',
  // read: see where the sequence is broken; post: restore it (re-posts the documents).
  actions: ['read', 'post'],
  fields: [],
  defaultAccess: { accountant: ['read', 'post'] },
};

/**
 * The documents that write the cost register, in the module. `readsCost`: what they write depends on the
 * balances (or the sale's cost) they read, so on restoring they are all reversed first and posted again in
 * order, each seeing only what comes before it; a receipt's cost is its own amount and is re-posted in place.
 */
export const costDocuments: { decl: DocumentDeclaration; readsCost: boolean }[] = [
  { decl: receipt, readsCost: false },
  { decl: sale, readsCost: true },
  { decl: customerReturn, readsCost: true },
  { decl: supplierReturn, readsCost: true },
  { decl: inventory, readsCost: true },
];

const resequenceBody = z.object({
  organization: z.uuid({ message: 'Организация — идентификатор (UUID)' }).optional(),
  from: z.iso.date({ message: 'Дата — в формате ГГГГ-ММ-ДД' }).optional(),
});

export interface BrokenSequence {
  organization: string;
  organizationName: string;
  /** The earliest date whose cost may be wrong, `YYYY-MM-DD`. */
  brokenFrom: string;
}

export interface ResequenceResult {
  organization: string;
  from: string;
  documentsReposted: number;
  /** Cost of goods sold (sales less returns) dated on or after `from`, kopecks, before and after. */
  costBefore: number;
  costAfter: number;
  /** Cost of the goods on hand (the `cost` register's balance after all documents), kopecks, before and after. */
  balanceBefore: number;
  balanceAfter: number;
}

const SEQUENCE_TABLE = tableOf.sequence(cost);

const kopecks = (what: string) => ({ type: 'integer', format: 'int64', description: `${what} — в копейках (целое число)` });
const brokenSequenceSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { organization: { type: 'string', format: 'uuid' }, organizationName: { type: 'string' }, brokenFrom: { type: 'string', format: 'date', description: 'С какой даты себестоимость может быть неверной' } },
  },
};
const resequenceSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      organization: { type: 'string', format: 'uuid' },
      from: { type: 'string', format: 'date' },
      documentsReposted: { type: 'integer' },
      costBefore: kopecks('Себестоимость продаж с даты, до восстановления'),
      costAfter: kopecks('Себестоимость продаж с даты, после восстановления'),
      balanceBefore: kopecks('Стоимость остатков, до восстановления'),
      balanceAfter: kopecks('Стоимость остатков, после восстановления'),
    },
  },
};

/** Cost figures of an organization: cost of sales from a date, and the cost balance of goods on hand. */
async function costFigures(trx: Knex, schema: string, organization: string, from: string) {
  const t = (name: string) => tenantTable(schema, name);
  const [sold] = await trx(t('r_trade_sales__daily')).where({ organization }).where('day', '>=', from).select(trx.raw('coalesce(sum(cost), 0)::text AS v'));
  const [onHand] = await trx(t(tableOf.totals(cost))).where({ organization }).select(trx.raw('coalesce(sum(amount), 0)::text AS v'));
  return { sold: Number(sold.v), balance: Number(onHand.v) };
}

/** Current broken sequences of the tenant's organizations, earliest first. */
export async function brokenCostSequences(knex: Knex, schema: string, organization?: string): Promise<BrokenSequence[]> {
  const q = knex(`${tenantTable(schema, SEQUENCE_TABLE)} as s`)
    .join(`${tenantTable(schema, 'c_trade_organizations')} as o`, 'o.id', 's.organization')
    .whereNotNull('s.broken_from')
    .orderBy([{ column: 's.broken_from' }, { column: 'o.name' }])
    .select('s.organization', 'o.name as organizationName', 's.broken_from as brokenFrom');
  if (organization) q.where('s.organization', organization);
  return q;
}

/**
 * Restores the cost sequence of one organization (or of every one whose sequence is broken) from a date
 * (or from where it is broken), in one transaction: takes the organizations' cost sequence locks (postings
 * of cost documents hold them shared, so none runs meanwhile), refuses a date in a closed period, re-posts
 * every posted cost document of the organization dated on or after it in (date, entered at, id) order
 * through the engine (storno and new movements), and clears the broken date.
 */
export async function restoreCostSequence(
  deps: { db: Database; posting: PostingService; audit: AuditService },
  ctx: TenantRequestContext,
  input: { organization?: string; from?: string },
): Promise<ResequenceResult[]> {
  const schema = ctx.tenant.schema;
  const t = (name: string) => tenantTable(schema, name);
  return deps.db.knex.transaction(async (trx) => {
    if (input.organization && !(await trx(t('c_trade_organizations')).where({ id: input.organization }).first('id'))) throw Problem.notFound('Организация не найдена.');
    // Which organizations: the one asked, or those with a broken sequence (and, with a date, those with cost movements since).
    let organizations: string[];
    if (input.organization) organizations = [input.organization];
    else {
      const set = new Set((await brokenCostSequences(trx, schema)).map((b) => b.organization));
      if (input.from) for (const o of await trx(t(tableOf.daily(cost))).where('day', '>=', input.from).distinct('organization').pluck('organization')) set.add(o);
      organizations = [...set];
    }
    organizations.sort();
    if (!organizations.length) return [];
    await trx.raw('SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM (SELECT k FROM unnest(?::text[]) AS k ORDER BY k) AS ordered', [organizations.map((o) => costSequenceLockKey(schema, o))]);

    // Read again under the locks: no posting of these organizations runs now.
    const broken = new Map((await trx(t(SEQUENCE_TABLE)).whereIn('organization', organizations).whereNotNull('broken_from').select('organization', 'broken_from')).map((r) => [r.organization as string, r.broken_from as string]));
    const targets = organizations.map((organization) => ({ organization, from: input.from ?? broken.get(organization) })).filter((x): x is { organization: string; from: string } => !!x.from);
    // The closed period cannot change while this runs (closing it waits for this transaction).
    const closed = (await trx(t('period_lock')).forShare().first('closed_through'))?.closed_through as string | null | undefined;
    const inClosed = targets.find((x) => closed && x.from <= closed);
    if (inClosed)
      throw Problem.unprocessable(
        `Период по ${ruDate(closed!)} закрыт: восстановить последовательность с ${ruDate(inClosed.from)} нельзя — документы закрытого периода не перепроводятся. Укажите дату после ${ruDate(closed!)} или откройте период (раздел «Закрытие периода»).`,
        { closedThrough: closed, from: inClosed.from, organization: inClosed.organization },
      );

    // The right to restore the sequence covers re-posting every document it takes (a stocktaking the accountant may not post by hand, too).
    const system: TenantRequestContext = { ...ctx, ability: buildAbility([{ action: 'manage', subject: 'all' }], ctx.principal.userId) };
    const results: ResequenceResult[] = [];
    for (const { organization, from } of targets) {
      const before = await costFigures(trx, schema, organization, from);
      const parts = costDocuments.map(
        (c, i) => trx(t(tableOf.document(c.decl))).where({ organization, status: 'posted' }).where('date', '>=', from).select(trx.raw('? AS kind', [i]), 'id', 'date', 'created_at').toQuery(),
      );
      const { rows } = await trx.raw(`SELECT kind, id FROM (${parts.join(' UNION ALL ')}) AS docs ORDER BY date, created_at, id`);
      const reposted = await deps.posting.repostInOrder(
        system,
        trx,
        rows.map((r: { kind: number; id: string }) => ({ decl: costDocuments[r.kind].decl, id: r.id, reverseFirst: costDocuments[r.kind].readsCost })),
      );
      // Re-posting marked the sequence broken again from `from` on; a break before `from` (a later date was asked) stays.
      await trx(t(SEQUENCE_TABLE)).where({ organization }).where('broken_from', '>=', from).update({ broken_from: null, updated_at: trx.fn.now() });
      const after = await costFigures(trx, schema, organization, from);
      const result: ResequenceResult = {
        organization,
        from,
        documentsReposted: reposted.length,
        costBefore: before.sold,
        costAfter: after.sold,
        balanceBefore: before.balance,
        balanceAfter: after.balance,
      };
      results.push(result);
      await deps.audit.record(
        { tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'resequence', entity: costSequenceSubject.subject, entityId: organization, before: { brokenFrom: broken.get(organization) ?? null }, after: result },
        trx,
      );
    }
    return results;
  });
}

@ApiTags('trade: Себестоимость')
@ApiBearerAuth()
@ForModule('trade')
@Controller('api/trade/cost')
export class CostSequenceController {
  constructor(
    private readonly db: Database,
    private readonly posting: PostingService,
    private readonly audit: AuditService,
  ) {}

  @Get('sequence')
  @Allow('read', costSequenceSubject.subject)
  @ApiOperation({ summary: 'Где нарушена последовательность расчёта себестоимости: организации и дата, с которой себестоимость может быть неверной' })
  @ApiOkResponse({ description: 'Организации с нарушенной последовательностью, раньше — первыми', schema: brokenSequenceSchema })
  sequence(@Ctx() ctx: TenantRequestContext): Promise<BrokenSequence[]> {
    return brokenCostSequences(this.db.knex, ctx.tenant.schema);
  }

  @Post('resequence')
  @HttpCode(200)
  @Allow('post', costSequenceSubject.subject)
  @ApiOperation({
    summary:
      'Восстановить последовательность: перепровести в порядке дат все проведённые документы организации, влияющие на себестоимость, с даты (по умолчанию — все организации с нарушенной последовательностью, с даты нарушения); одна транзакция',
  })
  @ApiOkResponse({ description: 'По каждой организации: сколько документов перепроведено и суммы до и после', schema: resequenceSchema })
  resequence(@Ctx() ctx: TenantRequestContext, @ValidBody(resequenceBody) body: z.infer<typeof resequenceBody>): Promise<ResequenceResult[]> {
    return restoreCostSequence({ db: this.db, posting: this.posting, audit: this.audit }, ctx, body);
  }
}

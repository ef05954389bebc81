import { Controller, HttpCode, Injectable, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Knex } from '@mikro-orm/postgresql';
import { Ctx, ForModule, FROM_ROUTE, type TenantRequestContext } from '../access/request-context';
import { ValidBody } from '../http/validation';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { assertCanPost } from './access';
import type { DocumentDeclaration, Movement, RegisterDeclaration } from './declarations';
import { DocumentHooks } from './document-hooks';
import { DocumentReader } from './document-reader';
import { HookDocumentsFactory } from './hook-documents';
import { PeriodLockService } from './period-lock.service';
import { postingContext } from './posting.service';
import { Registers } from './registers';
import { ConfigurationRegistry, subjectOf, tableOf } from './registry';
import { Answers, date as dateSchema, int, objectOf } from '../http/openapi-responses';

/**
 * «Перепровести документы с даты» for a module bought later: the movements a module adds to other
 * modules' documents (accounting's entries for trade documents) are written for the documents posted
 * before it was bought, as if it had been there from the start. The documents themselves are not
 * re-posted — their own movements (stock, cost) stay exactly as they are; the hook reads them. A
 * document that already has the module's movements for its posting is left alone (a posting revision
 * is written once and only reversed by the next one), so running it twice writes nothing new.
 */
@Injectable()
export class HookRepostService {
  constructor(
    private readonly db: Database,
    private readonly registry: ConfigurationRegistry,
    private readonly hooks: DocumentHooks,
    private readonly reader: DocumentReader,
    private readonly periods: PeriodLockService,
    private readonly hookDocuments: HookDocumentsFactory,
  ) {}

  /** Every posted document the module hooks, dated on or after `from`, in date order: its hook movements replaced. One transaction. */
  async repost(ctx: TenantRequestContext, module: string, from: string): Promise<{ from: string; documents: number; alreadyPosted: number }> {
    // Only documents of modules the company has: accounting also hooks payroll's, whose tables a company without it lacks.
    const all = this.hooks.hookedBy(module).map((h) => ({ ...h, decl: this.documentOf(h.subject) }));
    const hooked = all.filter((h) => ctx.tenant.modules.includes(h.decl.module));
    if (!all.length) throw Problem.notFound(`Модуль «${module}» ничего не добавляет к документам других модулей — перепроводить нечего.`);
    if (!ctx.tenant.modules.includes(module)) throw Problem.conflict(`Модуль «${module}» не подключён.`);
    for (const h of hooked) assertCanPost(ctx, h.decl);
    if (!hooked.length) return { from, documents: 0, alreadyPosted: 0 };
    return this.db.knex.transaction(async (trx) => {
      await this.periods.assertOpen(trx, ctx, from);
      const t = (name: string) => tenantTable(ctx.tenant.schema, name);
      const parts = hooked.map((h, i) => trx(t(tableOf.document(h.decl))).where({ status: 'posted' }).where('date', '>=', from).select(trx.raw('? AS kind', [i]), 'id', 'date', 'created_at').toQuery());
      const { rows } = await trx.raw(`SELECT kind, id FROM (${parts.join(' UNION ALL ')}) AS docs ORDER BY date, created_at, id`);
      const registers = new Registers(this.registry, trx, ctx.tenant.schema);
      const cache = new Map();
      let written = 0;
      for (const { kind, id } of rows as { kind: number; id: string }[]) {
        const { decl, post, afterPost } = hooked[kind];
        const doc = await this.reader.get(ctx, decl, id, trx, true);
        const recorder = { type: subjectOf(decl), id, revision: Number(doc.revision), date: doc.date };
        if (await this.hasMovements(trx, ctx, module, recorder)) continue;
        await this.hooks.assertOpen(trx, ctx, decl, doc, [doc.date]);
        written++;
        const produced = await this.movementsOf(trx, ctx, decl, recorder);
        const hookCtx = this.hookDocuments.context(trx, ctx, module, postingContext(this.registry, registers, trx, ctx.tenant.schema, module, cache));
        await registers.write(module, recorder, await post(doc, hookCtx, produced));
        await afterPost?.(doc, hookCtx, produced);
      }
      return { from, documents: written, alreadyPosted: rows.length - written };
    });
  }

  /** The module already wrote movements for this posting of the document (posted after it was bought, or an earlier run). */
  private async hasMovements(trx: Knex, ctx: TenantRequestContext, module: string, recorder: { id: string; revision: number }): Promise<boolean> {
    for (const reg of this.registry.byModule(module).filter((d): d is RegisterDeclaration => d.kind === 'register'))
      if (await trx(tenantTable(ctx.tenant.schema, tableOf.register(reg))).where({ recorder_id: recorder.id, revision: recorder.revision }).first('recorder_id')) return true;
    return false;
  }

  private documentOf(subject: string): DocumentDeclaration {
    const [m, c] = subject.split('.');
    const decl = this.registry.document(m, c);
    if (!decl) throw new Error(`documentHooks: документа «${subject}» нет`);
    return decl;
  }

  /** The document's own movements of its current revision, as its `post` returned them. */
  private async movementsOf(trx: Knex, ctx: TenantRequestContext, decl: DocumentDeclaration, recorder: { id: string; revision: number }): Promise<Movement[]> {
    const out: Movement[] = [];
    for (const reg of this.registry.byModule(decl.module).filter((d): d is RegisterDeclaration => d.kind === 'register')) {
      const rows = await trx(tenantTable(ctx.tenant.schema, tableOf.register(reg))).where({ recorder_id: recorder.id, revision: recorder.revision, storno: false }).orderBy('line_no');
      for (const r of rows)
        out.push({
          register: reg.code,
          ...(reg.type === 'balance' ? { kind: r.direction === -1 ? ('expense' as const) : ('receipt' as const) } : {}),
          period: r.period,
          dimensions: Object.fromEntries(Object.keys(reg.dimensions).map((d) => [d, r[d]])),
          resources: Object.fromEntries(Object.keys(reg.resources).map((x) => [x, String(r[x])])),
          attributes: Object.fromEntries(Object.keys(reg.attributes ?? {}).map((a) => [a, r[a]])),
        });
    }
    return out;
  }
}

export const hookRepostSchema = z.object({ from: z.iso.date({ message: 'from: дата в формате ГГГГ-ММ-ДД' }) });

@ApiTags('Движок: перепроведение')
@ApiBearerAuth()
@ForModule(FROM_ROUTE)
@Controller('api/:module/hooked-documents')
export class HookRepostController {
  constructor(private readonly service: HookRepostService) {}

  /** E.g. `POST /api/accounting/hooked-documents/repost {from}`: accounting's entries for the trade documents posted before it was bought. */
  @Post('repost')
  @HttpCode(200)
  @ApiOperation({ summary: 'Перепровести с даты то, что модуль добавляет к документам других модулей (проводки бухгалтерии по документам торговли)' })
  @Answers(objectOf({ from: dateSchema('С какой даты'), documents: int('Сколько документов перепроведено'), alreadyPosted: int('Сколько уже имели движения и не тронуты') }), 'Итог перепроведения')
  repost(@Ctx() ctx: TenantRequestContext, @Param('module') module: string, @ValidBody(hookRepostSchema) body: z.infer<typeof hookRepostSchema>) {
    return this.service.repost(ctx, module, body.from);
  }
}

import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { Answers, AnswersFile } from '../http/openapi-responses';
import { ValidQuery } from '../http/validation';
import { auditColumns, auditCsv, auditFilter, auditQuery } from './audit-search';
import { auditActionsSchema, auditPageSchema, auditVerifySchema } from './audit.schemas';
import { verifyChain } from './chain';

const pageQuery = auditFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** «Журнал действий»: the company's audit log — search, CSV export and the hash-chain check. */
@ApiTags('Администрирование: журнал действий')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/audit-log')
export class AuditController {
  constructor(private readonly db: Database) {}

  @Get()
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'Журнал действий: поиск по периоду (UTC), сотруднику, объекту и действию' })
  @Answers(auditPageSchema, 'Страница журнала, новые первыми')
  async search(@Ctx() ctx: TenantRequestContext, @ValidQuery(pageQuery) q: z.infer<typeof pageQuery>) {
    const query = auditQuery(this.db.knex, ctx.tenant.id, q);
    const [{ total }] = await query.clone().clearSelect().count<{ total: string }[]>('* as total');
    const items = await query.orderBy('a.id', 'desc').limit(q.limit).offset(q.offset).select(auditColumns);
    return { items, total: Number(total) };
  }

  @Get('actions')
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'Действия, встречающиеся в журнале компании (для фильтра)' })
  @Answers(auditActionsSchema, 'Действия по алфавиту')
  actions(@Ctx() ctx: TenantRequestContext) {
    return this.db.knex('platform.audit_log').where({ tenant_id: ctx.tenant.id }).distinct('action').orderBy('action').pluck('action');
  }

  @Get('export.csv')
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'Журнал действий по фильтру в CSV (UTF-8, разделитель «;», до 100 000 строк)' })
  @AnswersFile('text/csv', 'Журнал действий')
  async export(@Ctx() ctx: TenantRequestContext, @ValidQuery(auditFilter) q: z.infer<typeof auditFilter>, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    return auditCsv(this.db.knex, ctx.tenant.id, q);
  }

  @Get('verify')
  @Allow('read', 'AuditLog')
  @ApiOperation({
    summary: 'Проверить целостность журнала',
    description: 'Пересчитывает цепочку хэшей журнала компании и называет первую изменённую запись или пропуск удалённых записей.',
  })
  @Answers(auditVerifySchema, 'Результат проверки')
  async verify(@Ctx() ctx: TenantRequestContext) {
    const report = await verifyChain(this.db.knex, ctx.tenant.id);
    return { ok: report.ok, rows: report.rows, problem: report.problem, checkedAt: new Date().toISOString() };
  }
}

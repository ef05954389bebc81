import { Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import type { JournalResult, TwoFactorPolicy } from '@workcloud/shared-core';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { Answers, AnswersFile, arrayOf, dateTime, int, nullable, objectOf, pageOf, str, uuid } from '../http/openapi-responses';
import { Problem } from '../http/problem';
import { uuidParam, ValidBody, ValidQuery } from '../http/validation';
import { tenantTable } from '../tenancy/tenant-schema';
import { endedSchema } from './auth.schemas';
import { JOURNAL_RESULTS, journalCsv, journalPage } from './login-journal';
import { SessionService } from './sessions.service';

const results = Object.keys(JOURNAL_RESULTS) as [JournalResult, ...JournalResult[]];
const day = z.iso.date('Дата в формате ГГГГ-ММ-ДД');
const filterQuery = z.object({
  userId: z.uuid('userId — идентификатор сотрудника (UUID)').optional(),
  result: z.enum(results, { message: `result — одно из: ${results.join(', ')}` }).optional(),
  from: day.optional().describe('С этого дня (UTC) включительно'),
  to: day.optional().describe('По этот день (UTC) включительно'),
});
const pageQuery = filterQuery.extend({
  offset: z.coerce.number().int().min(0, 'offset — не меньше 0').default(0),
  limit: z.coerce.number().int().min(1).max(200, 'limit — не больше 200').default(50),
});
const twoFactorPolicySchema = z
  .object({
    required: z.enum(['none', 'all', 'roles'], { message: 'required — none (не требовать), all (всех) или roles (для выбранных ролей)' }),
    roleIds: z.array(z.uuid('Идентификатор роли должен быть UUID')).max(100).default([]),
  })
  .refine((b) => b.required !== 'roles' || b.roleIds.length > 0, { message: 'Выберите хотя бы одну роль, для которой нужен второй фактор', path: ['roleIds'] });

const entrySchema = objectOf({
  id: int(),
  at: dateTime('Время попытки (UTC)'),
  email: str('E-mail, с которым входили'),
  userId: nullable(uuid()),
  fullName: nullable(str()),
  ip: nullable(str()),
  userAgent: nullable(str()),
  result: str('Результат', { enum: Object.keys(JOURNAL_RESULTS) }),
  resultTitle: str('Результат по-русски'),
  factor: nullable(str('password, totp, recovery_code или sso')),
});
const policyAnswer = objectOf({ required: str('none, all или roles', { enum: ['none', 'all', 'roles'] }), roleIds: arrayOf(uuid()) });

/** Periods are whole UTC days; `to` includes its day. */
function period(q: { from?: string; to?: string }) {
  if (q.from && q.to && q.from > q.to) throw Problem.badRequest('Начало периода позже его конца.', { errors: [{ field: 'from', message: 'Позже даты «по»' }] });
  return { from: q.from, to: q.to ? new Date(Date.parse(q.to) + 86_400_000).toISOString().slice(0, 10) : undefined };
}

/** The company admin's side of sign-in security: the login journal, the 2FA requirement, ending a member's sessions. */
@ApiTags('Администрирование: безопасность')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin')
export class SignInAdminController {
  constructor(
    private readonly db: Database,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  @Get('login-journal')
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'Журнал входов сотрудников: время, адрес, устройство, результат, способ входа' })
  @Answers(pageOf(entrySchema), 'Страница журнала, сначала новые')
  journal(@Ctx() ctx: TenantRequestContext, @ValidQuery(pageQuery) q: z.infer<typeof pageQuery>) {
    return journalPage(this.db.knex, ctx.tenant.id, { ...q, ...period(q) }, { offset: q.offset, limit: q.limit });
  }

  @Get('login-journal/export.csv')
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'Журнал входов по фильтру в CSV (UTF-8, разделитель «;»)' })
  @AnswersFile('text/csv', 'Журнал входов')
  async export(@Ctx() ctx: TenantRequestContext, @ValidQuery(filterQuery) q: z.infer<typeof filterQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="login-journal-${new Date().toISOString().slice(0, 10)}.csv"`);
    return journalCsv(this.db.knex, ctx.tenant.id, { ...q, ...period(q) });
  }

  @Get('security/two-factor')
  @Allow('read', 'User')
  @ApiOperation({ summary: 'Кому компания требует второй фактор (приложение-аутентификатор)' })
  @Answers(policyAnswer, 'Требование второго фактора')
  async policy(@Ctx() ctx: TenantRequestContext): Promise<TwoFactorPolicy> {
    const row = await this.db.knex('platform.tenants').where({ id: ctx.tenant.id }).first('two_factor_required', 'two_factor_role_ids');
    return { required: row.two_factor_required, roleIds: row.two_factor_role_ids ?? [] };
  }

  @Put('security/two-factor')
  @Allow('update', 'User')
  @ApiOperation({
    summary: 'Требовать второй фактор от всех сотрудников или от выбранных ролей',
    description: 'Сотрудник без приложения-аутентификатора при следующем входе сначала подключит его (по QR-коду), потом войдёт.',
  })
  @Answers(policyAnswer, 'Требование после изменения')
  async setPolicy(@Ctx() ctx: TenantRequestContext, @ValidBody(twoFactorPolicySchema) body: z.infer<typeof twoFactorPolicySchema>) {
    const roleIds = body.required === 'roles' ? [...new Set(body.roleIds)] : [];
    if (roleIds.length) {
      const found: string[] = await this.db.knex(tenantTable(ctx.tenant.schema, 'roles')).whereIn('id', roleIds).pluck('id');
      const missing = roleIds.filter((id) => !found.includes(id));
      if (missing.length) throw Problem.badRequest(`Роли не найдены: ${missing.join(', ')}. Обновите список ролей.`, { errors: [{ field: 'roleIds', message: 'Роли не найдены' }] });
    }
    await this.db.knex.transaction(async (trx) => {
      const before = await trx('platform.tenants').where({ id: ctx.tenant.id }).first('two_factor_required', 'two_factor_role_ids');
      await trx('platform.tenants').where({ id: ctx.tenant.id }).update({ two_factor_required: body.required, two_factor_role_ids: roleIds });
      await this.audit.record(
        { tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'SecuritySettings', before: { twoFactor: before.two_factor_required, roleIds: before.two_factor_role_ids }, after: { twoFactor: body.required, roleIds } },
        trx,
      );
    });
    return this.policy(ctx);
  }

  @Post('users/:id/sessions/end')
  @HttpCode(200)
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Завершить все сессии сотрудника в этой компании (например, потерянный ноутбук)' })
  @Answers(endedSchema, 'Сколько сессий завершено')
  async endMemberSessions(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const userId = uuidParam.parse(id);
    const member = await this.db.knex('platform.memberships').where({ user_id: userId, tenant_id: ctx.tenant.id }).first('user_id');
    if (!member) throw Problem.notFound('Такого сотрудника в компании нет. Обновите список.');
    const ended = await this.sessions.endAll(userId, { tenantId: ctx.tenant.id });
    await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'end_sessions', entity: 'User', entityId: userId, after: { ended } });
    return { ended };
  }
}

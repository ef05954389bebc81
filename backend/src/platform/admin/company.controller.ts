import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { actionTitles, SubjectRegistry } from '../access/subjects';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { ValidBody, ValidQuery } from '../http/validation';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { readTimeZone, saveTimeZone, timeZoneBody } from './time-zone';
import { ModuleOffer } from '../modules/module-offer.service';
import { Answers } from '../http/openapi-responses';
import { auditSchema, companyModulesSchema, subjectsSchema, timeZoneSchema } from './admin.schemas';

const auditQuery = z.object({
  entity: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

@ApiTags('Администрирование: компания')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin')
export class CompanyController {
  constructor(
    private readonly db: Database,
    private readonly subjects: SubjectRegistry,
    private readonly auditLog: AuditService,
    private readonly tenants: TenantContextService,
    private readonly offer: ModuleOffer,
  ) {}

  @Get('subjects')
  @Allow('read', 'Role')
  @ApiOperation({ summary: 'Объекты прав и их действия для редактора ролей (только модули компании)' })
  @Answers(subjectsSchema, 'Действия и объекты прав')
  listSubjects(@Ctx() ctx: TenantRequestContext) {
    return {
      actions: Object.entries(actionTitles).map(([action, t]) => ({ action, title: t.ru, titleEn: t.en })),
      subjects: this.subjects
        .all()
        .filter((s) => s.module === 'admin' || ctx.tenant.modules.includes(s.module))
        .map(({ subject, title, titleEn, module, actions, fields }) => ({ subject, title, titleEn, module, actions, fields })),
    };
  }

  @Get('modules')
  @Allow('read', 'Subscription')
  @ApiOperation({ summary: 'Модули компании и те, что можно подключить: цена на сегодня (копейки в месяц, с НДС), следующая цена, отметка «подключён»' })
  @Answers(companyModulesSchema, 'Модули: подключённые и доступные')
  modules(@Ctx() ctx: TenantRequestContext) {
    return this.offer.forTenant(ctx.tenant.id);
  }

  @Get('company/time-zone')
  @ApiOperation({
    summary: 'Часовой пояс компании (IANA) и «сегодня» в нём',
    description: 'Документ без даты получает сегодняшнюю дату этого пояса; отчёты и формы берут её же. По умолчанию Europe/Moscow. Виден всем сотрудникам (он же в /api/me).',
  })
  @Answers(timeZoneSchema, 'Часовой пояс и сегодня')
  timeZone(@Ctx() ctx: TenantRequestContext) {
    return readTimeZone(this.db, ctx.tenant.id);
  }

  @Put('company/time-zone')
  @Allow('update', 'CompanySettings')
  @ApiOperation({ summary: 'Сменить часовой пояс компании: название из базы IANA (Europe/Moscow, Asia/Vladivostok…); неизвестное — 400' })
  @Answers(timeZoneSchema, 'Часовой пояс после изменения')
  setTimeZone(@Ctx() ctx: TenantRequestContext, @ValidBody(timeZoneBody) body: { timeZone: string }) {
    return saveTimeZone({ db: this.db, audit: this.auditLog, tenants: this.tenants }, ctx, body.timeZone);
  }

  @Get('audit')
  @Allow('read', 'AuditLog')
  @ApiOperation({ summary: 'Журнал изменений компании: кто, когда, что, было/стало' })
  @Answers(auditSchema, 'Записи журнала, новые первыми')
  async audit(@Ctx() ctx: TenantRequestContext, @ValidQuery(auditQuery) query: z.infer<typeof auditQuery>) {
    const q = this.db.knex('platform.audit_log as a').leftJoin('platform.users as u', 'u.id', 'a.user_id').where('a.tenant_id', ctx.tenant.id);
    if (query.entity) q.where('a.entity', query.entity);
    const items = await q
      .orderBy('a.id', 'desc')
      .limit(query.limit)
      .offset(query.offset)
      .select('a.id', 'a.at', 'a.action', 'a.entity', 'a.entity_id as entityId', 'a.before', 'a.after', 'u.email as userEmail');
    return { items };
  }
}

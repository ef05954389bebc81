import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, OwnerOnly, type RequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { passwordSchema } from '../auth/passwords';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { uuidParam, ValidBody, ValidQuery } from '../http/validation';
import { ModuleCatalogue } from '../modules/module-catalogue';
import { innSchema, kppSchema } from '../ru/identifiers';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { ProvisionerClient } from './provisioner.client';

const onboardSchema = z.object({
  name: z.string().trim().min(2, 'Укажите название компании').max(300),
  inn: innSchema,
  kpp: kppSchema.optional(),
  adminEmail: z.string().trim().email('Укажите e-mail администратора компании'),
  adminPassword: passwordSchema,
  adminFullName: z.string().trim().max(200).optional(),
  modules: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'Код модуля — латинские строчные буквы')).default([]),
});
const tenantListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['provisioning', 'trial', 'active', 'past_due', 'suspended', 'archived']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const modulePatchSchema = z.object({
  title: z.string().trim().min(2).max(200).optional(),
  monthlyPriceKopecks: z.number().int('Цена — целое число копеек').min(0).max(10_000_000_00).optional(),
});
const uiVersionSchema = z.object({
  version: z.string().trim().regex(/^[0-9A-Za-z.\-+]{1,40}$/, 'Версия — например 1.4.0'),
  remoteEntry: z.string().trim().min(1).max(500).refine((s) => s.startsWith('/') || /^https?:\/\//.test(s), 'Адрес remoteEntry.js — путь от корня (/mf/…) или http(s)-URL'),
  remoteName: z.string().trim().regex(/^[a-z][a-z0-9_]*$/).optional(),
  exposedModule: z.string().trim().default('./App'),
  makeCurrent: z.boolean().default(true),
});
const pinSchema = z.object({ version: z.string().trim().min(1).nullable() });

@ApiTags('Владелец платформы')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner')
export class OwnerController {
  constructor(
    private readonly db: Database,
    private readonly provisioner: ProvisionerClient,
    private readonly catalogue: ModuleCatalogue,
    private readonly tenants: TenantContextService,
    private readonly audit: AuditService,
  ) {}

  @Get('tenants')
  @ApiOperation({ summary: 'Клиенты: статус, модули, сумма в месяц, число сотрудников, последний вход' })
  async listTenants(@ValidQuery(tenantListQuery) query: z.infer<typeof tenantListQuery>) {
    const k = this.db.knex;
    const q = k('platform.tenants as t');
    if (query.q) q.where((w) => w.whereILike('t.name', `%${query.q}%`).orWhere('t.inn', 'like', `${query.q}%`));
    if (query.status) q.where('t.status', query.status);
    const total = Number((await q.clone().count<{ count: string }[]>('* as count'))[0].count);
    const items = await q
      .select(
        't.id',
        't.name',
        't.inn',
        't.kpp',
        't.status',
        't.schema_version as schemaVersion',
        't.trial_ends_on as trialEndsOn',
        't.created_at as createdAt',
        k.raw(`array(SELECT module_code FROM platform.tenant_modules tm WHERE tm.tenant_id = t.id ORDER BY 1) AS modules`),
        k.raw(`(SELECT coalesce(sum(m.monthly_price_kopecks), 0)::bigint FROM platform.tenant_modules tm JOIN platform.modules m ON m.code = tm.module_code WHERE tm.tenant_id = t.id) AS "monthlyKopecks"`),
        k.raw(`(SELECT count(*)::int FROM platform.memberships ms WHERE ms.tenant_id = t.id AND ms.status = 'active') AS "userCount"`),
        k.raw(`(SELECT max(at) FROM platform.login_journal lj WHERE lj.tenant_id = t.id AND lj.success) AS "lastSignInAt"`),
      )
      .orderBy('t.created_at', 'desc')
      .limit(query.limit)
      .offset(query.offset);
    return { items: items.map((t) => ({ ...t, monthlyKopecks: Number(t.monthlyKopecks) })), total };
  }

  @Post('tenants')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Повтор запроса с тем же ключом не создаст второго клиента' })
  @ApiOperation({ summary: 'Подключить клиента: компания, её схема, роли, первый администратор, модули (через tenant-provisioner)' })
  async onboard(@Ctx() ctx: RequestContext, @ValidBody(onboardSchema) body: z.infer<typeof onboardSchema>, @Headers('idempotency-key') idempotencyKey?: string) {
    await this.catalogue.refreshFor(...body.modules);
    const unknown = body.modules.filter((m) => !this.catalogue.isSellable(m));
    if (unknown.length) throw Problem.badRequest(`Нет таких модулей для продажи: ${unknown.join(', ')}. Список — GET /api/owner/modules.`);
    const requestId = idempotencyKey?.slice(0, 200) || randomUUID();
    const result = await this.provisioner.provision({ requestId, ...body });
    await this.audit.record({ tenantId: result.tenantId, userId: ctx.principal.userId, action: 'onboard', entity: 'Tenant', entityId: result.tenantId, after: { name: body.name, inn: body.inn, modules: body.modules, adminEmail: body.adminEmail } });
    return { id: result.tenantId, status: result.status };
  }

  @Get('tenants/:id')
  async getTenant(@Param('id') id: string) {
    const tenant = await this.db.knex('platform.tenants').where({ id: uuidParam.parse(id) }).first('id', 'name', 'inn', 'kpp', 'status', 'schema_version as schemaVersion', 'trial_ends_on as trialEndsOn', 'created_at as createdAt');
    if (!tenant) throw Problem.notFound('Клиент не найден.');
    const modules = await this.db.knex('platform.tenant_modules').where({ tenant_id: tenant.id }).select('module_code as code', 'enabled_at as enabledAt', 'ui_version_pin as uiVersionPin');
    const users = await this.db.knex('platform.memberships as m').join('platform.users as u', 'u.id', 'm.user_id').where('m.tenant_id', tenant.id).select('u.email', 'u.full_name as fullName', 'm.status');
    return { ...tenant, modules, users };
  }

  @Post('tenants/:id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Приостановить клиента: вход работает, данные только для просмотра' })
  async suspend(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const result = await this.provisioner.suspend(uuidParam.parse(id));
    await this.tenants.invalidateTenant(id);
    await this.audit.record({ tenantId: id, userId: ctx.principal.userId, action: 'suspend', entity: 'Tenant', entityId: id });
    return result;
  }

  @Post('tenants/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Возобновить работу клиента' })
  async resume(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const result = await this.provisioner.resume(uuidParam.parse(id));
    await this.tenants.invalidateTenant(id);
    await this.audit.record({ tenantId: id, userId: ctx.principal.userId, action: 'resume', entity: 'Tenant', entityId: id });
    return result;
  }

  @Put('tenants/:id/modules/:code/ui-pin')
  @ApiOperation({ summary: 'Закрепить за клиентом версию интерфейса модуля (null — текущая версия для всех)' })
  async pinUi(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('code') code: string, @ValidBody(pinSchema) body: z.infer<typeof pinSchema>) {
    const tenantId = uuidParam.parse(id);
    if (body.version) {
      const exists = await this.db.knex('platform.module_ui_versions').where({ module_code: code, version: body.version }).first('version');
      if (!exists) throw Problem.badRequest(`У модуля «${this.catalogue.title(code)}» нет версии интерфейса ${body.version}.`);
    }
    const updated = await this.db.knex('platform.tenant_modules').where({ tenant_id: tenantId, module_code: code }).update({ ui_version_pin: body.version });
    if (!updated) throw Problem.notFound('У клиента не подключён этот модуль.');
    await this.audit.record({ tenantId, userId: ctx.principal.userId, action: 'pin-ui', entity: 'TenantModule', entityId: code, after: body });
    return { tenantId, module: code, uiVersionPin: body.version };
  }

  @Get('modules')
  @ApiOperation({ summary: 'Каталог модулей: цены и версии интерфейсов' })
  async listModules() {
    const modules = await this.db.knex('platform.modules').orderBy('sort_order').select('code', 'title', 'title_en as titleEn', 'description', 'monthly_price_kopecks as monthlyPriceKopecks', 'always_included as alwaysIncluded', 'owner_only as ownerOnly');
    const versions = await this.db.knex('platform.module_ui_versions').orderBy('created_at').select('module_code', 'version', 'remote_entry as remoteEntry', 'remote_name as remoteName', 'exposed_module as exposedModule', 'is_current as isCurrent');
    return modules.map((m) => ({ ...m, monthlyPriceKopecks: Number(m.monthlyPriceKopecks), uiVersions: versions.filter((v) => v.module_code === m.code).map(({ module_code: _, ...v }) => v) }));
  }

  @Put('modules/:code')
  @ApiOperation({ summary: 'Изменить название или цену модуля (копейки в месяц)' })
  async updateModule(@Ctx() ctx: RequestContext, @Param('code') code: string, @ValidBody(modulePatchSchema) body: z.infer<typeof modulePatchSchema>) {
    await this.catalogue.refreshFor(code);
    if (!this.catalogue.exists(code)) throw Problem.notFound(`Модуля ${code} нет в каталоге.`);
    const patch: Record<string, unknown> = {};
    if (body.title !== undefined) patch.title = body.title;
    if (body.monthlyPriceKopecks !== undefined) patch.monthly_price_kopecks = body.monthlyPriceKopecks;
    if (Object.keys(patch).length) await this.db.knex('platform.modules').where({ code }).update(patch);
    await this.audit.record({ tenantId: null, userId: ctx.principal.userId, action: 'update', entity: 'Module', entityId: code, after: body });
    return (await this.listModules()).find((m) => m.code === code);
  }

  @Post('modules/:code/ui-versions')
  @ApiOperation({ summary: 'Зарегистрировать развёрнутую версию интерфейса модуля; makeCurrent — сделать её текущей для всех' })
  async addUiVersion(@Ctx() ctx: RequestContext, @Param('code') code: string, @ValidBody(uiVersionSchema) body: z.infer<typeof uiVersionSchema>) {
    await this.catalogue.refreshFor(code);
    if (!this.catalogue.exists(code)) throw Problem.notFound(`Модуля ${code} нет в каталоге.`);
    await this.db.knex.transaction(async (trx) => {
      const current = await trx('platform.module_ui_versions').where({ module_code: code, is_current: true }).first('remote_name');
      if (body.makeCurrent) await trx('platform.module_ui_versions').where({ module_code: code }).update({ is_current: false });
      await trx('platform.module_ui_versions')
        .insert({ module_code: code, version: body.version, remote_entry: body.remoteEntry, remote_name: body.remoteName ?? current?.remote_name ?? code, exposed_module: body.exposedModule, is_current: body.makeCurrent })
        .onConflict(['module_code', 'version'])
        .merge(['remote_entry', 'remote_name', 'exposed_module', 'is_current']);
      await this.audit.record({ tenantId: null, userId: ctx.principal.userId, action: 'ui-version', entity: 'Module', entityId: code, after: body }, trx);
    });
    return (await this.listModules()).find((m) => m.code === code);
  }
}

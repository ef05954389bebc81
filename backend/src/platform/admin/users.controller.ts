import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { whereAllowed } from '../access/ability';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { addMembership, findOrCreateUser, setUserRoles } from '../auth/users';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { uuidParam, ValidBody, ValidQuery } from '../http/validation';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { quoteSchema } from '../tenancy/tenant-schema';

const inviteSchema = z.object({
  email: z.string().trim().email('Укажите e-mail сотрудника в формате name@company.ru'),
  fullName: z.string().trim().min(1, 'Укажите ФИО сотрудника').max(200),
  password: z.string().optional().describe('Если не указан — будет выдан одноразовый пароль'),
  roleIds: z.array(z.uuid('Идентификатор роли должен быть UUID')).default([]),
});
const updateSchema = z.object({
  fullName: z.string().trim().min(1).max(200).optional(),
  roleIds: z.array(z.uuid('Идентификатор роли должен быть UUID')).optional(),
});
const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const userColumns: Record<string, string> = { id: 'u.id', email: 'u.email', full_name: 'u.full_name', status: 'm.status' };

@ApiTags('Администрирование: пользователи')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/users')
export class UsersController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly tenants: TenantContextService,
  ) {}

  private baseQuery(ctx: TenantRequestContext) {
    const k = this.db.knex;
    const s = quoteSchema(ctx.tenant.schema);
    return k('platform.memberships as m')
      .join('platform.users as u', 'u.id', 'm.user_id')
      .where('m.tenant_id', ctx.tenant.id)
      .select(
        'u.id',
        'u.email',
        'u.full_name as fullName',
        'm.status',
        'm.created_at as joinedAt',
        k.raw(
          `coalesce((SELECT jsonb_agg(jsonb_build_object('id', r.id, 'code', r.code, 'name', r.name) ORDER BY r.name)
             FROM ${s}.user_roles ur JOIN ${s}.roles r ON r.id = ur.role_id WHERE ur.user_id = u.id), '[]') AS roles`,
        ),
      );
  }

  @Get()
  @Allow('read', 'User')
  @ApiOperation({ summary: 'Сотрудники компании с ролями (фильтр по правам — в SQL)' })
  async list(@Ctx() ctx: TenantRequestContext, @ValidQuery(listQuery) query: z.infer<typeof listQuery>) {
    const q = this.baseQuery(ctx);
    whereAllowed(q, ctx.ability, 'read', 'User', (f) => userColumns[f]);
    if (query.q) q.where((w) => w.whereILike('u.email', `%${query.q}%`).orWhereILike('u.full_name', `%${query.q}%`));
    if (query.status) q.where('m.status', query.status);
    const total = await q.clone().clearSelect().clearOrder().count<{ count: string }[]>('* as count');
    const items = await q.orderBy('u.full_name').limit(query.limit).offset(query.offset);
    return { items, total: Number(total[0].count) };
  }

  @Post()
  @Allow('create', 'User')
  @ApiOperation({ summary: 'Пригласить сотрудника: создать учётную запись (или взять существующую по e-mail), выдать роли' })
  async invite(@Ctx() ctx: TenantRequestContext, @ValidBody(inviteSchema) body: z.infer<typeof inviteSchema>) {
    const result = await this.db.knex.transaction(async (trx) => {
      const user = await findOrCreateUser(trx, body);
      const already = await trx('platform.memberships').where({ user_id: user.id, tenant_id: ctx.tenant.id }).first();
      if (already) throw Problem.conflict(`Сотрудник ${body.email} уже есть в компании. Измените его роли в списке пользователей.`);
      await addMembership(trx, user.id, ctx.tenant.id);
      await setUserRoles(trx, ctx.tenant.schema, user.id, body.roleIds);
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'create', entity: 'User', entityId: user.id, after: { email: body.email, fullName: body.fullName, roleIds: body.roleIds } }, trx);
      return user;
    });
    await this.tenants.invalidatePermissions(ctx.tenant.id);
    return { id: result.id, existingAccount: !result.created, temporaryPassword: result.temporaryPassword };
  }

  @Get(':id')
  @Allow('read', 'User')
  async get(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const q = this.baseQuery(ctx).where('u.id', uuidParam.parse(id));
    whereAllowed(q, ctx.ability, 'read', 'User', (f) => userColumns[f]);
    const user = await q.first();
    if (!user) throw Problem.notFound('Сотрудник не найден в вашей компании.');
    return user;
  }

  @Patch(':id')
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Изменить ФИО или роли сотрудника' })
  async update(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(updateSchema) body: z.infer<typeof updateSchema>) {
    const before = await this.get(ctx, id);
    await this.db.knex.transaction(async (trx) => {
      if (body.fullName !== undefined) await trx('platform.users').where({ id: before.id }).update({ full_name: body.fullName });
      if (body.roleIds) await setUserRoles(trx, ctx.tenant.schema, before.id, body.roleIds);
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'User', entityId: before.id, before, after: body }, trx);
    });
    await this.tenants.invalidatePermissions(ctx.tenant.id);
    return this.get(ctx, id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Отключить сотрудника: он больше не может войти в компанию (данные сохраняются)' })
  deactivate(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    if (id === ctx.principal.userId) throw Problem.unprocessable('Нельзя отключить собственную учётную запись.');
    return this.setStatus(ctx, id, 'deactivated');
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Allow('update', 'User')
  activate(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.setStatus(ctx, id, 'active');
  }

  private async setStatus(ctx: TenantRequestContext, id: string, status: 'active' | 'deactivated') {
    const before = await this.get(ctx, id);
    await this.db.knex.transaction(async (trx) => {
      await trx('platform.memberships').where({ user_id: before.id, tenant_id: ctx.tenant.id }).update({ status });
      if (status === 'deactivated')
        await trx('platform.refresh_tokens').where({ user_id: before.id, tenant_id: ctx.tenant.id }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: status === 'active' ? 'activate' : 'deactivate', entity: 'User', entityId: before.id, before: { status: before.status }, after: { status } }, trx);
    });
    await this.tenants.invalidatePermissions(ctx.tenant.id);
    return this.get(ctx, id);
  }
}

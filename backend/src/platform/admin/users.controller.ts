import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { whereAllowed } from '../access/ability';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { InvitationService } from '../auth/invitations.service';
import { setUserRoles } from '../auth/users';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { uuidParam, ValidBody, ValidQuery } from '../http/validation';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { quoteSchema } from '../tenancy/tenant-schema';
import { Answers } from '../http/openapi-responses';
import { companyUserSchema, companyUsersSchema, invitedSchema } from './admin.schemas';

const inviteSchema = z.object({
  email: z.string().trim().email('Укажите e-mail сотрудника в формате name@company.ru'),
  fullName: z.string().trim().min(1, 'Укажите ФИО сотрудника').max(200).describe('Имя новой учётной записи; у существующей не меняется'),
  password: z.string().max(200).optional().describe('Только для новой учётной записи; без него человек получит письмо со ссылкой, чтобы задать пароль сам'),
  roleIds: z.array(z.uuid('Идентификатор роли должен быть UUID')).default([]),
});
// Only the membership is the company's: the name, e-mail and password belong to the person (PATCH /api/me/profile).
const updateSchema = z.object({
  fullName: z.unknown().optional(),
  email: z.unknown().optional(),
  password: z.unknown().optional(),
  roleIds: z.array(z.uuid('Идентификатор роли должен быть UUID')).optional(),
});
const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(['active', 'deactivated']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A role's condition fields on people → the columns of the memberships query (also the workplace's search). */
export const userColumns: Record<string, string> = { id: 'u.id', email: 'u.email', full_name: 'u.full_name', status: 'm.status' };

@ApiTags('Администрирование: пользователи')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/users')
export class UsersController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly tenants: TenantContextService,
    private readonly invitations: InvitationService,
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
  @Answers(companyUsersSchema, 'Страница сотрудников')
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
  @ApiOperation({
    summary: 'Пригласить сотрудника по e-mail',
    description:
      'Нет учётной записи — она создаётся (с указанным ФИО) и сразу получает доступ к компании, человеку уходит письмо. ' +
      'Учётная запись есть — она не меняется: человек получает приглашение и принимает его после входа. Ответ в обоих случаях одинаковый: {id, email, status: "invited"}.',
  })
  @Answers(invitedSchema, 'Приглашение отправлено', 201)
  invite(@Ctx() ctx: TenantRequestContext, @ValidBody(inviteSchema) body: z.infer<typeof inviteSchema>) {
    return this.invitations.invite(ctx, body);
  }

  @Get(':id')
  @Allow('read', 'User')
  @Answers(companyUserSchema, 'Сотрудник')
  async get(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const q = this.baseQuery(ctx).where('u.id', uuidParam.parse(id));
    whereAllowed(q, ctx.ability, 'read', 'User', (f) => userColumns[f]);
    const user = await q.first();
    if (!user) throw Problem.notFound('Сотрудник не найден в вашей компании.');
    return user;
  }

  @Patch(':id')
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Изменить роли сотрудника в компании (ФИО, e-mail и пароль меняет только сам человек)' })
  @Answers(companyUserSchema, 'Сотрудник после изменения')
  async update(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(updateSchema) body: z.infer<typeof updateSchema>) {
    const personal = (['fullName', 'email', 'password'] as const).filter((f) => body[f] !== undefined);
    if (personal.length)
      throw Problem.forbidden('ФИО, e-mail и пароль принадлежат самому сотруднику, а не компании: он меняет их в своём профиле. Администратор меняет только роли и доступ к компании.', {
        errors: personal.map((field) => ({ field, message: 'Меняет только сам сотрудник' })),
      });
    const before = await this.get(ctx, id);
    await this.db.knex.transaction(async (trx) => {
      if (body.roleIds) await setUserRoles(trx, ctx.tenant.schema, before.id, body.roleIds);
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'User', entityId: before.id, before, after: { roleIds: body.roleIds } }, trx);
    });
    await this.tenants.invalidatePermissions(ctx.tenant.id);
    return this.get(ctx, id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Отключить сотрудника: он больше не может войти в компанию (данные сохраняются)' })
  @Answers(companyUserSchema, 'Сотрудник после изменения')
  deactivate(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    if (id === ctx.principal.userId) throw Problem.unprocessable('Нельзя отключить собственную учётную запись.');
    return this.setStatus(ctx, id, 'deactivated');
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Allow('update', 'User')
  @Answers(companyUserSchema, 'Сотрудник после изменения')
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

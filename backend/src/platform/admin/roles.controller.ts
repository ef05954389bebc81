import { randomUUID } from 'node:crypto';
import { Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { roleRuleSchema, validateRules, whereAllowed, type FieldKind, type RoleRule } from '../access/ability';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { SubjectRegistry } from '../access/subjects';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import type { FieldDeclaration } from '../engine/declarations';
import { ConfigurationRegistry, subjectOf } from '../engine/registry';
import { Problem } from '../http/problem';
import { uuidParam, ValidBody } from '../http/validation';
import { TenantContextService } from '../tenancy/tenant-context.service';
import { tenantTable } from '../tenancy/tenant-schema';
import { Answers } from '../http/openapi-responses';
import { roleSchema as roleAnswerSchema, rolesSchema } from './admin.schemas';

const roleSchema = z.object({
  name: z.string().trim().min(2, 'Название роли — не короче 2 символов').max(100),
  description: z.string().trim().max(500).default(''),
  rules: z.array(roleRuleSchema).max(500),
});

const roleColumns: Record<string, string> = { id: 'id', code: 'code', name: 'name', is_system: 'is_system' };

const kindOfType = (f: FieldDeclaration | undefined): FieldKind | undefined =>
  !f ? undefined : f.type === 'ref' ? 'uuid' : f.type === 'date' ? 'date' : f.type === 'boolean' ? 'boolean' : ['integer', 'decimal', 'money'].includes(f.type) ? 'number' : 'text';

/** The column type of a declared catalog's, document's or register's field, for checking role conditions against it. */
function declaredFieldKind(registry: ConfigurationRegistry, subject: string, field: string): FieldKind | undefined {
  const d = registry.all().find((x) => subjectOf(x) === subject);
  if (!d) return undefined;
  if (field === 'id' || field === 'created_by') return 'uuid';
  if (d.kind === 'register') return kindOfType(d.dimensions[field]);
  if (d.kind === 'report') return undefined;
  if (d.kind === 'document' && field === 'date') return 'date';
  return kindOfType(d.fields[field]) ?? 'text';
}

@ApiTags('Администрирование: роли')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/roles')
export class RolesController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly tenants: TenantContextService,
    private readonly subjects: SubjectRegistry,
    private readonly registry: ConfigurationRegistry,
  ) {}

  private validate(rules: RoleRule[]) {
    validateRules(rules, this.subjects, (subject, field) => declaredFieldKind(this.registry, subject, field));
  }

  @Get()
  @Allow('read', 'Role')
  @ApiOperation({ summary: 'Роли компании с правилами CASL и числом сотрудников' })
  @Answers(rolesSchema, 'Роли компании')
  list(@Ctx() ctx: TenantRequestContext) {
    const q = this.db.knex(tenantTable(ctx.tenant.schema, 'roles'))
      .select('id', 'code', 'name', 'description', 'rules', 'is_system as isSystem', this.db.knex.raw(`(SELECT count(*)::int FROM "${ctx.tenant.schema}".user_roles ur WHERE ur.role_id = roles.id) AS "userCount"`))
      .orderBy([{ column: 'is_system', order: 'desc' }, 'name']);
    return whereAllowed(q, ctx.ability, 'read', 'Role', (f) => roleColumns[f]);
  }

  @Post()
  @Allow('create', 'Role')
  @ApiOperation({ summary: 'Создать роль: права — правила {action, subject, conditions?, fields?, inverted?}' })
  @Answers(roleAnswerSchema, 'Новая роль', 201)
  async create(@Ctx() ctx: TenantRequestContext, @ValidBody(roleSchema) body: z.infer<typeof roleSchema>) {
    this.validate(body.rules as RoleRule[]);
    const id = randomUUID();
    await this.db.knex.transaction(async (trx) => {
      await this.assertNameFree(trx, ctx, body.name);
      await trx(tenantTable(ctx.tenant.schema, 'roles')).insert({ id, name: body.name, description: body.description, rules: JSON.stringify(body.rules) });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'create', entity: 'Role', entityId: id, after: body }, trx);
    });
    return this.get(ctx, id);
  }

  @Get(':id')
  @Allow('read', 'Role')
  @Answers(roleAnswerSchema, 'Роль')
  async get(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const role = await this.db.knex(tenantTable(ctx.tenant.schema, 'roles')).where({ id: uuidParam.parse(id) }).first('id', 'code', 'name', 'description', 'rules', 'is_system as isSystem');
    if (!role) throw Problem.notFound('Роль не найдена в вашей компании.');
    return role;
  }

  @Put(':id')
  @Allow('update', 'Role')
  @ApiOperation({ summary: 'Изменить роль; новые права действуют со следующего запроса сотрудников' })
  @Answers(roleAnswerSchema, 'Роль после изменения')
  async update(@Ctx() ctx: TenantRequestContext, @Param('id') id: string, @ValidBody(roleSchema) body: z.infer<typeof roleSchema>) {
    const before = await this.get(ctx, id);
    // The administrator role always keeps full rights, so a company cannot lock itself out.
    if (before.code === 'admin') throw Problem.unprocessable('Права роли «Администратор» изменить нельзя — создайте новую роль.');
    this.validate(body.rules as RoleRule[]);
    await this.db.knex.transaction(async (trx) => {
      if (body.name.toLowerCase() !== before.name.toLowerCase()) await this.assertNameFree(trx, ctx, body.name);
      await trx(tenantTable(ctx.tenant.schema, 'roles')).where({ id: before.id }).update({ name: body.name, description: body.description, rules: JSON.stringify(body.rules), customized: true, updated_at: trx.fn.now() });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'Role', entityId: before.id, before, after: body }, trx);
    });
    await this.tenants.invalidatePermissions(ctx.tenant.id);
    return this.get(ctx, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow('delete', 'Role')
  async remove(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    const before = await this.get(ctx, id);
    if (before.isSystem) throw Problem.unprocessable(`Роль «${before.name}» встроенная, её нельзя удалить.`);
    await this.db.knex.transaction(async (trx) => {
      await trx(tenantTable(ctx.tenant.schema, 'roles')).where({ id: before.id }).delete();
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'delete', entity: 'Role', entityId: before.id, before }, trx);
    });
    await this.tenants.invalidatePermissions(ctx.tenant.id);
  }

  private async assertNameFree(trx: typeof this.db.knex, ctx: TenantRequestContext, name: string) {
    const clash = await trx(tenantTable(ctx.tenant.schema, 'roles')).whereRaw('lower(name) = lower(?)', [name]).first('id');
    if (clash) throw Problem.conflict(`Роль «${name}» уже есть. Выберите другое название.`);
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_TIME_ZONE } from '@workcloud/shared-core';
import { packAbilityRules } from '../access/ability';
import { Ctx, type RequestContext } from '../access/request-context';
import { Database } from '../database/database';
import { ModuleCatalogue } from '../modules/module-catalogue';
import { tenantTable } from '../tenancy/tenant-schema';
import { Answers } from '../http/openapi-responses';
import { meSchema } from './me.schemas';

@ApiTags('Профиль')
@ApiBearerAuth()
@Controller('api/me')
export class MeController {
  constructor(
    private readonly db: Database,
    private readonly catalogue: ModuleCatalogue,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Кто я: пользователь, компания, роли, правила CASL (packRules) и купленные модули с их UI',
    description: 'Оболочка строит меню и загружает интерфейсы модулей по этому ответу; список модулей берётся из каталога платформы при каждом запросе.',
  })
  @Answers(meSchema, 'Пользователь, компания, роли, правила и модули')
  async me(@Ctx() ctx: RequestContext) {
    const { principal, tenant } = ctx;
    const user = await this.db.knex('platform.users').where({ id: principal.userId }).first('id', 'email', 'full_name');
    const roles = tenant
      ? await this.db.knex(`${tenantTable(tenant.schema, 'user_roles')} as ur`)
          .join(`${tenantTable(tenant.schema, 'roles')} as r`, 'r.id', 'ur.role_id')
          .where('ur.user_id', principal.userId)
          .orderBy('r.name')
          .select('r.id', 'r.code', 'r.name')
      : [];
    const rules = tenant ? (ctx.rules ?? []) : [{ action: 'manage' as const, subject: 'Platform' }];
    return {
      user: { id: user.id, email: user.email, fullName: user.full_name },
      isOwner: principal.isOwner,
      // timeZone: the UI's «today» (default dates of documents and reports) is the calendar day there.
      tenant: tenant ? { id: tenant.id, name: tenant.name, status: tenant.status, timeZone: tenant.timeZone ?? DEFAULT_TIME_ZONE } : null,
      roles,
      rules: packAbilityRules(rules, principal.userId),
      modules: await this.catalogue.uisFor(tenant ? tenant.id : null),
    };
  }
}

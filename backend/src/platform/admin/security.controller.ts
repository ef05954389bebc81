import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { PLATFORM_MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { Database } from '../database/database';
import { ValidBody } from '../http/validation';
import { Answers } from '../http/openapi-responses';
import { securitySchema as securityAnswerSchema } from './admin.schemas';

const MAX_MIN_LENGTH = 64;
const securitySchema = z.object({
  passwordMinLength: z
    .number({ message: 'Укажите минимальную длину пароля числом' })
    .int('Минимальная длина пароля — целое число')
    .min(PLATFORM_MIN_PASSWORD_LENGTH, `Не меньше ${PLATFORM_MIN_PASSWORD_LENGTH}: короче платформа не разрешает`)
    .max(MAX_MIN_LENGTH, `Не больше ${MAX_MIN_LENGTH}`),
});

/** The company's demands on its people's sign-in, above the platform's own rules. */
@ApiTags('Администрирование: безопасность')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/security')
export class SecurityController {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Allow('read', 'User')
  @ApiOperation({ summary: 'Требования компании к паролям сотрудников' })
  @Answers(securityAnswerSchema, 'Требования к паролям')
  async get(@Ctx() ctx: TenantRequestContext) {
    const row = await this.db.knex('platform.tenants').where({ id: ctx.tenant.id }).first('password_min_length');
    return { passwordMinLength: Number(row.password_min_length), platformMinLength: PLATFORM_MIN_PASSWORD_LENGTH };
  }

  @Put()
  @Allow('update', 'User')
  @ApiOperation({
    summary: 'Минимальная длина пароля для сотрудников компании (от 10)',
    description: 'Действует, когда сотрудник задаёт или меняет пароль; если человек работает в нескольких компаниях — самое строгое из их требований.',
  })
  @Answers(securityAnswerSchema, 'Требования после изменения')
  async put(@Ctx() ctx: TenantRequestContext, @ValidBody(securitySchema) body: z.infer<typeof securitySchema>) {
    await this.db.knex.transaction(async (trx) => {
      const before = await trx('platform.tenants').where({ id: ctx.tenant.id }).first('password_min_length');
      await trx('platform.tenants').where({ id: ctx.tenant.id }).update({ password_min_length: body.passwordMinLength });
      await this.audit.record({ tenantId: ctx.tenant.id, userId: ctx.principal.userId, action: 'update', entity: 'SecuritySettings', before: { passwordMinLength: Number(before.password_min_length) }, after: body }, trx);
    });
    return this.get(ctx);
  }
}

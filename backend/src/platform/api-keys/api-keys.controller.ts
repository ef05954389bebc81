import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { Problem } from '../http/problem';
import { Answers } from '../http/openapi-responses';
import { uuidParam, ValidBody } from '../http/validation';
import { parseCidr } from './addresses';
import { apiKeySchema, apiKeysSchema, issuedApiKeySchema } from './api-keys.schemas';
import { ApiKeyService } from './api-keys.service';

const MAX_LIFETIME_DAYS = 3 * 366;

const issueBody = z.object({
  name: z.string().trim().min(2, 'Назовите ключ (не короче 2 символов): для какой программы он').max(100),
  roleId: uuidParam,
  expiresAt: z.iso
    .datetime({ offset: true, message: 'Срок действия — дата и время ISO 8601, например 2027-01-31T00:00:00Z' })
    .transform((s) => new Date(s))
    .refine((d) => d.getTime() > Date.now(), 'Срок действия должен быть в будущем')
    .refine((d) => d.getTime() < Date.now() + MAX_LIFETIME_DAYS * 86_400_000, 'Ключ выпускается не больше чем на 3 года'),
  allowedCidrs: z
    .array(z.string().trim().refine((c) => parseCidr(c) !== null, 'Адрес или сеть — например 203.0.113.7 или 203.0.113.0/24 (IPv6 тоже)'))
    .max(50)
    .default([]),
  requestsPerMinute: z.number().int('Целое число запросов').min(1).max(10_000).default(600),
});

/** The company's API keys («API-ключи»): programs call WorkCloud with `Authorization: Bearer wc_…`. */
@ApiTags('Администрирование: API-ключи')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Get()
  @Allow('read', 'Role')
  @ApiOperation({ summary: 'API-ключи компании: роль, срок, разрешённые адреса, последнее использование' })
  @Answers(apiKeysSchema, 'Ключи, новые первыми (сами ключи не показываются)')
  list(@Ctx() ctx: TenantRequestContext) {
    return this.keys.listWithRoles(ctx.tenant);
  }

  @Post()
  @Allow('update', 'Role')
  @ApiOperation({
    summary: 'Выпустить API-ключ',
    description: 'Ключ действует с правами выбранной роли до срока действия, только с разрешённых адресов (если заданы). Сам ключ показывается в ответе один раз.',
  })
  @Answers(issuedApiKeySchema, 'Выпущенный ключ вместе с самим ключом', 201)
  issue(@Ctx() ctx: TenantRequestContext, @ValidBody(issueBody) body: z.infer<typeof issueBody>) {
    if (ctx.apiKeyId) throw Problem.forbidden('API-ключ не может выпускать другие ключи: войдите в систему как администратор.');
    return this.keys.issue(ctx, body);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Allow('update', 'Role')
  @ApiOperation({ summary: 'Отозвать API-ключ: запросы с ним сразу перестают приниматься' })
  @Answers(apiKeySchema, 'Ключ после отзыва')
  revoke(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.keys.revoke(ctx, uuidParam.parse(id));
  }
}

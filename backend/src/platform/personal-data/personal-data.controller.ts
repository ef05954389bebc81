import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, Ctx, ForModule, OwnerOnly, type RequestContext, type TenantRequestContext } from '../access/request-context';
import { AuditService } from '../audit/audit.service';
import { Answers, anyObject, arrayOf, dateTime, nullable, objectOf, str, uuid } from '../http/openapi-responses';
import { pathId } from '../owner/path-id';
import { ErasureService, NO_SUCH_REQUEST } from './erasure.service';
import { PersonalDataExport } from './export.service';

const requestSchema = objectOf({ id: uuid(), requestedAt: dateTime() });
const pendingSchema = arrayOf(objectOf({ id: uuid('Запрос'), requestedAt: dateTime(), person: objectOf({ id: uuid(), email: str(), fullName: str('ФИО') }) }));
const erasedSchema = objectOf({ id: uuid('Человек'), fullName: str('Псевдоним: «Удалённый пользователь №…»'), email: str('Адрес-заглушка') });

/** A person's own 152-ФЗ rights: the export of their data and the request to erase it. */
@ApiTags('Профиль: персональные данные')
@ApiBearerAuth()
@Controller('api/me')
export class MyPersonalDataController {
  constructor(
    private readonly exporter: PersonalDataExport,
    private readonly erasure: ErasureService,
    private readonly audit: AuditService,
  ) {}

  @Get('personal-data')
  @ApiOperation({ summary: 'Выгрузить всё, что WorkCloud хранит обо мне во всех моих компаниях (JSON-файл, 152-ФЗ ст. 14)' })
  @Answers(anyObject('Профиль, компании и роли, сессии, журнал входов, мои действия, приглашения, избранное, история'), 'Файл personal-data.json')
  async export(@Ctx() ctx: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const data = await this.exporter.of(ctx.principal.userId);
    await this.audit.record({ tenantId: ctx.tenant?.id ?? null, userId: ctx.principal.userId, ip: ctx.ip, action: 'personal_data_export', entity: 'Person', entityId: ctx.principal.userId });
    reply.header('content-disposition', `attachment; filename="personal-data-${data.exportedAt.slice(0, 10)}.json"`);
    return data;
  }

  @Get('erasure-request')
  @ApiOperation({ summary: 'Мой запрос на удаление персональных данных, если он ждёт исполнения' })
  @Answers(nullable(requestSchema), 'Запрос или null')
  pending(@Ctx() ctx: RequestContext) {
    return this.erasure.pendingOf(ctx.principal.userId);
  }

  @Post('erasure-request')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Попросить удалить мои персональные данные',
    description:
      'Администратор компании или владелец платформы исполняет запрос: ФИО и e-mail заменяются псевдонимом «Удалённый пользователь №…» (документы сохраняют автора под ним), сессии завершаются, войти больше нельзя.',
  })
  @Answers(requestSchema, 'Запрос (повторный вызов возвращает тот же)')
  request(@Ctx() ctx: RequestContext) {
    return this.erasure.request(ctx.principal.userId, ctx.tenant?.id ?? null, ctx.ip);
  }
}

/** The company admin processes erasure requests of the company's people. */
@ApiTags('Администрирование: пользователи')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/erasure-requests')
export class AdminErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Get()
  @Allow('read', 'User')
  @ApiOperation({ summary: 'Запросы сотрудников на удаление персональных данных, ждущие исполнения' })
  @Answers(pendingSchema, 'Запросы, старые первыми')
  list(@Ctx() ctx: TenantRequestContext) {
    return this.erasure.pendingInTenant(ctx.tenant.id);
  }

  @Post(':id/process')
  @HttpCode(200)
  @Allow('delete', 'User')
  @ApiOperation({ summary: 'Исполнить запрос: обезличить человека во всех компаниях, завершить его сессии' })
  @Answers(erasedSchema, 'Псевдоним человека')
  process(@Ctx() ctx: TenantRequestContext, @Param('id') id: string) {
    return this.erasure.erase(pathId(id, NO_SUCH_REQUEST), { userId: ctx.principal.userId, tenantId: ctx.tenant.id, ip: ctx.ip });
  }
}

/** The platform owner processes any erasure request (a person with no company left, or a company without an admin). */
@ApiTags('Владелец платформы')
@ApiBearerAuth()
@OwnerOnly()
@Controller('api/owner/erasure-requests')
export class OwnerErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Get()
  @ApiOperation({ summary: 'Все запросы на удаление персональных данных, ждущие исполнения' })
  @Answers(pendingSchema, 'Запросы, старые первыми')
  list() {
    return this.erasure.pendingAll();
  }

  @Post(':id/process')
  @HttpCode(200)
  @ApiOperation({ summary: 'Исполнить запрос: обезличить человека во всех компаниях, завершить его сессии' })
  @Answers(erasedSchema, 'Псевдоним человека')
  process(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.erasure.erase(pathId(id, NO_SUCH_REQUEST), { userId: ctx.principal.userId, tenantId: null, ip: ctx.ip });
  }
}

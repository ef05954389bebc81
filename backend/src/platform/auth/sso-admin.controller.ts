import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, Ctx, ForModule, type TenantRequestContext } from '../access/request-context';
import { Answers, bool, detailSchema, nullable, objectOf, str, uuid } from '../http/openapi-responses';
import { ValidBody } from '../http/validation';
import { SsoService } from './sso.service';

const issuer = z.string().trim().url('Адрес поставщика (issuer) — URL, например https://login.company.ru').max(500);
const settingsBody = z.object({
  displayName: z.string().trim().min(1, 'Укажите название для кнопки «Войти через …»').max(60),
  issuer,
  clientId: z.string().trim().min(1, 'Укажите client id, выданный поставщиком').max(300),
  clientSecret: z.string().min(1, 'Секрет клиента не может быть пустым').max(1000).optional().describe('Не указывайте, чтобы оставить сохранённый'),
  emailDomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$|^([a-z0-9-]+\.)+xn--[a-z0-9-]+$/, 'Домен e-mail — например company.ru (без @)'),
  passwordSignIn: z.boolean({ message: 'passwordSignIn — true (пароль остаётся у всех) или false (только у администраторов)' }),
  jitRoleId: z.uuid('Идентификатор роли должен быть UUID').nullable().default(null),
});
const testBody = z.object({ issuer });

const settingsAnswer = objectOf({
  configured: bool('Настроен ли вход через SSO'),
  displayName: str('Название на кнопке «Войти через …»'),
  issuer: str('Адрес поставщика (issuer)'),
  clientId: str(),
  clientSecretSet: bool('Секрет клиента сохранён (сам секрет не возвращается)'),
  emailDomain: str('Домен e-mail сотрудников'),
  passwordSignIn: bool('Вход по паролю остаётся у всех (false — только у администраторов)'),
  jitRoleId: nullable(uuid('Роль для новых сотрудников, впервые вошедших через SSO (null — входят только уже добавленные)')),
  redirectUri: str('Адрес возврата (redirect URI) для регистрации у поставщика'),
});

/** The company admin's settings of sign-in through the company's identity provider (OpenID Connect). */
@ApiTags('Администрирование: безопасность')
@ApiBearerAuth()
@ForModule('admin')
@Controller('api/admin/security/sso')
export class SsoAdminController {
  constructor(private readonly sso: SsoService) {}

  @Get()
  @Allow('read', 'User')
  @ApiOperation({ summary: 'Вход через SSO (OpenID Connect): настройки поставщика компании, без секрета клиента' })
  @Answers(settingsAnswer, 'Настройки')
  settings(@Ctx() ctx: TenantRequestContext) {
    return this.sso.settings(ctx.tenant.id);
  }

  @Put()
  @Allow('update', 'User')
  @ApiOperation({
    summary: 'Настроить вход через SSO',
    description: 'Секрет клиента хранится зашифрованным ключом компании и не возвращается. Сотрудники домена emailDomain увидят на странице входа кнопку «Войти через displayName».',
  })
  @Answers(settingsAnswer, 'Настройки после изменения')
  save(@Ctx() ctx: TenantRequestContext, @ValidBody(settingsBody) body: z.infer<typeof settingsBody>) {
    return this.sso.save(ctx, body);
  }

  @Delete()
  @HttpCode(204)
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Отключить вход через SSO (вход по паролю остаётся)' })
  async remove(@Ctx() ctx: TenantRequestContext) {
    await this.sso.remove(ctx);
  }

  @Post('test')
  @HttpCode(200)
  @Allow('update', 'User')
  @ApiOperation({ summary: 'Проверить подключение: поставщик отвечает на OpenID Connect discovery' })
  @Answers(detailSchema, 'Поставщик отвечает')
  test(@ValidBody(testBody) body: z.infer<typeof testBody>) {
    return this.sso.testConnection(body.issuer);
  }
}

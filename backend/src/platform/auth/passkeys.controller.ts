import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext } from '../access/request-context';
import { Answers, anyObject, arrayOf, dateTime, nullable, objectOf, str } from '../http/openapi-responses';
import { ValidBody } from '../http/validation';
import { MAX_PASSWORD_LENGTH } from './passwords';
import { PasskeyService } from './passkeys.service';

const optionsBody = z.object({ password: z.string({ message: 'Укажите текущий пароль' }).min(1, 'Укажите текущий пароль').max(MAX_PASSWORD_LENGTH) });
const registerBody = z.object({
  name: z.string({ message: 'Назовите ключ, например «Ноутбук»' }).trim().min(1, 'Назовите ключ, например «Ноутбук»').max(60, 'Название — не длиннее 60 символов'),
  response: z.looseObject({ id: z.string().max(1000), rawId: z.string().max(1000), type: z.literal('public-key'), response: z.looseObject({}) }, { message: 'response — ответ navigator.credentials.create() в формате JSON' }),
});
const passkeySchema = objectOf({ id: str('Идентификатор ключа (credential id, base64url)'), name: str(), createdAt: dateTime(), lastUsedAt: nullable(dateTime()) });

/** A person's passkeys: add one (after the current password), see them, remove one. */
@ApiTags('Профиль: безопасность')
@ApiBearerAuth()
@Controller('api/me/passkeys')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeyService) {}

  @Get()
  @ApiOperation({ summary: 'Мои ключи доступа (passkeys)' })
  @Answers(arrayOf(passkeySchema), 'Ключи, старые первыми')
  list(@Ctx() ctx: RequestContext) {
    return this.passkeys.list(ctx.principal.userId);
  }

  @Post('options')
  @HttpCode(200)
  @ApiOperation({ summary: 'Начать добавление ключа доступа: параметры для navigator.credentials.create() (нужен текущий пароль; действуют 5 минут)' })
  @Answers(anyObject('PublicKeyCredentialCreationOptionsJSON'), 'Параметры WebAuthn')
  options(@Ctx() ctx: RequestContext, @ValidBody(optionsBody) body: z.infer<typeof optionsBody>) {
    return this.passkeys.registrationOptions(ctx.principal.userId, body.password);
  }

  @Post()
  @ApiOperation({ summary: 'Добавить ключ доступа: ответ аутентификатора проверяется и ключ сохраняется' })
  @Answers(passkeySchema, 'Добавленный ключ', 201)
  register(@Ctx() ctx: RequestContext, @ValidBody(registerBody) body: z.infer<typeof registerBody>) {
    return this.passkeys.register(ctx.principal.userId, body as never, { tenantId: ctx.tenant?.id ?? null, ip: ctx.ip });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Удалить ключ доступа: войти им больше нельзя' })
  async remove(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    await this.passkeys.remove(ctx.principal.userId, id.slice(0, 1000), { tenantId: ctx.tenant?.id ?? null, ip: ctx.ip });
  }
}

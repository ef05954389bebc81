import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { Ctx, Public, type RequestContext } from '../access/request-context';
import { APP_CONFIG } from '../cache/tokens';
import { ValidBody } from '../http/validation';
import { AccountService } from './account.service';
import { AuthService } from './auth.service';
import { deviceCookie, deviceTokenFrom } from './devices';
import { MAX_PASSWORD_LENGTH } from './passwords';
import { Answers, detailSchema } from '../http/openapi-responses';
import { loginAnswerSchema, passwordResetSchema, tokenPairSchema } from './auth.schemas';

const loginSchema = z.object({
  email: z.string().trim().email('Укажите e-mail в формате name@company.ru'),
  password: z.string().min(1, 'Укажите пароль').max(MAX_PASSWORD_LENGTH),
  tenantId: z.uuid('Идентификатор компании должен быть UUID').optional(),
  invitationId: z.uuid('Идентификатор приглашения должен быть UUID').optional().describe('Принять это приглашение и войти в его компанию'),
});
const refreshSchema = z.object({ refreshToken: z.string().min(10, 'Передайте refreshToken, полученный при входе') });
const forgotSchema = z.object({ email: z.string().trim().email('Укажите e-mail в формате name@company.ru') });
const resetSchema = z.object({
  token: z.string().trim().min(20, 'Откройте ссылку из письма целиком').max(200),
  password: z.string({ message: 'Укажите новый пароль' }).max(MAX_PASSWORD_LENGTH),
});

@ApiTags('Вход')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly accounts: AccountService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Вход по e-mail и паролю',
    description:
      'Возвращает {accessToken, refreshToken}. Если пользователь работает в нескольких компаниях и tenantId не указан — {tenantRequired: true, tenants}. Владелец платформы входит без tenantId. ' +
      'После верного пароля ставится cookie устройства (HttpOnly, на год): с этого браузера вход не блокируют чужие неудачные попытки.',
  })
  @Answers(loginAnswerSchema, 'Пара токенов или выбор компании')
  async login(@ValidBody(loginSchema) body: z.infer<typeof loginSchema>, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const outcome = await this.auth.login(body, { ip: req.ip, deviceToken: deviceTokenFrom(req.headers.cookie) });
    if (outcome.deviceToken) reply.header('set-cookie', deviceCookie(outcome.deviceToken, req.protocol === 'https' || this.config.production));
    return outcome.body;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Новая пара токенов по refreshToken (старый больше не действует)' })
  @Answers(tokenPairSchema, 'Новая пара токенов')
  refresh(@ValidBody(refreshSchema) body: z.infer<typeof refreshSchema>) {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Выход: сессия и все её токены отзываются' })
  async logout(@Ctx() ctx: RequestContext) {
    await this.auth.logout(ctx.principal);
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Забыли пароль: письмо со ссылкой для нового пароля',
    description: 'Ответ одинаковый, есть ли такой e-mail в WorkCloud или нет. Ссылка действует 30 минут и один раз.',
  })
  @Answers(detailSchema, 'Одинаковый ответ для любого адреса', 202)
  async forgot(@ValidBody(forgotSchema) body: z.infer<typeof forgotSchema>, @Req() req: FastifyRequest) {
    await this.accounts.forgotPassword(body.email, req.ip);
    return { detail: 'Если этот адрес зарегистрирован в WorkCloud, на него отправлено письмо со ссылкой для нового пароля. Ссылка действует 30 минут.' };
  }

  @Public()
  @Post('password/reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Новый пароль по ссылке из письма (один раз); все сессии человека завершаются' })
  @Answers(passwordResetSchema, 'Пароль изменён')
  reset(@ValidBody(resetSchema) body: z.infer<typeof resetSchema>) {
    return this.accounts.resetPassword(body);
  }
}

import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Ctx, Public, type RequestContext } from '../access/request-context';
import { ValidBody } from '../http/validation';
import { AuthService } from './auth.service';

const loginSchema = z.object({
  email: z.string().trim().email('Укажите e-mail в формате name@company.ru'),
  password: z.string().min(1, 'Укажите пароль').max(200),
  tenantId: z.uuid('Идентификатор компании должен быть UUID').optional(),
});
const refreshSchema = z.object({ refreshToken: z.string().min(10, 'Передайте refreshToken, полученный при входе') });

@ApiTags('Вход')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Вход по e-mail и паролю',
    description: 'Возвращает {accessToken, refreshToken}. Если пользователь работает в нескольких компаниях и tenantId не указан — {tenantRequired: true, tenants}. Владелец платформы входит без tenantId.',
  })
  login(@ValidBody(loginSchema) body: z.infer<typeof loginSchema>, @Req() req: FastifyRequest) {
    return this.auth.login(body, req.ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Новая пара токенов по refreshToken (старый больше не действует)' })
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
}

import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext } from '../access/request-context';
import { Answers, arrayOf } from '../http/openapi-responses';
import { uuidParam, ValidBody } from '../http/validation';
import { enrolmentSchema, endedSchema, recoveryCodesSchema, sessionSchema, twoFactorStatusSchema } from './auth.schemas';
import { MAX_PASSWORD_LENGTH } from './passwords';
import { SessionService } from './sessions.service';
import { TwoFactorService } from './two-factor.service';

const code = z.string({ message: 'Введите 6 цифр из приложения-аутентификатора' }).trim().regex(/^\d{6}$/, 'Код — 6 цифр из приложения-аутентификатора');
const codeSchema = z.object({ code });
const disableSchema = z
  .object({
    password: z.string({ message: 'Укажите текущий пароль' }).min(1, 'Укажите текущий пароль').max(MAX_PASSWORD_LENGTH),
    code: code.optional(),
    recoveryCode: z.string().trim().min(8, 'Код восстановления — 10 символов, например k7mq-x2fp-9w').max(20).optional(),
  })
  .refine((b) => !!b.code !== !!b.recoveryCode, { message: 'Укажите код из приложения (или код восстановления)', path: ['code'] });

/** A person's own sign-in security: the authenticator app (TOTP) with recovery codes, and their sessions. */
@ApiTags('Профиль: безопасность')
@ApiBearerAuth()
@Controller('api/me')
export class ProfileSecurityController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly sessions: SessionService,
  ) {}

  @Get('two-factor')
  @ApiOperation({ summary: 'Включена ли двухфакторная защита и сколько осталось кодов восстановления' })
  @Answers(twoFactorStatusSchema, 'Состояние двухфакторной защиты')
  status(@Ctx() ctx: RequestContext) {
    return this.twoFactor.status(ctx.principal.userId);
  }

  @Post('two-factor/enrol')
  @HttpCode(200)
  @ApiOperation({ summary: 'Начать подключение приложения-аутентификатора: QR-код и секрет (защита включится после первого кода)' })
  @Answers(enrolmentSchema, 'Секрет, otpauth://-ссылка и QR-код')
  enrol(@Ctx() ctx: RequestContext) {
    return this.twoFactor.startEnrolment({ id: ctx.principal.userId, email: ctx.principal.email });
  }

  @Post('two-factor/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Первый код из приложения включает защиту; в ответе 10 кодов восстановления — они показываются один раз' })
  @Answers(recoveryCodesSchema, 'Коды восстановления')
  confirm(@Ctx() ctx: RequestContext, @ValidBody(codeSchema) body: z.infer<typeof codeSchema>) {
    return this.twoFactor.confirmEnrolment(ctx.principal.userId, body.code, ctx.principal.tenantId);
  }

  @Post('two-factor/recovery-codes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Новые 10 кодов восстановления по текущему коду из приложения (старые перестают действовать)' })
  @Answers(recoveryCodesSchema, 'Коды восстановления')
  renew(@Ctx() ctx: RequestContext, @ValidBody(codeSchema) body: z.infer<typeof codeSchema>) {
    return this.twoFactor.renewRecoveryCodes(ctx.principal.userId, body.code, ctx.principal.tenantId);
  }

  @Post('two-factor/disable')
  @HttpCode(204)
  @ApiOperation({ summary: 'Отключить двухфакторную защиту: нужны текущий пароль и код' })
  async disable(@Ctx() ctx: RequestContext, @ValidBody(disableSchema) body: z.infer<typeof disableSchema>) {
    await this.twoFactor.disable(ctx.principal.userId, body, ctx.principal.tenantId);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Мои сессии: устройство, адрес, когда начата и когда использовалась' })
  @Answers(arrayOf(sessionSchema), 'Действующие сессии, сначала недавние')
  list(@Ctx() ctx: RequestContext) {
    return this.sessions.list(ctx.principal.userId, ctx.principal.sessionId);
  }

  @Post('sessions/end-others')
  @HttpCode(200)
  @ApiOperation({ summary: 'Завершить все сессии, кроме текущей' })
  @Answers(endedSchema, 'Сколько сессий завершено')
  async endOthers(@Ctx() ctx: RequestContext) {
    return { ended: await this.sessions.endAll(ctx.principal.userId, { keep: ctx.principal.sessionId }) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Завершить сессию: её токены перестают действовать сразу' })
  async end(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    await this.sessions.endOwn(ctx.principal.userId, uuidParam.parse(id));
  }
}

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
import { Answers, anyObject, detailSchema, objectOf, str } from '../http/openapi-responses';
import { Problem } from '../http/problem';
import { enrolmentSchema, loginAnswerSchema, passwordResetSchema, secondFactorAnswerSchema, tokenPairSchema } from './auth.schemas';
import { clearedRefreshCookie, refreshCookie, refreshTokenFrom } from './refresh-cookie';
import type { LoginClient, LoginOutcome } from './auth.service';
import { PasskeyService } from './passkeys.service';

const loginSchema = z.object({
  email: z.string().trim().email('Укажите e-mail в формате name@company.ru'),
  password: z.string().min(1, 'Укажите пароль').max(MAX_PASSWORD_LENGTH),
  tenantId: z.uuid('Идентификатор компании должен быть UUID').optional(),
  invitationId: z.uuid('Идентификатор приглашения должен быть UUID').optional().describe('Принять это приглашение и войти в его компанию'),
});
const refreshSchema = z.object({ refreshToken: z.string().min(10, 'Передайте refreshToken, полученный при входе').max(200).optional() });
const secondFactorSchema = z
  .object({
    challengeToken: z.string({ message: 'Передайте challengeToken из ответа на вход' }).min(20, 'Передайте challengeToken из ответа на вход').max(100),
    code: z.string().trim().regex(/^\d{6}$/, 'Код — 6 цифр из приложения-аутентификатора').optional(),
    recoveryCode: z.string().trim().min(8, 'Код восстановления — 10 символов, например k7mq-x2fp-9w').max(20).optional(),
  })
  .refine((b) => !!b.code !== !!b.recoveryCode, { message: 'Укажите либо code (из приложения), либо recoveryCode (код восстановления)', path: ['code'] });
const challengeSchema = z.object({ challengeToken: z.string({ message: 'Передайте challengeToken из ответа на вход' }).min(20).max(100) });
const passkeySignInSchema = z.object({
  challengeId: z.string({ message: 'Передайте challengeId из ответа passkey/options' }).min(20).max(100),
  response: z.looseObject({ id: z.string().max(1000), rawId: z.string().max(1000), type: z.literal('public-key'), response: z.looseObject({}) }, { message: 'response — ответ navigator.credentials.get() в формате JSON' }),
  tenantId: z.uuid('Идентификатор компании должен быть UUID').optional(),
});
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
    private readonly passkeys: PasskeyService,
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
    return this.answer(await this.auth.login(body, this.client(req)), req, reply);
  }

  @Public()
  @Post('login/two-factor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Второй шаг входа: код из приложения-аутентификатора или код восстановления',
    description:
      'challengeToken — из ответа на вход ({secondFactor, challengeToken}); действует 5 минут, пять неверных кодов его завершают. ' +
      'Каждый код принимается один раз. Если компания требует второй фактор, а он ещё не подключён (secondFactor: "enrol"), ' +
      'сначала POST login/two-factor/enrol, затем сюда первый код из приложения: в ответе — токены и 10 кодов восстановления.',
  })
  @Answers(secondFactorAnswerSchema, 'Пара токенов (и коды восстановления при подключении)')
  async secondFactor(@ValidBody(secondFactorSchema) body: z.infer<typeof secondFactorSchema>, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.auth.completeSecondFactor(body, this.client(req)), req, reply);
  }

  @Public()
  @Post('login/two-factor/enrol')
  @HttpCode(200)
  @ApiOperation({ summary: 'Подключить приложение-аутентификатор при входе (когда компания этого требует): QR-код и секрет' })
  @Answers(enrolmentSchema, 'Секрет, otpauth://-ссылка и QR-код')
  enrolDuringLogin(@ValidBody(challengeSchema) body: z.infer<typeof challengeSchema>) {
    return this.auth.enrolDuringLogin(body.challengeToken);
  }

  @Public()
  @Post('passkey/options')
  @HttpCode(200)
  @ApiOperation({ summary: 'Вход с ключом доступа (passkey), шаг 1: параметры для navigator.credentials.get() и challengeId (действуют 5 минут)' })
  @Answers(objectOf({ challengeId: str(), options: anyObject('PublicKeyCredentialRequestOptionsJSON') }), 'Параметры WebAuthn')
  passkeyOptions() {
    return this.passkeys.authenticationOptions();
  }

  @Public()
  @Post('passkey')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Вход с ключом доступа (passkey), шаг 2: ответ аутентификатора',
    description: 'Ключ с проверкой пользователя (PIN, отпечаток) заменяет и пароль, и второй фактор. Работающему в нескольких компаниях — {tenantRequired, tenants}: повторите вход с tenantId.',
  })
  @Answers(loginAnswerSchema, 'Пара токенов или выбор компании')
  async passkeySignIn(@ValidBody(passkeySignInSchema) body: z.infer<typeof passkeySignInSchema>, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(await this.passkeys.signIn(body as never, this.client(req)), req, reply);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Новая пара токенов по refreshToken (старый больше не действует)',
    description:
      'Браузер получает refreshToken в cookie wc_refresh (HttpOnly, SameSite=Strict, только для /api/auth) и обновляет сессию без тела запроса: ' +
      'тогда ответ несёт только accessToken, а новый refreshToken — снова в cookie. Скрипты передают refreshToken в теле и получают его в ответе.',
  })
  @Answers(tokenPairSchema, 'Новая пара токенов')
  async refresh(@ValidBody(refreshSchema) body: z.infer<typeof refreshSchema>, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const fromCookie = !body.refreshToken;
    const token = body.refreshToken ?? refreshTokenFrom(req.headers.cookie);
    if (!token) throw Problem.unauthorized('Нет токена обновления: войдите заново (или передайте refreshToken в теле запроса).');
    const pair = await this.auth.refresh(token, req.ip, { viaCookie: fromCookie });
    reply.header('set-cookie', refreshCookie(pair.refreshToken, this.config.refreshTokenTtlSeconds, this.secure(req)));
    if (!fromCookie) return pair;
    // The page asked with the cookie: the new refresh token stays in the cookie, out of the page's reach.
    const { refreshToken: _keptInCookie, ...rest } = pair;
    return rest;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Выход: сессия и все её токены отзываются' })
  async logout(@Ctx() ctx: RequestContext, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.logout(ctx.principal);
    reply.header('set-cookie', clearedRefreshCookie(this.secure(req)));
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

  private client(req: FastifyRequest): LoginClient {
    return { ip: req.ip, deviceToken: deviceTokenFrom(req.headers.cookie), userAgent: req.headers['user-agent'] };
  }

  private secure(req: FastifyRequest): boolean {
    return req.protocol === 'https' || this.config.production;
  }

  /** Signed in: the device cookie and the refresh-token cookie go with the answer. */
  private answer(outcome: LoginOutcome, req: FastifyRequest, reply: FastifyReply) {
    const cookies: string[] = [];
    if (outcome.deviceToken) cookies.push(deviceCookie(outcome.deviceToken, this.secure(req)));
    if ('refreshToken' in outcome.body) cookies.push(refreshCookie(outcome.body.refreshToken, this.config.refreshTokenTtlSeconds, this.secure(req)));
    if (cookies.length) reply.header('set-cookie', cookies);
    return outcome.body;
  }
}

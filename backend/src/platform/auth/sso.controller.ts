import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { Public } from '../access/request-context';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { Answers, arrayOf, objectOf, str, uuid } from '../http/openapi-responses';
import { Problem } from '../http/problem';
import { ValidQuery } from '../http/validation';
import { deviceCookie, deviceTokenFrom } from './devices';
import { refreshCookie } from './refresh-cookie';
import { SLUG, tenantBySlug } from './sign-in-link.controller';
import { SSO_STATE_COOKIE, SsoService } from './sso.service';

const offersQuery = z
  .object({
    email: z.string().trim().email('Укажите e-mail в формате name@company.ru').optional(),
    company: z
      .union([z.uuid(), z.string().trim().toLowerCase().regex(SLUG)], { message: 'company — адрес входа компании из её ссылки /login/<адрес> (или её идентификатор, UUID)' })
      .optional(),
  })
  .refine((q) => !!q.email !== !!q.company, { message: 'Укажите либо email, либо company', path: ['email'] });
const startQuery = z.object({
  tenantId: z.uuid('tenantId — идентификатор компании (UUID)'),
  email: z.string().trim().email('Укажите e-mail в формате name@company.ru').optional(),
});
const callbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
const offersAnswer = objectOf({ providers: arrayOf(objectOf({ tenantId: uuid(), name: str('Название поставщика на кнопке «Войти через …»'), companyName: str() })) });

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [n, ...rest] = part.trim().split('=');
    if (n === name) return rest.join('=');
  }
  return undefined;
}

/** Sign-in through the company's identity provider (OpenID Connect): what the sign-in page offers, the redirect there and back. */
@ApiTags('Вход')
@Controller('api/auth/sso')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({
    summary: 'Поставщики входа (SSO) для e-mail или компании',
    description:
      'По домену e-mail или по компании из её ссылки на вход (/login/<адрес> — адрес, который задал администратор; /login?company=<UUID>) — кнопки «Войти через …» для страницы входа. Наличие учётной записи не раскрывается.',
  })
  @Answers(offersAnswer, 'Поставщики, пустой список — только пароль')
  async providers(@ValidQuery(offersQuery) q: z.infer<typeof offersQuery>) {
    if (!q.company) return { providers: await this.sso.offers({ email: q.email }) };
    const tenantId = z.uuid().safeParse(q.company).success ? q.company : await tenantBySlug(this.db, q.company);
    return { providers: tenantId ? await this.sso.offers({ tenantId }) : [] };
  }

  /** A browser navigation (a redirect to the provider), not an API call: left out of the OpenAPI document. */
  @Public()
  @Get('start')
  @ApiExcludeEndpoint()
  async start(@ValidQuery(startQuery) q: z.infer<typeof startQuery>, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      const { location, state } = await this.sso.start(q.tenantId, q.email);
      // SameSite=Lax: the provider's redirect back is a top-level GET from its site, which must carry the cookie.
      reply.header('set-cookie', `${SSO_STATE_COOKIE}=${state}; Max-Age=600; Path=/api/auth/sso; HttpOnly; SameSite=Lax${this.secure(req) ? '; Secure' : ''}`);
      return reply.status(302).header('location', location).send();
    } catch (e) {
      return this.failure(e, req, reply);
    }
  }

  /** The provider's redirect back (the client's redirect URI): signs in and opens the workplace, or shows why not. */
  @Public()
  @Get('callback')
  @ApiExcludeEndpoint()
  async callback(@ValidQuery(callbackQuery) q: z.infer<typeof callbackQuery>, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const secure = this.secure(req);
    const spentState = `${SSO_STATE_COOKIE}=; Max-Age=0; Path=/api/auth/sso; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    try {
      const outcome = await this.sso.callback(q, cookieValue(req.headers.cookie, SSO_STATE_COOKIE), {
        ip: req.ip,
        deviceToken: deviceTokenFrom(req.headers.cookie),
        userAgent: req.headers['user-agent'],
      });
      const cookies = [spentState];
      if (outcome.deviceToken) cookies.push(deviceCookie(outcome.deviceToken, secure));
      if ('refreshToken' in outcome.body) cookies.push(refreshCookie(outcome.body.refreshToken, this.config.refreshTokenTtlSeconds, secure));
      // The page restores the session from the refresh cookie: no token travels in the address.
      return reply.status(302).header('set-cookie', cookies).header('location', `${this.config.publicWebUrl}/`).send();
    } catch (e) {
      reply.header('set-cookie', spentState);
      return this.failure(e, req, reply);
    }
  }

  /** A browser gets a Russian page with the reason and a way back; other clients the problem+json. */
  private failure(e: unknown, req: FastifyRequest, reply: FastifyReply) {
    if (!(e instanceof Problem) || !/text\/html/.test(req.headers.accept ?? '')) throw e;
    const page = `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Вход через SSO не выполнен — WorkCloud</title></head>
<body><main><h1>Вход через SSO не выполнен</h1><p role="alert">${escapeHtml(e.detail)}</p><p><a href="${escapeHtml(this.config.publicWebUrl)}/login">Вернуться ко входу</a></p></main></body></html>`;
    return reply.status(e.getStatus()).header('content-type', 'text/html; charset=utf-8').send(page);
  }

  private secure(req: FastifyRequest): boolean {
    return req.protocol === 'https' || this.config.production;
  }
}

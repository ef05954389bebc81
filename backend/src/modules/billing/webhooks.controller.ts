import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/access/request-context';
import { BodyTypes } from '../../platform/http/body';
import { Problem } from '../../platform/http/problem';
import type { ProviderCode } from './providers';
import { WebhooksService } from './webhooks.service';

const PROVIDERS: ProviderCode[] = ['yookassa', 'tbank', 'sber', 'vtb'];

/**
 * Where banks call us. Public (banks have no sign-in); authenticity is checked per provider in
 * WebhooksService. Сбер calls back with GET or POST and parameters in the query (or a form).
 * The sender's address (ЮKassa is believed only from its published addresses) is Fastify's `req.ip`,
 * derived with the platform's TRUST_PROXY (config.ts): X-Forwarded-For is read only as far as the hops
 * are our configured proxies (addresses/CIDRs) or within the configured hop count. A caller that is not
 * one of our proxies is its socket address, whatever X-Forwarded-For it writes.
 */
@ApiExcludeController()
@Public()
@Controller('api/billing/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @All(':provider')
  @BodyTypes(['application/json', 'application/x-www-form-urlencoded'], 'уведомление платёжной системы (JSON или форма)')
  async receive(@Param('provider') provider: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (!PROVIDERS.includes(provider as ProviderCode)) throw Problem.notFound(`Нет приёма уведомлений от «${provider}».`);
    // The Сбер/ВТБ gateway calls back with GET or POST.
    if (req.method !== 'POST' && !((provider === 'sber' || provider === 'vtb') && req.method === 'GET')) throw Problem.badRequest('Уведомления принимаются методом POST (Сбербанк и ВТБ — GET или POST).');
    const answer = await this.webhooks.receive(provider as ProviderCode, {
      ip: req.ip,
      headers: req.headers,
      body: req.body,
      query: (req.query ?? {}) as Record<string, string>,
    });
    reply.status(answer.status).header('content-type', answer.contentType).send(answer.body);
  }
}

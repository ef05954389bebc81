import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/access/request-context';
import { Problem } from '../../platform/http/problem';
import type { ProviderCode } from './providers';
import { WebhooksService } from './webhooks.service';

const PROVIDERS: ProviderCode[] = ['yookassa', 'tbank', 'sber'];

/**
 * Where banks call us. Public (banks have no sign-in); authenticity is checked per provider in
 * WebhooksService. Сбер calls back with GET or POST and parameters in the query (or a form).
 * The sender's address is the socket's unless TRUST_PROXY=true (then X-Forwarded-For's last trusted hop).
 */
@ApiExcludeController()
@Public()
@Controller('api/billing/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @All(':provider')
  async receive(@Param('provider') provider: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (!PROVIDERS.includes(provider as ProviderCode)) throw Problem.notFound(`Нет приёма уведомлений от «${provider}».`);
    if (req.method !== 'POST' && !(provider === 'sber' && req.method === 'GET')) throw Problem.badRequest('Уведомления принимаются методом POST (Сбербанк — GET или POST).');
    const answer = await this.webhooks.receive(provider as ProviderCode, {
      ip: req.ip,
      headers: req.headers,
      body: req.body,
      query: (req.query ?? {}) as Record<string, string>,
    });
    reply.status(answer.status).header('content-type', answer.contentType).send(answer.body);
  }
}

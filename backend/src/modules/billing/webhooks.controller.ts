import { All, Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../platform/access/request-context';
import { BodyTypes } from '../../platform/http/body';
import { Problem } from '../../platform/http/problem';
import { BILLING_CONFIG, type BillingConfig } from './config';
import type { ProviderCode } from './providers';
import { WebhooksService } from './webhooks.service';

const PROVIDERS: ProviderCode[] = ['yookassa', 'tbank', 'sber'];

/**
 * Where banks call us. Public (banks have no sign-in); authenticity is checked per provider in
 * WebhooksService. Сбер calls back with GET or POST and parameters in the query (or a form).
 * The sender's address (ЮKassa is believed only from its ranges) is worked out here rather than taken
 * from Fastify's `req.ip`: with TRUST_PROXY=true that is the left-most X-Forwarded-For entry, which the
 * sender itself can write. See `webhookSender`.
 */
@ApiExcludeController()
@Public()
@Controller('api/billing/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    @Inject(BILLING_CONFIG) private readonly config: BillingConfig,
  ) {}

  @All(':provider')
  @BodyTypes(['application/json', 'application/x-www-form-urlencoded'], 'уведомление платёжной системы (JSON или форма)')
  async receive(@Param('provider') provider: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (!PROVIDERS.includes(provider as ProviderCode)) throw Problem.notFound(`Нет приёма уведомлений от «${provider}».`);
    if (req.method !== 'POST' && !(provider === 'sber' && req.method === 'GET')) throw Problem.badRequest('Уведомления принимаются методом POST (Сбербанк — GET или POST).');
    const answer = await this.webhooks.receive(provider as ProviderCode, {
      ip: webhookSender(req.raw.socket.remoteAddress ?? '', req.headers['x-forwarded-for'], this.config.proxyHops),
      headers: req.headers,
      body: req.body,
      query: (req.query ?? {}) as Record<string, string>,
    });
    reply.status(answer.status).header('content-type', answer.contentType).send(answer.body);
  }
}

/**
 * The address that connected to our first proxy. The chain is X-Forwarded-For plus the socket's peer;
 * each of our `proxyHops` proxies appended one entry, so the sender is `proxyHops` places from the right.
 * Anything further left came from the sender and is ignored.
 */
export function webhookSender(socketAddress: string, forwardedFor: string | string[] | undefined, proxyHops: number): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = [...header.split(',').map((s) => s.trim()).filter(Boolean), socketAddress];
  const index = chain.length - 1 - proxyHops;
  // Fewer entries than proxies: the request did not come through them all — trust nothing but the socket.
  return index >= 0 ? chain[index] : socketAddress;
}

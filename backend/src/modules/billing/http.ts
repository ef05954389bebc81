import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequestContext, TenantContext } from '../../platform/access/request-context';
import { Problem } from '../../platform/http/problem';

/**
 * Body formats billing needs beyond JSON: a bank statement file (application/octet-stream, bytes kept
 * as they are — it is windows-1251) and Сбер's form-encoded POST callback. Registered before the
 * server starts listening; other routes never receive these content types.
 */
@Injectable()
export class BillingBodyParsers implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit() {
    const fastify = this.host.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify?.addContentTypeParser) return;
    if (!fastify.hasContentTypeParser('application/octet-stream')) {
      fastify.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    }
    if (!fastify.hasContentTypeParser('application/x-www-form-urlencoded')) {
      fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    }
  }
}

/** The tenant of a company-admin request; the owner's session has none. */
export function tenantOf(ctx: RequestContext): TenantContext {
  if (!ctx.tenant) throw Problem.forbidden('Раздел доступен сотрудникам компании-клиента. Войдите как сотрудник компании.');
  return ctx.tenant;
}

export function sendPdf(reply: FastifyReply, file: { fileName: string; pdf: Buffer }) {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_');
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.pdf);
}

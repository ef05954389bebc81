import type { FastifyReply } from 'fastify';
import type { RequestContext, TenantContext } from '../../platform/access/request-context';
import { Problem } from '../../platform/http/problem';

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

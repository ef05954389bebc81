import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** What the backend shows beyond the API (README: METRICS_TOKEN, API_DOCS). */
export interface ExposureConfig {
  /** Bearer token Prometheus sends to /metrics; unset: /metrics is open outside production and off in it. */
  metricsToken?: string;
  /** Serve /api/docs and /api/openapi.{json,yaml}: always outside production, in production only with API_DOCS=true. */
  apiDocs: boolean;
}

export function loadExposureConfig(env: NodeJS.ProcessEnv): ExposureConfig {
  return { metricsToken: env.METRICS_TOKEN || undefined, apiDocs: env.NODE_ENV !== 'production' || env.API_DOCS === 'true' };
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
// Swagger UI loads its own scripts and styles from /api/docs.
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

const sameSecret = (given: string, expected: string) => given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * Security headers on every answer of the backend (nosniff, Referrer-Policy, a CSP that forbids framing; HSTS
 * when the request came over TLS, as Fastify's trustProxy tells) and the /metrics guard: with METRICS_TOKEN the
 * scraper must send it as a bearer token; in production without it /metrics is off.
 */
export function secureHttp(fastify: FastifyInstance, config: { production: boolean; exposure: ExposureConfig }): void {
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', request.url.startsWith('/api/docs') ? DOCS_CSP : API_CSP);
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.split('?')[0] !== '/metrics') return;
    const token = config.exposure.metricsToken;
    const problem = (status: number, detail: string) =>
      reply.code(status).type('application/problem+json; charset=utf-8').send({ type: 'about:blank', title: status === 401 ? 'Требуется токен' : 'Не найдено', status, detail });
    if (!token && config.production) return problem(404, 'Метрики выключены: задайте METRICS_TOKEN и передавайте его в Authorization: Bearer.');
    if (token && !sameSecret(String(request.headers.authorization ?? '').replace(/^Bearer\s+/i, ''), token))
      return problem(401, 'Для /metrics нужен заголовок Authorization: Bearer <METRICS_TOKEN>.');
  });
}

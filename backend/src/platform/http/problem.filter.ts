import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { Problem } from './problem';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extra: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Некорректный запрос',
  401: 'Требуется вход',
  403: 'Доступ запрещён',
  404: 'Не найдено',
  405: 'Метод не поддерживается',
  409: 'Конфликт',
  413: 'Слишком большой запрос',
  415: 'Неподдерживаемый формат',
  422: 'Операция невозможна',
  429: 'Слишком много попыток',
};

/** Turns any error (ours, Nest's, Fastify's, zod's) into a problem+json body with a Russian message. */
export function toProblem(error: unknown, url?: string): ProblemBody {
  if (error instanceof Problem) {
    return { type: 'about:blank', title: error.title, status: error.getStatus(), detail: error.detail, instance: url, ...error.extra };
  }
  if (error instanceof ZodError) {
    const errors = error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    const detail = errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
    return { type: 'about:blank', title: 'Данные не прошли проверку', status: 400, detail, instance: url, errors };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const detail =
      status === 404
        ? 'Такого адреса нет. Проверьте путь запроса (список — в /api/openapi.json).'
        : status >= 500
          ? 'Внутренняя ошибка сервера. Повторите попытку позже.'
          : 'Запрос отклонён: ' + error.message;
    return { type: 'about:blank', title: titles[status] ?? 'Ошибка', status, detail, instance: url };
  }
  // Fastify's own errors (bad JSON, unsupported media type, body too large) carry a statusCode.
  const fastifyStatus = (error as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const code = (error as { code?: string }).code;
    const detail =
      code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Тело запроса должно быть в формате JSON (Content-Type: application/json).'
        : code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'Тело запроса слишком большое.'
          : code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'Тело запроса пустое, а ожидается JSON.'
            : 'Тело запроса не является корректным JSON. Проверьте кавычки и запятые.';
    return { type: 'about:blank', title: titles[fastifyStatus] ?? 'Некорректный запрос', status: fastifyStatus, detail, instance: url };
  }
  return { type: 'about:blank', title: 'Внутренняя ошибка', status: 500, detail: 'Внутренняя ошибка сервера. Повторите попытку позже.', instance: url };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): void {
  if (typeof body.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.retryAfterSeconds));
  reply.status(body.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(body);
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const body = toProblem(error, req.url);
    if (body.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    sendProblem(ctx.getResponse<FastifyReply>(), body);
  }
}

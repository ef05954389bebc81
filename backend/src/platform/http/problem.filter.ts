import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isTransientDbError } from '../database/database';
import { FILE_BODY_LIMIT, JSON_BODY_LIMIT } from './body';
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
  // Fastify's own errors (body too large, a malformed address, …) carry a code and a 4xx status.
  const fastify = error as { statusCode?: number; code?: string };
  if (typeof fastify?.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    const status = fastify.statusCode;
    const detail = fastifyDetails[fastify.code ?? ''] ?? `Запрос отклонён (${fastify.code ?? status}). Проверьте адрес, заголовки и тело запроса.`;
    return { type: 'about:blank', title: titles[status] ?? 'Некорректный запрос', status, detail, instance: url };
  }
  const db = databaseProblem(error);
  if (db) return { type: 'about:blank', instance: url, ...db };
  return { type: 'about:blank', title: 'Внутренняя ошибка', status: 500, detail: 'Внутренняя ошибка сервера. Повторите попытку позже.', instance: url };
}

/** Russian for the errors Fastify answers itself, by code. */
const fastifyDetails: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Формат тела запроса не поддерживается: отправьте JSON с заголовком Content-Type: application/json.',
  FST_ERR_CTP_INVALID_TYPE: 'Заголовок Content-Type указан неверно: отправьте JSON с заголовком Content-Type: application/json.',
  FST_ERR_CTP_EMPTY_TYPE: 'Заголовок Content-Type пустой: отправьте JSON с заголовком Content-Type: application/json.',
  FST_ERR_CTP_BODY_TOO_LARGE: `Тело запроса слишком большое: данные JSON — до ${JSON_BODY_LIMIT / 1024 / 1024} МБ, файл — до ${FILE_BODY_LIMIT / 1024 / 1024} МБ. Разделите данные на несколько запросов или уменьшите файл.`,
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Тело запроса пустое, а ожидается JSON. Отправьте объект JSON, например {}.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Тело запроса не является корректным JSON. Проверьте кавычки, запятые и скобки.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Размер тела запроса не совпал с заголовком Content-Length: запрос пришёл не целиком. Отправьте его ещё раз.',
  FST_ERR_BAD_URL: 'Адрес запроса закодирован неверно: после % должны идти две шестнадцатеричные цифры байтов UTF-8 (например %D0%90). Проверьте путь.',
  FST_ERR_MAX_PARAM_LENGTH: 'Часть адреса слишком длинная (больше 100 символов). Проверьте путь: идентификаторы и коды короче.',
  FST_ERR_ASYNC_CONSTRAINT: 'Запрос не подходит ни к одному варианту адреса. Проверьте путь и заголовки.',
};

/**
 * PostgreSQL errors caused by the data of a request rather than by the server: what reached the database
 * was not checked before (a safety net — validation should refuse it first and name the field).
 * A lost deadlock or serialization failure that retrying did not resolve is a 409 the user can repeat.
 */
function databaseProblem(error: unknown): { title: string; status: number; detail: string; errors?: { field: string; message: string }[] } | undefined {
  const e = error as { code?: unknown; column?: string; severity?: string };
  if (typeof e?.code !== 'string' || typeof e.severity !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
  if (isTransientDbError(error))
    return { title: 'Конфликт', status: 409, detail: 'Документ изменён одновременно с вами, повторите действие: другой пользователь в этот момент менял те же данные.' };
  if (e.code === '23502' && e.column)
    return { title: 'Данные не прошли проверку', status: 400, detail: `Поле «${e.column}» обязательно: значение нельзя очистить.`, errors: [{ field: e.column, message: 'Обязательное поле: значение нельзя очистить' }] };
  if (e.code === '23505') return { title: 'Конфликт', status: 409, detail: 'Такая запись уже есть. Измените значения или найдите существующую запись.' };
  if (e.code === '23503') return { title: 'Конфликт', status: 409, detail: 'Запись ссылается на несуществующий элемент или используется в других записях. Проверьте выбранные значения.' };
  if (e.code === '22021' || e.code === '22P05') return { title: 'Некорректный запрос', status: 400, detail: 'Текст содержит символ, который нельзя сохранить (NUL или не UTF-8). Удалите его и повторите.' };
  if (e.code === '22001') return { title: 'Некорректный запрос', status: 400, detail: 'Значение длиннее, чем допускает поле. Сократите текст.' };
  if (e.code === '22003') return { title: 'Некорректный запрос', status: 400, detail: 'Число слишком велико для поля. Проверьте значение.' };
  if (e.code === '22007' || e.code === '22008') return { title: 'Некорректный запрос', status: 400, detail: 'Неверная дата или время: укажите существующую дату в формате ГГГГ-ММ-ДД.' };
  if (e.code.startsWith('22')) return { title: 'Некорректный запрос', status: 400, detail: 'Значение не подходит по формату (например, идентификатор — не UUID, число — не число). Проверьте переданные значения.' };
  return undefined;
}

export function sendProblem(reply: FastifyReply, body: ProblemBody): void {
  if (typeof body.retryAfterSeconds === 'number') reply.header('Retry-After', String(body.retryAfterSeconds));
  reply.status(body.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(body);
}

/**
 * For the Fastify options: errors Fastify answers before any route runs (a malformed %-encoding in the
 * path, an over-long path parameter) as problem+json in Russian.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  sendProblem(reply, toProblem(error, request.url));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const body = toProblem(error, req.url);
    if (body.status >= 500) this.logger.error(error instanceof Error ? error.stack : String(error));
    // A database error answered as the client's mistake: validation let it through, which is worth fixing.
    else if (!(error instanceof HttpException) && (error as { severity?: unknown })?.severity) this.logger.warn(`${req.method} ${req.url}: ${(error as Error).message}`);
    sendProblem(ctx.getResponse<FastifyReply>(), body);
  }
}

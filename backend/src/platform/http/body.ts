import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiConsumes } from '@nestjs/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from './problem';

/** Largest JSON body (the Fastify instance's `bodyLimit`). */
export const JSON_BODY_LIMIT = 10 * 1024 * 1024;
/** Largest file sent as a body (a bank statement). */
export const FILE_BODY_LIMIT = 20 * 1024 * 1024;
/** Deeper JSON than this is refused: no form or document of ours nests that far, and walking it must stay cheap. */
const MAX_JSON_DEPTH = 32;

const JSON_TYPE = 'application/json';
/** A file sent as the body as is (a bank statement is a text file in windows-1251): kept as bytes. */
export const FILE_BODY_TYPES = ['application/octet-stream', 'text/plain'];

interface BodyTypesConfig {
  bodyTypes: string[];
  /** What the route takes, for the refusal: «файл выписки 1CClientBankExchange». */
  bodyTitle: string;
}

/**
 * The content types a route accepts as its body (every other route takes `application/json` only):
 * enforced before the body is read — anything else gets 415 naming these types — and stated in OpenAPI.
 * `application/octet-stream` and `text/plain` arrive as the bytes sent (a `Buffer`).
 */
export function BodyTypes(types: string[], title: string): MethodDecorator {
  const config: BodyTypesConfig = { bodyTypes: types.map((t) => t.toLowerCase()), bodyTitle: title };
  return applyDecorators(RouteConfig(config), ApiConsumes(...types));
}

/** The media type of a Content-Type header, without parameters, lower case; '' when there is none. */
const mediaType = (header: string | string[] | undefined) => String(Array.isArray(header) ? header[0] : (header ?? '')).split(';')[0].trim().toLowerCase();

/** Whether Fastify will read a body for this request (a Content-Type alone, with nothing after the headers, is no body). */
function hasBody(request: FastifyRequest) {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Refuses a body of a type the route does not take, before it is read. */
function checkBodyType(request: FastifyRequest) {
  if (!hasBody(request) || request.is404) return;
  const config = request.routeOptions.config as Partial<BodyTypesConfig> | undefined;
  const accepted = config?.bodyTypes ?? [JSON_TYPE];
  const sent = mediaType(request.headers['content-type']);
  if (accepted.includes(sent)) return;
  const got = sent ? `получено ${sent}` : 'заголовок Content-Type не указан';
  throw new Problem(
    415,
    'Неподдерживаемый формат',
    config?.bodyTypes
      ? `Этот адрес принимает ${config.bodyTitle}: Content-Type ${accepted.join(' или ')} (${got}). Отправьте файл как есть с одним из этих заголовков.`
      : `Тело запроса принимается только в формате JSON: Content-Type ${JSON_TYPE} (${got}). Отправьте данные как JSON с этим заголовком.`,
    { acceptedTypes: accepted },
  );
}

/** Lone UTF-16 surrogates: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function stringIssue(s: string): string | undefined {
  if (s.includes('\u0000')) return 'текст содержит символ NUL (\\u0000), его нельзя сохранить — удалите этот символ';
  if (LONE_SURROGATE.test(s)) return 'текст содержит одиночный суррогатный символ UTF-16 (например \\ud800) — это половина символа, а не символ; проверьте кодировку текста';
  return undefined;
}

/**
 * Strings PostgreSQL refuses in text and jsonb (NUL, lone surrogates) anywhere in a parsed body — values
 * and keys — and nesting deeper than any of our forms, as `{field, message}` with the field's path
 * (`goods.0.product`, as validation errors name fields).
 */
export function bodyIssues(value: unknown): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length && issues.length < 20) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const issue = stringIssue(v);
      if (issue) issues.push({ field: path.join('.'), message: issue });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      issues.push({ field: path.join('.'), message: `вложенность данных глубже ${MAX_JSON_DEPTH} уровней — так глубоко не вложено ни одно поле` });
      continue;
    }
    for (const [key, child] of Object.entries(v)) {
      const keyIssue = stringIssue(key);
      if (keyIssue) issues.push({ field: [...path, JSON.stringify(key)].join('.'), message: 'имя поля: ' + keyIssue });
      else stack.push({ value: child, path: [...path, key] });
    }
  }
  return issues;
}

/** Refuses a body with strings the database cannot store, naming each field. */
function assertStorable(body: unknown): void {
  const errors = bodyIssues(body);
  if (!errors.length) return;
  const detail = errors.map((e) => (e.field ? `Поле «${e.field}»: ${e.message}` : `Тело запроса: ${e.message}`)).join('; ') + '.';
  throw Problem.badRequest(detail, { errors });
}

/** The body's text; bytes that are not UTF-8 (a windows-1251 file sent as JSON) are refused instead of turned into �. */
function utf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw Problem.badRequest(`Тело ${what} не в кодировке UTF-8. Сохраните данные в UTF-8 и отправьте снова.`);
  }
}

function parseJson(text: string): unknown {
  if (!text.trim()) throw Problem.badRequest('Тело запроса пустое, а ожидается JSON. Отправьте объект JSON, например {}.');
  try {
    // Keys that would change an object's prototype are refused, as Fastify's own parser does.
    return JSON.parse(text, (key, value) => {
      if (key === '__proto__' || (key === 'constructor' && value && typeof value === 'object' && 'prototype' in value)) throw new SyntaxError('forbidden key');
      return value;
    });
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw Problem.badRequest(
      (e as Error).message === 'forbidden key'
        ? 'Тело запроса содержит поле «__proto__» или «constructor.prototype» — такие имена полей не принимаются.'
        : `Тело запроса не является корректным JSON${at ? ` (ошибка около символа ${Number(at) + 1})` : ''}. Проверьте кавычки, запятые и скобки.`,
    );
  }
}

/**
 * The HTTP layer of the Fastify instance, set up once before the application starts:
 * - JSON bodies parsed by us: invalid JSON, NUL bytes and lone surrogates in any string (PostgreSQL stores
 *   neither in text nor in jsonb) and absurd nesting are refused with 400 naming the field, before any handler;
 * - a route takes `application/json` only, unless it declares other types with `@BodyTypes` (415 otherwise);
 * - files (`application/octet-stream`, `text/plain`) arrive as bytes, so a windows-1251 statement is kept as sent;
 * - form bodies (a payment provider's callback) are parsed to an object and checked like JSON;
 * - `%00` anywhere in the address is refused.
 * The Nest application must be created with `bodyParser: false`, so these parsers are the only ones.
 */
export function configureHttp(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT }, (_req, body, done) => {
    try {
      const parsed = parseJson(utf8(body as Buffer, 'JSON'));
      assertStorable(parsed);
      done(null, parsed);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  fastify.addContentTypeParser(FILE_BODY_TYPES, { parseAs: 'buffer', bodyLimit: FILE_BODY_LIMIT }, (_req, body, done) => done(null, body));
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: JSON_BODY_LIMIT }, (_req, body, done) => {
    try {
      const parsed = Object.fromEntries(new URLSearchParams(utf8(body as Buffer, 'формы')));
      assertStorable(parsed);
      done(null, parsed);
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  fastify.addHook('onRequest', async (request) => {
    if (/%00/.test(request.url)) throw Problem.badRequest('Адрес запроса содержит символ NUL (%00) — такой адрес не обрабатывается. Удалите %00 из пути или параметров.');
  });
  fastify.addHook('preParsing', async (request) => checkBodyType(request));
}

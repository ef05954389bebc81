import { HttpException } from '@nestjs/common';

/**
 * An error a person can act on, sent as RFC 9457 `application/problem+json`.
 * `detail` is in Russian: it is shown to the user as is.
 */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super({ title, detail, ...extra }, status);
  }

  static badRequest(detail: string, extra?: Record<string, unknown>) {
    return new Problem(400, 'Некорректный запрос', detail, extra);
  }
  static unauthorized(detail = 'Войдите в систему заново: сессия отсутствует или истекла.') {
    return new Problem(401, 'Требуется вход', detail);
  }
  static forbidden(detail: string, extra?: Record<string, unknown>) {
    return new Problem(403, 'Доступ запрещён', detail, extra);
  }
  static notFound(detail: string) {
    return new Problem(404, 'Не найдено', detail);
  }
  static conflict(detail: string, extra?: Record<string, unknown>) {
    return new Problem(409, 'Конфликт', detail, extra);
  }
  static unprocessable(detail: string, extra?: Record<string, unknown>) {
    return new Problem(422, 'Операция невозможна', detail, extra);
  }
  static tooManyRequests(detail: string, retryAfterSeconds: number) {
    return new Problem(429, 'Слишком много попыток', detail, { retryAfterSeconds });
  }
}

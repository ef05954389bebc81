import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import { MONEY } from '../engine/openapi-schemas';

/**
 * Building blocks of the response schemas (OpenAPI 3.0) of the hand-written controllers, and the decorators
 * that attach them. Money is always integer kopecks.
 */
export type Schema = Record<string, unknown>;

export const str = (description?: string, extra: Schema = {}): Schema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
export const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
export const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
export const uuid = (description?: string): Schema => str(description, { format: 'uuid' });
export const dateTime = (description?: string): Schema => str(description, { format: 'date-time' });
export const date = (description?: string): Schema => str(description, { format: 'date' });
export const money = (description: string): Schema => ({ type: 'integer', format: 'int64', description: `${description} — ${MONEY}` });
export const nullable = (s: Schema): Schema => ({ ...s, nullable: true });
export const anyObject = (description?: string): Schema => ({ type: 'object', additionalProperties: true, ...(description ? { description } : {}) });
export const arrayOf = (items: Schema, description?: string): Schema => ({ type: 'array', items, ...(description ? { description } : {}) });
export const objectOf = (properties: Record<string, Schema>, required: string[] = Object.keys(properties), description?: string): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  ...(description ? { description } : {}),
});
/** A page of a list: `{items, total}`. */
export const pageOf = (item: Schema): Schema => objectOf({ items: arrayOf(item), total: int('Всего записей по фильтру') });
/** A message for a person, in Russian. */
export const detailSchema = objectOf({ detail: str('Что произошло, по-русски') });

/** The route's 2xx answer (200 unless `status` says otherwise) as JSON of `schema`. */
export const Answers = (schema: Schema, description = 'Ответ', status = 200) => ApiResponse({ status, description, schema });

/** The route's 2xx answer as a file or text of `contentType` (a PDF, an XML, Prometheus metrics…). */
export const AnswersFile = (contentType: string, description: string, status = 200) =>
  applyDecorators(ApiProduces(contentType), ApiResponse({ status, description, content: { [contentType]: { schema: { type: 'string', format: 'binary' } } } }));

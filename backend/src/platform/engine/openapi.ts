import { z } from 'zod';
import type { Fields } from './declarations';
import { ConfigurationRegistry, subjectOf } from './registry';
import { recordSchema } from './validation';

type OpenApiDoc = { paths: Record<string, Record<string, unknown>> };

const json = (schema: unknown) => ({ 'application/json': { schema } });
const problem = { description: 'Ошибка (application/problem+json, сообщение на русском)' };
const toSchema = (fields: Fields, partial: boolean, extra: Record<string, z.ZodType> = {}) => z.toJSONSchema(recordSchema(fields, { partial, extra }), { io: 'input', unrepresentable: 'any' });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const listParams = [
  { name: 'search', in: 'query', schema: { type: 'string' }, description: 'Быстрый поиск по словам (префиксы)' },
  { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'Поле сортировки; «-поле» — по убыванию' },
  { name: 'limit', in: 'query', schema: { type: 'integer', default: 50, maximum: 500 } },
  { name: 'offset', in: 'query', schema: { type: 'integer', default: 0 } },
];

/**
 * Adds a concrete OpenAPI entry for every declared catalog, document, register and report, with the
 * same JSON schemas the engine validates with — the generic controller itself is hidden.
 */
export function addDeclarationsToOpenApi(doc: OpenApiDoc, registry: ConfigurationRegistry): void {
  for (const d of registry.all()) {
    const base = `/api/${d.module}`;
    const tags = [`${d.module}: ${d.title}`];
    const filterParams = (fields: Fields) => Object.keys(fields).map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description: `Отбор по полю «${fields[name].title}»` }));
    if (d.kind === 'catalog') {
      const fields: Fields = { name: { type: 'string', title: 'Наименование', required: true }, ...d.fields };
      const p = `${base}/catalogs/${d.code}`;
      doc.paths[p] = {
        get: { tags, summary: `${d.title}: список (права: read ${subjectOf(d)})`, parameters: [...listParams, ...filterParams(fields)], responses: { 200: { description: '{items, total}' }, 403: problem } },
        post: { tags, summary: `${d.title}: создать`, requestBody: { content: json(toSchema(fields, false)) }, responses: { 201: { description: 'Созданный элемент' }, 400: problem, 409: problem } },
      };
      doc.paths[`${p}/{id}`] = {
        get: { tags, summary: `${d.title}: элемент`, parameters: [idParam], responses: { 200: { description: 'Элемент' }, 404: problem } },
        patch: { tags, summary: `${d.title}: изменить`, parameters: [idParam], requestBody: { content: json(toSchema(fields, true, { version: z.number().int().optional() })) }, responses: { 200: { description: 'Элемент' }, 409: problem } },
        delete: { tags, summary: `${d.title}: пометить на удаление`, parameters: [idParam], responses: { 200: { description: 'Элемент с пометкой удаления' } } },
      };
    }
    if (d.kind === 'document') {
      const fields: Fields = { date: { type: 'date', title: 'Дата' }, number: { type: 'string', title: 'Номер' }, ...d.fields };
      const sections = Object.fromEntries(Object.entries(d.sections ?? {}).map(([s, sec]) => [s, z.array(recordSchema(sec.fields, { partial: false })).optional()]));
      const p = `${base}/documents/${d.code}`;
      doc.paths[p] = {
        get: { tags, summary: `${d.title}: список`, parameters: [...listParams, ...filterParams({ ...fields, status: { type: 'enum', title: 'Статус' } })], responses: { 200: { description: '{items, total}' } } },
        post: {
          tags,
          summary: `${d.title}: создать (post=true — сразу провести)`,
          parameters: [{ name: 'post', in: 'query', schema: { type: 'boolean' } }],
          requestBody: { content: json(toSchema(fields, false, sections)) },
          responses: { 201: { description: 'Документ со строками' }, 400: problem, 422: problem },
        },
      };
      doc.paths[`${p}/compute`] = {
        post: { tags, summary: `${d.title}: рассчитать суммы, НДС и итоги без сохранения`, requestBody: { content: json(toSchema(fields, false, sections)) }, responses: { 200: { description: 'Документ с рассчитанными полями' }, 400: problem } },
      };
      doc.paths[`${p}/{id}`] = {
        get: { tags, summary: `${d.title}: документ со строками`, parameters: [idParam], responses: { 200: { description: 'Документ' }, 404: problem } },
        patch: { tags, summary: `${d.title}: изменить (проведённый — перепроводится)`, parameters: [idParam], requestBody: { content: json(toSchema(fields, true, sections)) }, responses: { 200: { description: 'Документ' }, 422: problem } },
        delete: { tags, summary: `${d.title}: удалить черновик`, parameters: [idParam], responses: { 204: { description: 'Удалён' }, 422: problem } },
      };
      for (const form of d.printForms ?? [])
        doc.paths[`${p}/{id}/print/${form.code}`] = {
          get: { tags, summary: `${d.title}: печатная форма «${form.title}» (${form.contentType ? 'файл' : 'PDF'})`, parameters: [idParam], responses: { 200: { description: form.contentType ?? 'application/pdf' }, 404: problem } },
        };
      if (d.post) {
        doc.paths[`${p}/{id}/post`] = { post: { tags, summary: `${d.title}: провести`, parameters: [idParam], responses: { 200: { description: 'Проведён' }, 422: problem } } };
        doc.paths[`${p}/{id}/cancel`] = { post: { tags, summary: `${d.title}: отменить проведение`, parameters: [idParam], responses: { 200: { description: 'Отменён' }, 422: problem } } };
      }
    }
    if (d.kind === 'register' && d.type === 'balance')
      doc.paths[`${base}/registers/${d.code}/balance`] = {
        get: { tags, summary: `${d.title}: остатки на дату`, parameters: [{ name: 'date', in: 'query', schema: { type: 'string', format: 'date' } }, ...filterParams(d.dimensions)], responses: { 200: { description: '{date, items}' } } },
      };
    if (d.kind === 'report')
      doc.paths[`${base}/reports/${d.code}`] = {
        get: {
          tags,
          summary: `Отчёт «${d.title}» (format=xlsx — выгрузка в Excel)`,
          parameters: [...Object.entries(d.params).map(([name, f]) => ({ name, in: 'query', required: !!f.required, schema: { type: 'string' }, description: f.title })), { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'xlsx'] } }],
          responses: { 200: { description: '{columns, items, totals, chart}' } },
        },
      };
  }
  doc.paths['/api/{module}/meta'] = { get: { tags: ['Конфигурация'], summary: 'Описание справочников, документов и отчётов модуля для интерфейса (с доп. полями компании)', parameters: [{ name: 'module', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'meta' } } } };
}

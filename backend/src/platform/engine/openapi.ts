import { z } from 'zod';
import type { Fields } from './declarations';
import { DOCUMENT_COLUMNS } from './document-reader';
import {
  balanceSchema,
  bodySchema,
  catalogItemSchema,
  documentSchema,
  listOf,
  MONEY,
  moduleMetaSchema,
  movementSchema,
  problemSchema,
  reportSchema,
  turnoverSchema,
} from './openapi-schemas';
import { PERIOD_UNITS } from './register-queries';
import { ConfigurationRegistry, subjectOf } from './registry';
import { recordSchema } from './validation';

type OpenApiDoc = { paths: Record<string, Record<string, unknown>> };
type Schema = Record<string, unknown>;

const json = (schema: unknown) => ({ 'application/json': { schema } });
const ok = (description: string, schema: Schema) => ({ description, content: json(schema) });
const file = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });
const problem = { description: 'Ошибка (application/problem+json, сообщение на русском)', content: { 'application/problem+json': { schema: problemSchema } } };
/** What any route of a tenant may answer besides its own errors. */
const common = { 400: problem, 401: problem, 403: problem };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const query = (name: string, schema: Schema, description: string, required = false) => ({ name, in: 'query', required, schema, description });
const listParams = [
  query('search', { type: 'string', maxLength: 200 }, 'Быстрый поиск по словам (префиксы)'),
  query('sort', { type: 'string' }, 'Поле сортировки; «-поле» — по убыванию. Неизвестное поле — 400'),
  query('limit', { type: 'integer', default: 50, minimum: 1, maximum: 500 }, 'Сколько записей (больше 500 — отдаётся 500)'),
  query('offset', { type: 'integer', default: 0, minimum: 0 }, 'Сколько записей пропустить'),
];
const filterNote = 'Каждый параметр — один раз; значение проверяется по типу поля (ссылка — UUID, дата — ГГГГ-ММ-ДД), иначе 400';

/** Filter parameters of a list or register: `<field>=` (a comma list for references and enums); ranges `<field>_from`, `<field>_to` where `ranges`. */
function filterParams(fields: Fields, ranges: boolean) {
  return Object.entries(fields).flatMap(([name, f]) => {
    const unit = f.type === 'money' ? ` (${MONEY})` : '';
    const eq = query(name, { type: 'string' }, `Отбор по полю «${f.title}»${unit}${f.type === 'ref' || f.type === 'enum' ? '; несколько значений — через запятую' : ''}`);
    const range = ranges && ['date', 'timestamp', 'integer', 'money', 'decimal'].includes(f.type);
    return range ? [eq, query(`${name}_from`, { type: 'string' }, `«${f.title}» не меньше${unit}`), query(`${name}_to`, { type: 'string' }, `«${f.title}» не больше${unit}`)] : [eq];
  });
}

/**
 * Adds a concrete OpenAPI entry for every declared catalog, document, register and report, with the
 * same JSON schemas the engine validates with and a response schema for every route — the generic
 * controller itself is hidden.
 */
export function addDeclarationsToOpenApi(doc: OpenApiDoc, registry: ConfigurationRegistry): void {
  for (const d of registry.all()) {
    const base = `/api/${d.module}`;
    const tags = [`${d.module}: ${d.title}`];
    const rights = (action: string) => `(права: ${action} ${subjectOf(d)})`;
    if (d.kind === 'catalog') {
      const fields: Fields = { name: { type: 'string', title: 'Наименование', required: true }, ...d.fields };
      const item = catalogItemSchema(d, fields);
      const p = `${base}/catalogs/${d.code}`;
      const deleted = query('deleted', { type: 'boolean' }, 'true — вместе с помеченными на удаление');
      doc.paths[p] = {
        get: { tags, summary: `${d.title}: список ${rights('read')}`, description: filterNote, parameters: [...listParams, deleted, ...filterParams(fields, true)], responses: { 200: ok('{items, total}', listOf(item)), ...common } },
        post: { tags, summary: `${d.title}: создать ${rights('create')}`, requestBody: { content: json(bodySchema(fields, false)) }, responses: { 201: ok('Созданный элемент', item), ...common, 409: problem } },
      };
      doc.paths[`${p}/{id}`] = {
        get: { tags, summary: `${d.title}: элемент`, parameters: [idParam], responses: { 200: ok('Элемент', item), ...common, 404: problem } },
        patch: { tags, summary: `${d.title}: изменить ${rights('update')}`, parameters: [idParam], requestBody: { content: json(bodySchema(fields, true, { version: z.number().int().optional() })) }, responses: { 200: ok('Элемент', item), ...common, 404: problem, 409: problem } },
        delete: { tags, summary: `${d.title}: пометить на удаление ${rights('delete')}`, parameters: [idParam], responses: { 200: ok('Элемент с пометкой удаления', item), ...common, 404: problem } },
      };
      doc.paths[`${p}/{id}/restore`] = { post: { tags, summary: `${d.title}: снять пометку удаления ${rights('delete')}`, parameters: [idParam], responses: { 200: ok('Элемент', item), ...common, 404: problem } } };
    }
    if (d.kind === 'document') {
      const fields: Fields = { date: { type: 'date', title: 'Дата' }, number: { type: 'string', title: 'Номер' }, ...d.fields };
      const sectionFields = Object.fromEntries(Object.entries(d.sections ?? {}).map(([s, sec]) => [s, sec.fields]));
      const sections = Object.fromEntries(Object.entries(d.sections ?? {}).map(([s, sec]) => [s, z.array(recordSchema(sec.fields, { partial: false })).optional()]));
      const body = (partial: boolean) => ({ content: json(bodySchema(fields, partial, sections, sectionFields)) });
      const document = documentSchema(d, fields);
      const p = `${base}/documents/${d.code}`;
      doc.paths[p] = {
        get: { tags, summary: `${d.title}: список ${rights('read')}`, description: filterNote, parameters: [...listParams, ...filterParams({ ...DOCUMENT_COLUMNS, ...fields } as Fields, true)], responses: { 200: ok('{items, total}', listOf(document)), ...common } },
        post: {
          tags,
          summary: `${d.title}: создать (post=true — сразу провести) ${rights('create')}`,
          parameters: [query('post', { type: 'boolean' }, 'true — провести в той же транзакции')],
          requestBody: body(false),
          responses: { 201: ok('Документ со строками', document), ...common, 422: problem },
        },
      };
      doc.paths[`${p}/compute`] = {
        post: { tags, summary: `${d.title}: рассчитать суммы, НДС и итоги без сохранения`, requestBody: body(false), responses: { 200: ok('Документ с рассчитанными полями', { ...document, required: [] }), ...common } },
      };
      doc.paths[`${p}/{id}`] = {
        get: { tags, summary: `${d.title}: документ со строками`, parameters: [idParam], responses: { 200: ok('Документ', document), ...common, 404: problem } },
        patch: { tags, summary: `${d.title}: изменить (проведённый — перепроводится) ${rights('update')}`, parameters: [idParam], requestBody: body(true), responses: { 200: ok('Документ', document), ...common, 404: problem, 409: problem, 422: problem } },
        delete: { tags, summary: `${d.title}: удалить черновик ${rights('delete')}`, parameters: [idParam], responses: { 204: { description: 'Удалён (без тела)' }, ...common, 404: problem, 422: problem } },
      };
      doc.paths[`${p}/{id}/movements`] = {
        get: {
          tags,
          summary: `${d.title}: движения документа по всем регистрам модуля, которые можно читать (со сторно отменённых проведений)`,
          parameters: [idParam],
          responses: {
            200: ok('Документ и его движения по регистрам', {
              type: 'object',
              properties: {
                document: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, number: { type: 'string' }, date: { type: 'string', format: 'date' }, status: { type: 'string' }, revision: { type: 'integer' } } },
                registers: { type: 'array', items: { type: 'object', properties: { register: { type: 'string' }, title: { type: 'string' }, type: { type: 'string' }, items: { type: 'array', items: movementSchema() } } } },
              },
            }),
            ...common,
            404: problem,
          },
        },
      };
      for (const form of d.printForms ?? [])
        doc.paths[`${p}/{id}/print/${form.code}`] = {
          get: { tags, summary: `${d.title}: печатная форма «${form.title}» (${form.contentType ? 'файл' : 'PDF'})`, parameters: [idParam], responses: { 200: file(form.title, form.contentType ?? 'application/pdf'), ...common, 404: problem, 409: problem, 422: problem } },
        };
      if (d.post) {
        doc.paths[`${p}/{id}/post`] = { post: { tags, summary: `${d.title}: провести ${rights('post')}`, parameters: [idParam], responses: { 200: ok('Проведённый документ', document), ...common, 404: problem, 422: problem } } };
        doc.paths[`${p}/{id}/cancel`] = { post: { tags, summary: `${d.title}: отменить проведение ${rights('post')}`, parameters: [idParam], responses: { 200: ok('Документ с отменённым проведением', document), ...common, 404: problem, 422: problem } } };
      }
    }
    if (d.kind === 'register') {
      const p = `${base}/registers/${d.code}`;
      const dims = filterParams(d.dimensions, false);
      const read = rights('read');
      if (d.type === 'balance')
        doc.paths[`${p}/balance`] = {
          get: { tags, summary: `${d.title}: остатки на конец даты ${read}`, description: filterNote, parameters: [query('date', { type: 'string', format: 'date' }, 'На конец этой даты; без неё — после всех движений'), ...dims], responses: { 200: ok('{date, items}', balanceSchema(d)), ...common, 404: problem } },
        };
      if (d.type !== 'information')
        doc.paths[`${p}/turnover`] = {
          get: {
            tags,
            summary: `${d.title}: обороты за период по периодам и измерениям ${read}`,
            description: filterNote,
            parameters: [
              query('from', { type: 'string', format: 'date' }, 'Начало периода (включительно)', true),
              query('to', { type: 'string', format: 'date' }, 'Конец периода (включительно)', true),
              query('period', { type: 'string', enum: [...PERIOD_UNITS] }, 'Группировка по периодам: день, неделя (с понедельника), месяц, квартал, год'),
              query('groupBy', { type: 'string' }, `Измерения через запятую: ${Object.keys(d.dimensions).join(', ')}`),
              ...dims,
            ],
            responses: { 200: ok('Обороты', turnoverSchema(d)), ...common, 404: problem },
          },
        };
      doc.paths[`${p}/movements`] = {
        get: {
          tags,
          summary: `${d.title}: движения документа-регистратора (со сторно) ${read}`,
          parameters: [query('recorder', { type: 'string', format: 'uuid' }, 'Идентификатор документа', true)],
          responses: { 200: ok('{recorder, items}', { type: 'object', properties: { recorder: { type: 'string', format: 'uuid' }, items: { type: 'array', items: movementSchema(d) } } }), ...common, 404: problem },
        },
      };
    }
    if (d.kind === 'report')
      doc.paths[`${base}/reports/${d.code}`] = {
        get: {
          tags,
          summary: `Отчёт «${d.title}» (format=xlsx — выгрузка в Excel, format=pdf — для печати; суммы в рублях) ${rights('read')}`,
          parameters: [...Object.entries(d.params).map(([name, f]) => query(name, { type: 'string' }, f.title, !!f.required)), query('format', { type: 'string', enum: ['json', 'xlsx', 'pdf'] }, 'json (по умолчанию), xlsx или pdf')],
          responses: {
            200: { description: 'Строки, итоги и описание колонок; денежные колонки — в копейках', content: { ...json(reportSchema(d)), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
            ...common,
            404: problem,
          },
        },
      };
  }
  doc.paths['/api/{module}/meta'] = {
    get: {
      tags: ['Конфигурация'],
      summary: 'Описание справочников, документов и отчётов модуля для интерфейса (с доп. полями компании)',
      parameters: [{ name: 'module', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: ok('Справочники, документы, регистры и отчёты модуля, которые можно читать', moduleMetaSchema),
        ...common,
        404: problem,
      },
    },
  };
  const moduleParam = { name: 'module', in: 'path', required: true, schema: { type: 'string' } };
  const userDefaults = ok('Основные значения пользователя: по справочнику — выбранный элемент (или null) и его наименование', {
    type: 'array',
    items: {
      type: 'object',
      required: ['catalog', 'title', 'item', 'name'],
      properties: { catalog: { type: 'string', description: 'Справочник, например trade.organizations' }, title: { type: 'string' }, titleEn: { type: 'string' }, item: { type: 'string', format: 'uuid', nullable: true }, name: { type: 'string', nullable: true } },
    },
  });
  doc.paths['/api/{module}/user-defaults'] = {
    get: { tags: ['Конфигурация'], summary: 'Мои основные значения для подстановки в новые документы (организация, склад…)', parameters: [moduleParam], responses: { 200: userDefaults, ...common, 404: problem } },
    put: {
      tags: ['Конфигурация'],
      summary: 'Выбрать (id) или снять (null) свои основные значения',
      parameters: [moduleParam],
      requestBody: { required: true, content: json({ type: 'object', additionalProperties: { type: 'string', format: 'uuid', nullable: true }, example: { 'trade.organizations': '00000000-0000-0000-0000-000000000000' } }) },
      responses: { 200: userDefaults, ...common, 404: problem },
    },
  };
}

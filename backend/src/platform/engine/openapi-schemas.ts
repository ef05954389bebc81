import { z } from 'zod';
import type { CatalogDeclaration, DocumentDeclaration, FieldDeclaration, Fields, RegisterDeclaration, ReportDeclaration } from './declarations';
import { recordSchema } from './validation';

/** JSON schemas (OpenAPI 3.0) of what the engine's generated routes take and answer. Money is always integer kopecks. */

type Schema = Record<string, unknown>;

export const MONEY = 'в копейках (целое число)';
const money = (title: string) => `${title} — ${MONEY}`;

/** The problem+json every error answers with. */
export const problemSchema: Schema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string', description: 'Кратко, по-русски' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'Что не так и что сделать, по-русски' },
    instance: { type: 'string' },
    errors: { type: 'array', description: 'Неверные поля или параметры', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

/** A field's value as the API returns it (money as integer kopecks, decimals as exact strings). */
export function valueSchema(f: Pick<FieldDeclaration, 'type' | 'title' | 'values'>, nullable = true): Schema {
  const n = nullable ? { nullable: true } : {};
  switch (f.type) {
    case 'money':
      return { type: 'integer', format: 'int64', description: money(f.title), ...n };
    case 'integer':
      return { type: 'integer', description: f.title, ...n };
    case 'decimal':
      return { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: `${f.title} — точное десятичное число строкой`, ...n };
    case 'date':
      return { type: 'string', format: 'date', description: f.title, ...n };
    case 'boolean':
      return { type: 'boolean', description: f.title, ...n };
    case 'enum':
      return { type: 'string', enum: Object.keys(f.values ?? {}), description: `${f.title}: ${Object.entries(f.values ?? {}).map(([k, v]) => `${k} — ${v}`).join(', ')}`, ...n };
    case 'ref':
      return { type: 'string', format: 'uuid', description: `${f.title} (ссылка)`, ...n };
    default:
      return { type: 'string', description: f.title, ...n };
  }
}

/** A register resource as the register read API returns it: an exact sum as a string (money: integer kopecks). */
export function resourceSchema(f: FieldDeclaration): Schema {
  return f.type === 'money'
    ? { type: 'string', pattern: '^-?\\d+$', description: `${f.title} — ${MONEY}, строкой (точная сумма)` }
    : { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: `${f.title} — точное число строкой` };
}

const objectOf = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}) });
const props = (fields: Fields) => Object.fromEntries(Object.entries(fields).map(([n, f]) => [n, valueSchema(f, !f.required)]));
const audit = {
  custom: { type: 'object', description: 'Дополнительные поля компании', additionalProperties: true },
  created_at: { type: 'string', format: 'date-time' },
  updated_at: { type: 'string', format: 'date-time' },
  created_by: { type: 'string', format: 'uuid', nullable: true },
  version: { type: 'integer', description: 'Версия записи: передайте её в PATCH, чтобы не затереть чужие изменения' },
};

export function catalogItemSchema(d: CatalogDeclaration, fields: Fields): Schema {
  return objectOf(
    {
      id: { type: 'string', format: 'uuid' },
      code: { type: 'string', nullable: true },
      ...(d.hierarchical ? { parent_id: { type: 'string', format: 'uuid', nullable: true }, is_group: { type: 'boolean' } } : {}),
      ...(d.owner ? { owner_id: { type: 'string', format: 'uuid', description: 'Владелец' } } : {}),
      ...props(fields),
      deletion_mark: { type: 'boolean', description: 'Помечен на удаление' },
      ...audit,
    },
    ['id', 'name', 'version'],
  );
}

export function documentSchema(d: DocumentDeclaration, fields: Fields): Schema {
  const sections = Object.fromEntries(
    Object.entries(d.sections ?? {}).map(([s, sec]) => [s, { type: 'array', description: sec.title, items: objectOf({ line_no: { type: 'integer', description: 'Номер строки' }, ...props(sec.fields) }) }]),
  );
  return objectOf(
    {
      id: { type: 'string', format: 'uuid' },
      ...props(fields),
      status: { type: 'string', enum: ['draft', 'posted', 'cancelled'], description: 'draft — черновик, posted — проведён, cancelled — проведение отменено' },
      posted_at: { type: 'string', format: 'date-time', nullable: true },
      revision: { type: 'integer', description: 'Номер проведения, которому принадлежат текущие движения' },
      ...sections,
      ...audit,
    },
    ['id', 'number', 'date', 'status'],
  );
}

export const listOf = (item: Schema): Schema => objectOf({ items: { type: 'array', items: item }, total: { type: 'integer', description: 'Всего записей по отбору' } }, ['items', 'total']);

/** The request body: the same zod schema the engine validates with, money fields saying their unit. */
export function bodySchema(fields: Fields, partial: boolean, extra: Record<string, z.ZodType> = {}, sections: Record<string, Fields> = {}): Schema {
  const json = z.toJSONSchema(recordSchema(fields, { partial, extra }), { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Schema> };
  const describe = (properties: Record<string, Schema> | undefined, declared: Fields) => {
    for (const [n, f] of Object.entries(declared)) if (f.type === 'money' && properties?.[n]) properties[n].description = money(f.title);
  };
  describe(json.properties, fields);
  for (const [s, sectionFields] of Object.entries(sections)) describe((json.properties?.[s]?.items as { properties?: Record<string, Schema> } | undefined)?.properties, sectionFields);
  return json as Schema;
}

const dimensionProps = (reg: RegisterDeclaration, names = Object.keys(reg.dimensions)) => Object.fromEntries(names.map((n) => [n, valueSchema(reg.dimensions[n], false)]));
const resourceProps = (reg: RegisterDeclaration) => Object.fromEntries(Object.entries(reg.resources).map(([n, f]) => [n, resourceSchema(f)]));

export function balanceSchema(reg: RegisterDeclaration): Schema {
  return objectOf({ date: { type: 'string', format: 'date' }, items: { type: 'array', items: objectOf({ ...dimensionProps(reg), ...resourceProps(reg) }) } }, ['date', 'items']);
}

export function turnoverSchema(reg: RegisterDeclaration): Schema {
  const sums = (what: string) => ({ ...objectOf(resourceProps(reg)), description: what });
  return objectOf(
    {
      from: { type: 'string', format: 'date' },
      to: { type: 'string', format: 'date' },
      period: { type: 'string', enum: ['day', 'week', 'month', 'quarter', 'year'], nullable: true },
      groupBy: { type: 'array', items: { type: 'string' } },
      items: {
        type: 'array',
        items: objectOf({
          period: { type: 'string', format: 'date', description: 'Первый день периода (есть при period=…)' },
          dimensions: { ...objectOf(dimensionProps(reg)), description: 'Значения измерений из groupBy' },
          turnover: sums('Оборот (приход минус расход)'),
          ...(reg.type === 'balance' ? { receipt: sums('Приход'), expense: sums('Расход') } : {}),
        }),
      },
    },
    ['from', 'to', 'items'],
  );
}

/** A register's movement (balance registers: `kind`); `generic` for the document's movements in any register. */
export function movementSchema(reg?: RegisterDeclaration): Schema {
  return {
    ...objectOf({
      id: { type: 'string' },
      period: { type: 'string', format: 'date' },
      recorder_type: { type: 'string', description: 'Вид документа-регистратора, <модуль>.<код>' },
      recorder_id: { type: 'string', format: 'uuid' },
      revision: { type: 'integer', description: 'Проведение документа, к которому относится движение' },
      line_no: { type: 'integer' },
      storno: { type: 'boolean', description: 'Сторно: отмена движений прежнего проведения' },
      kind: { type: 'string', enum: ['receipt', 'expense'], description: 'Приход или расход (регистры остатков)' },
      ...(reg ? { ...dimensionProps(reg), ...resourceProps(reg), ...Object.fromEntries(Object.entries(reg.attributes ?? {}).map(([n, f]) => [n, valueSchema(f)])) } : {}),
    }),
    ...(reg ? {} : { additionalProperties: true, description: `Плюс измерения и ресурсы регистра; денежные ресурсы — ${MONEY}, строкой` }),
  };
}

export function reportSchema(d: ReportDeclaration): Schema {
  const column = (c: ReportDeclaration['columns'][number]) => (c.type ? valueSchema({ type: c.type, title: c.title }) : { description: c.title });
  return objectOf(
    {
      title: { type: 'string' },
      params: { ...objectOf(props(d.params)), description: 'Параметры, с которыми построен отчёт' },
      columns: { type: 'array', items: objectOf({ field: { type: 'string' }, title: { type: 'string' }, type: { type: 'string' } }) },
      chart: {
        ...objectOf({ type: { type: 'string', enum: ['bar', 'line', 'pie'] }, x: { type: 'string', description: 'Колонка подписей' }, y: { type: 'array', items: { type: 'string' }, description: 'Колонки значений' } }, ['type', 'x', 'y']),
        nullable: true,
        description: 'Диаграмма, если отчёт её объявил',
      },
      items: { type: 'array', items: objectOf(Object.fromEntries(d.columns.map((c) => [c.field, column(c)]))) },
      totals: { ...objectOf(Object.fromEntries(d.columns.filter((c) => c.type === 'money' || c.type === 'decimal' || c.type === 'integer').map((c) => [c.field, column(c)]))), description: 'Итоги числовых колонок' },
    },
    ['title', 'columns', 'items', 'totals'],
  );
}

const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
const strings = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });
const titles: Schema = { type: 'object', additionalProperties: { type: 'string' }, description: 'Значения перечисления: код → название' };
/** A declared field as `/meta` describes it to the UI (the declaration's options; functions left out). */
const fieldMeta = objectOf(
  {
    name: str(),
    type: str('Тип поля: string, text, integer, decimal, money (копейки), date, boolean, enum, ref, inn, kpp, ogrn, bik, account'),
    title: str(),
    titleEn: str(),
    required: { type: 'boolean' },
    maxLength: { type: 'integer' },
    scale: { type: 'integer', description: 'Знаков после запятой' },
    values: titles,
    ref: str('Справочник или документ, на который ссылается поле'),
    filter: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, objectOf({ field: str() }, ['field'])] }, description: 'Отбор выбора: колонка справочника → значение или другое поле' },
    fillWhenOnly: { type: 'boolean' },
    userDefault: { type: 'boolean', description: 'Подставляется основное значение пользователя' },
    requiredWhen: { type: 'array', items: objectOf({ field: str(), setting: str() }, ['field', 'setting']) },
    min: { type: 'number' },
    bikField: str(),
    default: { description: 'Значение по умолчанию (или основное значение пользователя)' },
    search: { type: 'boolean' },
    list: { type: 'boolean' },
    computed: { type: 'boolean' },
    personal: { type: 'boolean', description: 'Персональные данные' },
  },
  ['name', 'type', 'title'],
);
const customFieldMeta = objectOf({ code: str(), title: str(), type: str(), values: { ...titles, nullable: true }, ref: { ...str(), nullable: true }, required: { type: 'boolean' } }, ['code', 'title', 'type', 'required']);
const entityMeta = {
  code: str(),
  subject: str('Субъект прав: <модуль>.<код>'),
  title: str(),
  titleEn: str(),
  group: { ...str('Группа меню модуля'), nullable: true },
  allowedActions: strings('Что пользователь может: read, create, update, delete, post'),
};
const fieldsMeta = (description: string): Schema => ({ type: 'array', items: fieldMeta, description });

/** GET /api/{module}/meta: the declarations the user may read, as the generic pages draw them. */
export const moduleMetaSchema: Schema = objectOf(
  {
    module: str(),
    groups: { type: 'array', items: objectOf({ code: str(), title: str(), titleEn: str() }), description: 'Группы меню модуля по порядку' },
    catalogs: {
      type: 'array',
      items: objectOf({ ...entityMeta, hierarchical: { type: 'boolean' }, owner: { ...str('Справочник-владелец'), nullable: true }, fields: fieldsMeta('Поля'), customFields: { type: 'array', items: customFieldMeta } }),
    },
    documents: {
      type: 'array',
      items: objectOf({
        ...entityMeta,
        numberPrefix: str(),
        postable: { type: 'boolean' },
        basedOn: { type: 'array', items: objectOf({ from: str(), link: str(), copy: { type: 'object', additionalProperties: { type: 'string' } } }, ['from']) },
        formActions: { type: 'array', items: objectOf({ code: str(), title: str(), titleEn: str(), route: str(), needs: strings('Поля шапки, без которых кнопка недоступна'), fills: str('Табличная часть') }) },
        printForms: { type: 'array', items: objectOf({ code: str(), title: str(), contentType: str() }) },
        fields: fieldsMeta('Поля шапки'),
        sections: { type: 'array', items: objectOf({ code: str(), title: str(), fields: fieldsMeta('Поля строки') }) },
        customFields: { type: 'array', items: customFieldMeta },
      }),
    },
    registers: { type: 'array', items: objectOf({ ...entityMeta, type: str('balance, turnover или information'), dimensions: fieldsMeta('Измерения'), resources: fieldsMeta('Ресурсы') }) },
    reports: {
      type: 'array',
      items: objectOf({
        ...entityMeta,
        params: fieldsMeta('Параметры'),
        columns: { type: 'array', items: objectOf({ field: str(), title: str(), type: str() }, ['field', 'title']) },
        chart: { ...objectOf({ type: str(), x: str(), y: strings('Колонки значений') }), nullable: true },
      }),
    },
  },
  ['module', 'catalogs', 'documents', 'registers', 'reports'],
);

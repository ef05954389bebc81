import { z, type ZodType } from 'zod';
import { bankAccountIssue, bikSchema, innSchema, kppSchema, ogrnSchema } from '../ru/identifiers';
import type { FieldDeclaration, FieldType, Fields } from './declarations';

/** A tenant's own field (added from the admin UI), stored in the record's `custom` JSON. */
export interface CustomField {
  code: string;
  title: string;
  type: Extract<FieldType, 'string' | 'integer' | 'decimal' | 'date' | 'boolean' | 'enum' | 'ref'>;
  values?: Record<string, string>;
  ref?: string;
  required: boolean;
}

const decimalString = (scale: number) =>
  z.union([z.string(), z.number()]).transform((v, ctx) => {
    const s = String(v).trim().replace(',', '.');
    const m = /^-?\d{1,15}(\.\d+)?$/.exec(s);
    if (!m || (m[1] && m[1].length - 1 > scale)) {
      ctx.addIssue({ code: 'custom', message: `Ожидается число с не более чем ${scale} знаками после запятой` });
      return z.NEVER;
    }
    return s;
  });

/** The zod schema of one declared field, with Russian messages naming the field. */
export function fieldSchema(f: Pick<FieldDeclaration, 'type' | 'title' | 'maxLength' | 'scale' | 'values'>): ZodType {
  const t = `«${f.title}»`;
  switch (f.type) {
    case 'string':
      return z.string({ message: `${t}: ожидается строка` }).trim().max(f.maxLength ?? 250, `${t}: не длиннее ${f.maxLength ?? 250} символов`);
    case 'text':
      return z.string({ message: `${t}: ожидается текст` }).max(20000, `${t}: слишком длинный текст`);
    case 'integer':
      return z.number({ message: `${t}: ожидается целое число` }).int(`${t}: ожидается целое число`);
    case 'decimal':
      return decimalString(f.scale ?? 3);
    case 'money':
      return z.number({ message: `${t}: сумма в копейках — целое число` }).int(`${t}: сумма в копейках — целое число`).min(-1e15).max(1e15);
    case 'date':
      return z.iso.date({ message: `${t}: дата в формате ГГГГ-ММ-ДД` });
    case 'boolean':
      return z.boolean({ message: `${t}: ожидается да/нет (true/false)` });
    case 'enum': {
      const keys = Object.keys(f.values ?? {});
      return z.enum(keys as [string, ...string[]], { message: `${t}: допустимые значения — ${Object.values(f.values ?? {}).join(', ')}` });
    }
    case 'ref':
      return z.uuid({ message: `${t}: ожидается ссылка (идентификатор UUID)` });
    case 'inn':
      return innSchema;
    case 'kpp':
      return kppSchema;
    case 'ogrn':
      return ogrnSchema;
    case 'bik':
      return bikSchema;
    case 'account':
      return z.string().trim().regex(/^\d{20}$/, `${t}: номер счёта — 20 цифр`);
    case 'email':
      return z.string().trim().email(`${t}: укажите e-mail в формате name@company.ru`);
    case 'phone':
      return z.string().trim().regex(/^\+?[\d\s()-]{7,20}$/, `${t}: укажите телефон, например +7 495 123-45-67`);
  }
}

/**
 * The body schema of a record: declared fields (+ the tenant's custom fields under `custom`).
 * `partial` is for updates: only the sent fields are checked.
 */
export function recordSchema(fields: Fields, options: { partial: boolean; extra?: Record<string, ZodType>; custom?: CustomField[] }): z.ZodObject {
  const shape: Record<string, ZodType> = { ...(options.extra ?? {}) };
  for (const [name, f] of Object.entries(fields)) {
    const base = fieldSchema(f);
    shape[name] = options.partial || !f.required ? base.nullable().optional() : base;
  }
  if (options.custom?.length) {
    const customShape: Record<string, ZodType> = {};
    for (const c of options.custom) {
      const base = fieldSchema({ ...c, type: c.type });
      customShape[c.code] = options.partial || !c.required ? base.nullable().optional() : base;
    }
    const customObject = z.object(customShape).strict();
    shape.custom = options.partial ? customObject.partial().optional() : c_optional(options.custom) ? customObject.optional() : customObject;
  }
  return z.object(shape).strict();
}

const c_optional = (custom: CustomField[]) => custom.every((c) => !c.required);

/** Cross-field checks zod cannot express per field: a bank account's key against its БИК. */
export function crossFieldIssues(fields: Fields, record: Record<string, unknown>): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  for (const [name, f] of Object.entries(fields)) {
    if (f.type === 'account' && f.bikField && record[name] && record[f.bikField]) {
      const issue = bankAccountIssue(String(record[f.bikField]), String(record[name]));
      if (issue) issues.push({ field: name, message: `«${f.title}»: ${issue}` });
    }
  }
  return issues;
}

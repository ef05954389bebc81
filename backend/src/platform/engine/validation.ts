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

/**
 * A field's type error: an absent or `null` value of a field that must have one is named as such
 * («обязательное поле»), anything else as the type expected.
 */
const typeError = (t: string, expected: string) => (issue: { input?: unknown }) =>
  issue.input === null || issue.input === undefined ? `${t}: обязательное поле — укажите значение` : `${t}: ${expected}`;

const decimalString = (t: string, scale: number) =>
  z.union([z.string(), z.number()], { error: typeError(t, 'ожидается число') }).transform((v, ctx) => {
    const s = String(v).trim().replace(',', '.');
    const m = /^-?\d{1,15}(\.\d+)?$/.exec(s);
    if (!m || (m[1] && m[1].length - 1 > scale)) {
      ctx.addIssue({ code: 'custom', message: `${t}: ожидается число с не более чем ${scale} знаками после запятой` });
      return z.NEVER;
    }
    return s;
  });

/** The zod schema of one declared field, with Russian messages naming the field. */
export function fieldSchema(f: Pick<FieldDeclaration, 'type' | 'title' | 'maxLength' | 'scale' | 'values' | 'min' | 'check'>): ZodType {
  const base = typeSchema(f);
  const t = `«${f.title}»`;
  const { min, check } = f;
  if (min === undefined && !check) return base;
  return base.superRefine((v, ctx) => {
    if (v === null || v === undefined || v === '') return;
    if (min !== undefined && Number(v) < min) ctx.addIssue({ code: 'custom', message: `${t}: не может быть меньше ${min}` });
    const problem = check?.(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `${t}: ${problem}` });
  });
}

/** A blank number typed in a form is an empty field, not a wrong number. */
const blankAsEmpty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const NUMERIC = new Set<FieldDeclaration['type']>(['integer', 'decimal', 'money']);

function typeSchema(f: Pick<FieldDeclaration, 'type' | 'title' | 'maxLength' | 'scale' | 'values'>): ZodType {
  const t = `«${f.title}»`;
  switch (f.type) {
    case 'string':
      return z.string({ error: typeError(t, 'ожидается строка') }).trim().max(f.maxLength ?? 250, `${t}: не длиннее ${f.maxLength ?? 250} символов`);
    case 'text':
      return z.string({ error: typeError(t, 'ожидается текст') }).max(20000, `${t}: слишком длинный текст`);
    case 'integer':
      return z.number({ error: typeError(t, 'ожидается целое число') }).int(`${t}: ожидается целое число`);
    case 'decimal':
      return decimalString(t, f.scale ?? 3);
    case 'money':
      return z.number({ error: typeError(t, 'сумма в копейках — целое число') }).int(`${t}: сумма в копейках — целое число`).min(-1e15).max(1e15);
    case 'date':
      return z.iso.date({ error: typeError(t, 'дата в формате ГГГГ-ММ-ДД') });
    case 'boolean':
      return z.boolean({ error: typeError(t, 'ожидается да/нет (true/false)') });
    case 'enum': {
      const keys = Object.keys(f.values ?? {});
      return z.enum(keys as [string, ...string[]], { error: typeError(t, `допустимые значения — ${Object.values(f.values ?? {}).join(', ')}`) });
    }
    case 'ref':
      return z.uuid({ error: typeError(t, 'ожидается ссылка (идентификатор UUID)') });
    case 'inn':
      return innSchema;
    case 'kpp':
      return kppSchema;
    case 'ogrn':
      return ogrnSchema;
    case 'bik':
      return bikSchema;
    case 'account':
      return z.string({ error: typeError(t, 'номер счёта — 20 цифр') }).trim().regex(/^\d{20}$/, `${t}: номер счёта — 20 цифр`);
    case 'email':
      return z.string({ error: typeError(t, 'укажите e-mail в формате name@company.ru') }).trim().email(`${t}: укажите e-mail в формате name@company.ru`);
    case 'phone':
      return z.string({ error: typeError(t, 'укажите телефон, например +7 495 123-45-67') }).trim().regex(/^\+?[\d\s()-]{7,20}$/, `${t}: укажите телефон, например +7 495 123-45-67`);
  }
}

/**
 * The body schema of a record: declared fields (+ the tenant's custom fields under `custom`).
 * `partial` is for updates: only the sent fields are checked, and a required field may be left out but
 * not emptied — `null` for it is refused naming the field (its column is NOT NULL; a document without it
 * could no longer be posted or printed). `draft` is for a form still being filled in (live totals):
 * any field may be empty.
 */
export function recordSchema(fields: Fields, options: { partial: boolean; draft?: boolean; extra?: Record<string, ZodType>; custom?: CustomField[] }): z.ZodObject {
  const shape: Record<string, ZodType> = { ...(options.extra ?? {}) };
  const field = (base: ZodType, required: boolean | undefined, numeric = false) => {
    const blank = (s: ZodType) => (numeric ? z.preprocess(blankAsEmpty, s) : s);
    return !required || options.draft ? blank(base.nullable()).optional() : options.partial ? blank(base).optional() : blank(base);
  };
  for (const [name, f] of Object.entries(fields)) shape[name] = field(fieldSchema(f), f.required, NUMERIC.has(f.type));
  if (options.custom?.length) {
    const customShape: Record<string, ZodType> = {};
    for (const c of options.custom) customShape[c.code] = field(fieldSchema({ ...c, type: c.type }), c.required);
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

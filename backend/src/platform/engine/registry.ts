import type { SubjectInfo } from '../access/subjects';
import type { CatalogDeclaration, Declaration, DocumentDeclaration, FieldDeclaration, Fields, RegisterDeclaration, ReportDeclaration } from './declarations';

const IDENT = /^[a-z][a-z0-9_]{0,40}$/;

/** Columns the engine adds to each kind of table; declared fields may not reuse these names. */
const COMMON = ['id', 'custom', 'search_text', 'created_at', 'updated_at', 'created_by', 'version'];
export const RESERVED_FIELDS: Record<Declaration['kind'], Set<string>> = {
  catalog: new Set([...COMMON, 'parent_id', 'is_group', 'owner_id', 'deletion_mark']),
  document: new Set([...COMMON, 'number', 'date', 'status', 'posted_at', 'revision', 'doc_id', 'line_no']),
  register: new Set(['id', 'period', 'recorder_type', 'recorder_id', 'revision', 'line_no', 'direction', 'storno', 'month', 'day']),
  report: new Set(['format']),
};

/**
 * All declarations of this backend, checked once at start: names are safe SQL identifiers, references
 * point to existing catalogs, fields are not reserved. A mistake fails the start with a clear message.
 */
export class ConfigurationRegistry {
  private readonly items = new Map<string, Declaration>();

  constructor(declarations: Declaration[] = []) {
    for (const d of declarations) this.add(d);
    this.checkReferences();
  }

  private key(kind: string, module: string, code: string) {
    return `${kind}:${module}.${code}`;
  }

  add(d: Declaration): void {
    const at = where(d);
    if (!d.module) throw new Error(`${at}: не указан модуль — перечислите объявление в declarations модуля (defineModule) или укажите module`);
    if (!IDENT.test(d.module) || !IDENT.test(d.code)) throw new Error(`${at}: код модуля и код объявления — строчные латинские буквы, цифры и «_», начиная с буквы`);
    const key = this.key(d.kind, d.module, d.code);
    if (this.items.has(key)) throw new Error(`${at}: ${kindTitle[d.kind]} «${d.module}.${d.code}» объявлен дважды`);
    // One permission subject per code, so a catalog, document, register and report of a module need distinct codes.
    const clash = [...this.items.values()].find((x) => x.module === d.module && x.code === d.code);
    if (clash) throw new Error(`${at}: код «${d.code}» уже занят (${kindTitle[clash.kind]}, ${clash.file ?? ''}) — у справочника, документа, регистра и отчёта модуля коды разные`);
    const fieldSets: Fields[] =
      d.kind === 'register' ? [d.dimensions, d.resources, d.attributes ?? {}] : d.kind === 'document' ? [d.fields, ...Object.values(d.sections ?? {}).map((s) => s.fields)] : d.kind === 'catalog' ? [d.fields] : [d.params];
    for (const fields of fieldSets)
      for (const name of Object.keys(fields)) {
        if (!IDENT.test(name)) throw new Error(`${at}: поле «${name}» — строчные латинские буквы, цифры и «_», начиная с буквы, до 41 знака`);
        if (RESERVED_FIELDS[d.kind].has(name)) throw new Error(`${at}: поле «${name}» движок добавляет сам (${[...RESERVED_FIELDS[d.kind]].join(', ')}) — назовите поле иначе`);
      }
    if (d.kind === 'document') for (const s of Object.keys(d.sections ?? {})) if (!IDENT.test(s)) throw new Error(`${at}: табличная часть «${s}» — строчные латинские буквы, цифры и «_»`);
    if (d.kind === 'register' && d.sequence) {
      if (d.type === 'information') throw new Error(`${at}: у регистра сведений нет последовательности — уберите sequence`);
      if (!d.dimensions[d.sequence.dimension]) throw new Error(`${at}: sequence.dimension «${d.sequence.dimension}» — не измерение регистра`);
    }
    this.items.set(key, d);
  }

  private checkReferences() {
    for (const d of this.items.values()) {
      const check = (fields: Fields) => {
        for (const [name, f] of Object.entries(fields))
          if (f.type === 'ref' && !this.resolveRef(d.module, f.ref)) throw new Error(`${where(d)}: поле «${name}» ссылается на «${f.ref}» — такого справочника или документа нет (другой модуль: «модуль.код», например trade.counterparties)`);
      };
      if (d.kind === 'catalog') {
        check(d.fields);
        if (d.owner && !this.catalog(d.module, d.owner)) throw new Error(`${where(d)}: справочник-владелец «${d.owner}» не объявлен`);
      }
      if (d.kind === 'document') {
        [d.fields, ...Object.values(d.sections ?? {}).map((s) => s.fields)].forEach(check);
        for (const b of d.basedOn ?? []) {
          if (!this.document(...qualified(d.module, b.from))) throw new Error(`${where(d)}: basedOn — документа «${b.from}» нет`);
          if (b.link && d.fields[b.link]?.type !== 'ref') throw new Error(`${where(d)}: basedOn из «${b.from}» — поля-ссылки «${b.link}» нет`);
        }
        for (const [name, f] of Object.entries(d.fields)) {
          for (const c of Object.values(f.filter ?? {})) if (typeof c !== 'string' && !d.fields[c.field]) throw new Error(`${where(d)}: фильтр поля «${name}» зависит от поля «${c.field}» — такого поля нет`);
          for (const c of f.requiredWhen ?? []) {
            const target = d.fields[c.field]?.type === 'ref' ? this.resolveRef(d.module, d.fields[c.field].ref) : undefined;
            if (target?.kind !== 'catalog' || target.fields[c.setting]?.type !== 'boolean')
              throw new Error(`${where(d)}: requiredWhen поля «${name}» — «${c.field}» должно быть ссылкой шапки на справочник с логическим полем «${c.setting}»`);
          }
        }
        checkFormActions(d);
      }
      if (d.kind === 'register') check(d.dimensions);
    }
  }

  /** A `ref` target: `code` in the same module or `module.code`. */
  resolveRef(module: string, ref: string | undefined): CatalogDeclaration | DocumentDeclaration | undefined {
    if (!ref) return undefined;
    const [m, c] = qualified(module, ref);
    return this.catalog(m, c) ?? this.document(m, c);
  }

  catalog(module: string, code: string) {
    return this.items.get(this.key('catalog', module, code)) as CatalogDeclaration | undefined;
  }
  document(module: string, code: string) {
    return this.items.get(this.key('document', module, code)) as DocumentDeclaration | undefined;
  }
  register(module: string, code: string) {
    return this.items.get(this.key('register', module, code)) as RegisterDeclaration | undefined;
  }
  report(module: string, code: string) {
    return this.items.get(this.key('report', module, code)) as ReportDeclaration | undefined;
  }

  all(): Declaration[] {
    return [...this.items.values()];
  }

  byModule(module: string): Declaration[] {
    return this.all().filter((d) => d.module === module);
  }

  /** Permission subjects: one per catalog, document, register and report. */
  subjects(): SubjectInfo[] {
    return this.all().map((d) =>
      d.kind === 'register'
        ? { subject: subjectOf(d), title: d.title, titleEn: d.titleEn ?? d.title, module: d.module, actions: ['read'], fields: Object.keys(d.dimensions), defaultAccess: d.defaultAccess }
        : {
        subject: subjectOf(d),
        title: d.title,
        titleEn: d.titleEn ?? d.title,
        module: d.module,
        actions: d.kind === 'document' ? ['read', 'create', 'update', 'delete', 'post'] : d.kind === 'report' || d.readOnly ? ['read'] : ['read', 'create', 'update', 'delete'],
            fields: ['id', ...(d.kind === 'report' ? [] : Object.keys(d.fields)), ...(d.kind === 'document' ? ['status', 'number', 'date', 'created_by'] : d.kind === 'catalog' ? ['name', 'code', 'created_by'] : [])],
            defaultAccess: d.defaultAccess,
          },
    ) as SubjectInfo[];
  }
}

export const kindTitle: Record<Declaration['kind'], string> = { catalog: 'справочник', document: 'документ', register: 'регистр', report: 'отчёт' };

/** «справочник trade.products (backend/src/modules/trade/catalogs.ts)» — for messages that say where to fix. */
const where = (d: Declaration) => `${kindTitle[d.kind]} «${d.module}.${d.code}» (${d.file ?? 'файл неизвестен'})`;

/** A form action calls the module's own route with the document's header fields and fills one of its tables. */
function checkFormActions(d: DocumentDeclaration) {
  const codes = new Set<string>();
  for (const a of d.formActions ?? []) {
    const at = `${where(d)}: formActions «${a.code}»`;
    if (!IDENT.test(a.code) || codes.has(a.code)) throw new Error(`${at}: код — строчные латинские буквы, цифры и «_», у каждой кнопки свой`);
    codes.add(a.code);
    const own = `/api/${d.module}/`;
    if (!a.route.startsWith(own) || a.route.length === own.length) throw new Error(`${at}: route «${a.route}» — не маршрут модуля; укажите свой, начиная с ${own}`);
    for (const n of a.needs) if (!d.fields[n] || d.fields[n].computed) throw new Error(`${at}: needs — поля «${n}» в шапке документа нет или оно вычисляемое (поля: ${Object.keys(d.fields).join(', ')})`);
    if (!d.sections?.[a.fills]) throw new Error(`${at}: fills — табличной части «${a.fills}» нет (есть: ${Object.keys(d.sections ?? {}).join(', ') || 'нет ни одной'})`);
  }
}

/** A name in `module` (`cost`) or in another module (`trade.cost`), as [module, code]. */
export function qualified(module: string, name: string): [string, string] {
  const dot = name.indexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [module, name];
}

export const subjectOf = (d: { module: string; code: string }) => `${d.module}.${d.code}`;

/** Table names: one prefix per kind keeps the modules' tables apart inside a tenant schema. */
export const tableOf = {
  catalog: (d: { module: string; code: string }) => `c_${d.module}_${d.code}`,
  document: (d: { module: string; code: string }) => `d_${d.module}_${d.code}`,
  lines: (d: { module: string; code: string }, section: string) => `d_${d.module}_${d.code}__${section}`,
  register: (d: { module: string; code: string }) => `r_${d.module}_${d.code}`,
  totals: (d: { module: string; code: string }) => `r_${d.module}_${d.code}__totals`,
  daily: (d: { module: string; code: string }) => `r_${d.module}_${d.code}__daily`,
  /** Where a register with `sequence` keeps the date its sequence is broken from, per value of the dimension. */
  sequence: (d: { module: string; code: string }) => `r_${d.module}_${d.code}__sequence`,
};

/** The SQL column type of a declared field. */
export function columnType(f: FieldDeclaration): string {
  switch (f.type) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return `numeric(18,${f.scale ?? 3})`;
    case 'money':
      return 'bigint';
    case 'date':
      return 'date';
    case 'boolean':
      return 'boolean';
    case 'ref':
      return 'uuid';
    default:
      return 'text';
  }
}

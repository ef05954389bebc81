import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { packRules, rulesToAST } from '@casl/ability/extra';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Problem } from '../http/problem';
import { ACTIONS, type Action, type SubjectInfo, type SubjectRegistry } from './subjects';

export type AppAbility = MongoAbility<[Action, string]>;
export type RoleRule = RawRuleOf<AppAbility>;

/** The JSON a role's permissions are stored and edited as (CASL raw rules). */
export const roleRuleSchema = z.object({
  action: z.enum(ACTIONS, { message: 'Неизвестное действие: допустимы ' + ACTIONS.join(', ') }),
  subject: z.string().min(1, 'Укажите объект (subject) правила'),
  conditions: z.record(z.string(), z.unknown()).optional(),
  fields: z.array(z.string()).optional(),
  inverted: z.boolean().optional(),
  reason: z.string().optional(),
});

/** The type of a field's column, which a condition's value must match (else the SQL filter would fail). */
export type FieldKind = 'uuid' | 'text' | 'number' | 'date' | 'boolean';

/** Kinds of the platform subjects' fields that lists filter on in SQL (users, roles). */
const platformFieldKinds: Record<string, Record<string, FieldKind>> = {
  User: { id: 'uuid', email: 'text', full_name: 'text', status: 'text' },
  Role: { id: 'uuid', code: 'text', name: 'text', is_system: 'boolean' },
  CustomField: { id: 'uuid', target: 'text', code: 'text' },
  PeriodLock: { closed_through: 'date' },
  Subscription: { module_code: 'text' },
};

/**
 * Condition operators `whereAllowed` compiles to SQL — the only ones a role may use. (CASL's parser knows
 * more — $regex, $exists, $elemMatch… — and reads $and/$or/$where as field names; none of them is accepted.)
 */
const OPERATORS = ['$eq', '$ne', '$in', '$nin', '$lt', '$lte', '$gt', '$gte'] as const;
const MAX_CONDITIONS = 20;
const MAX_LIST = 500;
const MAX_TEXT = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ID = '${user.id}';
const SYNTAX = `Условие роли — объект {"поле": значение} или {"поле": {"оператор": значение}} с операторами ${OPERATORS.join(', ')}; например {"status": "active"} или {"date": {"$gte": "2026-01-01"}}.`;

/** What is wrong with one value compared with a field of the given kind (undefined: nothing). */
function valueIssue(value: unknown, kind: FieldKind | undefined): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'object') return 'ожидается одно значение (строка, число, да/нет или null), а не объект или список';
  if (typeof value === 'string' && value.length > MAX_TEXT) return `значение длиннее ${MAX_TEXT} символов`;
  if (typeof value === 'number' && !Number.isFinite(value)) return 'ожидается конечное число';
  switch (kind) {
    case 'uuid':
      return typeof value === 'string' && (UUID.test(value) || value === USER_ID) ? undefined : `ожидается идентификатор UUID или ${USER_ID} (текущий пользователь)`;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value) ? undefined : 'ожидается дата ГГГГ-ММ-ДД';
    case 'number':
      return typeof value === 'number' || (typeof value === 'string' && /^-?\d{1,15}(\.\d+)?$/.test(value)) ? undefined : 'ожидается число';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'ожидается true или false';
    default:
      return undefined;
  }
}

/** What is wrong with a rule's conditions (undefined: nothing): only what `whereAllowed` can compile to SQL passes. */
function conditionsIssue(conditions: Record<string, unknown>, info: SubjectInfo, kindOf: (field: string) => FieldKind | undefined): string | undefined {
  const entries = Object.entries(conditions);
  if (entries.length > MAX_CONDITIONS) return `больше ${MAX_CONDITIONS} условий в одном правиле`;
  for (const [field, condition] of entries) {
    if (field.startsWith('$')) return `«${field}» не поддерживается. ${SYNTAX}`;
    const kind = kindOf(field);
    if (condition === null || typeof condition !== 'object') {
      const issue = valueIssue(condition, kind);
      if (issue) return `поле «${field}»: ${issue}.`;
      continue;
    }
    if (Array.isArray(condition)) return `поле «${field}»: список значений задаётся оператором $in, например {"${field}": {"$in": [...]}}.`;
    const ops = Object.entries(condition as Record<string, unknown>);
    if (!ops.length) return `поле «${field}»: пустое условие. ${SYNTAX}`;
    for (const [op, value] of ops) {
      if (!(OPERATORS as readonly string[]).includes(op)) return `поле «${field}»: оператор «${op}» не поддерживается. ${SYNTAX}`;
      if (op === '$in' || op === '$nin') {
        if (!Array.isArray(value) || !value.length || value.length > MAX_LIST) return `поле «${field}»: ${op} ожидает непустой список до ${MAX_LIST} значений.`;
        const issue = value.map((v) => (v === null ? 'null в списке не поддерживается' : valueIssue(v, kind))).find(Boolean);
        if (issue) return `поле «${field}», ${op}: ${issue}.`;
        continue;
      }
      if (value === null && op !== '$eq' && op !== '$ne') return `поле «${field}»: ${op} сравнивает со значением, а не с null.`;
      const issue = valueIssue(value, kind);
      if (issue) return `поле «${field}», ${op}: ${issue}.`;
    }
  }
  return undefined;
}

/**
 * Checks that every rule names a known subject, a supported action, known fields and conditions the SQL
 * filter can apply (operators, nesting and value types): a role saved once never breaks a list later.
 * `kindOf`: the column type of a subject's field, for subjects not in the platform's own table.
 */
export function validateRules(rules: RoleRule[], registry: SubjectRegistry, kindOf: (subject: string, field: string) => FieldKind | undefined = () => undefined): void {
  rules.forEach((rule, i) => {
    if (rule.subject === 'all') {
      if (rule.conditions || rule.fields) throw Problem.badRequest(`Правило ${i + 1}: для «all» (всё) условия и поля не задаются.`);
      return;
    }
    const subjects = Array.isArray(rule.subject) ? rule.subject : [rule.subject];
    for (const subject of subjects) {
      const info = registry.get(String(subject));
      if (!info) throw Problem.badRequest(`Правило ${i + 1}: неизвестный объект «${subject}».`);
      const action = rule.action as Action;
      if (action !== 'manage' && !info.actions.includes(action))
        throw Problem.badRequest(`Правило ${i + 1}: для объекта «${info.title}» нет действия «${action}».`);
      const named = [...Object.keys(rule.conditions ?? {}), ...((rule.fields as string[] | undefined) ?? [])];
      const unknown = named.filter((f) => !f.startsWith('$') && !info.fields.includes(f));
      if (unknown.length) throw Problem.badRequest(`Правило ${i + 1}: у объекта «${info.title}» нет полей ${unknown.join(', ')}. Доступны: ${info.fields.join(', ')}.`);
      const issue = rule.conditions && conditionsIssue(rule.conditions as Record<string, unknown>, info, (f) => platformFieldKinds[info.subject]?.[f] ?? kindOf(info.subject, f));
      if (issue) throw Problem.badRequest(`Правило ${i + 1} («${info.title}»): ${issue}`);
    }
  });
  // The same parser the access guard will use must take them (it compiles and checks each condition).
  try {
    buildAbility(rules, '00000000-0000-4000-8000-000000000000').rules.forEach((r) => r.conditions && rulesToAST(createMongoAbility([r] as never), r.action as string, r.subject as string));
  } catch (e) {
    throw Problem.badRequest(`Условия роли не разобраны: ${(e as Error).message}. ${SYNTAX}`);
  }
}

/** Replaces `${user.id}` in rule conditions, so a role can say "only my own documents". */
function interpolate(rules: RoleRule[], userId: string): RoleRule[] {
  return JSON.parse(JSON.stringify(rules).replace(/\$\{user\.id\}/g, userId));
}

export function buildAbility(rules: RoleRule[], userId: string): AppAbility {
  return createMongoAbility<AppAbility>(interpolate(rules, userId));
}

export function packAbilityRules(rules: RoleRule[], userId: string) {
  return packRules(interpolate(rules, userId) as never);
}

type AstNode = { operator: string; field?: string; value: unknown };

/**
 * Restricts a list query to the rows the ability allows, in SQL (never by filtering in JavaScript).
 * `column` maps a rule field to a qualified column. Throws 403 when nothing at all is allowed.
 */
export function whereAllowed(qb: Knex.QueryBuilder, ability: AppAbility, action: Action, subject: string, columnOf: (field: string) => string | undefined): Knex.QueryBuilder {
  // A role saved before its conditions were checked (validateRules) may hold what SQL cannot take.
  const broken = (what: string) =>
    Problem.unprocessable(`Права вашей роли на «${subject}» содержат условие, которое нельзя применить (${what}). Попросите администратора компании исправить роль.`);
  let ast: AstNode | null;
  try {
    ast = rulesToAST(ability, action, subject) as AstNode | null;
  } catch (e) {
    throw broken((e as Error).message);
  }
  if (!ast) throw Problem.forbidden(`Недостаточно прав: нет права на ${action} «${subject}».`);
  const column = (field: string) => {
    const c = field.startsWith('$') ? undefined : columnOf(field);
    if (!c) throw broken(`«${field}»`);
    return c;
  };
  const scalar = (node: AstNode) => {
    if (node.value !== null && typeof node.value === 'object') throw broken(`«${node.field}»`);
    return node.value as never;
  };
  const apply = (b: Knex.QueryBuilder, node: AstNode): void => {
    const children = node.value as AstNode[];
    switch (node.operator) {
      case 'and':
        for (const child of children) b.where((w) => apply(w, child));
        return;
      case 'or':
        b.where((w) => children.forEach((child) => w.orWhere((o) => apply(o, child))));
        return;
      case 'not':
        b.whereNot((w) => apply(w, Array.isArray(node.value) ? children[0] : (node.value as AstNode)));
        return;
      case 'eq':
        node.value === null ? b.whereNull(column(node.field!)) : b.where(column(node.field!), scalar(node));
        return;
      case 'ne':
        node.value === null ? b.whereNotNull(column(node.field!)) : b.whereRaw('?? IS DISTINCT FROM ?', [column(node.field!), scalar(node)]);
        return;
      case 'in':
        b.whereIn(column(node.field!), node.value as never[]);
        return;
      case 'nin':
        b.whereNotIn(column(node.field!), node.value as never[]);
        return;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const op = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[node.operator];
        b.where(column(node.field!), op, scalar(node));
        return;
      }
      default:
        throw broken(`оператор «${node.operator}»`);
    }
  };
  // An unconditional permission comes back as an empty AND: nothing to add.
  if (!(ast.operator === 'and' && (ast.value as AstNode[]).length === 0)) qb.where((w) => apply(w, ast));
  return qb;
}

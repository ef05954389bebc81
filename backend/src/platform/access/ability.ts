import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { packRules, rulesToAST } from '@casl/ability/extra';
import type { Knex } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Problem } from '../http/problem';
import { ACTIONS, type Action, type SubjectRegistry } from './subjects';

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

/** Checks that every rule names a known subject, a supported action and known fields. */
export function validateRules(rules: RoleRule[], registry: SubjectRegistry): void {
  rules.forEach((rule, i) => {
    if (rule.subject === 'all') return;
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
    }
  });
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
export function whereAllowed(qb: Knex.QueryBuilder, ability: AppAbility, action: Action, subject: string, column: (field: string) => string): Knex.QueryBuilder {
  const ast = rulesToAST(ability, action, subject) as AstNode | null;
  if (!ast) throw Problem.forbidden(`Недостаточно прав: нет права на ${action} «${subject}».`);
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
        node.value === null ? b.whereNull(column(node.field!)) : b.where(column(node.field!), node.value as never);
        return;
      case 'ne':
        node.value === null ? b.whereNotNull(column(node.field!)) : b.whereRaw('?? IS DISTINCT FROM ?', [column(node.field!), node.value as never]);
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
        b.where(column(node.field!), op, node.value as never);
        return;
      }
      default:
        throw Problem.badRequest(`Условие «${node.operator}» в правах роли не поддерживается.`);
    }
  };
  // An unconditional permission comes back as an empty AND: nothing to add.
  if (!(ast.operator === 'and' && (ast.value as AstNode[]).length === 0)) qb.where((w) => apply(w, ast));
  return qb;
}

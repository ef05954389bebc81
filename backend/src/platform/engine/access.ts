import type { TenantRequestContext } from '../access/request-context';
import { actionTitles, type Action } from '../access/subjects';
import { Problem } from '../http/problem';
import { subjectOf } from './registry';

/**
 * The access guard checks the route's permission; in-process callers (an import creating catalog
 * items and documents of several kinds) reach writes the route did not name, so writes check too.
 */
export function assertCan(ctx: TenantRequestContext, action: Action, decl: { module: string; code: string; title: string }): void {
  if (!ctx.ability.can(action, subjectOf(decl)))
    throw Problem.forbidden(`Недостаточно прав: нужно право «${actionTitles[action].ru}» на «${decl.title}». Попросите администратора компании добавить его в вашу роль.`, {
      missingPermission: { action, subject: subjectOf(decl) },
    });
}

/** Posting and cancelling need the right to post the document. */
export function assertCanPost(ctx: TenantRequestContext, decl: { module: string; code: string; title: string }): void {
  if (!ctx.ability.can('post', subjectOf(decl))) throw Problem.forbidden(`Недостаточно прав: нужно право «проведение» на «${decl.title}».`);
}

/**
 * Whether the caller may read every record of the declaration (no conditions in the read rules):
 * then rows the engine has just written or locked can be returned as they are instead of being read
 * again through the rules.
 */
export function readsAll(ctx: TenantRequestContext, decl: { module: string; code: string }): boolean {
  const subject = subjectOf(decl);
  return ctx.ability.can('read', subject) && ctx.ability.rulesFor('read', subject).every((r) => !r.conditions);
}

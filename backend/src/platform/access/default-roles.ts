import type { RoleRule } from './ability';
import { type DefaultRoleCode, type SubjectRegistry } from './subjects';

export const defaultRoleNames: Record<DefaultRoleCode, string> = {
  admin: 'Администратор',
  accountant: 'Бухгалтер',
  storekeeper: 'Кладовщик',
  sales_manager: 'Менеджер по продажам',
  viewer: 'Только просмотр',
};

/**
 * The rules of a default role, derived from what each subject declares for it. The admin can do
 * everything; "Только просмотр" reads every business subject. Re-derived by migrate-all, so a
 * new module's subjects reach the default roles without touching each tenant by hand.
 */
export function defaultRoleRules(code: DefaultRoleCode, registry: SubjectRegistry): RoleRule[] {
  if (code === 'admin') return [{ action: 'manage', subject: 'all' }];
  const rules: RoleRule[] = [];
  for (const s of registry.all()) {
    const declared = s.defaultAccess?.[code] ?? [];
    const actions = code === 'viewer' && s.module !== 'admin' ? ['read' as const] : declared;
    for (const action of actions) rules.push({ action, subject: s.subject });
  }
  return rules;
}

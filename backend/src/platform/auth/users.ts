import type { Knex } from '@mikro-orm/postgresql';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';

export async function addMembership(trx: Knex | Knex.Transaction, userId: string, tenantId: string): Promise<void> {
  await trx('platform.memberships').insert({ user_id: userId, tenant_id: tenantId, status: 'active' }).onConflict(['user_id', 'tenant_id']).merge({ status: 'active' });
}

/** Replaces the roles of a user in a tenant; unknown role ids are a clear 400. */
export async function setUserRoles(trx: Knex | Knex.Transaction, schema: string, userId: string, roleIds: string[]): Promise<void> {
  const unique = [...new Set(roleIds)];
  if (unique.length) {
    const found = await trx(tenantTable(schema, 'roles')).whereIn('id', unique).pluck('id');
    const missing = unique.filter((id) => !found.includes(id));
    if (missing.length) throw Problem.badRequest(`Роли не найдены: ${missing.join(', ')}. Обновите список ролей.`);
  }
  await trx(tenantTable(schema, 'user_roles')).where({ user_id: userId }).delete();
  if (unique.length) await trx(tenantTable(schema, 'user_roles')).insert(unique.map((role_id) => ({ user_id: userId, role_id })));
}

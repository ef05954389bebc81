import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';
import { hashPassword, passwordProblems } from './passwords';

/**
 * Finds a person by e-mail or creates them. People are global: one e-mail, one password, any number
 * of companies. An existing person's password is never changed by being invited again.
 */
export async function findOrCreateUser(
  trx: Knex | Knex.Transaction,
  input: { email: string; fullName?: string; password?: string },
): Promise<{ id: string; created: boolean; temporaryPassword?: string }> {
  const email = input.email.trim().toLowerCase();
  const existing = await trx('platform.users').whereRaw('lower(email) = ?', [email]).first('id');
  if (existing) return { id: existing.id, created: false };
  let temporaryPassword: string | undefined;
  let password = input.password;
  if (password) {
    const problems = passwordProblems(password, email);
    if (problems.length) throw Problem.badRequest(`Пароль не подходит: ${problems.join('; ')}.`, { errors: problems.map((message) => ({ field: 'password', message })) });
  } else {
    // No password given: a one-time password the admin hands over (shown once, stored only hashed).
    temporaryPassword = `Wc${randomBytes(9).toString('base64url')}7`;
    password = temporaryPassword;
  }
  const id = randomUUID();
  const inserted = await trx('platform.users')
    .insert({ id, email, full_name: input.fullName ?? '', password_hash: await hashPassword(password) })
    .onConflict(trx.raw('(lower(email))'))
    .ignore()
    .returning('id');
  if (inserted.length === 0) {
    // Someone created the same person a moment ago: use that row.
    const again = await trx('platform.users').whereRaw('lower(email) = ?', [email]).first('id');
    return { id: again.id, created: false };
  }
  return { id, created: true, temporaryPassword };
}

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

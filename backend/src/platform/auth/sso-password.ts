import type { Knex } from '@mikro-orm/postgresql';
import { Problem } from '../http/problem';
import { tenantTable } from '../tenancy/tenant-schema';

/**
 * A company whose provider is set up with «вход по паролю только для администраторов» refuses the password to its
 * other members: the provider decides who works there. Admins keep the password, to fix a broken provider.
 */
export async function assertPasswordSignInAllowed(knex: Knex, tenantId: string, userId: string): Promise<void> {
  const sso = await knex('platform.sso_providers as s').join('platform.tenants as t', 't.id', 's.tenant_id').where('s.tenant_id', tenantId).first('s.password_sign_in', 's.display_name', 't.schema_name', 't.name');
  if (!sso || sso.password_sign_in) return;
  const admin = await knex(tenantTable(sso.schema_name, 'user_roles') + ' as ur').join(tenantTable(sso.schema_name, 'roles') + ' as r', 'r.id', 'ur.role_id').where({ 'ur.user_id': userId, 'r.code': 'admin' }).first('r.id');
  if (!admin) throw Problem.forbidden(`В компании «${sso.name}» вход только через ${sso.display_name}: нажмите «Войти через ${sso.display_name}» на странице входа.`, { sso: { tenantId, name: sso.display_name } });
}

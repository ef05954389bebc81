import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { SchemaContributor } from '../tenancy/tenant-migrations';
import { defaultRoleNames, defaultRoleRules } from './default-roles';
import { DEFAULT_ROLE_CODES, type SubjectRegistry } from './subjects';

/**
 * Keeps the five default roles of a tenant present and their rules in step with the declared
 * subjects — except roles the company has customised, which are left alone.
 */
export class DefaultRolesContributor implements SchemaContributor {
  constructor(private readonly subjects: SubjectRegistry) {}

  private roles() {
    return DEFAULT_ROLE_CODES.map((code) => ({ code, name: defaultRoleNames[code], rules: defaultRoleRules(code, this.subjects) }));
  }

  hash(): string {
    return 'roles:' + createHash('sha256').update(JSON.stringify(this.roles())).digest('hex').slice(0, 16);
  }

  async apply(trx: Knex.Transaction, schema: string): Promise<void> {
    for (const role of this.roles()) {
      await trx.raw(
        `INSERT INTO ${schema}.roles (id, code, name, rules, is_system) VALUES (?, ?, ?, ?::jsonb, true)
         ON CONFLICT (code) DO UPDATE SET rules = EXCLUDED.rules, updated_at = now()
         WHERE NOT ${schema}.roles.customized AND ${schema}.roles.rules IS DISTINCT FROM EXCLUDED.rules`,
        [randomUUID(), role.code, role.name, JSON.stringify(role.rules)],
      );
    }
  }
}

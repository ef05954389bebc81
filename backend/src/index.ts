/**
 * What other processes (the tenant-provisioner, the benchmark) use of the backend: the shape of a
 * tenant schema and the shared platform pieces. Business modules register here through the engine.
 */
import { DefaultRolesContributor } from './platform/access/default-roles.contributor';
import { SubjectRegistry } from './platform/access/subjects';
import { coreTenantMigrations, TenantMigrator, type SchemaContributor, type TenantMigration } from './platform/tenancy/tenant-migrations';

export interface WorkcloudDefinition {
  subjects: SubjectRegistry;
  migrator: TenantMigrator;
}

/** Everything a tenant schema is made of, in one object. Tests may add migrations to see upgrades. */
export function workcloudDefinition(extra: { migrations?: TenantMigration[] } = {}): WorkcloudDefinition {
  const subjects = new SubjectRegistry();
  const contributors: SchemaContributor[] = [new DefaultRolesContributor(subjects)];
  return { subjects, migrator: new TenantMigrator([...coreTenantMigrations, ...(extra.migrations ?? [])], contributors) };
}

export { createApp } from './app';
export { loadConfig, type AppConfig } from './config';
export { bootstrapPlatform } from './platform/bootstrap';
export { createKvStore, type KvStore } from './platform/cache/kv-store';
export { Database } from './platform/database/database';
export { startEmbeddedPostgres, findFreePort } from './platform/database/embedded-postgres';
export { migratePlatform } from './platform/database/platform-migrations';
export { Problem } from './platform/http/problem';
export { toProblem, sendProblem } from './platform/http/problem.filter';
export { hashPassword, passwordSchema } from './platform/auth/passwords';
export { innSchema, kppSchema } from './platform/ru/identifiers';
export { schemaNameFor, quoteSchema, tenantTable } from './platform/tenancy/tenant-schema';
export { TenantMigrator, type TenantMigration } from './platform/tenancy/tenant-migrations';

/**
 * What other processes (the tenant-provisioner, the benchmark) use of the backend: the shape of a
 * tenant schema and the shared platform pieces. Business modules register here through the engine.
 */
import { moduleDeclarations, moduleSubjects } from './modules/declarations';
import { DefaultRolesContributor } from './platform/access/default-roles.contributor';
import { platformSubjects, SubjectRegistry } from './platform/access/subjects';
import type { Declaration } from './platform/engine/declarations';
import type { EventSubscriber } from './platform/engine/events';
import { ConfigurationRegistry } from './platform/engine/registry';
import { DeclarationsSchema } from './platform/engine/schema';
import { coreTenantMigrations, TenantMigrator, type TenantMigration } from './platform/tenancy/tenant-migrations';

export interface WorkcloudDefinition {
  /** The declared catalogs, documents, registers and reports of all modules. */
  registry: ConfigurationRegistry;
  /** Permission subjects: the platform's and one per declaration. */
  subjects: SubjectRegistry;
  /** How a tenant schema is created and upgraded (core migrations, then the declarations). */
  migrator: TenantMigrator;
  /** In-process subscribers of outbox events (accounting, EDO, analytics…). */
  subscribers: EventSubscriber[];
}

/**
 * Everything a tenant schema is made of, in one object, shared by the backend and the provisioner.
 * Tests may add migrations, declarations or subscribers to see upgrades and new modules.
 */
export function workcloudDefinition(extra: { migrations?: TenantMigration[]; declarations?: Declaration[]; subscribers?: EventSubscriber[] } = {}): WorkcloudDefinition {
  const registry = new ConfigurationRegistry([...moduleDeclarations, ...(extra.declarations ?? [])]);
  const subjects = new SubjectRegistry([...platformSubjects, ...moduleSubjects, ...registry.subjects()]);
  const migrator = new TenantMigrator([...coreTenantMigrations, ...(extra.migrations ?? [])], [new DeclarationsSchema(registry), new DefaultRolesContributor(subjects)]);
  return { registry, subjects, migrator, subscribers: extra.subscribers ?? [] };
}

export { createApp } from './app';
export { loadConfig, type AppConfig } from './config';
export { bootstrapPlatform } from './platform/bootstrap';
export { createKvStore, type KvStore } from './platform/cache/kv-store';
export { Database } from './platform/database/database';
export { seedModuleCatalogue, type ModuleSeed } from './platform/modules/module-catalogue';
export { startEmbeddedPostgres, findFreePort } from './platform/database/embedded-postgres';
export { migratePlatform } from './platform/database/platform-migrations';
export { Problem } from './platform/http/problem';
export { toProblem, sendProblem } from './platform/http/problem.filter';
export { hashPassword, passwordSchema } from './platform/auth/passwords';
export { innSchema, kppSchema } from './platform/ru/identifiers';
export { schemaNameFor, quoteSchema, tenantTable } from './platform/tenancy/tenant-schema';
export { TenantMigrator, type TenantMigration } from './platform/tenancy/tenant-migrations';
export * from './platform/engine/declarations';
export { OutboxDispatcher, type EventSubscriber, type DomainEvent } from './platform/engine/events';

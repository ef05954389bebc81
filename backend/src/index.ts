/**
 * What other processes (the tenant-provisioner, the benchmark) use of the backend: the shape of a
 * tenant schema and the shared platform pieces. Business modules register here through the engine.
 */
import { workcloudModules } from './modules';
import { DefaultRolesContributor } from './platform/access/default-roles.contributor';
import { platformSubjects, SubjectRegistry } from './platform/access/subjects';
import type { EventSubscriber } from './platform/engine/events';
import { ConfigurationRegistry } from './platform/engine/registry';
import { DeclarationsSchema } from './platform/engine/schema';
import type { WorkcloudModule } from './platform/modules/define-module';
import { checkModules } from './platform/modules/module-list';
import { platformModules } from './platform/modules/platform-modules';
import { coreTenantMigrations, type TenantMigration } from './platform/tenancy/tenant-migrations';
import { TenantMigrator } from './platform/tenancy/tenant-migrator';

export interface WorkcloudDefinition {
  /** Every module: the platform's own UIs, then backend/src/modules/index.ts, then a test's extra ones. */
  modules: WorkcloudModule[];
  /** The declared catalogs, documents, registers and reports of all modules. */
  registry: ConfigurationRegistry;
  /** Permission subjects: the platform's and the modules' (one per declaration, plus their own). */
  subjects: SubjectRegistry;
  /** How a tenant schema is created and upgraded: the core in every tenant, a module's tables where the tenant has it. */
  migrator: TenantMigrator;
  /** In-process subscribers of outbox events (accounting, EDO, analytics…). */
  subscribers: EventSubscriber[];
}

/**
 * Everything WorkCloud is made of, in one object, shared by the backend and the provisioner — all of
 * it derived from the module list. Tests may add modules (a sample module) or core migrations.
 */
export function workcloudDefinition(extra: { modules?: WorkcloudModule[]; migrations?: TenantMigration[] } = {}): WorkcloudDefinition {
  const modules = [...platformModules, ...workcloudModules, ...(extra.modules ?? [])];
  checkModules(modules);
  const registry = new ConfigurationRegistry(modules.flatMap((m) => m.declarations));
  const subjects = new SubjectRegistry([...platformSubjects, ...modules.flatMap((m) => m.definition.subjects ?? []), ...registry.subjects()]);
  const moduleSchemas = modules
    .filter((m) => m.declarations.length || m.migrations.length)
    .map((m) => ({ code: m.code, depends: m.depends, migrations: m.migrations, tables: new DeclarationsSchema(registry, m.code), seed: m.definition.seed }));
  const migrator = new TenantMigrator([...coreTenantMigrations, ...(extra.migrations ?? [])], [new DefaultRolesContributor(subjects)], moduleSchemas);
  return { modules, registry, subjects, migrator, subscribers: modules.flatMap((m) => m.definition.subscribers ?? []) };
}

export { createApp } from './app';
export { loadConfig, type AppConfig } from './config';
export { bootstrapPlatform } from './platform/bootstrap';
export { createKvStore, type KvStore } from './platform/cache/kv-store';
export { Database } from './platform/database/database';
export { seedModuleCatalogue } from './platform/modules/module-catalogue';
export { defineModule, type WorkcloudModule, type ModuleDefinition } from './platform/modules/define-module';
export { startEmbeddedPostgres, findFreePort } from './platform/database/embedded-postgres';
export { migratePlatform } from './platform/database/platform-migrations';
export { Problem } from './platform/http/problem';
export { toProblem, sendProblem } from './platform/http/problem.filter';
export { hashPassword, passwordSchema } from './platform/auth/passwords';
export { innSchema, kppSchema } from './platform/ru/identifiers';
export { schemaNameFor, quoteSchema, tenantTable } from './platform/tenancy/tenant-schema';
export { type TenantMigration } from './platform/tenancy/tenant-migrations';
export { TenantMigrator } from './platform/tenancy/tenant-migrator';
export * from './platform/engine/declarations';
export { OutboxDispatcher, type EventSubscriber, type DomainEvent } from './platform/engine/events';

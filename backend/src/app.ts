import 'reflect-metadata';
import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';
import type { AppConfig } from './config';
import { AccessGuard } from './platform/access/access.guard';
import { SubjectRegistry } from './platform/access/subjects';
import { apiKeyControllers, apiKeyProviders } from './platform/api-keys';
import { CompanyController } from './platform/admin/company.controller';
import { RolesController } from './platform/admin/roles.controller';
import { SecurityController } from './platform/admin/security.controller';
import { UsersController } from './platform/admin/users.controller';
import { AuditService } from './platform/audit/audit.service';
import { AuthController } from './platform/auth/auth.controller';
import { AccountService } from './platform/auth/account.service';
import { AuthService } from './platform/auth/auth.service';
import { InvitationService } from './platform/auth/invitations.service';
import { LoginThrottle } from './platform/auth/login-throttle';
import { signInSecurityControllers, signInSecurityProviders } from './platform/auth/sign-in-security';
import { TokenService } from './platform/auth/tokens';
import type { KvStore } from './platform/cache/kv-store';
import { APP_CONFIG, KV_STORE } from './platform/cache/tokens';
import { Database } from './platform/database/database';
import { HealthController } from './platform/health/health.controller';
import { mailControllers, mailProviders } from './platform/mail';
import { configureHttp, JSON_BODY_LIMIT } from './platform/http/body';
import { secureHttp } from './platform/http/exposure';
import { frameworkErrors, ProblemFilter } from './platform/http/problem.filter';
import { TransientConflictRetry } from './platform/http/retry.interceptor';
import { AccountController } from './platform/me/account.controller';
import { MeController } from './platform/me/me.controller';
import { ModuleCatalogue } from './platform/modules/module-catalogue';
import { ModuleOffer } from './platform/modules/module-offer.service';
import { OwnerModulesService } from './platform/owner/owner-modules.service';
import { OwnerController } from './platform/owner/owner.controller';
import { OwnerTenantsService } from './platform/owner/owner-tenants.service';
import { ProvisionerClient } from './platform/owner/provisioner.client';
import { TenantContextService } from './platform/tenancy/tenant-context.service';
import { EngineController, EngineSettingsController } from './platform/engine/engine.controller';
import { HookRepostController } from './platform/engine/hook-repost.service';
import { SearchController } from './platform/search/search.controller';
import { SearchService } from './platform/search/search.service';
import { WorkplaceController } from './platform/workplace/workplace.controller';
import { WorkplaceService } from './platform/workplace/workplace.service';
import { engineProviders } from './platform/engine';
import { addDeclarationsToOpenApi } from './platform/engine/openapi';
import { ConfigurationRegistry } from './platform/engine/registry';
import type { WorkcloudModule } from './platform/modules/define-module';
import { TenantMigrator } from './platform/tenancy/tenant-migrator';
import { webhookControllers, webhookProviders } from './platform/webhooks';
import { auditControllers, SensitiveReadAudit } from './platform/audit';
import { personalDataControllers, personalDataProviders } from './platform/personal-data';

export interface AppDeps {
  config: AppConfig;
  db: Database;
  kv: KvStore;
  /** The modules, their declarations and permission subjects (see index.ts). */
  definition: { subjects: SubjectRegistry; registry: ConfigurationRegistry; modules: WorkcloudModule[]; migrator: TenantMigrator };
  /** More controllers and providers (a test's stand-in routes). */
  controllers?: Type[];
  providers?: Provider[];
  logger?: boolean;
}

// The engine's generic controller comes last: its `/api/:module/…` routes must not shadow fixed ones.
const platformControllers: Type[] = [HealthController, AuthController, ...signInSecurityControllers, MeController, AccountController, UsersController, SecurityController, RolesController, CompanyController, OwnerController, ...mailControllers, ...apiKeyControllers, ...webhookControllers, ...auditControllers, ...personalDataControllers, EngineSettingsController, HookRepostController, SearchController, WorkplaceController];

let metricsStarted = false;
const httpDuration = new Histogram({
  name: 'workcloud_http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** Builds the HTTP application (used by main.ts, the tests and the benchmark). */
export async function createApp(deps: AppDeps): Promise<NestFastifyApplication> {
  @Module({})
  class AppModule {}
  const catalogue = new ModuleCatalogue(deps.db, deps.definition.modules);
  await catalogue.load();
  const modules = deps.definition.modules;
  const dynamicModule: DynamicModule = {
    module: AppModule,
    controllers: [...platformControllers, ...modules.flatMap((m) => m.definition.controllers ?? []), ...(deps.controllers ?? []), EngineController],
    providers: [
      { provide: APP_CONFIG, useValue: deps.config },
      { provide: Database, useValue: deps.db },
      { provide: KV_STORE, useValue: deps.kv },
      { provide: TokenService, useValue: new TokenService(deps.config.jwtKeys, deps.config.accessTokenTtlSeconds) },
      { provide: SubjectRegistry, useValue: deps.definition.subjects },
      { provide: ConfigurationRegistry, useValue: deps.definition.registry },
      ...engineProviders,
      { provide: ModuleCatalogue, useValue: catalogue },
      TenantContextService,
      SearchService,
      WorkplaceService,
      AuditService,
      LoginThrottle,
      AuthService,
      AccountService,
      ...signInSecurityProviders,
      InvitationService,
      ProvisionerClient,
      ModuleOffer,
      OwnerTenantsService,
      OwnerModulesService,
      { provide: APP_GUARD, useClass: AccessGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
      { provide: APP_INTERCEPTOR, useClass: TransientConflictRetry },
      { provide: APP_INTERCEPTOR, useClass: SensitiveReadAudit },
      ...mailProviders,
      ...apiKeyProviders,
      ...webhookProviders,
      ...personalDataProviders,
      { provide: TenantMigrator, useValue: deps.definition.migrator },
      ...modules.flatMap((m) => m.definition.providers ?? []),
      ...(deps.providers ?? []),
    ],
  };

  const adapter = new FastifyAdapter({ trustProxy: deps.config.trustProxy, bodyLimit: JSON_BODY_LIMIT, frameworkErrors });
  // Bodies are parsed by configureHttp (JSON checked for what PostgreSQL cannot store, files as bytes), not by Nest.
  const app = await NestFactory.create<NestFastifyApplication>(dynamicModule, adapter, { logger: deps.logger === false ? false : ['error', 'warn'], abortOnError: false, bodyParser: false });
  const fastify = app.getHttpAdapter().getInstance();
  configureHttp(fastify);
  secureHttp(fastify, deps.config);

  if (!metricsStarted) {
    collectDefaultMetrics();
    metricsStarted = true;
  }
  fastify.addHook('onResponse', async (request, reply) => {
    httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  const openApi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('WorkCloud API')
      .setDescription('Торговля, склад, бухгалтерия, ЭДО — одно облако. Ошибки — application/problem+json с сообщением на русском.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  addDeclarationsToOpenApi(openApi as never, deps.definition.registry);
  // Off in production unless API_DOCS=true: the full map of the API is not for everybody.
  if (deps.config.exposure.apiDocs) SwaggerModule.setup('api/docs', app, openApi, { jsonDocumentUrl: 'api/openapi.json', yamlDocumentUrl: 'api/openapi.yaml' });
  await app.init();
  return app;
}

export { register as metricsRegistry };

import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { bootstrapPlatform, Database, loadConfig, Problem, sendProblem, startEmbeddedPostgres, toProblem, workcloudDefinition, type WorkcloudDefinition } from '@workcloud/backend';
import { Provisioner, type TenantExport } from './provisioner';

/**
 * The provisioner's HTTP API. Only the backend (holding PROVISIONER_TOKEN) calls it; it is never
 * exposed through the ingress.
 */
export async function buildProvisionerServer(opts: { db: Database; token: string; definition?: WorkcloudDefinition; provisioner?: Provisioner }): Promise<FastifyInstance> {
  const provisioner = opts.provisioner ?? new Provisioner(opts.db, opts.definition ?? workcloudDefinition());
  const app = Fastify({ bodyLimit: 200 * 1024 * 1024 });
  const expected = Buffer.from(`Bearer ${opts.token}`);
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request.url)));
  app.addHook('onRequest', async (request) => {
    if (request.url === '/health') return;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw Problem.unauthorized('Нужен служебный токен провижинера (PROVISIONER_TOKEN).');
  });

  app.get('/health', async () => {
    await opts.db.knex.raw('SELECT 1');
    return { status: 'ok' };
  });
  app.post('/tenants', async (request, reply) => {
    const result = await provisioner.provision(request.body as never);
    reply.status(201);
    return result;
  });
  app.post<{ Params: { id: string } }>('/tenants/:id/suspend', async (request) => provisioner.suspend(request.params.id));
  app.post<{ Params: { id: string } }>('/tenants/:id/resume', async (request) => provisioner.resume(request.params.id));
  app.get<{ Params: { id: string } }>('/tenants/:id/export', async (request) => provisioner.exportTenant(request.params.id));
  app.post<{ Body: { export: TenantExport; name?: string } }>('/restore', async (request, reply) => {
    reply.status(201);
    return provisioner.restoreTenant(request.body.export, { name: request.body.name });
  });
  app.delete<{ Params: { id: string }; Querystring: { confirm?: string } }>('/tenants/:id', async (request, reply) => {
    await provisioner.deleteTenant(request.params.id, request.query.confirm ?? '');
    reply.status(204);
  });
  app.post<{ Body: { dryRun?: boolean; concurrency?: number; after?: string } }>('/migrate-all', async (request) =>
    provisioner.migrateAll({ dryRun: request.body?.dryRun, concurrency: request.body?.concurrency, after: request.body?.after }),
  );
  // Validate UUID-shaped ids before they reach SQL, with a clear message.
  app.addHook('preHandler', async (request) => {
    const id = (request.params as { id?: string })?.id;
    if (id !== undefined && !/^[0-9a-f-]{36}$/i.test(id)) throw Problem.badRequest('Идентификатор клиента должен быть UUID.');
  });
  return app;
}

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const pg = await startEmbeddedPostgres(config.dataDir, Number(process.env.WORKCLOUD_PG_PORT || 54329));
    config.databaseUrl = pg.url;
  }
  const db = await Database.open(config.databaseUrl, 5);
  await bootstrapPlatform(db, config, workcloudDefinition().modules);
  const app = await buildProvisionerServer({ db, token: config.provisionerToken });
  const port = Number(process.env.PROVISIONER_PORT || 3100);
  await app.listen({ port, host: process.env.PROVISIONER_HOST || '127.0.0.1' });
  console.log(`WorkCloud tenant-provisioner on http://127.0.0.1:${port}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

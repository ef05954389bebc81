import 'reflect-metadata';
import { createApp } from './app';
import { workcloudDefinition } from './index';
import { kafkaSubscriber, OutboxDispatcher } from './platform/engine/events';
import { loadConfig, requireBackendSecrets } from './config';
import { ConfigError } from './platform/auth/secrets';
import { bootstrapPlatform } from './platform/bootstrap';
import { createKvStore } from './platform/cache/kv-store';
import { Database } from './platform/database/database';
import { startEmbeddedPostgres } from './platform/database/embedded-postgres';
import { startBillingScheduler } from './modules/billing';
import { startMailDispatcher } from './platform/mail';
import { startWebhookDispatcher } from './platform/webhooks';

/** Starts the backend: database (embedded when DATABASE_URL is unset), platform schema, HTTP server. */
async function main() {
  const config = loadConfig();
  // Before anything starts: in production a missing secret stops here with a message naming it.
  requireBackendSecrets(config);
  if (!config.databaseUrl) {
    const pg = await startEmbeddedPostgres(config.dataDir, Number(process.env.WORKCLOUD_PG_PORT || 54329));
    config.databaseUrl = pg.url;
    process.on('exit', () => void pg.stop());
    console.log(`Embedded PostgreSQL: ${pg.url.replace(/:[^:@/]+@/, ':***@')} (data in ${config.dataDir})`);
  }
  const db = await Database.open(config.databaseUrl);
  const definition = workcloudDefinition();
  await bootstrapPlatform(db, config, definition.modules);
  const app = await createApp({ config, db, kv: createKvStore(config.redisUrl), definition });
  // Business events leave through the outbox: to in-process subscribers, and to Kafka when configured.
  const subscribers = [...definition.subscribers, ...(config.kafkaBrokers ? [await kafkaSubscriber(config.kafkaBrokers)] : [])];
  const dispatcher = new OutboxDispatcher(db, subscribers);
  if (subscribers.length) dispatcher.start();
  // Invoices, overdue and suspension checks (BILLING_CYCLE_MINUTES, default hourly).
  const stopBilling = startBillingScheduler(app);
  // E-mail from platform.mail_outbox (MAIL_DISPATCH_SECONDS; without SMTP_URL mails wait there).
  const stopMail = startMailDispatcher(app);
  // Webhook deliveries (WEBHOOKS_DISPATCH_SECONDS).
  const stopWebhooks = startWebhookDispatcher(app);
  // Loopback unless HOST says otherwise (the container images set HOST=0.0.0.0).
  await app.listen({ port: config.port, host: process.env.HOST || '127.0.0.1' });
  console.log(`WorkCloud backend on http://localhost:${config.port} (API docs: /api/docs)`);
  const stop = async () => {
    stopBilling();
    await stopMail();
    await stopWebhooks();
    await dispatcher.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `WorkCloud не запущен: ${e.message}` : e);
  process.exit(1);
});

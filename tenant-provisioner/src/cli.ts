#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bootstrapPlatform, Database, loadConfig, startEmbeddedPostgres, workcloudDefinition } from '@workcloud/backend';
import { PROVISION_STEPS, Provisioner, type ProvisionStep } from './provisioner';

const usage = `Использование: workcloud-provisioner <команда> [параметры]

  provision --request-id ID --name "ООО Ромашка" --inn 7707083893 [--kpp 770701001]
            --admin-email a@b.ru --admin-password ... [--modules trade,crm]
  migrate-all [--dry-run] [--concurrency 4] [--after TENANT_ID] [--limit N]
  suspend --tenant ID          resume --tenant ID
  export --tenant ID --out file.json
  restore --in file.json [--name "Новое имя"]
  delete --tenant ID --confirm ID

База: DATABASE_URL, иначе встроенный PostgreSQL в WORKCLOUD_DATA_DIR.`;

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      'request-id': { type: 'string' }, name: { type: 'string' }, inn: { type: 'string' }, kpp: { type: 'string' },
      'admin-email': { type: 'string' }, 'admin-password': { type: 'string' }, 'admin-name': { type: 'string' }, modules: { type: 'string' },
      'dry-run': { type: 'boolean' }, concurrency: { type: 'string' }, after: { type: 'string' }, limit: { type: 'string' },
      tenant: { type: 'string' }, out: { type: 'string' }, in: { type: 'string' }, confirm: { type: 'string' },
    },
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return 0;
  }
  const config = loadConfig();
  let stopDb: (() => Promise<void>) | undefined;
  if (!config.databaseUrl) {
    const pg = await startEmbeddedPostgres(config.dataDir, Number(process.env.WORKCLOUD_PG_PORT || 54329));
    config.databaseUrl = pg.url;
    stopDb = pg.stop;
  }
  const db = await Database.open(config.databaseUrl, 8);
  // Fault injection for the crash-recovery test: exit abruptly right after the named step.
  const crashAfter = process.env.WORKCLOUD_PROVISION_CRASH_AFTER as ProvisionStep | undefined;
  if (crashAfter && !PROVISION_STEPS.includes(crashAfter)) throw new Error(`Unknown step ${crashAfter}`);
  const definition = workcloudDefinition();
  const provisioner = new Provisioner(db, definition, (step) => {
    if (step === crashAfter) process.exit(137);
  });
  try {
    await bootstrapPlatform(db, config, definition.modules);
    switch (command) {
      case 'provision': {
        const result = await provisioner.provision({
          requestId: values['request-id'] ?? `${values.inn}-${values['admin-email']}`,
          name: values.name!, inn: values.inn!, kpp: values.kpp, adminEmail: values['admin-email']!,
          adminPassword: values['admin-password']!, adminFullName: values['admin-name'],
          modules: values.modules ? values.modules.split(',').map((s) => s.trim()).filter(Boolean) : [],
        });
        console.log(JSON.stringify(result));
        return 0;
      }
      case 'migrate-all': {
        const report = await provisioner.migrateAll({
          dryRun: values['dry-run'], concurrency: values.concurrency ? Number(values.concurrency) : 4, after: values.after, limit: values.limit ? Number(values.limit) : undefined,
          onProgress: ({ index, total, name, tenantId, outcome }) => {
            const what = outcome.kind === 'failed' ? `ОШИБКА: ${outcome.error}` : outcome.kind === 'upgraded' ? `обновлён ${outcome.from} → ${outcome.to}` : outcome.kind === 'would-upgrade' ? `будет обновлён: ${outcome.pending.join(', ')}` : 'актуален';
            console.log(`[${index}/${total}] ${name} (${tenantId}): ${what}`);
          },
        });
        console.log(JSON.stringify(report));
        return report.failed.length ? 2 : 0;
      }
      case 'suspend':
        console.log(JSON.stringify(await provisioner.suspend(values.tenant!)));
        return 0;
      case 'resume':
        console.log(JSON.stringify(await provisioner.resume(values.tenant!)));
        return 0;
      case 'export': {
        const data = await provisioner.exportTenant(values.tenant!);
        writeFileSync(values.out ?? `tenant-${values.tenant}.json`, JSON.stringify(data));
        console.log(`Выгружено в ${values.out ?? `tenant-${values.tenant}.json`}`);
        return 0;
      }
      case 'restore':
        console.log(JSON.stringify(await provisioner.restoreTenant(JSON.parse(readFileSync(values.in!, 'utf8')), { name: values.name })));
        return 0;
      case 'delete':
        await provisioner.deleteTenant(values.tenant!, values.confirm ?? '');
        console.log('Клиент удалён.');
        return 0;
      default:
        console.error(`Неизвестная команда ${command}\n\n${usage}`);
        return 64;
    }
  } finally {
    await db.close();
    await stopDb?.();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.detail ?? e?.message ?? e);
    process.exit(1);
  },
);

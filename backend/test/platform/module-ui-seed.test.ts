/**
 * A module's UI as the build declares it reaches a running platform on the next start: the accounting
 * module moved from the engine's generic pages (remote `trade`) to a remote of its own (`accounting`),
 * and a deployment seeded before must serve the new remote without the owner registering it — while a
 * version the owner registered stays as it is.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Database } from '../../src/platform/database/database';
import { migratePlatform } from '../../src/platform/database/platform-migrations';
import { defineModule } from '../../src/platform/modules/define-module';
import { seedModuleCatalogue } from '../../src/platform/modules/module-catalogue';
import { createTestDatabase } from '../support/database';

let db: Database;
const ledger = (ui: Parameters<typeof defineModule>[0]['ui']) =>
  defineModule({ code: 'ledger', title: 'Учёт', titleEn: 'Ledger', description: 'Проводки', monthlyPriceKopecks: 100, controllers: [class LedgerController {}], ui });

beforeAll(async () => {
  db = await Database.open(await createTestDatabase('module_ui_seed'), 2);
  await migratePlatform(db.knex);
});
afterAll(() => db?.close());

const versions = () => db.knex('platform.module_ui_versions').where({ module_code: 'ledger' }).orderBy('version').select('version', 'remote_name', 'remote_entry', 'is_current');

it('the build’s version of a module UI follows the build; the owner’s own versions are kept', async () => {
  await seedModuleCatalogue(db.knex, [ledger({ remote: 'engine' })]);
  expect(await versions()).toEqual([{ version: '0.1.0', remote_name: 'trade', remote_entry: '/mf/trade/remoteEntry.js', is_current: true }]);
  await db.knex('platform.module_ui_versions').insert({ module_code: 'ledger', version: '9.0.0', remote_name: 'ledger-beta', remote_entry: 'https://cdn.example.ru/ledger/remoteEntry.js', exposed_module: './App', is_current: false });

  // The next build gives the module a remote of its own under the same version.
  await seedModuleCatalogue(db.knex, [ledger({ remote: 'ledger', version: '0.1.0' })]);
  expect(await versions()).toEqual([
    { version: '0.1.0', remote_name: 'ledger', remote_entry: '/mf/ledger/remoteEntry.js', is_current: true },
    { version: '9.0.0', remote_name: 'ledger-beta', remote_entry: 'https://cdn.example.ru/ledger/remoteEntry.js', is_current: false },
  ]);
});

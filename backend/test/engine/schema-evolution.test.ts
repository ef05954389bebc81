import { afterAll, beforeAll, expect, test } from 'vitest';
import { bootstrapPlatform } from '../../src/platform/bootstrap';
import { Database } from '../../src/platform/database/database';
import { defineCatalog } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';
import { workcloudDefinition } from '../../src/index';
import { Provisioner } from '../../../tenant-provisioner/src/provisioner';
import { createTestDatabase } from '../support/database';
import { nextInn } from '../support/stack';

let db: Database;
afterAll(() => db?.close());

/** The same module in three releases: its one catalog gains a field, then changes a field's type. */
const notesModule = (fields: Parameters<typeof defineCatalog>[0]['fields']) =>
  workcloudDefinition({
    modules: [defineModule({ code: 'notes', title: 'Заметки', titleEn: 'Notes', description: 'test', monthlyPriceKopecks: 0, declarations: [defineCatalog({ code: 'notes', title: 'Заметки', fields })], ui: { remote: 'engine' } })],
  });

beforeAll(async () => {
  db = await Database.open(await createTestDatabase('evolution'), 4);
  await bootstrapPlatform(db, { ownerEmail: 'o@e.test', ownerPassword: 'Owner-Passw0rd' }, notesModule({}).modules);
});

test('a new declared field is added to existing tenants by migrate-all; a changed type stops with a clear message', async () => {
  const v1 = new Provisioner(db, notesModule({ text: { type: 'string', title: 'Текст' } }));
  const { tenantId } = await v1.provision({ requestId: 'evo-1', name: 'Эволюция', inn: nextInn(), adminEmail: 'a@evo.ru', adminPassword: 'Evolve-Passw0rd', modules: ['notes'] });
  const schema = (await db.knex('platform.tenants').where({ id: tenantId }).first()).schema_name;
  await db.knex(`${schema}.c_notes_notes`).insert({ id: '00000000-0000-4000-8000-000000000001', name: 'Первая', text: 'старые данные' });

  // Additive: a new field appears as a column, old rows keep their data.
  const v2 = new Provisioner(db, notesModule({ text: { type: 'string', title: 'Текст' }, priority: { type: 'integer', title: 'Приоритет' } }));
  const dry = await v2.migrateAll({ dryRun: true });
  expect(dry.upgraded).toBe(1);
  const report = await v2.migrateAll();
  expect(report).toMatchObject({ upgraded: 1, failed: [] });
  expect(await db.knex(`${schema}.c_notes_notes`).first('name', 'text', 'priority')).toEqual({ name: 'Первая', text: 'старые данные', priority: 0 });

  // Destructive: a type change is not applied silently.
  const v3 = new Provisioner(db, notesModule({ text: { type: 'integer', title: 'Текст' }, priority: { type: 'integer', title: 'Приоритет' } }));
  const refused = await v3.migrateAll();
  expect(refused.failed).toHaveLength(1);
  expect(refused.failed[0].error).toMatch(/модуль «notes».*поле text: в базе text, в описании integer.*явный шаг миграции/);
  expect(await db.knex(`${schema}.c_notes_notes`).first('text')).toEqual({ text: 'старые данные' });
});

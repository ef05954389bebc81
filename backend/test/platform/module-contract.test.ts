import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Provisioner } from '../../../tenant-provisioner/src/provisioner';
import { workcloudDefinition } from '../../src/index';
import { edoInbox } from '../../src/modules/edo/catalogs';
import { defineCatalog } from '../../src/platform/engine/declarations';
import { tableOf } from '../../src/platform/engine/registry';
import { defineModule, type ModuleDefinition } from '../../src/platform/modules/define-module';
import type { TenantMigration } from '../../src/platform/tenancy/tenant-migrations';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * The module contract: a module is one folder that declares itself (defineModule), its tables exist
 * only in the tenants that have it, buying creates them within the request, removing keeps them
 * read-only, and migrate-all upgrades a module only where it exists.
 */

// A module that builds on trade: its catalog refers to trade's counterparties.
const visits = (extra: Partial<ModuleDefinition> = {}) =>
  defineModule({
    code: 'visits',
    title: 'Визиты',
    titleEn: 'Visits',
    description: 'Визиты к клиентам',
    monthlyPriceKopecks: 50000,
    depends: ['trade'],
    declarations: [
      defineCatalog({
        code: 'visits',
        title: 'Визиты',
        fields: { counterparty: { type: 'ref', ref: 'trade.counterparties', title: 'Клиент', required: true }, note: { type: 'string', title: 'Итог' } },
      }),
    ],
    ui: { remote: 'engine' },
    ...extra,
  });

// Declared in code but with no UI yet: never sold.
const unfinished = defineModule({ code: 'unfinished', title: 'Недоделанный', titleEn: 'Unfinished', description: 'нет интерфейса', monthlyPriceKopecks: 100, declarations: [defineCatalog({ code: 'things', title: 'Вещи', fields: {} })] });

let stack: TestStack;
let ownerToken: string;
const tables = async (tenantId: string) => {
  const schema = (await stack.db.knex('platform.tenants').where({ id: tenantId }).first('schema_name')).schema_name;
  return { schema, names: (await stack.db.knex('information_schema.tables').where({ table_schema: schema }).pluck('table_name')) as string[] };
};

beforeAll(async () => {
  stack = await startStack({ label: 'contract', modules: [visits(), unfinished] });
  ownerToken = await login(stack.url, OWNER.email, OWNER.password);
});
afterAll(() => stack?.close());

describe('a tenant schema holds only the tables of its modules', () => {
  test('a company with trade has trade tables and none of «Заметки», ЭДО, visits; one with «Заметки» only has no trade tables', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'Только торговля', adminEmail: 'a@trade-only.ru', modules: ['trade'] });
    const { names } = await tables(t.tenantId);
    expect(names).toContain('c_trade_products');
    expect(names).toContain('roles');
    expect(names.filter((n) => /^(c|d|r)_(notes|edo|visits|demo)_/.test(n))).toEqual([]);

    const c = await onboardTenant(stack, ownerToken, { name: 'Только «Заметки»', adminEmail: 'a@notes-only.ru', modules: ['notes'] });
    const notes = await tables(c.tenantId);
    expect(notes.names).toContain('c_notes_notes');
    expect(notes.names.filter((n) => n.startsWith('c_trade_') || n.startsWith('r_trade_'))).toEqual([]);
  });

  test('buying a module creates its tables within the request: usable at once; a module needing another is refused until that one is bought', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'Покупатель', adminEmail: 'a@buyer.ru', modules: ['notes'] });
    const admin = client(stack.url, t.adminToken);

    const refused = await admin.post('/api/admin/subscription/modules/visits');
    expect(refused.status).toBe(409);
    expect(refused.contentType).toContain('application/problem+json');
    expect(refused.body.detail).toBe('Модуль «Визиты» работает только вместе с «Торговля и склад» — сначала подключите его.');
    expect((await tables(t.tenantId)).names.some((n) => n.startsWith('c_visits_'))).toBe(false);

    expect((await admin.post('/api/admin/subscription/modules/trade')).status).toBe(200);
    expect((await admin.post('/api/admin/subscription/modules/visits')).status).toBe(200);
    const client1 = await admin.post('/api/trade/catalogs/counterparties', { name: 'ООО «Клиент»', inn: '7707083893' });
    expect(client1.status).toBe(201);
    const visit = await admin.post('/api/visits/catalogs/visits', { name: 'Первая встреча', counterparty: client1.body.id, note: 'договорились' });
    expect(visit.status).toBe(201);

    // Trade cannot go while visits needs it.
    const blocked = await admin.delete('/api/admin/subscription/modules/trade');
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toContain('нужен модулям «Визиты»');
  });

  test('a removed module keeps its data read-only: lists open, changes refused with a clear 403', async () => {
    const t = await onboardTenant(stack, ownerToken, { name: 'Бросил «Заметки»', adminEmail: 'a@quit.ru', modules: ['notes'] });
    const admin = client(stack.url, t.adminToken);
    expect((await admin.post('/api/notes/catalogs/notes', { name: 'Важный клиент', text: 'звонить по вторникам' })).status).toBe(201);
    expect((await admin.delete('/api/admin/subscription/modules/notes')).status).toBe(200);

    const list = await admin.get('/api/notes/catalogs/notes');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.name)).toEqual(['Важный клиент']);
    const write = await admin.post('/api/notes/catalogs/notes', { name: 'Ещё' });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ missingModule: 'notes', readOnly: true });
    expect(write.body.detail).toContain('доступны только для просмотра');
    const me = await admin.get('/api/me');
    expect(me.body.modules.find((m: any) => m.code === 'notes')).toMatchObject({ readOnly: true });
    expect((await tables(t.tenantId)).names).toContain('c_notes_notes');

    // Bought again: writable, the old data still there.
    expect((await admin.post('/api/admin/subscription/modules/notes')).status).toBe(200);
    expect((await admin.post('/api/notes/catalogs/notes', { name: 'Снова с нами' })).status).toBe(201);
    expect((await admin.get('/api/notes/catalogs/notes')).body.items).toHaveLength(2);
  });

  test('only built modules are sold: one without a UI is offered neither at onboarding nor to an admin', async () => {
    const res = await client(stack.url, ownerToken).post('/api/owner/tenants', { name: 'Хочу всё', inn: '7707083893', adminEmail: 'a@all.ru', adminPassword: 'Admin-Passw0rd-1', modules: ['unfinished'] });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('unfinished');
    const t = await onboardTenant(stack, ownerToken, { name: 'Смотрю каталог', adminEmail: 'a@look.ru', modules: [] });
    const admin = client(stack.url, t.adminToken);
    expect((await admin.post('/api/admin/subscription/modules/unfinished')).status).toBe(404);
  });
});

describe('migrate-all upgrades a module only where it exists', () => {
  test('a failing migration of one module leaves the tenants without it upgraded, and the rest of the tenant that has it', async () => {
    const breaking: TenantMigration = {
      version: 1,
      name: 'a step that fails',
      up: async (trx) => {
        await trx.raw('SELECT 1/0');
      },
    };
    const coreStep: TenantMigration = { version: 99, name: 'a new core table', up: (trx, s) => trx.raw(`CREATE TABLE ${s}.core_notes (id int)`).then(() => undefined) };
    const next = workcloudDefinition({ modules: [visits({ migrations: [breaking] }), unfinished], migrations: [coreStep] });
    const withVisits = await onboardTenant(stack, ownerToken, { name: 'С визитами', adminEmail: 'a@with-visits.ru', modules: ['trade', 'visits'] });
    const without = await onboardTenant(stack, ownerToken, { name: 'Без визитов', adminEmail: 'a@no-visits.ru', modules: ['trade'] });

    const report = await new Provisioner(stack.db, next).migrateAll();
    // Failed: exactly the tenants that have visits (this one and the buyer of the test above).
    const haveVisits = await stack.db.knex('platform.tenant_module_schemas').where({ module_code: 'visits' }).pluck('tenant_id');
    expect(report.failed.map((f) => f.tenantId).sort()).toEqual([...haveVisits].sort());
    expect(haveVisits).toContain(withVisits.tenantId);
    expect(haveVisits).not.toContain(without.tenantId);
    for (const f of report.failed) expect(f.error).toMatch(/модуль «visits».*division by zero/);
    for (const id of [withVisits.tenantId, without.tenantId]) {
      const { names } = await tables(id);
      expect(names).toContain('core_notes');
    }
    expect(await stack.db.knex('platform.tenants').where({ id: without.tenantId }).first('schema_version')).toEqual({ schema_version: 99 });
    // The module's step was rolled back: its version is still the installed one.
    expect(await stack.db.knex('platform.tenant_module_schemas').where({ tenant_id: withVisits.tenantId, module_code: 'visits' }).first('version')).toEqual({ version: 0 });
  });
});

describe('mistakes in a module are refused at start, in Russian, naming the file', () => {
  test('a reference to another module without depends', () => {
    expect(() => workcloudDefinition({ modules: [visits({ depends: [] })] })).toThrow(/module-contract\.test\.ts.*поле «counterparty».*trade\.counterparties.*добавьте «trade» в depends модуля «visits»/);
  });
  test('a reserved field, a module declared twice, an unknown dependency', () => {
    const reserved = defineModule({ code: 'bad', title: 'Плохой', titleEn: 'Bad', description: '', monthlyPriceKopecks: 0, declarations: [defineCatalog({ code: 'things', title: 'Вещи', fields: { version: { type: 'string', title: 'Версия' } } })] });
    expect(() => workcloudDefinition({ modules: [reserved] })).toThrow(/справочник «bad\.things» \(backend\/test\/platform\/module-contract\.test\.ts\): поле «version» движок добавляет сам/);
    expect(() => workcloudDefinition({ modules: [visits(), visits()] })).toThrow(/Модуль «visits» объявлен дважды/);
    expect(() => workcloudDefinition({ modules: [visits({ depends: ['trade', 'nothing'] })] })).toThrow(/в depends указан модуль «nothing»/);
  });
});

describe('a declaration knows its module where it was declared', () => {
  test('the object a module file exports carries the module code, so its table and subject are derived, never written by hand', () => {
    const things = defineCatalog({ code: 'things', title: 'Вещи', fields: {} });
    const mod = defineModule({ code: 'stock2', title: 'Склад-2', titleEn: 'Stock 2', description: '', monthlyPriceKopecks: 0, declarations: [things] });
    expect(things.module).toBe('stock2');
    expect(mod.declarations[0]).toBe(things);
    expect(tableOf.catalog(things)).toBe('c_stock2_things');
    expect(tableOf.catalog(edoInbox)).toBe('c_edo_inbox');
    expect(() => defineModule({ code: 'other', title: 'Другой', titleEn: 'Other', description: '', monthlyPriceKopecks: 0, declarations: [things] })).toThrow(/объявлен в модуле «stock2»/);
  });
});

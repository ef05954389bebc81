import { afterAll, beforeAll, expect, test } from 'vitest';
import { workcloudDefinition } from '../../src/index';
import { defineCatalog, defineReport } from '../../src/platform/engine/declarations';
import { defineModule } from '../../src/platform/modules/define-module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * A report's `q.allowed(subject, alias)` and `q.userId` (the module contract, declarations.ts): a report over a catalog
 * a role restricts by conditions counts only the rows the caller may read, the same rows the catalog's list gives them;
 * without the right to read the catalog the report is refused.
 */
const notes = defineCatalog({ code: 'notes', title: 'Заметки', fields: { owner: { type: 'string', title: 'Владелец (id)', maxLength: 36 } } });
const count = defineReport({
  code: 'count',
  title: 'Заметки по владельцам',
  params: {},
  columns: [
    { field: 'mine', title: 'Мои', type: 'boolean' },
    { field: 'notes', title: 'Заметок', type: 'integer' },
  ],
  query: (q) =>
    q
      .knex(`${q.table('c_jot_notes')} as n`)
      .modify(q.allowed('jot.notes', 'n'))
      .groupByRaw('1')
      .select(q.knex.raw('coalesce(n.owner = ?, false) as mine', [q.userId]), q.knex.raw('count(*)::int as notes'))
      .orderBy('mine'),
});
const jot = defineModule({ code: 'jot', title: 'Заметки', titleEn: 'Notes', description: 'Тестовый модуль: q.allowed', monthlyPriceKopecks: 0, declarations: [notes, count], ui: { remote: 'engine' } });

let stack: TestStack;
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'report_allowed', definition: workcloudDefinition({ modules: [jot] }) });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  admin = client(stack.url, (await onboardTenant(stack, owner, { name: 'Заметки', adminEmail: 'admin@jot.ru', modules: ['jot'] })).adminToken);
}, 180_000);
afterAll(() => stack?.close());

test('a report counts only the rows the role lets the caller read; without reading the catalog it is refused', async () => {
  const role = async (name: string, rules: unknown[]) => (await admin.post('/api/admin/roles', { name, rules })).body.id as string;
  const own = await role('Свои заметки', [{ action: 'read', subject: 'jot.notes', conditions: { owner: '${user.id}' } }, { action: 'read', subject: 'jot.count' }]);
  const reportOnly = await role('Только отчёт', [{ action: 'read', subject: 'jot.count' }]);
  const person = async (email: string, roleId: string) => {
    const user = await admin.post('/api/admin/users', { email, fullName: email, password: 'Person-Passw0rd-1', roleIds: [roleId] });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    return { id: user.body.id as string, api: client(stack.url, await login(stack.url, email, 'Person-Passw0rd-1')) };
  };
  const anna = await person('anna@jot.ru', own);
  const nobody = await person('nobody@jot.ru', reportOnly);
  for (const [name, owner] of [['a1', anna.id], ['a2', anna.id], ['x', null], ['y', 'someone-else']])
    expect((await admin.post('/api/jot/catalogs/notes', { name, owner })).status).toBe(201);

  expect((await anna.api.get('/api/jot/reports/count')).body.items).toEqual([{ mine: true, notes: 2 }]);
  // The admin (no conditions) counts every note, none of them theirs.
  expect((await admin.get('/api/jot/reports/count')).body.items).toEqual([{ mine: false, notes: 4 }]);
  const refused = await nobody.api.get('/api/jot/reports/count');
  expect(refused.status).toBe(403);
  expect(refused.body.detail).toContain('jot.notes');
});

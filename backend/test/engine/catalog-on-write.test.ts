import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { workcloudDefinition } from '../../src/index';
import { defineCatalog } from '../../src/platform/engine/declarations';
import { Problem } from '../../src/platform/http/problem';
import { defineModule } from '../../src/platform/modules/define-module';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * A catalog's `onWrite` (the module contract, declarations.ts): it runs in the write's transaction after the item is
 * created or changed — whether through the API or a module's code — sees the stored item on a change, may write rows
 * that refer to the item, and refuses the write with a Problem so that nothing of it is kept. (CRM uses it for
 * duplicates and a deal's stage history.)
 */
const changes = defineCatalog({
  code: 'changes',
  title: 'Изменения меток',
  readOnly: true,
  fields: { tag: { type: 'ref', ref: 'tags', title: 'Метка', required: true }, before: { type: 'string', title: 'Было' } },
});
const tags = defineCatalog({
  code: 'tags',
  title: 'Метки',
  fields: { color: { type: 'string', title: 'Цвет' } },
  onWrite: async (item, ctx) => {
    const twin = await ctx.knex(ctx.table('c_marks_tags')).whereRaw('lower(name) = lower(?)', [item.name]).whereNot({ id: ctx.id }).first('id', 'name');
    if (twin) throw Problem.conflict(`Метка «${twin.name}» уже есть.`, { existing: twin.id });
    await ctx.knex(ctx.table('c_marks_changes')).insert({ id: randomUUID(), name: item.name, tag: ctx.id, before: ctx.previous?.color ?? null });
  },
});
const marks = defineModule({ code: 'marks', title: 'Метки', titleEn: 'Marks', description: 'Тестовый модуль: onWrite', monthlyPriceKopecks: 0, declarations: [tags, changes], ui: { remote: 'engine' } });

let stack: TestStack;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'on_write', definition: workcloudDefinition({ modules: [marks] }) });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  api = client(stack.url, (await onboardTenant(stack, owner, { name: 'Метки', adminEmail: 'admin@marks.ru', modules: ['marks'] })).adminToken);
}, 180_000);
afterAll(() => stack?.close());

test('onWrite writes with the item, sees the stored item on a change, and a refusal keeps nothing', async () => {
  const red = await api.post('/api/marks/catalogs/tags', { name: 'Срочно', color: 'red' });
  expect(red.status).toBe(201);
  expect((await api.patch(`/api/marks/catalogs/tags/${red.body.id}`, { color: 'blue' })).status).toBe(200);
  const log = (await api.get('/api/marks/catalogs/changes?sort=created_at')).body.items;
  expect(log.map((c: any) => [c.tag, c.before])).toEqual([
    [red.body.id, null],
    [red.body.id, 'red'],
  ]);

  const twin = await api.post('/api/marks/catalogs/tags', { name: 'СРОЧНО' });
  expect(twin.status).toBe(409);
  expect(twin.body).toMatchObject({ detail: 'Метка «Срочно» уже есть.', existing: red.body.id });
  const renamed = await api.post('/api/marks/catalogs/tags', { name: 'Потом' });
  expect((await api.patch(`/api/marks/catalogs/tags/${renamed.body.id}`, { name: 'срочно' })).status).toBe(409);
  // Neither the refused item, nor the refused change, nor their log rows were kept.
  expect((await api.get('/api/marks/catalogs/tags?sort=name')).body.items.map((t: any) => t.name)).toEqual(['Потом', 'Срочно']);
  expect((await api.get('/api/marks/catalogs/changes')).body.total).toBe(3);
});

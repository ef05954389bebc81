import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TenantContextService } from '../../src/platform/tenancy/tenant-context.service';
import { schemaNameFor } from '../../src/platform/tenancy/tenant-schema';
import { expectRussianProblem, fillPath, openApiRoutes, probeWorld, type ProbeWorld, type Route } from '../support/routes';
import { client, login, startStack, type TestStack } from '../support/stack';

/**
 * A role's conditions become SQL on every list its people open. Only what that SQL can take is saved:
 * the operators `whereAllowed` compiles, one level of nesting, values of the field's type. Anything else
 * is refused with 400 when the role is saved — never a 500 later on the users' lists.
 */
let stack: TestStack;
let world: ProbeWorld;
let routes: Route[];
let admin: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'role-conditions' });
  world = await probeWorld(stack);
  routes = await openApiRoutes(stack);
  admin = client(stack.url, world.adminToken);
}, 180_000);
afterAll(() => stack?.close());

type Json = Record<string, any>;

const refused: [string, Json][] = [
  ['$where at the top', { action: 'read', subject: 'User', conditions: { $where: 'this.status == "active"' } }],
  ['$where on a field', { action: 'read', subject: 'User', conditions: { status: { $where: '1' } } }],
  ['$regex with a bad pattern', { action: 'read', subject: 'Role', conditions: { name: { $regex: '(' } } }],
  ['$regex at all (not compiled to SQL)', { action: 'read', subject: 'Role', conditions: { name: { $regex: '^А' } } }],
  ['$exists', { action: 'read', subject: 'User', conditions: { status: { $exists: true } } }],
  ['$elemMatch', { action: 'read', subject: 'User', conditions: { status: { $elemMatch: { a: 1 } } } }],
  ['$or (read by CASL as a field)', { action: 'read', subject: 'User', conditions: { $or: [{ status: 'active' }, { status: 'invited' }] } }],
  ['$and', { action: 'read', subject: 'User', conditions: { $and: [{ status: 'active' }] } }],
  ['$nor', { action: 'read', subject: 'User', conditions: { $nor: [{ status: 'active' }] } }],
  ['$not', { action: 'read', subject: 'User', conditions: { status: { $not: { $eq: 'active' } } } }],
  ['deep nesting', { action: 'read', subject: 'User', conditions: { status: { $eq: { $eq: { $eq: { $eq: 'active' } } } } } }],
  ['an object as a value', { action: 'read', subject: 'User', conditions: { status: { a: { b: { c: 1 } } } } }],
  ['a list as a value', { action: 'read', subject: 'User', conditions: { status: ['active', 'invited'] } }],
  ['an unknown field', { action: 'read', subject: 'User', conditions: { salary: { $gt: 1 } } }],
  ['$in with a string', { action: 'read', subject: 'User', conditions: { status: { $in: 'active' } } }],
  ['$in with an empty list', { action: 'read', subject: 'User', conditions: { status: { $in: [] } } }],
  ['$in with 501 values', { action: 'read', subject: 'User', conditions: { status: { $in: Array.from({ length: 501 }, (_, i) => `s${i}`) } } }],
  ['$in with objects', { action: 'read', subject: 'User', conditions: { status: { $in: [{ a: 1 }] } } }],
  ['$gt null', { action: 'read', subject: 'User', conditions: { status: { $gt: null } } }],
  ['a uuid field compared with text', { action: 'read', subject: 'User', conditions: { id: 'xyz' } }],
  ['an impossible date', { action: 'read', subject: 'trade.sale', conditions: { date: { $gte: '2026-02-30' } } }],
  ['a number field compared with text', { action: 'read', subject: 'trade.sale', conditions: { total: { $gt: 'много' } } }],
  ['a boolean field compared with text', { action: 'read', subject: 'Role', conditions: { is_system: 'да' } }],
  ['a reference compared with a name', { action: 'read', subject: 'trade.sale', conditions: { organization: 'ООО Ромашка' } }],
  ['a value of 501 characters', { action: 'read', subject: 'trade.sale', conditions: { number: { $ne: 'x'.repeat(501) } } }],
  ['conditions on all', { action: 'manage', subject: 'all', conditions: { status: 'active' } }],
];

describe('role conditions', () => {
  test('what the SQL filter cannot take is refused with 400 on create and on update, in Russian', async () => {
    const role = await admin.post('/api/admin/roles', { name: 'Проверка условий', rules: [{ action: 'read', subject: 'User' }] });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const failures: string[] = [];
    for (const [what, rule] of refused) {
      for (const res of [
        await admin.post('/api/admin/roles', { name: `Роль: ${what}`, rules: [rule] }),
        await admin.put(`/api/admin/roles/${role.body.id}`, { name: 'Проверка условий', rules: [{ action: 'read', subject: 'User' }, rule] }),
      ]) {
        try {
          expectRussianProblem(res, what);
          expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(400);
          expect(res.body.detail, what).toMatch(/Правило \d/);
        } catch (e) {
          failures.push((e as Error).message.split('\n')[0]);
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect((await admin.get(`/api/admin/roles/${role.body.id}`)).body.rules).toEqual([{ action: 'read', subject: 'User' }]);
  });

  test('a role using every accepted operator on every readable subject never makes a list answer 5xx', async () => {
    const subjects = (await admin.get('/api/admin/subjects')).body.subjects as { subject: string; actions: string[]; fields: string[] }[];
    const meta = (await admin.get('/api/trade/meta')).body as Json;
    const declared = new Map<string, Json[]>();
    for (const d of [...meta.catalogs, ...meta.documents, ...meta.registers]) declared.set(d.subject, d.fields ?? d.dimensions);
    const someId = (ref: string) => world.ids.get(`trade/catalogs/${String(ref).split('.').pop()}`) ?? randomUUID();
    // A condition for a field of a declared type, with a different operator per type.
    const conditionFor = (f: Json): unknown =>
      f.type === 'ref' ? { $in: [someId(f.ref), randomUUID()] }
      : f.type === 'date' ? { $gte: '2026-01-01', $lt: '2027-01-01' }
      : ['integer', 'money'].includes(f.type) ? { $gte: 0 }
      : f.type === 'decimal' ? { $lte: '1000000' }
      : f.type === 'boolean' ? { $ne: true }
      : { $nin: ['скрыто', 'архив'] };
    const standard: Json = {
      User: { status: { $in: ['active', 'invited'] }, id: { $ne: '${user.id}' }, email: { $ne: null } },
      Role: { is_system: false, name: { $gt: '' } },
      CustomField: { code: { $ne: 'x' } },
      PeriodLock: { closed_through: { $lte: '2030-12-31' } },
      Subscription: { module_code: 'trade' },
    };
    const rules: Json[] = [];
    for (const s of subjects.filter((x) => x.actions.includes('read'))) {
      const fields = declared.get(s.subject);
      const conditions: Json = fields
        ? Object.fromEntries(fields.filter((f) => s.fields.includes(f.name)).slice(0, 8).map((f) => [f.name, conditionFor(f)]))
        : (standard[s.subject] ?? {});
      if (s.fields.includes('created_by')) conditions.created_by = '${user.id}';
      if (s.fields.includes('status') && fields) conditions.status = { $in: ['draft', 'posted'] };
      if (s.fields.includes('date') && fields) conditions.date = { $lte: '2030-01-01' };
      rules.push(Object.keys(conditions).length ? { action: 'read', subject: s.subject, conditions } : { action: 'read', subject: s.subject });
    }
    rules.push({ action: 'read', subject: 'trade.products', inverted: true, conditions: { name: 'Скрытый товар' } });
    const role = await admin.post('/api/admin/roles', { name: 'Всё с условиями', rules });
    expect(role.status, JSON.stringify(role.body).slice(0, 500)).toBe(201);
    expect(rules.filter((r) => r.conditions).length).toBeGreaterThan(15);

    const user = await admin.post('/api/admin/users', { email: 'conditions@probe.ru', fullName: 'Сотрудник С Условиями', password: 'Cond-Passw0rd-1', roleIds: [role.body.id] });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const person = client(stack.url, await login(stack.url, 'conditions@probe.ru', 'Cond-Passw0rd-1'));
    const failures: string[] = [];
    let lists = 0;
    for (const r of routes.filter((x) => x.method === 'GET' && !x.owner)) {
      for (const mode of ['valid', 'unknown'] as const) {
        const res = await person.get(fillPath(r, world, mode));
        if (res.status === 200 && Array.isArray(res.body?.items ?? res.body)) lists++;
        if (res.status >= 500 || (res.status >= 400 && !/^application\/problem\+json/.test(res.contentType))) failures.push(`${r.template} (${mode}): ${res.status} ${String(JSON.stringify(res.body)).slice(0, 200)}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(lists).toBeGreaterThan(15);
  });

  test('a role stored before these checks (written straight to the database) makes lists answer 4xx, not 500', async () => {
    const role = await admin.post('/api/admin/roles', { name: 'Старая роль', rules: [{ action: 'read', subject: 'User' }] });
    const user = await admin.post('/api/admin/users', { email: 'legacy@probe.ru', fullName: 'Сотрудник Со Старой Ролью', password: 'Old-Role-Passw0rd-7', roleIds: [role.body.id] });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    const person = client(stack.url, await login(stack.url, 'legacy@probe.ru', 'Old-Role-Passw0rd-7'));
    const table = `${schemaNameFor(world.tenantId)}.roles`;
    for (const conditions of [{ $where: '1' }, { $or: [{ status: 'active' }] }, { status: { $regex: '(' } }, { id: 'xyz' }, { status: { a: 1 } }]) {
      await stack.db.knex(table).where({ id: role.body.id }).update({ rules: JSON.stringify([{ action: 'read', subject: 'User', conditions }]) });
      await stack.app.get(TenantContextService).invalidatePermissions(world.tenantId);
      const res = await person.get('/api/admin/users');
      expectRussianProblem(res, JSON.stringify(conditions));
      expect(res.status, JSON.stringify(conditions)).toBeGreaterThanOrEqual(400);
    }
  });
});

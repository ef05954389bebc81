import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { keywordModule } from './keyword-module';

/**
 * Names that are SQL keywords (`order`, `user`, `group`, `select`, `table`, `from`) everywhere a
 * declaration can put a name, and the registers' read API (balance, turnover, movements) with numbers
 * computed by hand.
 */

let stack: TestStack;
let api: ReturnType<typeof client>;
const id: Record<string, string> = {};
const docs: Record<string, Record<string, any>> = {};

/** Creates and posts a «Выбор» (`from`: an expense) with one or more lines, and returns it. */
async function choose(key: string, date: string, user: string, lines: { order: string; select: string; table: number }[], from = false) {
  const res = await api.post('/api/kw/documents/select?post=true', { date, group: id.alpha, user, from, order: lines });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  docs[key] = res.body;
  return res.body;
}

const num = (rows: Record<string, any>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, kk === 'select' ? Number(vv) : vv])) : v])));

beforeAll(async () => {
  stack = await startStack({ label: 'keywords', modules: [keywordModule] });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, owner, { name: 'Ключевые слова', adminEmail: 'admin@kw.ru', modules: ['kw'] });
  api = client(stack.url, tenant.adminToken);
  for (const [key, body] of [
    ['alpha', { name: 'Альфа', order: 2, user: 'ivan', group: 'a', select: true, table: 1500 }],
    ['beta', { name: 'Бета', order: 1, user: 'petr', group: 'b', select: false }],
  ] as const) {
    const res = await api.post('/api/kw/catalogs/group', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    id[key] = res.body.id;
  }
  // Receipts in January and February, an expense in February, a receipt of another user in March.
  await choose('r1', '2026-01-15', 'ivan', [{ order: id.alpha, select: '10', table: 1000 }, { order: id.beta, select: '5', table: 500 }]);
  await choose('r2', '2026-02-03', 'ivan', [{ order: id.alpha, select: '2.5', table: 250 }]);
  await choose('e1', '2026-02-20', 'ivan', [{ order: id.alpha, select: '4', table: 400 }], true);
  await choose('r3', '2026-03-05', 'petr', [{ order: id.beta, select: '1', table: 100 }]);
});
afterAll(() => stack?.close());

describe('a declaration whose names are SQL keywords works', () => {
  test('catalog: created with its fields, listed with filters and sorting on them, unique pair refused naming the fields', async () => {
    expect((await api.get(`/api/kw/catalogs/group/${id.alpha}`)).body).toMatchObject({ name: 'Альфа', order: 2, user: 'ivan', group: 'a', select: true, table: 1500 });
    const names = async (qs: string) => {
      const res = await api.get(`/api/kw/catalogs/group?${qs}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.map((i: { name: string }) => i.name);
    };
    expect(await names('sort=order')).toEqual(['Бета', 'Альфа']);
    expect(await names('sort=-order')).toEqual(['Альфа', 'Бета']);
    expect(await names('sort=user')).toEqual(['Альфа', 'Бета']);
    expect(await names('order=2')).toEqual(['Альфа']);
    expect(await names('order_from=1&order_to=1')).toEqual(['Бета']);
    expect(await names('select=false')).toEqual(['Бета']);
    expect(await names('group=a,b&sort=group')).toEqual(['Альфа', 'Бета']);
    expect(await names('user=petr')).toEqual(['Бета']);
    expect(await names('table_from=1000')).toEqual(['Альфа']);
    expect(await names('search=ivan')).toEqual(['Альфа']);
    const twin = await api.post('/api/kw/catalogs/group', { name: 'Двойник', order: 2, user: 'ivan' });
    expect(twin.status).toBe(409);
    expect(twin.body.detail).toContain('«Пользователь», «Порядок»');
    const changed = await api.patch(`/api/kw/catalogs/group/${id.beta}`, { select: true, version: 1 });
    expect(changed.body).toMatchObject({ select: true, version: 2 });
  });

  test('document: lines of section `order` saved with field `order`, listed by its header fields', async () => {
    const doc = (await api.get(`/api/kw/documents/select/${docs.r1.id}`)).body;
    expect(doc.order.map((l: Record<string, unknown>) => [l.order, l.select, l.table])).toEqual([
      [id.alpha, '10.000', 1000],
      [id.beta, '5.000', 500],
    ]);
    const list = (await api.get(`/api/kw/documents/select?group=${id.alpha}&user=ivan&sort=-date`)).body;
    expect(list.items.map((d: { id: string }) => d.id)).toEqual([docs.e1.id, docs.r2.id, docs.r1.id]);
    expect((await api.get('/api/kw/documents/select?from=true')).body.total).toBe(1);
  });

  test('report groups by month with q.period', async () => {
    const res = await api.get('/api/kw/reports/by_month?from=2026-01-01&to=2026-03-31');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((r: Record<string, unknown>) => [r.month, Number(r.select), r.table])).toEqual([
      ['2026-01-01', 15, 1500],
      ['2026-02-01', -1.5, -150],
      ['2026-03-01', 1, 100],
    ]);
    expect(res.body.totals).toMatchObject({ table: 1450 });
    // The same from q.turnovers, with the expense side apart: February nets 250 in − 400 out = −150.
    const same = await api.get('/api/kw/reports/by_month_turnovers?from=2026-01-01&to=2026-03-31');
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.items.map((r: Record<string, unknown>) => [r.month, Number(r.select), r.table, r.spent])).toEqual([
      ['2026-01-01', 15, 1500, 0],
      ['2026-02-01', -1.5, -150, 400],
      ['2026-03-01', 1, 100, 0],
    ]);
  });
});

describe('register read API', () => {
  const balance = async (qs: string) => {
    const res = await api.get(`/api/kw/registers/order/balance?${qs}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as Record<string, string>[]).map((r) => [r.order === id.alpha ? 'A' : 'B', r.user, Number(r.select), r.table]).sort();
  };
  const turnover = async (qs: string) => {
    const res = await api.get(`/api/kw/registers/order/turnover?${qs}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  test('balance on a date, by all dimensions, filtered by one (money as exact kopecks)', async () => {
    // ivan/Альфа: 10 + 2,5 − 4 = 8,5 for 10,00 + 2,50 − 4,00 = 8,50 ₽; ivan/Бета 5 for 5,00; petr/Бета 1 for 1,00.
    expect(await balance('')).toEqual([
      ['A', 'ivan', 8.5, '850'],
      ['B', 'ivan', 5, '500'],
      ['B', 'petr', 1, '100'],
    ]);
    expect(await balance('date=2026-01-31')).toEqual([
      ['A', 'ivan', 10, '1000'],
      ['B', 'ivan', 5, '500'],
    ]);
    expect(await balance(`date=2026-02-25&order=${id.alpha}`)).toEqual([['A', 'ivan', 8.5, '850']]);
    expect(await balance(`order=${id.alpha},${id.beta}&user=petr`)).toEqual([['B', 'petr', 1, '100']]);
  });

  test('turnover by month and by a dimension: receipt, expense and net', async () => {
    const byMonth = await turnover('from=2026-01-01&to=2026-03-31&period=month&groupBy=order');
    expect(byMonth).toMatchObject({ from: '2026-01-01', to: '2026-03-31', period: 'month', groupBy: ['order'] });
    const rows = num(byMonth.items).map((r) => [r.period, r.dimensions.order === id.alpha ? 'A' : 'B', r.turnover, r.receipt, r.expense]).sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    expect(rows).toEqual([
      ['2026-01-01', 'A', { select: 10, table: '1000' }, { select: 10, table: '1000' }, { select: 0, table: '0' }],
      ['2026-01-01', 'B', { select: 5, table: '500' }, { select: 5, table: '500' }, { select: 0, table: '0' }],
      ['2026-02-01', 'A', { select: -1.5, table: '-150' }, { select: 2.5, table: '250' }, { select: 4, table: '400' }],
      ['2026-03-01', 'B', { select: 1, table: '100' }, { select: 1, table: '100' }, { select: 0, table: '0' }],
    ]);
    // By user for the whole quarter, only Бета.
    const byUser = await turnover(`from=2026-01-01&to=2026-03-31&period=quarter&groupBy=user&order=${id.beta}`);
    expect(num(byUser.items).map((r) => [r.period, r.dimensions.user, r.turnover])).toEqual([
      ['2026-01-01', 'ivan', { select: 5, table: '500' }],
      ['2026-01-01', 'petr', { select: 1, table: '100' }],
    ]);
    // Weeks start on Monday: 03.02 is in the week of 02.02, 20.02 in the week of 16.02.
    const weeks = await turnover('from=2026-02-01&to=2026-02-28&period=week');
    expect(num(weeks.items).map((r) => [r.period, r.turnover.select])).toEqual([
      ['2026-02-02', 2.5],
      ['2026-02-16', -4],
    ]);
    // No period, no dimensions: one total of the year.
    const total = await turnover('from=2026-01-01&to=2026-12-31');
    expect(num(total.items)).toEqual([{ dimensions: {}, turnover: { select: 14.5, table: '1450' }, receipt: { select: 18.5, table: '1850' }, expense: { select: 4, table: '400' } }]);
  });

  test('movements of a document, with storno after cancelling; the document lists its movements in every register', async () => {
    const before = await api.get(`/api/kw/registers/order/movements?recorder=${docs.e1.id}`);
    expect(before.status).toBe(200);
    expect(before.body.items.map((m: Record<string, unknown>) => [m.kind, m.storno, m.revision, m.select, m.table, m.period])).toEqual([['expense', false, 1, '4.000', '400', '2026-02-20']]);
    expect((await api.post(`/api/kw/documents/select/${docs.e1.id}/cancel`)).status).toBe(200);
    const after = await api.get(`/api/kw/registers/order/movements?recorder=${docs.e1.id}`);
    expect(after.body.items.map((m: Record<string, unknown>) => [m.kind, m.storno, m.revision, m.select, m.table])).toEqual([
      ['expense', false, 1, '4.000', '400'],
      ['expense', true, 1, '-4.000', '-400'],
    ]);
    // Without the expense: 10 + 2,5 = 12,5 on hand; February's expense nets to zero.
    expect(await balance(`order=${id.alpha}`)).toEqual([['A', 'ivan', 12.5, '1250']]);
    const feb = num((await turnover(`from=2026-02-01&to=2026-02-28&order=${id.alpha}`)).items);
    expect(feb).toEqual([{ dimensions: {}, turnover: { select: 2.5, table: '250' }, receipt: { select: 2.5, table: '250' }, expense: { select: 0, table: '0' } }]);

    const all = await api.get(`/api/kw/documents/select/${docs.r1.id}/movements`);
    expect(all.status).toBe(200);
    expect(all.body.document).toMatchObject({ id: docs.r1.id, status: 'posted', revision: 1 });
    expect(all.body.registers.map((r: { register: string; items: unknown[] }) => [r.register, r.items.length])).toEqual([['order', 2]]);
  });

  test('posting checks the balance and the sequence with keyword dimensions', async () => {
    const short = await api.post('/api/kw/documents/select?post=true', { date: '2026-03-10', group: id.alpha, user: 'ivan', from: true, order: [{ order: id.beta, select: '6' }] });
    expect(short.status).toBe(422);
    expect(short.body.detail).toContain('«Бета»');
    expect(short.body.detail).toContain('не хватает 1');
    // A receipt dated before ivan's later movements breaks the sequence of `user` = ivan from its date.
    await choose('r0', '2026-01-10', 'ivan', [{ order: id.beta, select: '1', table: 100 }]);
    const close = await api.put('/api/admin/period-lock', { closedThrough: '2026-01-31' });
    expect(close.status).toBe(422);
    expect(close.body.detail).toContain('«Заказано»');
    expect(close.body.detail).toContain('10.01.2026');
  });

  test('bad parameters are a 400 problem naming the parameter; an unknown register is a 404', async () => {
    for (const [path, param] of [
      ['balance?warehouse=1', 'warehouse'],
      ['balance?order=xyz', 'order'],
      ['balance?date=2026-02-30', 'date'],
      ['balance?date=2026-01-31&date=2026-02-01', 'date'],
      ['balance?user=a%00b', 'user'],
      ['turnover?to=2026-01-31', 'from'],
      ['turnover?from=2026-01-01&to=2026-13-01', 'to'],
      ['turnover?from=2026-02-01&to=2026-01-01', 'to'],
      ['turnover?from=2026-01-01&to=2026-01-31&period=fortnight', 'period'],
      ['turnover?from=2026-01-01&to=2026-01-31&groupBy=order,nope', 'groupBy'],
      ['turnover?from=2026-01-01&to=2026-01-31&groupBy=order,order', 'groupBy'],
      ['turnover?from=2026-01-01&to=2026-01-31&groupBy=__proto__', 'groupBy'],
      ['movements', 'recorder'],
      ['movements?recorder=xyz', 'recorder'],
      ['movements?recorder=00000000-0000-4000-8000-000000000000&x=1', 'x'],
    ]) {
      const res = await api.get(`/api/kw/registers/order/${path}`);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      // A NUL anywhere in the address may be refused before the route, for the whole address.
      if (!(path.includes('%00') && /NUL/.test(res.body.detail))) expect(res.body.detail).toContain(`«${param}»`);
    }
    const unknown = await api.get('/api/kw/registers/nope/turnover?from=2026-01-01&to=2026-01-31');
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/problem+json');
  });

  test('the register read API applies the caller’s row rules on the register', async () => {
    const role = await api.post('/api/admin/roles', { name: 'Только petr', rules: [{ action: 'read', subject: 'kw.order', conditions: { user: 'petr' } }] });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const invited = await api.post('/api/admin/users', { email: 'petr@kw.ru', fullName: 'Пётр', password: 'Viewer-Passw0rd-7', roleIds: [role.body.id] });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const petr = client(stack.url, await login(stack.url, 'petr@kw.ru', 'Viewer-Passw0rd-7'));
    const own = await petr.get('/api/kw/registers/order/balance');
    expect(own.body.items.map((r: Record<string, string>) => [r.user, r.table])).toEqual([['petr', '100']]);
    const turnover = await petr.get('/api/kw/registers/order/turnover?from=2026-01-01&to=2026-12-31&groupBy=user');
    expect(turnover.body.items.map((r: Record<string, any>) => [r.dimensions.user, r.turnover.table])).toEqual([['petr', '100']]);
    expect((await petr.get(`/api/kw/registers/order/movements?recorder=${docs.r1.id}`)).body.items).toEqual([]);
    expect((await petr.get(`/api/kw/documents/select/${docs.r1.id}/movements`)).status).toBe(403);
  });
});

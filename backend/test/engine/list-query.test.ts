import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CatalogDeclaration, Declaration, DocumentDeclaration, Fields } from '../../src/platform/engine/declarations';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';
import { demoModule } from './demo-module';
import { keywordModule } from './keyword-module';

/**
 * Every generated list route of every declared catalog and document (trade, the demo and keyword
 * modules — read from the registry, so a new declaration is covered without touching this file) gets
 * each class of bad query string and must answer 400 problem+json naming the parameter in Russian.
 */

let stack: TestStack;
let api: ReturnType<typeof client>;
const UUID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  stack = await startStack({ label: 'list-query', modules: [demoModule, keywordModule] });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, owner, { name: 'Все модули', adminEmail: 'admin@lists.ru', modules: [...new Set(lists().map((d) => d.module))] });
  api = client(stack.url, tenant.adminToken);
});
afterAll(() => stack?.close());

type ListDecl = CatalogDeclaration | DocumentDeclaration;
const lists = () => stack.definition.registry.all().filter((d): d is ListDecl => d.kind === 'catalog' || d.kind === 'document');
const pathOf = (d: ListDecl) => `/api/${d.module}/${d.kind === 'catalog' ? 'catalogs' : 'documents'}/${d.code}`;
const firstOf = (fields: Fields, types: string[]) => Object.entries(fields).find(([, f]) => types.includes(f.type))?.[0];

/** [query string, the parameter the answer must name] for one list. */
function badQueries(d: ListDecl): [string, string][] {
  const doc = d.kind === 'document';
  const ref = firstOf(d.fields, ['ref']);
  const numeric = firstOf(d.fields, ['integer', 'money', 'decimal']);
  const declaredDate = firstOf(d.fields, ['date']);
  const bool = firstOf(d.fields, ['boolean']);
  const enumField = firstOf(d.fields, ['enum']);
  const date = doc ? 'date' : 'created_at';
  const text = doc ? 'number' : 'name';
  return [
    // a reference that is not a uuid
    ['created_by=xyz', 'created_by'],
    [`created_by=${UUID},xyz`, 'created_by'],
    ...(ref ? ([[`${ref}=xyz`, ref], [`${ref}=${UUID},1`, ref]] as [string, string][]) : []),
    // impossible dates
    [`${date}=2026-02-30`, date],
    [`${date}_from=2026-02-30`, `${date}_from`],
    [`${date}_to=2026-13-01`, `${date}_to`],
    [`${date}_from=0000-01-01`, `${date}_from`],
    ...(declaredDate ? ([[`${declaredDate}=2025-02-29`, declaredDate]] as [string, string][]) : []),
    // non-numbers
    ['limit=abc', 'limit'],
    ['limit=0', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=-5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=abc', 'offset'],
    ['offset=99999999999999', 'offset'],
    ...(numeric ? ([[`${numeric}=12abc`, numeric], [`${numeric}_from=1e5`, `${numeric}_from`], [`${numeric}_to=99999999999999999999`, `${numeric}_to`]] as [string, string][]) : []),
    ...(bool ? ([[`${bool}=yes`, bool]] as [string, string][]) : []),
    ...(enumField ? ([[`${enumField}=__proto__`, enumField]] as [string, string][]) : []),
    // NUL bytes in a value and in a name
    ['search=a%00b', 'search'],
    [`${text}=%00`, text],
    ['sort=name%00', 'sort'],
    ['a%00b=1', 'a\\0b'],
    // repeated keys
    [doc ? 'sort=number&sort=date' : 'sort=name&sort=code', 'sort'],
    ['limit=10&limit=20', 'limit'],
    [`${text}=a&${text}=b`, text],
    // sort and filter names that are not columns (incl. what every JavaScript object has)
    ['sort=__proto__', 'sort'],
    ['sort=-constructor', 'sort'],
    ['sort=toString', 'sort'],
    ['sort=search_text', 'sort'],
    ['sort=no_such_field', 'sort'],
    ['__proto__=1', '__proto__'],
    ['constructor=x', 'constructor'],
    ['hasOwnProperty=x', 'hasOwnProperty'],
    ['custom=x', 'custom'],
    ['=x', '(пустое имя)'],
    ['search=' + 'я'.repeat(201), 'search'],
    doc ? ['status=archived', 'status'] : ['deleted=maybe', 'deleted'],
    ...(doc ? ([['deleted=true', 'deleted']] as [string, string][]) : []),
  ];
}

describe('list query strings are checked strictly on every generated list route', () => {
  test('the registry has the lists this test is about', () => {
    const codes = lists().map((d) => `${d.module}.${d.code}`);
    expect(codes).toEqual(expect.arrayContaining(['trade.products', 'trade.sale', 'demo.items', 'demo.sales', 'kw.group', 'kw.select']));
    expect(codes.length).toBeGreaterThan(20);
  });

  test('well-formed queries answer 200', async () => {
    for (const d of lists()) {
      const doc = d.kind === 'document';
      const qs = doc ? `limit=5&offset=0&sort=-date&date_from=2024-02-29&status=draft,posted&created_by=${UUID}` : `limit=600&sort=-name&deleted=true&created_at_to=2030-01-01T00:00:00Z&name=`;
      const res = await api.get(`${pathOf(d)}?${qs}`);
      expect(res.status, `${pathOf(d)}?${qs}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(Array.isArray(res.body.items), pathOf(d)).toBe(true);
      expect(typeof res.body.total).toBe('number');
    }
  });

  test('each class of bad parameter is a 400 problem+json naming the parameter in Russian, never a 5xx', async () => {
    let sent = 0;
    for (const d of lists()) {
      const results = await Promise.all(badQueries(d).map(async ([qs, param]) => ({ qs, param, res: await api.get(`${pathOf(d)}?${qs}`) })));
      for (const { qs, param, res } of results) {
        const where = `${pathOf(d)}?${qs.slice(0, 80)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        expect(res.status, where).toBe(400);
        expect(res.contentType, where).toContain('application/problem+json');
        expect(res.body.detail, where).toMatch(/[а-яё]{4}/);
        // A NUL anywhere in the address may be refused before the route, for the whole address.
        if (qs.includes('%00') && /NUL/.test(res.body.detail)) continue;
        expect(res.body.detail, where).toContain(`Параметр «${param}»`);
        expect(res.body.errors?.[0]?.field, where).toBe(param === '(пустое имя)' ? '' : param);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(lists().length * 30);
  });
});

describe('OpenAPI of the generated routes', () => {
  let doc: { paths: Record<string, Record<string, any>> };
  beforeAll(async () => {
    doc = (await client(stack.url).get('/api/openapi.json')).body;
  });

  /** The operations the engine generated: tagged with a declaration (`<module>: <title>`), and the module meta. */
  const generated = () => {
    const tags = new Set(stack.definition.registry.all().map((d) => `${d.module}: ${d.title}`));
    return Object.entries(doc.paths)
      .map(([path, ops]) => [path, Object.fromEntries(Object.entries(ops).filter(([, op]) => path === '/api/{module}/meta' || tags.has(op.tags?.[0])))] as const)
      .filter(([, ops]) => Object.keys(ops).length > 0);
  };

  test('every generated route has a response schema (204: no body) and problem+json errors', () => {
    expect(generated().length).toBeGreaterThan(100);
    for (const [path, ops] of generated())
      for (const [method, op] of Object.entries(ops)) {
        const [status, success] = Object.entries(op.responses as Record<string, any>).find(([s]) => s.startsWith('2'))!;
        if (status === '204') continue;
        const schema = Object.values(success.content ?? {})[0] as { schema?: unknown } | undefined;
        expect(schema?.schema, `${method} ${path}`).toBeTruthy();
        expect(op.responses['400']?.content?.['application/problem+json']?.schema, `${method} ${path}`).toBeTruthy();
      }
  });

  test('every money field says it is integer kopecks, in answers and in request bodies', () => {
    const json = (op: any, status = '200') => op.responses[status].content['application/json'].schema;
    const check = (props: Record<string, any> | undefined, fields: Fields, where: string) => {
      for (const [name, f] of Object.entries(fields)) if (f.type === 'money') expect(props?.[name]?.description, `${where}.${name}`).toMatch(/в копейках \(целое число\)/);
    };
    let checked = 0;
    for (const d of stack.definition.registry.all() as Declaration[]) {
      const base = `/api/${d.module}`;
      if (d.kind === 'catalog' || d.kind === 'document') {
        const p = pathOf(d);
        const item = json(doc.paths[p].get).properties.items.items;
        const body = doc.paths[p].post.requestBody.content['application/json'].schema;
        check(item.properties, d.fields, `${p} answer`);
        check(body.properties, d.fields, `${p} body`);
        if (d.kind === 'document')
          for (const [s, sec] of Object.entries(d.sections ?? {})) {
            check(item.properties[s].items.properties, sec.fields, `${p} answer ${s}`);
            check(body.properties[s].items.properties, sec.fields, `${p} body ${s}`);
          }
      }
      if (d.kind === 'register') {
        const p = `${base}/registers/${d.code}`;
        check(json(doc.paths[`${p}/movements`].get).properties.items.items.properties, d.resources, `${p}/movements`);
        if (d.type === 'balance') check(json(doc.paths[`${p}/balance`].get).properties.items.items.properties, d.resources, `${p}/balance`);
        if (d.type !== 'information') check(json(doc.paths[`${p}/turnover`].get).properties.items.items.properties.turnover.properties, d.resources, `${p}/turnover`);
      }
      if (d.kind === 'report') {
        const p = `${base}/reports/${d.code}`;
        const money = Object.fromEntries(d.columns.filter((c) => c.type === 'money').map((c) => [c.field, { type: 'money', title: c.title }])) as Fields;
        check(json(doc.paths[p].get).properties.items.items.properties, money, p);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
  });
});

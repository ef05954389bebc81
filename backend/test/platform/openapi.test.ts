import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { client, login, OWNER, onboardTenant, startStack, type TestStack } from '../support/stack';

/**
 * /api/openapi.json describes what every route answers: each operation has a 2xx response with a schema
 * (`content`), or is a 204; and a few real answers match their schemas.
 */
type Schema = { type?: string; format?: string; nullable?: boolean; required?: string[]; properties?: Record<string, Schema>; items?: Schema; $ref?: string; additionalProperties?: unknown; oneOf?: Schema[]; anyOf?: Schema[]; enum?: unknown[] };
type Doc = { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>; components?: { schemas?: Record<string, Schema> } };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
let stack: TestStack;
let doc: Doc;
let adminToken: string;

beforeAll(async () => {
  stack = await startStack({ label: 'openapi' });
  doc = (await client(stack.url).get('/api/openapi.json')).body;
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  ({ adminToken } = await onboardTenant(stack, ownerToken, { name: 'Схемы', adminEmail: 'boss@schemas.ru' }));
}, 180_000);
afterAll(() => stack?.close());

function resolve(s: Schema): Schema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/components/schemas/', '');
  return doc.components?.schemas?.[name] ?? {};
}

/** Where `value` does not fit `schema` (types, required fields, nested objects and arrays); [] when it fits. */
function mismatches(value: unknown, schema: Schema, at = '$'): string[] {
  const s = resolve(schema);
  if (value === null) return s.nullable || !s.type ? [] : [`${at}: null, but not nullable`];
  if (s.oneOf || s.anyOf) {
    const options = (s.oneOf ?? s.anyOf)!;
    return options.some((o) => !mismatches(value, o, at).length) ? [] : [`${at}: fits none of the options`];
  }
  switch (s.type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const v = value as Record<string, unknown>;
      const missing = (s.required ?? []).filter((k) => !(k in v)).map((k) => `${at}.${k}: required, missing`);
      const nested = Object.entries(s.properties ?? {}).flatMap(([k, p]) => (v[k] === undefined ? [] : mismatches(v[k], p, `${at}.${k}`)));
      return [...missing, ...nested];
    }
    case 'array':
      return Array.isArray(value) ? value.flatMap((x, i) => (s.items ? mismatches(x, s.items, `${at}[${i}]`) : [])) : [`${at}: not an array`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer (${JSON.stringify(value)})`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: not a number`];
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: not a string (${JSON.stringify(value)})`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    default:
      return [];
  }
}

function okSchema(method: string, path: string): Schema {
  const op = doc.paths[path]?.[method];
  const ok = Object.entries(op?.responses ?? {}).find(([code]) => /^2/.test(code));
  const schema = ok?.[1].content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path}: no application/json 2xx schema`);
  return schema;
}

describe('OpenAPI', () => {
  test('every operation has a 2xx response with a schema (or is a 204)', () => {
    const missing: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        operations++;
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2/.test(code));
        const described = ok.some(([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema));
        if (!described) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(operations).toBeGreaterThan(300);
    expect(missing, `no 2xx schema:\n${missing.join('\n')}`).toEqual([]);
  });

  test('real answers fit their schemas: health, me, admin and owner lists', async () => {
    const anon = client(stack.url);
    const admin = client(stack.url, adminToken);
    const owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
    const cases: [ReturnType<typeof client>, string, string][] = [
      [anon, 'get', '/api/health'],
      [admin, 'get', '/api/me'],
      [admin, 'get', '/api/admin/users'],
      [admin, 'get', '/api/admin/roles'],
      [admin, 'get', '/api/admin/company/time-zone'],
      [admin, 'get', '/api/admin/security'],
      [admin, 'get', '/api/admin/modules'],
      [admin, 'get', '/api/admin/subjects'],
      [admin, 'get', '/api/admin/audit'],
      [admin, 'get', '/api/me/invitations'],
      [admin, 'get', '/api/admin/billing/invoices'],
      [admin, 'get', '/api/admin/billing/payments'],
      [owner, 'get', '/api/owner/tenants'],
      [owner, 'get', '/api/owner/modules'],
      [owner, 'get', '/api/owner/mail'],
      [owner, 'get', '/api/owner/billing/settings'],
    ];
    const failures: string[] = [];
    for (const [who, method, path] of cases) {
      const res = await who.raw(method.toUpperCase(), path);
      if (res.status >= 300) {
        failures.push(`${path}: ${res.status}`);
        continue;
      }
      failures.push(...mismatches(res.body, okSchema(method, path)).map((m) => `${path} ${m}`));
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });

  test("GET /api/me's required fields are all in a signed-in admin's answer", async () => {
    const schema = resolve(okSchema('get', '/api/me'));
    expect(schema.required?.length).toBeGreaterThan(2);
    const me = (await client(stack.url, adminToken).get('/api/me')).body;
    for (const k of schema.required!) expect(me, k).toHaveProperty(k);
  });

  test('the sign-in answer fits its schema', async () => {
    const res = await client(stack.url).post('/api/auth/login', { email: 'boss@schemas.ru', password: 'Admin-Passw0rd-1' });
    expect(res.status).toBe(200);
    expect(mismatches(res.body, okSchema('post', '/api/auth/login'))).toEqual([]);
  });
});

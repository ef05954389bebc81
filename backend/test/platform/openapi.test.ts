import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { answerSchema, mismatches as fits, resolve as resolveIn, type OpenApiDoc as Doc, type Schema } from '../support/openapi';
import { client, login, OWNER, onboardTenant, startStack, type TestStack } from '../support/stack';

/**
 * /api/openapi.json describes what every route answers: each operation has a 2xx response with a schema
 * (`content`), or is a 204; no answer is a free-form object; and real answers match their schemas.
 */
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/**
 * Objects that are free-form by nature: a company's own extra fields, an audit record's before/after, a role's
 * CASL conditions. Anything else an answer carries has its fields named.
 */
const FREE_FORM = new Set(['custom', 'before', 'after', 'conditions']);
/**
 * Whole answers that are free-form by nature: the WebAuthn options (the W3C spec's PublicKeyCredential…OptionsJSON,
 * as @simplewebauthn builds them, passed to the browser untouched) and a person's export of their own data.
 */
const FREE_FORM_ANSWERS = new Set(['POST /api/auth/passkey/options.options', 'POST /api/me/passkeys/options', 'GET /api/me/personal-data']);
let stack: TestStack;
let doc: Doc;
let adminToken: string;
let tenantId: string;

beforeAll(async () => {
  stack = await startStack({ label: 'openapi' });
  doc = (await client(stack.url).get('/api/openapi.json')).body;
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  ({ adminToken, tenantId } = await onboardTenant(stack, ownerToken, { name: 'Схемы', adminEmail: 'boss@schemas.ru', modules: ['trade'] }));
}, 180_000);
afterAll(() => stack?.close());

const resolve = (s: Schema) => resolveIn(doc, s);
const mismatches = (value: unknown, schema: Schema) => fits(doc, value, schema);
const okSchema = (method: string, path: string) => answerSchema(doc, method, path);

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

  test('no 2xx answer is a free-form object: every object names its properties', () => {
    const loose: string[] = [];
    const walk = (schema: Schema, at: string): void => {
      const s = resolve(schema);
      // A map of typed values (`additionalProperties: {schema}`) names its values' shape; an object with no
      // properties that takes any (`additionalProperties: true`, or nothing said) does not.
      const typedMap = typeof s.additionalProperties === 'object';
      const named = s.properties && (Object.keys(s.properties).length > 0 || s.additionalProperties !== true);
      const freeForm = FREE_FORM.has(at.split('.').pop()!) || FREE_FORM_ANSWERS.has(at);
      if (s.type === 'object' && !named && !typedMap && !freeForm) loose.push(at);
      for (const [k, p] of Object.entries(s.properties ?? {})) walk(p, `${at}.${k}`);
      if (s.items) walk(s.items, `${at}[]`);
      for (const o of [...(s.oneOf ?? []), ...(s.anyOf ?? [])]) walk(o, at);
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const ok = Object.entries(item[method]?.responses ?? {}).filter(([code]) => /^2/.test(code));
        for (const [, r] of ok) {
          const schema = r.content?.['application/json']?.schema;
          if (schema) walk(schema, `${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(loose, `free-form objects in answers:\n${loose.join('\n')}`).toEqual([]);
  });

  test('real answers fit their schemas: health, me, admin and owner lists, a module\'s meta and a report', async () => {
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
      [admin, 'get', '/api/trade/meta'],
      [admin, 'get', '/api/trade/reports/stock_balance?date=2026-03-31'],
      [owner, 'get', '/api/owner/tenants'],
      [owner, 'get', '/api/owner/modules'],
      [owner, 'get', '/api/owner/mail'],
      [owner, 'get', '/api/owner/billing/settings'],
      [admin, 'get', '/api/admin/subscription'],
      [owner, 'get', `/api/owner/billing/clients/${tenantId}`],
      [owner, 'get', '/api/owner/billing/metrics?from=2026-01&to=2026-03'],
      [owner, 'get', '/api/owner/billing/webhooks'],
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

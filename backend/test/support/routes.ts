import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { workcloudModules } from '../../src/modules';
import { client, login, nextInn, onboardTenant, OWNER, type ApiResponse, type TestStack } from './stack';

/** One operation of the running stack's OpenAPI document. */
export interface Route {
  method: string;
  /** The path template, e.g. `/api/trade/catalogs/products/{id}`. */
  template: string;
  params: string[];
  /** Content types of the request body the document declares (none: the route takes no body). */
  bodyTypes: string[];
  /** Required properties of the JSON body, from its schema. */
  required: string[];
  /** Properties of the JSON body, from its schema. */
  properties: string[];
  /** Who may call it: the owner (`/api/owner/*`) or the company administrator. */
  owner: boolean;
}

type Json = Record<string, any>;

/** Every operation of `/api/openapi.json` as served by the stack (the document is the list — nothing is hand-written). */
export async function openApiRoutes(stack: TestStack): Promise<Route[]> {
  const doc = (await client(stack.url).get('/api/openapi.json')).body as Json;
  const routes: Route[] = [];
  for (const [template, ops] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (op.requestBody?.content ?? {}) as Json;
      const schema = content['application/json']?.schema as Json | undefined;
      routes.push({
        method: method.toUpperCase(),
        template,
        params: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        bodyTypes: Object.keys(content),
        required: (schema?.required as string[] | undefined) ?? [],
        properties: Object.keys((schema?.properties as Json | undefined) ?? {}),
        owner: template.startsWith('/api/owner/'),
      });
    }
  }
  return routes;
}

/** A company with every module that is sold, one record of every catalog and document of each, and the owner. */
export interface ProbeWorld {
  stack: TestStack;
  ownerToken: string;
  adminToken: string;
  tenantId: string;
  /** Ids of real records by path parameter context: `catalogs/products`, `documents/sale`, `admin/users`, … */
  ids: Map<string, string>;
}

const sampleValue = (f: Json, ids: Map<string, string>, module: string): unknown => {
  switch (f.type) {
    case 'string':
    case 'text':
      return 'Проба';
    case 'integer':
    case 'money':
      return 100;
    case 'decimal':
      return '1';
    case 'date':
      return '2026-03-02';
    case 'boolean':
      return false;
    case 'enum':
      return Object.keys(f.values ?? {})[0];
    case 'ref': {
      // `counterparties` within the module, or `trade.counterparties` in another one.
      const [refModule, ref] = String(f.ref).includes('.') ? String(f.ref).split('.') : [module, String(f.ref)];
      return ids.get(`${refModule}/catalogs/${ref}`) ?? ids.get(`${refModule}/documents/${ref}`);
    }
    case 'inn':
      return nextInn();
    case 'kpp':
      return '770701001';
    case 'bik':
      return '044525225';
    case 'email':
      return 'probe@example.ru';
    case 'phone':
      return '+7 495 123-45-67';
    default:
      return undefined;
  }
};

function sampleRecord(fields: Json[], ids: Map<string, string>, module: string): Json | null {
  const out: Json = {};
  for (const f of fields.filter((x) => x.required)) {
    const v = sampleValue(f, ids, module);
    if (v === undefined) return null;
    out[f.name] = v;
  }
  return out;
}

/**
 * Creates one record of every catalog and document of a module from its `/meta` (required fields filled
 * by type, references to records made earlier), so routes with `{id}` can be called with a real id.
 */
async function seedModule(api: ReturnType<typeof client>, module: string, ids: Map<string, string>) {
  const meta = (await api.get(`/api/${module}/meta`)).body as Json;
  const pending: { kind: 'catalogs' | 'documents'; d: Json }[] = [...meta.catalogs.map((d: Json) => ({ kind: 'catalogs' as const, d })), ...meta.documents.map((d: Json) => ({ kind: 'documents' as const, d }))];
  for (let round = 0; round < 4 && pending.length; round++) {
    for (const item of [...pending]) {
      const { kind, d } = item;
      const body = sampleRecord(d.fields, ids, module);
      if (!body) continue;
      if (kind === 'catalogs') {
        body.name = `Проба ${d.code}`;
        if (d.owner) {
          const owner = ids.get(`${module}/catalogs/${d.owner}`);
          if (!owner) continue;
          body.owner_id = owner;
        }
      } else {
        body.date = '2026-03-02';
        let complete = true;
        for (const s of d.sections ?? []) {
          const line = sampleRecord(s.fields, ids, module);
          if (!line) complete = false;
          else body[s.code] = [line];
        }
        if (!complete) continue;
      }
      const res = await api.post(`/api/${module}/${kind}/${d.code}`, body);
      if (res.status === 201) {
        ids.set(`${module}/${kind}/${d.code}`, res.body.id);
        pending.splice(pending.indexOf(item), 1);
      }
    }
  }
}

export async function probeWorld(stack: TestStack): Promise<ProbeWorld> {
  const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
  // Every module the catalogue sells, so no module's routes answer the probe with the entitlement 403 only.
  const modules = workcloudModules.filter((m) => m.kind === 'business' && m.built).map((m) => m.code);
  const tenant = await onboardTenant(stack, ownerToken, { name: 'ООО «Проба»', adminEmail: 'admin@probe.ru', modules });
  const api = client(stack.url, tenant.adminToken);
  const ids = new Map<string, string>();
  for (const code of modules) if ((await api.get(`/api/${code}/meta`)).status === 200) await seedModule(api, code, ids);
  const roles = (await api.get('/api/admin/roles')).body as Json[];
  ids.set('admin/roles', roles.find((r) => !r.isSystem)?.id ?? roles[roles.length - 1].id);
  const user = await api.post('/api/admin/users', { email: 'probe-user@probe.ru', fullName: 'Пробный Сотрудник', password: 'Probe-Passw0rd-1', roleIds: [roles[0].id] });
  if (user.status === 201) ids.set('admin/users', user.body.id);
  ids.set('owner/tenants', tenant.tenantId);
  ids.set('owner/billing/clients', tenant.tenantId);
  const mail = (await client(stack.url, ownerToken).get('/api/owner/mail')).body?.items?.[0]?.id;
  if (mail) ids.set('owner/mail', String(mail));
  const field = await api.post('/api/admin/custom-fields', { target: 'trade.products', code: 'probe_note', title: 'Заметка', type: 'string' });
  if (field.status === 201) ids.set('admin/custom-fields', field.body.id);
  return { stack, ownerToken, adminToken: tenant.adminToken, tenantId: tenant.tenantId, ids };
}

/** A path of the route with real ids (`valid`) or with a value that is no id at all. */
export function fillPath(route: Route, world: ProbeWorld, mode: 'valid' | 'unknown' | 'garbage' = 'valid'): string {
  return route.template.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
    if (name === 'module') return 'trade';
    // `{code}` is a module code on every route that has it (`/api/owner/modules/{code}`, `/api/admin/subscription/modules/{code}`).
    if (name === 'code') return 'trade';
    if (mode === 'garbage') return 'xyz';
    if (mode === 'unknown') return randomUUID();
    // `/api/trade/catalogs/products/{id}` → the id stored as `trade/catalogs/products`.
    const before = route.template.slice(0, offset).replace(/^\/api\//, '').replace(/\/$/, '');
    return world.ids.get(before) ?? randomUUID();
  });
}

/** Whether every `{id}` of the route is a record made by `probeWorld` (not a random one). */
export const hasRealIds = (route: Route, world: ProbeWorld) =>
  [...route.template.matchAll(/\{(\w+)\}/g)].filter((m) => m[1] !== 'module' && m[1] !== 'code').every((m) => world.ids.has(route.template.slice(0, m.index).replace(/^\/api\//, '').replace(/\/$/, '')));

export const callerOf = (route: Route, world: ProbeWorld) => client(world.stack.url, route.owner ? world.ownerToken : world.adminToken);

/** A request with any body bytes and content type (the JSON test client always sends JSON). */
export async function rawRequest(stack: TestStack, token: string, method: string, path: string, body: string | Buffer | undefined, headers: Record<string, string>): Promise<ApiResponse> {
  const res = await fetch(stack.url + path, { method, headers: { authorization: `Bearer ${token}`, ...headers }, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, contentType: res.headers.get('content-type') ?? '' };
}

/** Cyrillic in the detail: the message is written for a Russian-speaking person, not a stack trace. */
export function expectRussianProblem(res: ApiResponse, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  expect(res.contentType, `${what}: content type`).toMatch(/^application\/problem\+json/);
  expect(String(res.body?.detail ?? ''), `${what}: detail`).toMatch(/[А-Яа-яЁё]{3}/);
  expect(res.body?.status, what).toBe(res.status);
}

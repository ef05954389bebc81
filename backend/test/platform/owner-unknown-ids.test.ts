import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { client, login, OWNER, startStack, type TestStack } from '../support/stack';

/**
 * Every owner route of /api/openapi.json that takes an id or a code in its path, called with ids that
 * name nothing — an unknown uuid, a malformed id, an unknown number — answers 404 problem+json with a
 * Russian `detail`, never a 5xx (cancelling a client that does not exist was a 500). The routes come from
 * the OpenAPI document, so a new owner route is tested the day it is added. Bodies are valid, so that
 * the id, not the body, is what the route refuses.
 */
let stack: TestStack;
let owner: ReturnType<typeof client>;

beforeAll(async () => {
  stack = await startStack({ label: 'owner_ids' });
  owner = client(stack.url, await login(stack.url, OWNER.email, OWNER.password));
});
afterAll(() => stack?.close());

/** A valid body for the routes that need one (by path template); `{}` for the others. */
const bodies: Record<string, unknown> = {
  '/api/owner/tenants/{id}/modules/{code}/ui-pin': { version: null },
  '/api/owner/modules/{code}': { title: 'Модуль' },
  '/api/owner/modules/{code}/ui-versions': { version: '1.0.0', remoteEntry: '/mf/x/remoteEntry.js' },
  '/api/owner/billing/invoices/{id}/void': { reason: 'Проверка' },
  '/api/owner/billing/payments/{id}/match': { invoiceId: randomUUID() },
  '/api/owner/billing/payments/{id}/refunds': { amountKopecks: 100, reason: 'Проверка' },
  '/api/owner/billing/payments/{id}/attention/resolve': { action: 'note', comment: 'Проверка' },
  '/api/owner/billing/clients/{id}/test-clock': { date: '2026-04-01' },
  '/api/owner/billing/clients/{id}/discount': { percent: 10, comment: 'Проверка' },
  '/api/owner/billing/clients/{id}/discount/promo-code': { code: 'PROBE10' },
};

/** Values that name nothing: per parameter, an unknown one of the right shape and malformed ones. */
const nobodies = (param: string) => (param === 'code' ? ['nosuchmodule', 'Not-A-Code', '12345'] : [randomUUID(), 'xyz', '987654321', '00000000-0000-0000-0000-00000000000g']);

test('every /api/owner/* route with an unknown or malformed id answers 404 problem+json in Russian', async () => {
  const doc = (await client(stack.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.keys(ops)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => ({ method: method.toUpperCase(), template, params: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]) })),
  );
  const withIds = routes.filter((r) => r.template.startsWith('/api/owner/') && r.params.length);
  // The routes this test is about are all there (a rename would otherwise skip them silently).
  for (const t of ['/api/owner/tenants/{id}', '/api/owner/tenants/{id}/suspend', '/api/owner/billing/clients/{id}/cancel', '/api/owner/modules/{code}', '/api/owner/tenants/{id}/modules/{code}/ui-pin'])
    expect(withIds.map((r) => r.template)).toContain(t);

  const wrong: string[] = [];
  for (const r of withIds) {
    for (let variant = 0; variant < 4; variant++) {
      const values = r.params.map((p) => nobodies(p)[variant]).filter((v) => v !== undefined);
      if (values.length < r.params.length) continue;
      const path = r.params.reduce((p, name, i) => p.replace(`{${name}}`, encodeURIComponent(values[i])), r.template);
      const res = await owner.raw(r.method, path, ['GET', 'DELETE'].includes(r.method) ? undefined : (bodies[r.template] ?? {}));
      const ok = res.status === 404 && res.contentType.startsWith('application/problem+json') && /[А-Яа-яЁё]{3}/.test(String(res.body?.detail ?? ''));
      if (!ok) wrong.push(`${r.method} ${path} → ${res.status} ${res.contentType} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
  }
  expect(wrong).toEqual([]);
  // Nothing was created, suspended or cancelled on the way.
  expect(await stack.db.knex('platform.tenants').count('* as c').first()).toEqual({ c: '0' });
}, 120_000);

import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { encode } from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { callerOf, expectRussianProblem, fillPath, hasRealIds, openApiRoutes, probeWorld, rawRequest, type ProbeWorld, type Route } from '../support/routes';
import { client, startStack, type ApiResponse, type TestStack } from '../support/stack';

/**
 * Bad requests of every kind an automated probe sent, to every route of the running stack's
 * /api/openapi.json (signed in as the administrator of a company with «Торговля и склад», and as the owner
 * for /api/owner/*): each gets a 4xx application/problem+json with a Russian `detail` — never a 5xx, never
 * Fastify's English.
 */
// Each test walks every route of every module, so it grows with the product; a busy 2-core machine needs more than the default minute.
vi.setConfig({ testTimeout: 240_000 });

let stack: TestStack;
let world: ProbeWorld;
let routes: Route[];

beforeAll(async () => {
  stack = await startStack({ label: 'bad-input' });
  world = await probeWorld(stack);
  // Routes that end the session or take the company's modules away go last, so the others run signed in.
  const destructive = (r: Route) => /logout|\/cancel$|suspend|archive|subscription\/modules|run-cycle/.test(r.template);
  routes = (await openApiRoutes(stack)).sort((a, b) => Number(destructive(a)) - Number(destructive(b)));
}, 180_000);
afterAll(() => stack?.close());

const withBody = (r: Route) => r.method !== 'GET';
/** Routes that take a JSON body or none (everything but file uploads). */
const jsonRoute = (r: Route) => !r.bodyTypes.length || r.bodyTypes.includes('application/json');
const tokenOf = (r: Route) => (r.owner ? world.ownerToken : world.adminToken);
const send = (r: Route, body: string | Buffer, contentType: string, mode: 'valid' | 'unknown' = 'valid') =>
  rawRequest(stack, tokenOf(r), r.method, fillPath(r, world, mode), body, { 'content-type': contentType });

/** Collects failures over all routes, so one run names every route that misbehaves. */
function collector() {
  const failures: string[] = [];
  return {
    check(what: string, assertion: () => void) {
      try {
        assertion();
      } catch (e) {
        failures.push(`${what}: ${(e as Error).message.split('\n')[0]}`);
      }
    },
    done: () => expect(failures, failures.join('\n')).toEqual([]),
  };
}

interface Case {
  what: string;
  body: string | Buffer;
  type: string;
  field?: string;
  status?: number;
}

/** Bodies every JSON route refuses whatever it does: malformed (400) and not JSON at all (415). */
const refusedBodies: Case[] = [
  { what: 'invalid JSON', body: '{"name": "x",', type: 'application/json', status: 400 },
  { what: 'a JSON string with a raw newline', body: '{"name": "a\nb"}', type: 'application/json', status: 400 },
  { what: 'an empty body', body: '', type: 'application/json', status: 400 },
  { what: 'windows-1251 bytes', body: encode('{"name": "Ромашка"}', 'win1251'), type: 'application/json', status: 400 },
  { what: '__proto__', body: '{"__proto__": {"admin": true}}', type: 'application/json', status: 400 },
  { what: 'text/plain', body: '{"name": "x"}', type: 'text/plain', status: 415 },
  { what: 'a form', body: 'name=x', type: 'application/x-www-form-urlencoded', status: 415 },
  { what: 'multipart', body: '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n', type: 'multipart/form-data; boundary=b', status: 415 },
  { what: 'XML', body: '<name>x</name>', type: 'application/xml', status: 415 },
  { what: 'bytes', body: '{"name": "x"}', type: 'application/octet-stream', status: 415 },
];

/** Sends each case made for a route to every route that takes a JSON body, and checks each answer. */
async function eachJsonRoute(cases: (r: Route) => Case[], check: (res: ApiResponse, c: Case) => void) {
  const c = collector();
  for (const r of routes.filter((x) => withBody(x) && jsonRoute(x)))
    for (const one of cases(r)) {
      const res = await send(r, one.body, one.type);
      c.check(`${r.method} ${r.template} (${one.what})`, () => check(res, one));
    }
  c.done();
}

const problem = (res: ApiResponse, what: string, status?: number) => () => {
  expectRussianProblem(res, what);
  if (status) expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
};

describe('strings PostgreSQL cannot store', () => {
  test('a NUL byte or a lone surrogate anywhere in a JSON body is refused with 400 naming the field, on every route', () =>
    eachJsonRoute(
      (r) => {
        const field = r.required[0] ?? r.properties[0] ?? 'name';
        return [
          ['NUL in a value', JSON.stringify({ [field]: 'Ромашка\u0000' }), field],
          ['lone high surrogate', `{"${field}": "Ромашка\\ud800"}`, field],
          ['lone low surrogate deep in a list', '{"goods": [{"product": "x"}, {"comment": "\\udc00 текст"}]}', 'goods.1.comment'],
          ['NUL in a key', '{"a\\u0000b": 1}', '"a\\u0000b"'],
        ].map(([what, body, field]) => ({ what, body, type: 'application/json', field }));
      },
      (res, { what, field }) => {
        problem(res, what, 400)();
        expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
        expect(res.body.detail).toContain(field);
      },
    ));

  test('%00 in the address is refused with 400 on every route', async () => {
    const c = collector();
    for (const r of routes) {
      const res = await rawRequest(stack, tokenOf(r), r.method, fillPath(r, world) + '?q=%00', withBody(r) ? '{}' : undefined, withBody(r) ? { 'content-type': 'application/json' } : {});
      c.check(`${r.method} ${r.template}?q=%00`, problem(res, '%00', 400));
    }
    c.done();
  });
});

describe('malformed requests get Russian problem+json, not Fastify English', () => {
  test('invalid JSON, an empty JSON body and a body that is not UTF-8: 400 on every JSON route', () =>
    eachJsonRoute(
      () => refusedBodies.filter((b) => b.status === 400),
      (res, { what }) => problem(res, what, 400)(),
    ));

  test('a malformed %-encoding, an over-long path segment and an unknown address, on every route', async () => {
    const c = collector();
    for (const r of routes) {
      const base = fillPath(r, world);
      for (const [what, p, status] of [
        ['malformed %-encoding', base.replace(/[^/]+$/, '%E0%A4%A'), 400],
        ['over-long segment', base.replace(/[^/]+$/, 'x'.repeat(300)), undefined],
        ['unknown address', base + '/no-such-thing/at-all/really', 404],
      ] as const) {
        const res = await rawRequest(stack, tokenOf(r), r.method, p, withBody(r) ? '{}' : undefined, withBody(r) ? { 'content-type': 'application/json' } : {});
        c.check(`${r.method} ${p.slice(0, 80)} (${what})`, problem(res, what, status));
      }
    }
    c.done();
  });

  test('a body over the limit gets 413 on every route that takes one', async () => {
    const c = collector();
    for (const r of routes.filter(withBody)) {
      const file = !jsonRoute(r);
      // Only the headers and a little of the body are sent: the server answers from Content-Length.
      const res = await oversized(stack.url, tokenOf(r), r.method, fillPath(r, world), file ? 'application/octet-stream' : 'application/json', (file ? 20 : 10) * 1024 * 1024 + 1);
      c.check(`${r.method} ${r.template}`, problem(res, '413', 413));
    }
    c.done();
  });
});

describe('content types', () => {
  test('JSON routes accept only application/json: text, forms, multipart and XML get 415 naming it', () =>
    eachJsonRoute(
      () => refusedBodies.filter((b) => b.status === 415),
      (res, { what }) => {
        problem(res, what, 415)();
        expect(res.body.detail).toContain('application/json');
      },
    ));

  test('uploads state the types they take, refuse others in Russian naming them, and take a windows-1251 statement as text/plain', async () => {
    // Every route that takes a file, with the Content-Types it states in OpenAPI.
    const statementTypes = ['application/octet-stream', 'text/plain'];
    const accepted: Record<string, string[]> = {
      'POST /api/owner/billing/bank-statements': statementTypes,
      'POST /api/projects/tasks/{id}/attachments': ['application/octet-stream'],
      'POST /api/trade/bank-statements': statementTypes,
    };
    const uploads = routes.filter((r) => withBody(r) && !jsonRoute(r));
    expect(uploads.map((r) => `${r.method} ${r.template}`).sort()).toEqual(Object.keys(accepted));
    for (const r of uploads) {
      const types = accepted[`${r.method} ${r.template}`]!;
      expect(r.bodyTypes.sort(), r.template).toEqual(types);
      for (const type of ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=b']) {
        const res = await send(r, '{}', type);
        expectRussianProblem(res, `${r.template} as ${type}`);
        expect(res.status).toBe(415);
        expect(res.body.detail).toContain(types.join(' или '));
      }
    }
    // A real statement (payments of ПАО «Ростелеком»), as a bank's client program saves it: windows-1251, CRLF.
    const api = client(stack.url, world.adminToken);
    const org = await api.post('/api/trade/catalogs/organizations', { name: 'ПАО «Ростелеком»', inn: '7707049388', kpp: '770701001', bik: '044525187', account: '40702810800030005413' });
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const sample = readFileSync(path.resolve(__dirname, '../../src/platform/ru/bank-exchange/__fixtures__/1CClientBankExchange-sample5.txt'), 'utf8');
    const statement = encode(sample.replace(/\r?\n/g, '\r\n'), 'win1251');
    const trade = await rawRequest(stack, world.adminToken, 'POST', '/api/trade/bank-statements', statement, { 'content-type': 'text/plain' });
    // Read as the statement it is: imported, or refused by its content with the line — never a transport error.
    if (trade.status === 200) expect(trade.body.created).toHaveLength(6);
    else {
      expectRussianProblem(trade, 'statement as text/plain');
      expect(trade.body.line, JSON.stringify(trade.body)).toBeGreaterThan(0);
    }
    const owner = await rawRequest(stack, world.ownerToken, 'POST', '/api/owner/billing/bank-statements', statement, { 'content-type': 'text/plain; charset=windows-1251' });
    expect(owner.status, JSON.stringify(owner.body)).toBeLessThan(300);
    // A file with a NUL byte in it is refused, not stored and not a 500.
    const nul = await rawRequest(stack, world.adminToken, 'POST', '/api/trade/bank-statements', Buffer.concat([statement.subarray(0, 200), Buffer.from([0]), statement.subarray(200)]), { 'content-type': 'text/plain' });
    expectRussianProblem(nul, 'statement with NUL');
  });
});

describe('null for a required field', () => {
  test('on every PATCH route: a 4xx naming the field (400 for catalogs and documents), not a NOT NULL violation', async () => {
    const c = collector();
    let checked = 0;
    for (const r of routes.filter((x) => x.method === 'PATCH' && hasRealIds(x, world))) {
      // The fields a record must have are the required ones of its create route (the same path without `/{id}`).
      const create = routes.find((x) => x.method === 'POST' && x.template === r.template.replace(/\/\{id\}$/, ''));
      for (const field of (create?.required ?? []).filter((f) => r.properties.includes(f))) {
        checked++;
        const res = await send(r, JSON.stringify({ [field]: null }), 'application/json');
        c.check(`${r.method} ${r.template} {${field}: null}`, () => {
          problem(res, field, r.template.startsWith('/api/trade/') ? 400 : undefined)();
          expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
        });
      }
    }
    // A document's date and number are not required on create (today, the next number) but cannot be erased.
    for (const r of routes.filter((x) => x.method === 'PATCH' && x.template.includes('/documents/') && hasRealIds(x, world)))
      for (const field of ['date', 'number']) {
        checked++;
        const res = await send(r, JSON.stringify({ [field]: null }), 'application/json');
        c.check(`${r.method} ${r.template} {${field}: null}`, () => {
          problem(res, field, 400)();
          expect(res.body.errors?.map((e: { field: string }) => e.field)).toContain(field);
        });
      }
    c.done();
    expect(checked).toBeGreaterThan(30);
    // The records are intact: each still reads, prints and posts without a server error.
    for (const r of routes.filter((x) => x.method === 'GET' && x.params.includes('id'))) {
      const res = await callerOf(r, world).get(fillPath(r, world));
      expect(res.status, `${r.template}: ${String(JSON.stringify(res.body)).slice(0, 300)}`).toBeLessThan(500);
    }
  });
});

describe('every route, valid and invalid ids, an empty body', () => {
  test('nothing answers 5xx, and every error is Russian problem+json', async () => {
    const c = collector();
    for (const r of routes) {
      for (const mode of ['valid', 'unknown', 'garbage'] as const) {
        const res = await rawRequest(stack, tokenOf(r), r.method, fillPath(r, world, mode), withBody(r) && jsonRoute(r) ? '{}' : undefined, withBody(r) && jsonRoute(r) ? { 'content-type': 'application/json' } : {});
        c.check(`${r.method} ${fillPath(r, world, mode)}`, () => {
          expect(res.status, String(JSON.stringify(res.body)).slice(0, 300)).toBeLessThan(500);
          if (res.status >= 400) expectRussianProblem(res, 'error');
        });
      }
    }
    c.done();
  });
});

/** Sends only the headers (Content-Length: `length`) and a few bytes, and returns the answer. */
function oversized(base: string, token: string, method: string, pathname: string, contentType: string, length: number): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + pathname, { method, headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': String(length) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        req.destroy();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body, contentType: String(res.headers['content-type'] ?? '') });
      });
    });
    req.on('error', reject);
    req.write('{"name": "');
  });
}

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OutboxDispatcher } from '../../src/platform/engine/events';
import { WebhookDispatcher } from '../../src/platform/webhooks/dispatcher';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../support/stack';

/** A receiver as a company would write it: checks X-WorkCloud-Signature over the raw body and the timestamp. */
function receiver(secret: () => string) {
  const got: { type: string; id: string; verified: boolean }[] = [];
  let answer = 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(req.headers['x-workcloud-signature'] ?? '');
      const t = /t=(\d+)/.exec(header)?.[1] ?? '';
      const v1 = /v1=([0-9a-f]{64})/.exec(header)?.[1] ?? '';
      const expected = createHmac('sha256', secret()).update(`${t}.${body}`).digest('hex');
      const verified = v1.length === 64 && timingSafeEqual(Buffer.from(v1), Buffer.from(expected)) && Math.abs(Date.now() / 1000 - Number(t)) < 3 * 86_400;
      const event = JSON.parse(body);
      got.push({ type: event.type, id: event.id, verified });
      res.writeHead(verified ? answer : 401).end(verified ? 'ok' : 'bad signature');
    });
  });
  return {
    got,
    answerWith: (status: number) => (answer = status),
    listen: (port = 0) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let stack: TestStack;
let admin: ReturnType<typeof client>;
let outbox: OutboxDispatcher;
let webhooks: WebhookDispatcher;

beforeAll(async () => {
  stack = await startStack({ label: 'webhooks', env: { WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOKS_DISPATCH_SECONDS: '0' } });
  const owner = await login(stack.url, OWNER.email, OWNER.password);
  const tenant = await onboardTenant(stack, owner, { name: 'ООО «Вебхуки»', adminEmail: 'admin@hooks.ru', modules: ['trade'] });
  admin = client(stack.url, tenant.adminToken);
  outbox = new OutboxDispatcher(stack.db, stack.definition.subscribers);
  webhooks = stack.app.get(WebhookDispatcher);
}, 120_000);
afterAll(() => stack?.close());

describe('outgoing webhooks', () => {
  test('a signed delivery of a catalog change; the receiver down, then up after the first retry delay; the log and «Отправить ещё раз»', async () => {
    let secret = '';
    const rx = receiver(() => secret);
    const port = await rx.listen();
    const created = await admin.post('/api/admin/webhooks', { url: `http://127.0.0.1:${port}/workcloud`, events: ['catalog.created', 'document.posted'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    secret = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await admin.get('/api/admin/webhooks')).body)).not.toContain(secret);

    const product = await admin.post('/api/trade/catalogs/products', { name: 'Товар для вебхука' });
    expect(product.status).toBe(201);
    await outbox.drain();
    expect(await webhooks.dispatchDue()).toMatchObject({ delivered: 1 });
    expect(rx.got).toEqual([{ type: 'catalog.created', id: expect.any(String), verified: true }]);

    // The receiver goes down: the attempt fails and waits a minute.
    await rx.close();
    await admin.post('/api/trade/catalogs/products', { name: 'Второй товар' });
    await outbox.drain();
    const start = new Date();
    expect(await webhooks.dispatchDue({ now: start })).toMatchObject({ delivered: 0, retried: 1 });
    let log = (await admin.get(`/api/admin/webhooks/${created.body.id}/deliveries`)).body;
    expect(log.total).toBe(2);
    const failed = log.items[0];
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null, eventType: 'catalog.created' });
    expect(failed.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    expect(new Date(failed.nextAttemptAt).getTime() - start.getTime()).toBe(60_000);
    // Not due before the minute is over.
    expect(await webhooks.dispatchDue({ now: new Date(start.getTime() + 30_000) })).toMatchObject({ delivered: 0, retried: 0 });

    // Up again (same port), but answering 503: the second delay is 5 minutes.
    const rx2 = receiver(() => secret);
    await rx2.listen(port);
    rx2.answerWith(503);
    expect(await webhooks.dispatchDue({ now: new Date(start.getTime() + 61_000) })).toMatchObject({ retried: 1 });
    log = (await admin.get(`/api/admin/webhooks/${created.body.id}/deliveries`)).body;
    expect(log.items[0]).toMatchObject({ status: 'pending', attempts: 2, responseStatus: 503 });
    expect(new Date(log.items[0].nextAttemptAt).getTime() - (start.getTime() + 61_000)).toBe(300_000);
    rx2.answerWith(200);
    expect(await webhooks.dispatchDue({ now: new Date(start.getTime() + 362_000) })).toMatchObject({ delivered: 1 });
    log = (await admin.get(`/api/admin/webhooks/${created.body.id}/deliveries`)).body;
    expect(log.items[0]).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200 });

    // «Отправить ещё раз»: the first delivery goes again, with the same event id.
    const resent = await admin.post(`/api/admin/webhooks/deliveries/${log.items[1].id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.status).toBe('pending');
    expect(await webhooks.dispatchDue()).toMatchObject({ delivered: 1 });
    expect(rx2.got.map((g) => g.verified)).toEqual([true, true, true]);
    expect(rx2.got[2].id).toBe(rx.got[0].id);
    await rx2.close();
  });

  test('only subscribed events of the own company are delivered', async () => {
    let secret = '';
    const rx = receiver(() => secret);
    const port = await rx.listen();
    const hook = await admin.post('/api/admin/webhooks', { url: `http://127.0.0.1:${port}/only-docs`, events: ['document.posted'] });
    secret = hook.body.secret;
    await admin.post('/api/trade/catalogs/products', { name: 'Не для этого вебхука' });
    await outbox.drain();
    await webhooks.dispatchDue();
    expect(rx.got).toEqual([]);
    expect((await admin.delete(`/api/admin/webhooks/${hook.body.id}`)).status).toBe(200);
    await rx.close();
  });

  test('bad input is refused in Russian', async () => {
    const res = await admin.post('/api/admin/webhooks', { url: 'ftp://example.ru/x', events: ['catalog.created'] });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/https/);
    const noEvents = await admin.post('/api/admin/webhooks', { url: 'https://example.ru/x', events: ['everything'] });
    expect(noEvents.status).toBe(400);
  });
});

describe('without WEBHOOKS_ALLOW_PRIVATE', () => {
  test('URLs that lead to loopback or private networks are refused (SSRF)', async () => {
    const strict = await startStack({ label: 'webhooks_ssrf' });
    try {
      const owner = await login(strict.url, OWNER.email, OWNER.password);
      const tenant = await onboardTenant(strict, owner, { name: 'ООО «Строгая»', adminEmail: 'admin@strict-hooks.ru', modules: ['trade'] });
      const api = client(strict.url, tenant.adminToken);
      for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://192.168.0.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x']) {
        const res = await api.post('/api/admin/webhooks', { url, events: ['document.posted'] });
        expect(res.status, url).toBe(422);
        expect(res.body.detail, url).toMatch(/внутреннюю сеть/);
      }
      // A webhook whose name resolves to loopback only later (DNS changed after it was saved) is refused at delivery.
      const rx = receiver(() => 'unused');
      const port = await rx.listen();
      await strict.db.knex('platform.webhooks').insert({ id: randomUUID(), tenant_id: tenant.tenantId, url: `http://localhost:${port}/x`, events: ['catalog.created'], secret: 'whsec_x' });
      await api.post('/api/trade/catalogs/products', { name: 'Товар' });
      await new OutboxDispatcher(strict.db, strict.definition.subscribers).drain();
      expect(await strict.app.get(WebhookDispatcher).dispatchDue()).toMatchObject({ delivered: 0, retried: 1 });
      expect((await strict.db.knex('platform.webhook_deliveries').first('last_error')).last_error).toMatch(/внутреннюю сеть/);
      expect(rx.got).toEqual([]);
      await rx.close();
    } finally {
      await strict.close();
    }
  });
});

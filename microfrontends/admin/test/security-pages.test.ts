/**
 * «API-ключи», «Вебхуки» and «Журнал действий» in a real browser: the company admin issues a key (shown once,
 * then works against the API), adds a webhook whose receiver is down, sees the failed delivery in the log and
 * sends it again once the receiver is up, and checks the audit log's integrity; the audit page fits 375 px.
 * Needs the admin UI built.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxDispatcher } from '../../../backend/src/platform/engine/events';
import { WebhookDispatcher } from '../../../backend/src/platform/webhooks/dispatcher';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../../backend/test/support/stack';
import { closeAll, newPage, openBrowser, signIn, type Browser, type Web } from '../../../shell/test/support/web';

const ADMIN = { email: 'admin@security-ui.test', password: 'Admin-Passw0rd-1' };

describe('security pages of the company admin', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    stack = await startStack({ label: 'ui_security', env: { WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOKS_DISPATCH_SECONDS: '0' } });
    const owner = await login(stack.url, OWNER.email, OWNER.password);
    ({ adminToken } = await onboardTenant(stack, owner, { name: 'ООО «Ключи»', adminEmail: ADMIN.email, adminPassword: ADMIN.password, modules: ['trade'] }));
    ({ web, browser } = await openBrowser(stack.url));
  });
  afterAll(() => closeAll(browser, web, stack));

  it('issues an API key shown once, resends a webhook delivery, verifies the audit log', async () => {
    const page = await newPage(browser);
    await signIn(page, web.url, ADMIN.email, ADMIN.password);
    const nav = page.getByRole('navigation');

    await nav.getByRole('link', { name: 'API-ключи' }).click();
    await page.getByRole('button', { name: 'Выпустить ключ' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Название').fill('Склад 1С');
    await dialog.getByLabel('Роль').click();
    await page.getByRole('option', { name: 'Только просмотр' }).click();
    await dialog.getByRole('button', { name: 'Выпустить ключ' }).click();
    const key = (await dialog.getByTestId('shown-once').textContent())!.trim();
    expect(key).toMatch(/^wc_/);
    await dialog.getByRole('button', { name: 'Готово' }).click();
    await page.getByRole('gridcell', { name: /Склад 1С/ }).waitFor();
    expect(await page.content()).not.toContain(key);
    expect((await client(stack.url, key).get('/api/trade/catalogs/products')).status).toBe(200);

    // A receiver that is down at first: the port is taken only later.
    const port = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    await nav.getByRole('link', { name: 'Вебхуки' }).click();
    await page.getByRole('button', { name: 'Добавить вебхук' }).click();
    await page.getByRole('dialog').getByLabel('Адрес (URL)').fill(`http://127.0.0.1:${port}/events`);
    await page.getByRole('dialog').getByRole('button', { name: 'Добавить вебхук' }).click();
    expect((await page.getByRole('dialog').getByTestId('shown-once').textContent())!).toMatch(/^whsec_/);
    await page.getByRole('dialog').getByRole('button', { name: 'Готово' }).click();

    await client(stack.url, adminToken).post('/api/trade/catalogs/products', { name: 'Товар для вебхука' });
    const product = (await client(stack.url, adminToken).get('/api/trade/catalogs/products')).body.items[0];
    await client(stack.url, adminToken).patch(`/api/trade/catalogs/products/${product.id}`, { name: 'Товар изменён' });
    await new OutboxDispatcher(stack.db, stack.definition.subscribers).drain();
    const dispatcher = stack.app.get(WebhookDispatcher);
    expect(await dispatcher.dispatchDue()).toMatchObject({ retried: 1 });

    await page.getByRole('button', { name: 'Журнал доставок' }).click();
    await page.getByRole('gridcell', { name: /ECONNREFUSED|fetch failed/ }).waitFor();
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      received.push(String(req.headers['x-workcloud-signature']));
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    try {
      // Waits for the server's answer: the failed delivery already shows «Ждёт отправки» (its retry is pending).
      const resent = page.waitForResponse((r) => r.url().includes('/resend') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Отправить ещё раз' }).click();
      expect((await resent).status()).toBe(200);
      await page.getByRole('gridcell', { name: 'Ждёт отправки' }).waitFor();
      expect(await dispatcher.dispatchDue()).toMatchObject({ delivered: 1 });
      await page.getByRole('button', { name: 'Обновить' }).click();
      await page.getByRole('gridcell', { name: 'Доставлено' }).waitFor();
      expect(received).toEqual([expect.stringMatching(/^t=\d+,v1=[0-9a-f]{64}$/)]);
    } finally {
      receiver.closeAllConnections();
      receiver.close();
    }

    await nav.getByRole('link', { name: 'Журнал действий' }).click();
    await page.getByRole('button', { name: 'Проверить целостность' }).click();
    await page.getByRole('status').filter({ hasText: /Журнал цел/ }).waitFor();
    await page.getByRole('gridcell', { name: 'api_call' }).first().waitFor();

    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole('button', { name: 'Проверить целостность' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(page.errors.filter((e) => /Content Security Policy/.test(e))).toEqual([]);
  });
});

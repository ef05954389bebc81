/**
 * (b) Entitlement: a module UI registered in the catalogue reaches only the company that bought it.
 * (c) A module UI that cannot load, or crashes on start, shows a retry panel; the rest keeps working.
 * Builds a tiny fixture module UI (shell/test/fixtures/extra-module) and serves it at /mf/extra/.
 */
import { Controller, Get } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForModule } from '../../backend/src/platform/access/request-context';
import { ModuleCatalogue } from '../../backend/src/platform/modules/module-catalogue';
import { TenantContextService } from '../../backend/src/platform/tenancy/tenant-context.service';
import { client, login, onboardTenant, OWNER, startStack, type TestStack } from '../../backend/test/support/stack';
import { buildExtraModule } from './support/extra-module';
import { closeAll, launchBrowser, newPage, signIn, type Browser, type Web } from './support/web';
// @ts-expect-error plain ESM without types
import { startWebServer } from '../serve.mjs';
import { repoRoot } from './support/web';

@ForModule('extra')
@Controller('api/extra')
class ExtraController {
  @Get('ping')
  ping() {
    return { pong: 'extra-ok' };
  }
}

describe('module UIs come from the catalogue, per company', () => {
  let stack: TestStack;
  let web: Web;
  let browser: Browser;
  let a: { tenantId: string; adminToken: string; adminPassword: string };
  let b: { tenantId: string; adminToken: string; adminPassword: string };
  const aEmail = `a${Date.now()}@alpha.test`;
  const bEmail = `b${Date.now()}@beta.test`;

  beforeAll(async () => {
    const [extraDist, s] = await Promise.all([buildExtraModule(), startStack({ label: 'ui_modules', controllers: [ExtraController] })]);
    stack = s;
    web = await startWebServer({ port: 0, backendUrl: stack.url, repoRoot, remotes: { extra: extraDist } });
    browser = await launchBrowser();
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    a = await onboardTenant(stack, ownerToken, { name: 'ООО «Альфа»', adminEmail: aEmail });
    b = await onboardTenant(stack, ownerToken, { name: 'ООО «Бета»', adminEmail: bEmail });

    // Three new modules in the catalogue: one that works, one whose UI is missing, one that crashes.
    const k = stack.db.knex;
    await k('platform.modules').insert([
      { code: 'extra', title: 'Дополнительный модуль', title_en: 'Extra module', monthly_price_kopecks: 50000, sort_order: 900 },
      { code: 'ghost', title: 'Модуль-призрак', title_en: 'Ghost module', monthly_price_kopecks: 0, sort_order: 910 },
      { code: 'crashy', title: 'Падающий модуль', title_en: 'Crashing module', monthly_price_kopecks: 0, sort_order: 920 },
    ]);
    await stack.app.get(ModuleCatalogue).load();
    const owner = client(stack.url, ownerToken);
    expect((await owner.post('/api/owner/modules/extra/ui-versions', { version: '1.0.0', remoteEntry: '/mf/extra/remoteEntry.js', remoteName: 'extra', makeCurrent: true })).status).toBe(201);
    expect((await owner.post('/api/owner/modules/ghost/ui-versions', { version: '1.0.0', remoteEntry: '/mf/ghost/remoteEntry.js', remoteName: 'ghost', makeCurrent: true })).status).toBe(201);
    expect((await owner.post('/api/owner/modules/crashy/ui-versions', { version: '1.0.0', remoteEntry: '/mf/extra/remoteEntry.js', remoteName: 'extra', exposedModule: './Broken', makeCurrent: true })).status).toBe(201);
    // Only company A has bought them.
    await k('platform.tenant_modules').insert(['extra', 'ghost', 'crashy'].map((code) => ({ tenant_id: a.tenantId, module_code: code })));
    await stack.app.get(TenantContextService).invalidateTenant(a.tenantId);
  }, 300_000); // a webpack build of the fixture runs alongside other test files
  afterAll(() => closeAll(browser, web, stack));

  it("(b) company A's user sees and opens the extra module; company B's user neither sees it nor reaches its API", async () => {
    const pa = await newPage(browser);
    await signIn(pa, web.url, aEmail, a.adminPassword);
    const nav = pa.getByRole('navigation');
    await nav.getByRole('link', { name: 'Дополнительный модуль' }).click();
    await pa.waitForURL(/\/m\/extra$/);
    await pa.getByText('Сервер модуля ответил: extra-ok').waitFor();
    await pa.close();

    const pb = await newPage(browser);
    await pb.context().clearCookies();
    await pb.goto(web.url + '/');
    await pb.evaluate(() => localStorage.clear());
    await signIn(pb, web.url, bEmail, b.adminPassword);
    await pb.getByRole('navigation').getByRole('link', { name: 'Пользователи' }).waitFor();
    expect(await pb.getByRole('navigation').getByRole('link', { name: 'Дополнительный модуль' }).count()).toBe(0);
    await pb.goto(web.url + '/m/extra');
    await pb.getByTestId('module-not-connected').getByText('Модуль не подключён').waitFor();
    expect(await pb.getByText('Сервер модуля ответил').count()).toBe(0);
    // The module's backend refuses company B, whatever the UI does.
    const res = await client(web.url, b.adminToken).get('/api/extra/ping');
    expect(res.status).toBe(403);
    expect(res.body.detail).toContain('не подключён');
    expect((await client(web.url, a.adminToken).get('/api/extra/ping')).status).toBe(200);
    await pb.evaluate(() => localStorage.clear());
    await pb.close();
  });

  it('(b) the owner pins company A to another UI version in the tenant card; A gets it on the next page load', async () => {
    const ownerToken = await login(stack.url, OWNER.email, OWNER.password);
    // An older version whose files are gone: pinning to it must show in A's browser.
    const reg = await client(stack.url, ownerToken).post('/api/owner/modules/extra/ui-versions', { version: '0.9.0', remoteEntry: '/mf/extra-old/remoteEntry.js', remoteName: 'extra', makeCurrent: false });
    expect(reg.status).toBe(201);

    const owner = await newPage(browser);
    await owner.goto(web.url + '/');
    await owner.evaluate(() => localStorage.clear());
    await signIn(owner, web.url, OWNER.email, OWNER.password, '/m/owner/tenants');
    await owner.getByRole('gridcell', { name: 'ООО «Альфа»' }).click();
    await owner.getByRole('heading', { name: 'ООО «Альфа»' }).waitFor();
    await owner.getByRole('row', { name: /Дополнительный модуль/ }).getByRole('combobox').click();
    await owner.getByRole('option', { name: '0.9.0' }).click();
    await expect.poll(async () => (await stack.db.knex('platform.tenant_modules').where({ tenant_id: a.tenantId, module_code: 'extra' }).first()).ui_version_pin).toBe('0.9.0');
    await owner.close();

    const pa = await newPage(browser);
    await pa.goto(web.url + '/');
    await pa.evaluate(() => localStorage.clear());
    await signIn(pa, web.url, aEmail, a.adminPassword, '/m/extra');
    await pa.getByTestId('module-error').getByText('Не удалось загрузить модуль «Дополнительный модуль»').waitFor();
    // Back to the current version for everyone: the next page load works again.
    expect((await client(stack.url, ownerToken).put(`/api/owner/tenants/${a.tenantId}/modules/extra/ui-pin`, { version: null })).status).toBe(200);
    await pa.reload();
    await pa.getByText('Сервер модуля ответил: extra-ok').waitFor();
    await pa.evaluate(() => localStorage.clear());
    await pa.close();
  });

  it('(c) a module whose UI is missing or crashes shows «Не удалось загрузить модуль» with «Повторить»; the rest works', async () => {
    const page = await newPage(browser);
    await page.goto(web.url + '/');
    await page.evaluate(() => localStorage.clear());
    await signIn(page, web.url, aEmail, a.adminPassword);
    const nav = page.getByRole('navigation');
    const ghostFetches: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/mf/ghost/remoteEntry.js')) ghostFetches.push(r.url());
    });

    // remoteEntry.js answers 404.
    await nav.getByRole('link', { name: 'Модуль-призрак' }).click();
    const panel = page.getByTestId('module-error');
    await panel.getByText('Не удалось загрузить модуль «Модуль-призрак»').waitFor();
    const before = ghostFetches.length;
    await panel.getByRole('button', { name: 'Повторить' }).click();
    await page.getByTestId('module-error').getByText('Не удалось загрузить модуль «Модуль-призрак»').waitFor();
    // «Повторить» really asks for the module's remoteEntry.js again.
    await expect.poll(() => ghostFetches.length).toBeGreaterThan(before);

    // mount() throws.
    await nav.getByRole('link', { name: 'Падающий модуль' }).click();
    await page.getByTestId('module-error').getByText('Не удалось загрузить модуль «Падающий модуль»').waitFor();
    await page.getByText('Сбой при запуске модуля').waitFor();
    await page.getByTestId('module-error').getByRole('button', { name: 'Повторить' }).click();
    await page.getByTestId('module-error').getByText('Не удалось загрузить модуль «Падающий модуль»').waitFor();

    // The menu and the other modules still work.
    await nav.getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('heading', { name: 'Пользователи' }).waitFor();
    expect(await page.getByTestId('module-error').count()).toBe(0);
    await nav.getByRole('link', { name: 'Дополнительный модуль' }).click();
    await page.getByText('Сервер модуля ответил: extra-ok').waitFor();
    await nav.getByRole('link', { name: 'Главная' }).click();
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor();
    await page.close();
  });
});

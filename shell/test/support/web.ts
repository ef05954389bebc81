import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
// @ts-expect-error plain ESM without types
import { startWebServer } from '../../serve.mjs';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const screensDir = path.join(repoRoot, 'test-artifacts', 'screens');

export interface Web {
  url: string;
  close(): Promise<void>;
}

/** The web server in front of a test stack: shell/dist, microfrontends/<name>/dist, /api proxy. */
export async function startWeb(backendUrl: string): Promise<Web> {
  return startWebServer({ port: 0, backendUrl, repoRoot });
}

/** What a browser test stands on besides the backend stack: the web server in front of it and a browser. */
export async function openBrowser(backendUrl: string): Promise<{ web: Web; browser: Browser }> {
  const web = await startWeb(backendUrl);
  return { web, browser: await launchBrowser() };
}

/** Stops what a test started, in the order given (browser, web server, stack…), skipping what never started. */
export async function closeAll(...things: ({ close(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const thing of things) await thing?.close();
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian chromium through playwright-core, with a throw-away profile per call. */
export async function launchBrowser(): Promise<Browser> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wc-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'ru-RU',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh page that records browser errors, so a failing test can say what the page said. */
export async function newPage(browser: Browser): Promise<Page & { errors: string[] }> {
  const page = (await browser.context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  return page;
}

/** Signs in through the login form, as a person would, and waits for the home page. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string, path = '/') {
  await page.goto(baseUrl + path);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
}

export async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Выйти' }).click();
  await page.getByRole('button', { name: 'Войти', exact: true }).waitFor();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screensDir, { recursive: true });
  await page.screenshot({ path: path.join(screensDir, `${name}.png`), fullPage: false });
}

/**
 * Types a date into a date field as a person does, digits in the field's own order
 * (ДД.ММ.ГГГГ in Russian): the field moves from day to month to year by itself.
 */
export async function typeDate(page: Page, label: string | RegExp, date: string) {
  const field = page.getByRole('group', { name: label });
  await field.getByRole('spinbutton').first().click();
  await page.keyboard.type(date.replace(/\D/g, ''));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * What axe-core (the standard accessibility checker) finds wrong on the page as it is now, WCAG 2
 * A and AA rules, serious and critical only: one line per problem, naming the elements.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (no inline scripts) does not apply to.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * A screen at 1280 px in the dark theme and at 375 px in the light one (reloaded in each, `ready` waits for its
 * content): a screenshot `<name>-<width>-<mode>`, no sideways scroll, nothing serious for axe. Ends at 1280 px, light.
 */
export async function checkScreens(page: Page, name: string, ready: () => Promise<unknown>) {
  for (const [width, mode] of [[1280, 'dark'], [375, 'light']] as const) {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 860 });
    await page.evaluate((m) => localStorage.setItem('wc.themeMode', m), mode);
    await page.reload();
    await ready();
    await screenshot(page, `${name}-${width}-${mode}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
    expect(await accessibilityProblems(page), `${name}, ${width} px, ${mode}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.evaluate(() => localStorage.setItem('wc.themeMode', 'light'));
}

#!/usr/bin/env node
/**
 * UI size budget: how much gzipped JavaScript each app makes the browser load for its first screen.
 * Measured, not guessed: the built apps (shell/dist, microfrontends/<name>/dist) are served by
 * shell/serve.mjs, Debian chromium opens them with a stubbed API, and every JS file the page loads
 * is gzipped from disk (node:zlib, level 6 like a typical web server) and summed.
 *   shell (login)    – what a signed-out visitor downloads to see the sign-in page (budget 300 KB)
 *   shell (home)     – the signed-in home page, shell files only
 *   <module>         – remoteEntry.js + the module's own chunks when its first page opens
 *                      (shared React/MUI come from the shell and are not counted again)
 * Usage: node tools/ui-budget.mjs [--files]   (build first: npm run build). Always exits 0.
 *   --files also lists every JS file of each row with its gzip size (to find what to split).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHELL_BUDGET_KB = 300;
const MODULES = [
  { code: 'admin', remote: 'admin', firstPage: '/m/admin/users' },
  { code: 'owner', remote: 'owner', firstPage: '/m/owner/tenants' },
  { code: 'trade', remote: 'trade', firstPage: '/m/trade' },
  { code: 'accounting', remote: 'accounting', firstPage: '/m/accounting' },
  { code: 'edo', remote: 'edo', firstPage: '/m/edo/inbox' },
  { code: 'projects', remote: 'projects', firstPage: '/m/projects/board' },
  { code: 'crm', remote: 'crm', firstPage: '/m/crm/board' },
];

const kb = (n) => (n / 1024).toFixed(1);
const gz = (file) => gzipSync(readFileSync(file), { level: 6 }).length;

function distFile(urlPath) {
  const mf = /^\/mf\/([^/]+)\/(.+)$/.exec(urlPath);
  return mf ? path.join(root, 'microfrontends', mf[1], 'dist', mf[2]) : path.join(root, 'shell', 'dist', urlPath.slice(1));
}

const listFiles = process.argv.includes('--files');

function measure(urls) {
  let raw = 0;
  let zipped = 0;
  const files = [...new Set(urls)].map((u) => distFile(new URL(u).pathname)).filter((f) => existsSync(f));
  const sizes = files.map((f) => [path.relative(root, f), readFileSync(f).length, gz(f)]).sort((a, b) => b[2] - a[2]);
  for (const [, r, z] of sizes) {
    raw += r;
    zipped += z;
  }
  return { count: files.length, raw, zipped, sizes };
}

/** Adds the measured row, and with --files one indented line per file under it. */
function pushRow(rows, name, m, budget, ms) {
  rows.push([name, m.count, m.raw, m.zipped, budget, ms]);
  if (listFiles) for (const [file, r, z] of m.sizes) rows.push([`    ${file}`, 1, r, z, '—']);
}

/** Fallback without a browser: just the entry files (an underestimate, marked as such). */
function staticEstimate() {
  const rows = [];
  const shellDir = path.join(root, 'shell', 'dist');
  if (existsSync(path.join(shellDir, 'main.js'))) rows.push(['shell (entry only)', 1, readFileSync(path.join(shellDir, 'main.js')).length, gz(path.join(shellDir, 'main.js')), `${SHELL_BUDGET_KB}`]);
  for (const name of readdirSync(path.join(root, 'microfrontends'))) {
    const f = path.join(root, 'microfrontends', name, 'dist', 'remoteEntry.js');
    if (existsSync(f)) rows.push([`${name} (remoteEntry only)`, 1, readFileSync(f).length, gz(f), '—']);
  }
  return rows;
}

const me = {
  user: { id: '00000000-0000-4000-8000-000000000001', email: 'budget@example.test', fullName: 'Проверка Размера' },
  isOwner: false,
  tenant: { id: '00000000-0000-4000-8000-000000000002', name: 'ООО «Замер»', status: 'active' },
  roles: [{ id: '1', code: 'admin', name: 'Администратор' }],
  rules: [['manage', 'all']],
  modules: MODULES.map((m) => ({ code: m.code, title: m.code, titleEn: m.code, remote: { name: m.remote, entry: `/mf/${m.remote}/remoteEntry.js`, exposedModule: './App', version: 'budget' } })),
};

function stubApi(route) {
  const p = new URL(route.request().url()).pathname;
  let body = { items: [], total: 0 };
  if (p === '/api/me') body = me;
  else if (/\/api\/(admin\/roles|admin\/modules|owner\/modules)$/.test(p)) body = [];
  else if (p === '/api/admin/subjects') body = { actions: [], subjects: [] };
  else if (/^\/api\/[a-z_]+\/meta$/.test(p)) body = { module: p.split('/')[2], catalogs: [], documents: [], registers: [], reports: [] };
  return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
}

async function browserRows() {
  const { chromium } = await import('playwright-core');
  const { startWebServer } = await import(path.join(root, 'shell', 'serve.mjs'));
  const web = await startWebServer({ port: 0, backendUrl: 'http://127.0.0.1:9', repoRoot: root });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const rows = [];
  try {
    const visit = async (pathname, signedIn, ready) => {
      const context = await browser.newContext();
      await context.route('**/api/**', stubApi);
      if (signedIn) await context.addInitScript(() => localStorage.setItem('wc.session', JSON.stringify({ accessToken: 'budget', refreshToken: 'budget-refresh' })));
      const page = await context.newPage();
      const js = [];
      const started = Date.now();
      page.on('response', (r) => {
        if (r.url().startsWith(web.url) && /\.js(\?|$)/.test(r.url())) js.push(r.url().split('?')[0]);
      });
      await page.goto(web.url + pathname, { waitUntil: 'networkidle' });
      await ready(page);
      // Navigation → the page shows its content and answers input (loopback, stubbed API).
      js.interactiveMs = Date.now() - started;
      await page.waitForLoadState('networkidle');
      await context.close();
      return js;
    };
    const login = await visit('/login', false, (p) => p.getByRole('button', { name: 'Войти', exact: true }).waitFor());
    pushRow(rows, 'shell: sign-in page', measure(login), `${SHELL_BUDGET_KB}`, login.interactiveMs);
    const home = await visit('/', true, (p) => p.getByRole('heading', { name: /Здравствуйте/ }).waitFor());
    pushRow(rows, 'shell: home (signed in)', measure(home.filter((u) => !new URL(u).pathname.startsWith('/mf/'))), `${SHELL_BUDGET_KB}`, home.interactiveMs);
    for (const m of MODULES) {
      const urls = await visit(m.firstPage, true, (p) => p.locator('.wc-module').first().waitFor());
      pushRow(rows, `${m.code}: ${m.firstPage} (own chunks)`, measure(urls.filter((u) => new URL(u).pathname.startsWith(`/mf/${m.remote}/`))), '—', urls.interactiveMs);
      pushRow(rows, `${m.code}: + shell chunks it pulls (e.g. data grid)`, measure(urls.filter((u) => !new URL(u).pathname.startsWith('/mf/') && !home.includes(u))), '—');
    }
  } finally {
    await browser.close();
    await web.close();
  }
  return rows;
}

let rows;
let how = 'measured in chromium';
try {
  if (!existsSync('/usr/bin/chromium')) throw new Error('no /usr/bin/chromium');
  rows = await browserRows();
} catch (e) {
  how = `static estimate (browser measurement failed: ${e.message})`;
  rows = staticEstimate();
}

const header = ['app / screen', 'JS files', 'raw KB', 'gzip KB', 'budget KB', 'ms to interactive'];
const table = [header, ...rows.map(([name, n, raw, zipped, budget, ms]) => [name, String(n), kb(raw), kb(zipped), budget, ms === undefined ? '—' : String(ms)])];
const widths = header.map((_, i) => Math.max(...table.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`UI budget (${how}; gzip level 6)\n`);
console.log(line(table[0]));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of table.slice(1)) {
  const over = r[4] !== '—' && Number(r[3]) > Number(r[4]);
  console.log(line(r) + (over ? '  OVER BUDGET' : ''));
}
process.exit(0);

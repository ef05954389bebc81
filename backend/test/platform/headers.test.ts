import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findFreePort } from '../../src/platform/database/embedded-postgres';
// @ts-expect-error plain ESM without types
import { startWebServer } from '../../../shell/serve.mjs';
import { startStack, type TestStack } from '../support/stack';

/**
 * Security headers on the shell, a module UI file and an API answer — from shell/serve.mjs and from
 * infra/docker/nginx.conf run by a real nginx — and /metrics behind METRICS_TOKEN.
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
let stack: TestStack;
let web: { url: string; close(): Promise<void> };

beforeAll(async () => {
  stack = await startStack({ label: 'headers', env: { METRICS_TOKEN: 'metrics-token-for-tests-0123456789' } });
  web = await startWebServer({ port: 0, backendUrl: stack.url, repoRoot });
}, 60_000);
afterAll(async () => {
  await web?.close();
  await stack?.close();
});

const paths = { shell: '/', remote: '/mf/admin/remoteEntry.js', api: '/api/health' };

function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, what).toMatch(/frame-ancestors 'none'/);
  expect(csp, what).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
}

describe('shell/serve.mjs', () => {
  test('the shell, a remote file and an API answer carry CSP, nosniff and Referrer-Policy; HSTS only over TLS', async () => {
    for (const [what, p] of Object.entries(paths)) {
      const res = await fetch(web.url + p);
      expect(res.status, what).toBe(200);
      expectSecurityHeaders(res, what);
      expect(res.headers.get('strict-transport-security'), what).toBeNull();
    }
    const shell = await fetch(web.url + '/');
    expect(shell.headers.get('content-security-policy')).toMatch(/script-src 'self'(;| )/);
    // The shell has no inline script for the CSP to block.
    expect(await shell.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const tls = await fetch(web.url + '/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });

  test('module UIs on another origin (WEB_BASE_URL) are listed in the CSP', async () => {
    const cdn = await startWebServer({ port: 0, backendUrl: stack.url, repoRoot, remoteOrigins: ['https://static.workcloud.example'] });
    try {
      const csp = (await fetch(cdn.url + '/')).headers.get('content-security-policy');
      expect(csp).toMatch(/script-src 'self' https:\/\/static\.workcloud\.example;/);
    } finally {
      await cdn.close();
    }
  });
});

describe('the backend', () => {
  test('every answer has the headers, errors too', async () => {
    for (const p of ['/api/health', '/api/me', '/api/nothing-here']) expectSecurityHeaders(await fetch(stack.url + p), p);
  });

  test('/metrics needs METRICS_TOKEN', async () => {
    const none = await fetch(stack.url + '/metrics');
    expect(none.status).toBe(401);
    expect((await none.json()).detail).toMatch(/METRICS_TOKEN/);
    expect((await fetch(stack.url + '/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(stack.url + '/metrics', { headers: { authorization: 'Bearer metrics-token-for-tests-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/workcloud_http_request_duration_seconds/);
  });
});

describe('in production (NODE_ENV=production)', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(48), PROVISIONER_TOKEN: 'q'.repeat(48) };
  const statuses = async (env: Record<string, string>) => {
    const prod = await startStack({ label: 'headers_prod', env: { ...production, ...env } });
    try {
      return await Promise.all(['/api/docs', '/api/openapi.json', '/metrics', '/api/health'].map(async (p) => (await fetch(prod.url + p)).status));
    } finally {
      await prod.close();
    }
  };

  test('API docs and metrics are off unless API_DOCS=true and METRICS_TOKEN are set', async () => {
    expect(await statuses({})).toEqual([404, 404, 404, 200]);
    expect(await statuses({ API_DOCS: 'true', METRICS_TOKEN: 'metrics-token-for-tests-0123456789' })).toEqual([200, 200, 401, 200]);
  });
});

describe.runIf(existsSync('/usr/sbin/nginx'))('infra/docker/nginx.conf under a real nginx', () => {
  let nginx: ChildProcess | undefined;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wc-nginx-'));
    // nginx's workers run as another user when the test runs as root: they must be able to read the files.
    chmodSync(dir, 0o755);
    const port = await findFreePort();
    // The web image's layout: the shell at the root, module UIs under /mf/<name>/.
    const html = path.join(dir, 'html');
    mkdirSync(path.join(html, 'mf'), { recursive: true });
    for (const f of readdirSync(path.join(repoRoot, 'shell', 'dist'))) symlinkSync(path.join(repoRoot, 'shell', 'dist', f), path.join(html, f));
    symlinkSync(path.join(repoRoot, 'microfrontends', 'admin', 'dist'), path.join(html, 'mf', 'admin'));
    const conf = readFileSync(path.join(repoRoot, 'infra/docker/nginx.conf'), 'utf8')
      .replace('server backend:3000;', `server ${new URL(stack.url).host};`)
      .replace('listen 8080;', `listen 127.0.0.1:${port};`)
      .replace('root /usr/share/nginx/html;', `root ${html};`);
    for (const d of ['body', 'proxy', 'fcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, d));
    writeFileSync(path.join(dir, 'default.conf'), conf);
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { include /etc/nginx/mime.types; access_log off;
       client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
       include ${dir}/default.conf; }`,
    );
    nginx = spawn('/usr/sbin/nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
    url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 50; i++) {
      if (await fetch(url + '/healthz').then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`nginx did not start: ${existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
  }, 30_000);
  afterAll(() => {
    nginx?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the shell, a remote file and an API answer carry the headers; HSTS when the browser came over https', async () => {
    for (const [what, p] of Object.entries(paths)) {
      const res = await fetch(url + p);
      expect(res.status, what).toBe(200);
      expectSecurityHeaders(res, `nginx ${what}`);
      expect(res.headers.get('strict-transport-security'), what).toBeNull();
    }
    const tls = await fetch(url + '/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
  });
});

/**
 * The web front door in one small node:http server (no dependencies):
 *   /              → shell/dist (SPA fallback to index.html for /m/…, /login, …)
 *   /mf/<name>/    → microfrontends/<name>/dist (remoteEntry.js never cached)
 *   /api/*, /metrics → proxied to the backend, bodies streamed, status and headers kept
 * Every answer carries the security headers (CSP, nosniff, Referrer-Policy, no framing; HSTS over TLS).
 * Run: `node shell/serve.mjs` (WEB_PORT, default 8080; BACKEND_URL, default http://127.0.0.1:3000).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
// Hop-by-hop headers must not be forwarded by a proxy (RFC 9110 §7.6.1).
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/**
 * The Content-Security-Policy of the shell and every module UI: scripts only from this origin and the origins
 * module UIs are served from (`remoteOrigins`, e.g. WEB_BASE_URL's), never inline or eval; styles may be inline
 * (MUI/emotion inject <style> tags); no framing by other sites. Keep in step with infra/docker/nginx.conf.
 */
export function contentSecurityPolicy(remoteOrigins = []) {
  const from = ["'self'", ...remoteOrigins].join(' ');
  return [
    "default-src 'self'",
    `script-src ${from}`,
    `style-src ${from} 'unsafe-inline'`,
    `img-src ${from} data: blob:`,
    `font-src ${from} data:`,
    `connect-src ${from}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every answer carries (files, the SPA fallback, errors and proxied API answers alike). */
function securityHeaders(req, csp) {
  const headers = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  };
  // HSTS only over TLS: this socket's own, or a TLS terminator on this machine that says so.
  const local = /^(::1|127\.|::ffff:127\.)/.test(req.socket.remoteAddress ?? '');
  if (req.socket.encrypted || (local && req.headers['x-forwarded-proto'] === 'https')) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

async function fileIn(root, rel) {
  const full = path.normalize(path.join(root, rel));
  if (!full.startsWith(root + path.sep) && full !== root) return null; // no ../ escapes
  try {
    const s = await stat(full);
    return s.isFile() ? { full, size: s.size } : null;
  } catch {
    return null;
  }
}

function sendFile(res, file, method) {
  const ext = path.extname(file.full);
  const name = path.basename(file.full);
  // Content-hashed chunks live forever; entry files (index.html, main.js, remoteEntry.js) never.
  const hashed = /\.[0-9a-f]{8}\.js$/.test(name);
  res.writeHead(200, {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'content-length': file.size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (method === 'HEAD') return res.end();
  createReadStream(file.full).pipe(res);
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Не найдено');
}

function proxy(req, res, backend) {
  const target = new URL(req.url, backend);
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
  // The peer's address only, never the client's own X-Forwarded-For: the backend (TRUST_PROXY=loopback behind
  // this server) limits sign-in attempts per address, and an appended header would let a client pick one.
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers['x-forwarded-host'] = req.headers.host ?? '';
  const upstream = http.request(target, { method: req.method, headers }, (up) => {
    const out = {};
    for (const [k, v] of Object.entries(up.headers)) if (!HOP.has(k)) out[k] = v;
    res.writeHead(up.statusCode ?? 502, out);
    up.pipe(res);
  });
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/problem+json; charset=utf-8' });
    res.end(JSON.stringify({ title: 'Сервер недоступен', status: 502, detail: 'Сервер WorkCloud временно недоступен. Повторите попытку через минуту.' }));
  });
  req.pipe(upstream);
}

/**
 * Starts the server; resolves with { url, port, close() }. `remotes` maps extra module UI names to
 * their dist folders (tests serve fixture modules this way).
 */
export async function startWebServer({ remotes = {}, port = 8080, backendUrl = 'http://127.0.0.1:3000', repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), host = '127.0.0.1', remoteOrigins = [] } = {}) {
  const shellDist = path.join(repoRoot, 'shell', 'dist');
  const mfRoot = path.join(repoRoot, 'microfrontends');
  const csp = contentSecurityPolicy(remoteOrigins);
  const server = http.createServer(async (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders(req, csp))) res.setHeader(name, value);
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const p = decodeURIComponent(url.pathname);
      if (p.startsWith('/api/') || p === '/api' || p === '/metrics') return proxy(req, res, backendUrl);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' });
        return res.end();
      }
      const mf = /^\/mf\/([a-z0-9_-]+)\/(.*)$/.exec(p);
      if (mf) {
        const file = await fileIn(remotes[mf[1]] ?? path.join(mfRoot, mf[1], 'dist'), mf[2] || 'index.html');
        return file ? sendFile(res, file, req.method) : notFound(res);
      }
      const file = p !== '/' ? await fileIn(shellDist, p.slice(1)) : null;
      if (file) return sendFile(res, file, req.method);
      // A missing asset is a 404; any other path is a page of the single-page app.
      if (path.extname(p) && !p.startsWith('/m/')) return notFound(res);
      const index = await fileIn(shellDist, 'index.html');
      return index ? sendFile(res, index, req.method) : notFound(res);
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.WEB_PORT ?? 8080);
  const backendUrl = process.env.BACKEND_URL ?? 'http://127.0.0.1:3000';
  // Module UIs served from another origin (WEB_BASE_URL) must be allowed to run their scripts.
  const remoteOrigins = process.env.WEB_BASE_URL ? [new URL(process.env.WEB_BASE_URL).origin] : [];
  const { url } = await startWebServer({ port, backendUrl, host: process.env.WEB_HOST ?? '127.0.0.1', remoteOrigins });
  console.log(`WorkCloud web: ${url} (API → ${backendUrl})`);
}

#!/usr/bin/env node
// Starts the whole of WorkCloud on one machine: PostgreSQL (embedded unless DATABASE_URL is set),
// the tenant-provisioner, the backend and the web server with the shell and every module UI.
// Run after `npm run build` (which `npm start` does first).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const backend = require(path.join(root, 'backend/dist/index.js'));

const env = { ...process.env };
env.PORT ||= '3000';
env.WEB_PORT ||= '8080';
env.PROVISIONER_PORT ||= '3100';
env.WORKCLOUD_DATA_DIR ||= path.join(root, '.data');
env.PROVISIONER_URL ||= `http://127.0.0.1:${env.PROVISIONER_PORT}`;
// No JWT_SECRET / PROVISIONER_TOKEN here: without them each process reads the same random ones from
// WORKCLOUD_DATA_DIR/local-secrets.json (made on the first start); with NODE_ENV=production they must be set.

let embedded;
if (!env.DATABASE_URL) {
  // One embedded server for all processes (each would otherwise try to start its own).
  embedded = await backend.startEmbeddedPostgres(env.WORKCLOUD_DATA_DIR, Number(env.WORKCLOUD_PG_PORT || 54329));
  env.DATABASE_URL = embedded.url;
  console.log(`PostgreSQL (embedded) in ${env.WORKCLOUD_DATA_DIR}`);
}

const children = [];
function run(name, script, extraEnv = {}) {
  // Source maps: a mistake in a module's declarations names its .ts file, not the build's .js.
  const child = spawn(process.execPath, ['--enable-source-maps', script], { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) => stream.on('data', (chunk) => out.write(String(chunk).replace(/^(?=.)/gm, `[${name}] `)));
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[${name}] exited with code ${code}; stopping WorkCloud.`);
      void stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stop(code = 0) {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (embedded) await embedded.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

run('provisioner', 'tenant-provisioner/dist/server.js');
// The backend sits behind the web server below, which connects from loopback and sets X-Forwarded-For.
run('backend', 'backend/dist/main.js', { TRUST_PROXY: env.TRUST_PROXY ?? 'loopback' });
if (existsSync(path.join(root, 'shell/serve.mjs'))) run('web', 'shell/serve.mjs', { BACKEND_URL: `http://127.0.0.1:${env.PORT}` });

console.log(`
WorkCloud is starting:
  web (shell + module UIs)  http://localhost:${env.WEB_PORT}
  backend API               http://localhost:${env.PORT}/api   (docs: /api/docs, OpenAPI: /api/openapi.json)
  tenant-provisioner        ${env.PROVISIONER_URL}
  owner sign-in             ${env.WORKCLOUD_OWNER_EMAIL || 'owner@workcloud.local'} / ${env.WORKCLOUD_OWNER_PASSWORD ? '(from WORKCLOUD_OWNER_PASSWORD)' : 'Owner-Passw0rd'}
`);

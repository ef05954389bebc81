/**
 * Master-key rotation: DATA_ENCRYPTION_KEY names several keys (the first wraps, the others unwrap), the rewrap command
 * moves every data key to the first one, and a key that is not configured is named in the error.
 * Each "process" is a fresh DataEncryption over the same database, so nothing comes from an in-memory cache.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/platform/auth/secrets';
import { DataEncryption, masterKeyFrom } from '../../src/platform/crypto';
import { rewrapDataKeys } from '../../src/platform/crypto/rewrap';
import { rewrapCommand } from '../../src/platform/crypto/rewrap-command';
import { Database } from '../../src/platform/database/database';
import { migratePlatform } from '../../src/platform/database/platform-migrations';
import { createTestDatabase } from '../support/database';

const OLD = Buffer.alloc(32, 1).toString('base64');
const NEW = Buffer.alloc(32, 2).toString('hex');
const STRANGER = Buffer.alloc(32, 3).toString('base64');
const TENANTS = ['7d0c5b1e-0000-4000-8000-000000000001', '7d0c5b1e-0000-4000-8000-000000000002'];

describe('DATA_ENCRYPTION_KEY with several keys', () => {
  test('«kid:key,kid:key»: the first wraps, all are kept; a bare key gets a derived kid; bad lists are refused', () => {
    const ring = masterKeyFrom({ DATA_ENCRYPTION_KEY: `2026-12:${NEW}, 2025-01:${OLD}` }, true, '/nonexistent');
    expect(ring.kid).toBe('2026-12');
    expect(ring.key).toEqual(Buffer.alloc(32, 2));
    expect(ring.keys.map((k) => k.kid)).toEqual(['2026-12', '2025-01']);
    expect(masterKeyFrom({ DATA_ENCRYPTION_KEY: OLD }, true, '/nonexistent').kid).toMatch(/^m[0-9a-f]{10}$/);
    expect(() => masterKeyFrom({ DATA_ENCRYPTION_KEY: `a:${NEW},a:${OLD}` }, true, '/nonexistent')).toThrow(/id ключей повторяются/);
    expect(() => masterKeyFrom({ DATA_ENCRYPTION_KEY: `a:${NEW},b:short` }, true, '/nonexistent')).toThrow(/DATA_ENCRYPTION_KEY \(b\): ожидается ключ из 32 байт/);
    expect(() => masterKeyFrom({ DATA_ENCRYPTION_KEY: `кл юч:${NEW}` }, true, '/nonexistent')).toThrow(ConfigError);
  });
});

describe('rotation over a real database', () => {
  let db: Database;
  let databaseUrl: string;
  const backendWith = (keys: string) => new DataEncryption(db, { masterKey: masterKeyFrom({ DATA_ENCRYPTION_KEY: keys }, true, '/nonexistent') });
  const wrappedBy = async () => Object.fromEntries((await db.knex('platform.data_keys').select('scope', 'master_kid')).map((r) => [r.scope, r.master_kid]));
  const sealed: Record<string, string> = {};

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('key_rotation');
    db = await Database.open(databaseUrl, 3);
    await migratePlatform(db.knex);
    // Written under the old key alone.
    const before = backendWith(`old:${OLD}`);
    sealed.platform = await before.encrypt('JBSWY3DPEHPK3PXP');
    for (const t of TENANTS) sealed[t] = await before.encrypt(`Паспорт 4510 12345${t.slice(-1)}`, t);
  });
  afterAll(() => db?.close());

  test('with the new key added first, data under the old key is still read, and new scopes are wrapped by the new key', async () => {
    const during = backendWith(`new:${NEW},old:${OLD}`);
    expect(await during.decrypt(sealed.platform)).toBe('JBSWY3DPEHPK3PXP');
    expect(await during.decrypt(sealed[TENANTS[0]], TENANTS[0])).toBe('Паспорт 4510 123451');
    const later = '7d0c5b1e-0000-4000-8000-000000000003';
    sealed[later] = await during.encrypt('СНИЛС 112-233-445 95', later);
    expect(await wrappedBy()).toEqual({ platform: 'old', [TENANTS[0]]: 'old', [TENANTS[1]]: 'old', [later]: 'new' });
  });

  test('a master key missing from DATA_ENCRYPTION_KEY is named, with what to do', async () => {
    await expect(backendWith(`other:${STRANGER}`).decrypt(sealed[TENANTS[1]], TENANTS[1])).rejects.toThrow(
      new RegExp(`Ключ данных «${TENANTS[1]}» зашифрован мастер-ключом old, а в DATA_ENCRYPTION_KEY его нет \\(заданы: other\\).*keys:rewrap`),
    );
    // The rewrap cannot move a key it cannot open either, and says which.
    await expect(rewrapDataKeys(db.knex, masterKeyFrom({ DATA_ENCRYPTION_KEY: `new:${NEW}` }, true, '/nonexistent'))).rejects.toThrow(/мастер-ключом old/);
    expect((await wrappedBy()).platform).toBe('old');
  });

  test('the rewrap command moves every data key to the new key, once even when run twice at the same time; then the old key can go', async () => {
    const ring = masterKeyFrom({ DATA_ENCRYPTION_KEY: `new:${NEW},old:${OLD}` }, true, '/nonexistent');
    const reports = await Promise.all([rewrapDataKeys(db.knex, ring), rewrapDataKeys(db.knex, ring)]);
    expect(reports[0].rewrapped + reports[1].rewrapped).toBe(3);
    expect(Object.values(await wrappedBy())).toEqual(['new', 'new', 'new', 'new']);

    const lines: string[] = [];
    expect(await rewrapCommand({ DATABASE_URL: databaseUrl, DATA_ENCRYPTION_KEY: `new:${NEW},old:${OLD}` }, (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual([
      'Мастер-ключ new: перешифровано ключей данных — 0, уже были под ним — 4.',
      'Ключи old больше не нужны этой базе: их можно убрать из DATA_ENCRYPTION_KEY.',
    ]);

    const after = backendWith(`new:${NEW}`);
    expect(await after.decrypt(sealed.platform)).toBe('JBSWY3DPEHPK3PXP');
    for (const t of TENANTS) expect(await after.decrypt(sealed[t], t)).toBe(`Паспорт 4510 12345${t.slice(-1)}`);
    await expect(backendWith(`old:${OLD}`).decrypt(sealed.platform)).rejects.toThrow(/мастер-ключом new, а в DATA_ENCRYPTION_KEY его нет \(заданы: old\)/);
  });

  test('without DATABASE_URL the command says what to set', async () => {
    const lines: string[] = [];
    expect(await rewrapCommand({ DATA_ENCRYPTION_KEY: NEW }, (l) => lines.push(l))).toBe(2);
    expect(lines).toEqual(['Задайте DATABASE_URL — базу, ключи данных которой перешифровать']);
  });
});

import { loadConfig } from '../../config';
import { Database } from '../database/database';
import { rewrapDataKeys } from './rewrap';

/**
 * `npm run keys:rewrap -w backend`: with the new master key first in DATA_ENCRYPTION_KEY and the old one after it,
 * re-wraps every data key of DATABASE_URL under the new key; then the old key can be removed. Exit code 0 done,
 * 2 it could not (the message names what is missing).
 */
export async function rewrapCommand(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  if (!env.DATABASE_URL) {
    print('Задайте DATABASE_URL — базу, ключи данных которой перешифровать');
    return 2;
  }
  const ring = loadConfig(env).masterKey;
  const db = await Database.open(env.DATABASE_URL, 1);
  try {
    const report = await rewrapDataKeys(db.knex, ring);
    print(`Мастер-ключ ${ring.kid}: перешифровано ключей данных — ${report.rewrapped}, уже были под ним — ${report.current}.`);
    const others = ring.keys.filter((k) => k.kid !== ring.kid).map((k) => k.kid);
    if (others.length) print(`Ключи ${others.join(', ')} больше не нужны этой базе: их можно убрать из DATA_ENCRYPTION_KEY.`);
    return 0;
  } finally {
    await db.close();
  }
}

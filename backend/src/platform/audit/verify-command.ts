import { Database } from '../database/database';
import { verifyAuditLog } from './chain';

/**
 * The verify command (`npm run audit:verify -w backend [-- <tenant id>]`): recomputes the audit log's hash
 * chains in DATABASE_URL, prints one line per chain naming the first altered or deleted row of a broken one,
 * and returns the exit code: 0 all intact, 1 a chain is broken, 2 it could not check.
 */
export async function verifyCommand(args: string[], env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  if (!env.DATABASE_URL) {
    print('Задайте DATABASE_URL — базу, журнал которой проверить');
    return 2;
  }
  const db = await Database.open(env.DATABASE_URL, 1);
  try {
    const reports = await verifyAuditLog(db.knex, args[0]);
    for (const r of reports) print(`${r.ok ? 'OK  ' : 'FAIL'} ${r.chain}: ${r.rows} записей${r.problem ? ` — ${r.problem.message}` : ''}`);
    const broken = reports.filter((r) => !r.ok).length;
    print(broken ? `Нарушено цепочек: ${broken} из ${reports.length}` : `Все цепочки целы (${reports.length})`);
    return broken ? 1 : 0;
  } finally {
    await db.close();
  }
}

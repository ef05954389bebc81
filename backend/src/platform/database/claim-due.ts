import type { Knex } from '@mikro-orm/postgresql';

/**
 * The claim of an outbox that is sent at least once (mail, webhooks): one due 'pending' row is taken by a
 * single UPDATE … FOR UPDATE SKIP LOCKED that counts the attempt and moves next_attempt_at a lease ahead,
 * so several instances never send the same row at the same time, and a row whose sender crashed is sent
 * again after the lease. The table needs id, status, attempts and next_attempt_at.
 * "Due" is judged to the millisecond of `now` (a JS Date): a row made due by PostgreSQL's now(), which keeps
 * microseconds, within the same millisecond is due — else a row enqueued (or sent again) and dispatched at
 * once could wait for the next run.
 */
export async function claimDue<T>(knex: Knex, options: { table: string; returning: string[]; now: Date; leaseSeconds: number }): Promise<T | null> {
  const columns = options.returning.map((c) => `o.${c}`).join(', ');
  const { rows } = await knex.raw(
    `UPDATE ${options.table} o
        SET attempts = o.attempts + 1, next_attempt_at = ?::timestamptz + make_interval(secs => ?)
      WHERE o.id = (SELECT id FROM ${options.table}
                     WHERE status = 'pending' AND next_attempt_at < ?::timestamptz + interval '1 millisecond'
                     ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING ${columns}`,
    [options.now.toISOString(), options.leaseSeconds, options.now.toISOString()],
  );
  return rows[0] ?? null;
}

/** Seconds until the next attempt after the `attempts`-th failed one (the last delay repeats). */
export function retryDelaySeconds(delays: number[], attempts: number): number {
  return delays[Math.min(attempts, delays.length) - 1] ?? 60;
}

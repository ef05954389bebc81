import type { Knex } from '@mikro-orm/postgresql';
import { open, seal } from './envelope';
import { masterKeyOf, type MasterKeyRing } from './master-key';

export interface RewrapReport {
  /** Data keys moved to the current master key by this run. */
  rewrapped: number;
  /** Data keys the current master key already wrapped. */
  current: number;
}

/**
 * Master-key rotation: every data key wrapped by an earlier master key is unwrapped with it and wrapped again with the
 * current one (the first of DATA_ENCRYPTION_KEY). The data keys themselves stay the same, so no encrypted value is
 * touched and a running backend keeps reading throughout. One row per transaction, locked and re-checked: stopped
 * half-way or run twice, it goes on where it was and moves nothing twice.
 */
export async function rewrapDataKeys(knex: Knex, ring: MasterKeyRing): Promise<RewrapReport> {
  let rewrapped = 0;
  for (;;) {
    const moved = await knex.transaction(async (trx) => {
      const row = await trx('platform.data_keys').whereNot({ master_kid: ring.kid }).orderBy('scope').forUpdate().skipLocked().first('scope', 'master_kid', 'wrapped_key');
      if (!row) return false;
      const dataKey = open(masterKeyOf(ring, row.master_kid, row.scope).key, row.wrapped_key, row.scope);
      await trx('platform.data_keys').where({ scope: row.scope }).update({ master_kid: ring.kid, wrapped_key: seal(ring.key, dataKey, row.scope) });
      return true;
    });
    if (!moved) break;
    rewrapped++;
  }
  const [{ count }] = await knex('platform.data_keys').where({ master_kid: ring.kid }).count<{ count: string }[]>('* as count');
  return { rewrapped, current: Number(count) - rewrapped };
}

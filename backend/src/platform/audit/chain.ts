import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * The audit log is one hash chain per company (`platform` for rows of no company): the database trigger
 * (platform migration 14) gives each row the next `seq` of its chain, `prev_hash` = the previous row's hash and
 * `hash` = SHA-256(prev_hash || canonical row). This file recomputes the chain from the rows: a changed row no
 * longer matches its hash, a deleted row leaves a gap in `seq`, and the chain head (platform.audit_chains)
 * tells a deleted last row from a chain that simply ends.
 */

/** The row's fields as PostgreSQL renders them (jsonb as its canonical text, time in UTC to the microsecond). */
interface ChainRow {
  id: string;
  seq: string;
  prev_hash: string | null;
  hash: string;
  at: string;
  user_id: string | null;
  api_key_id: string | null;
  ip: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

/** The same text as platform.audit_canonical(): each field as `<length>:<text>` (null as `-`), joined by `|`. */
export function canonicalAuditRow(chain: string, r: Omit<ChainRow, 'id' | 'prev_hash' | 'hash'>): string {
  const fields = [chain, r.seq, r.at, r.user_id, r.api_key_id, r.ip, r.action, r.entity, r.entity_id, r.before, r.after];
  return fields.map((v) => (v === null ? '-' : `${[...v].length}:${v}`)).join('|');
}

export interface ChainProblem {
  /** altered: the row's content or hash changed; deleted: rows between two present ones are gone; deleted_tail: the last rows are gone. */
  kind: 'altered' | 'deleted' | 'deleted_tail';
  /** The row found altered, or the first row after the gap. */
  id: string | null;
  /** Positions in the chain of the missing rows (deleted) or of the altered row. */
  fromSeq: number;
  toSeq: number;
  message: string;
}

export interface ChainReport {
  chain: string;
  tenantId: string | null;
  rows: number;
  ok: boolean;
  /** The first problem met walking the chain from its start. */
  problem: ChainProblem | null;
}

const BATCH = 5000;

/** Walks one chain from its first row and reports the first altered or deleted row. */
export async function verifyChain(knex: Knex, tenantId: string | null): Promise<ChainReport> {
  const chain = tenantId ?? 'platform';
  let prevHash = '';
  let expectedSeq = 1;
  let rows = 0;
  const report = (problem: ChainProblem | null): ChainReport => ({ chain, tenantId, rows, ok: !problem, problem });
  for (;;) {
    const batch: ChainRow[] = await knex('platform.audit_log')
      .modify((q) => (tenantId ? q.where('tenant_id', tenantId) : q.whereNull('tenant_id')))
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(BATCH)
      .select(
        // bigint columns come back as strings (pg's default), as the canonical text needs them.
        'id',
        'seq',
        'prev_hash',
        'hash',
        knex.raw(`to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at`),
        knex.raw('user_id::text AS user_id'),
        knex.raw('api_key_id::text AS api_key_id'),
        'ip',
        'action',
        'entity',
        'entity_id',
        knex.raw('before::text AS before'),
        knex.raw('after::text AS after'),
      );
    for (const row of batch) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq)
        return report({ kind: 'deleted', id: row.id, fromSeq: expectedSeq, toSeq: seq - 1, message: `Удалены записи № ${expectedSeq}–${seq - 1} цепочки (перед записью id ${row.id})` });
      const hash = createHash('sha256').update(prevHash + canonicalAuditRow(chain, row), 'utf8').digest('hex');
      if (row.prev_hash !== prevHash || row.hash !== hash)
        return report({ kind: 'altered', id: row.id, fromSeq: seq, toSeq: seq, message: `Запись id ${row.id} (№ ${seq} цепочки) изменена: её хэш не сходится с содержимым и предыдущей записью` });
      prevHash = row.hash;
      expectedSeq++;
      rows++;
    }
    if (batch.length < BATCH) break;
  }
  const head = await knex('platform.audit_chains').where({ chain }).first('seq');
  const last = Number(head?.seq ?? 0);
  if (last >= expectedSeq)
    return report({ kind: 'deleted_tail', id: null, fromSeq: expectedSeq, toSeq: last, message: `Удалены последние записи цепочки: № ${expectedSeq}–${last}` });
  return report(null);
}

/** Every chain (each company's and the platform's), or one company's. */
export async function verifyAuditLog(knex: Knex, tenantId?: string): Promise<ChainReport[]> {
  if (tenantId) return [await verifyChain(knex, tenantId)];
  const chains: { chain: string }[] = await knex('platform.audit_chains').orderBy('chain').select('chain');
  const reports: ChainReport[] = [];
  for (const { chain } of chains) reports.push(await verifyChain(knex, chain === 'platform' ? null : chain));
  return reports;
}

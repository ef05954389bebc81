import { Injectable } from '@nestjs/common';
import { Database } from '../../platform/database/database';
import type { Knex } from '@mikro-orm/postgresql';

/** A WorkCloud tenant that has EDO: its platform id and schema (never read here beyond the platform schema). */
export interface EdoSubscriber {
  tenantId: string;
  schema: string;
  name: string;
}

const ACTIVE = ['trial', 'active', 'past_due'];

/**
 * The platform-level directory of ЭДО subscribers: tenants by ИНН/КПП (platform.tenants) that have the `edo`
 * module (platform.tenant_modules). It reads the platform schema only.
 */
@Injectable()
export class EdoDirectory {
  constructor(private readonly db: Database) {}

  /** The tenant with EDO whose ИНН (and КПП, when both sides have one) is this, other than `except`; null when none or ambiguous. */
  async find(inn: string, kpp: string | null | undefined, except: string, trx: Knex = this.db.knex): Promise<EdoSubscriber | null> {
    if (!inn) return null;
    const rows = await trx('platform.tenants as t')
      .join('platform.tenant_modules as tm', (j) => j.on('tm.tenant_id', 't.id').andOnVal('tm.module_code', 'edo'))
      .where('t.inn', inn)
      .whereIn('t.status', ACTIVE)
      .whereNot('t.id', except)
      .modify((q) => {
        if (kpp) q.where((w) => w.whereNull('t.kpp').orWhere('t.kpp', kpp));
      })
      .select('t.id as tenantId', 't.schema_name as schema', 't.name');
    return rows.length === 1 ? rows[0] : null;
  }

  /** A known peer by its platform id, if it still has EDO and is active. */
  async byId(tenantId: string, trx: Knex = this.db.knex): Promise<EdoSubscriber | null> {
    const row = await trx('platform.tenants as t')
      .join('platform.tenant_modules as tm', (j) => j.on('tm.tenant_id', 't.id').andOnVal('tm.module_code', 'edo'))
      .where('t.id', tenantId)
      .whereIn('t.status', ACTIVE)
      .first('t.id as tenantId', 't.schema_name as schema', 't.name');
    return row ?? null;
  }
}

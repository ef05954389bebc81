import type { TenantMigration } from '../../platform/tenancy/tenant-migrations';
import { accountRow } from './chart';

/**
 * What the declarations cannot do themselves, for companies that bought «Бухгалтерия» before a release.
 * Version 1: the chart gets 90.08 «Управленческие расходы» and 90.08.1, where «Закрытие месяца» closes 26 under
 * direct costing. An account the accountant has already added with that number is kept as it is.
 */
export const accountingMigrations: TenantMigration[] = [
  {
    version: 1,
    name: 'План счетов: 90.08 «Управленческие расходы» и 90.08.1',
    up: async (trx, schema) => {
      const table = `${schema.replace(/"/g, '')}.c_accounting_accounts`;
      const taken = new Set<string>(await trx(table).whereIn('code', ['90.08', '90.08.1']).pluck('code'));
      const rows = ['90.08', '90.08.1'].filter((code) => !taken.has(code)).map(accountRow);
      // A hand-made 90.08 stays the parent of the seeded 90.08.1.
      if (taken.has('90.08')) for (const r of rows) r.parent_id = (await trx(table).where({ code: '90.08' }).first('id')).id;
      if (rows.length) await trx(table).insert(rows);
      if (taken.has('90.08') && rows.length) await trx(table).where({ code: '90.08' }).update({ is_group: true });
    },
  },
];

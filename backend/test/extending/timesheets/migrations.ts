import type { TenantMigration } from '../../../src/platform/tenancy/tenant-migrations';

/**
 * What the declarations cannot do themselves. Version 1: the first release kept the hourly rate in
 * rubles (`decimal`); money in WorkCloud is kopecks (`money`, a bigint column).
 */
export const timesheetsMigrations: TenantMigration[] = [
  {
    version: 1,
    name: 'Ставка в час: рубли → копейки',
    up: async (trx, schema) => {
      await trx.raw(`ALTER TABLE ${schema}.c_timesheets_projects ALTER COLUMN hourly_rate TYPE bigint USING round(hourly_rate * 100)`);
    },
  },
];

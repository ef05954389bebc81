import type { AppConfig } from '../config';
import { hashPassword } from './auth/passwords';
import type { Database } from './database/database';
import { migratePlatform } from './database/platform-migrations';
import type { WorkcloudModule } from './modules/define-module';
import { seedModuleCatalogue } from './modules/module-catalogue';
import { randomUUID } from 'node:crypto';

/**
 * Makes the platform schema current, the catalogue hold this build's modules and the owner account present. Safe to run on every start
 * and from several processes at once (migrations take an advisory lock; inserts ignore conflicts).
 */
export async function bootstrapPlatform(db: Database, config: Pick<AppConfig, 'ownerEmail' | 'ownerPassword'>, modules: WorkcloudModule[]): Promise<void> {
  await migratePlatform(db.knex);
  await seedModuleCatalogue(db.knex, modules);
  const owner = await db.knex('platform.users').whereRaw('lower(email) = ?', [config.ownerEmail]).first('id', 'is_owner');
  if (!owner) {
    await db.knex('platform.users')
      .insert({ id: randomUUID(), email: config.ownerEmail, full_name: 'Владелец WorkCloud', password_hash: await hashPassword(config.ownerPassword), is_owner: true })
      .onConflict(db.knex.raw('(lower(email))'))
      .ignore();
  } else if (!owner.is_owner) {
    await db.knex('platform.users').where({ id: owner.id }).update({ is_owner: true });
  }
}

import { Injectable } from '@nestjs/common';
import { DataEncryption } from '../../platform/crypto';
import { Database } from '../../platform/database/database';

/**
 * The module's secrets at rest (the software signer's private keys, the operator's token), sealed with the
 * platform's DataEncryption under the company's own data key: the generic read API of their catalogs shows
 * only the sealed text. The module's code knows a company by its schema; the key is the tenant's.
 */
@Injectable()
export class EdoSecrets {
  private readonly tenantOfSchema = new Map<string, string>();

  constructor(
    private readonly db: Database,
    private readonly encryption: DataEncryption,
  ) {}

  async seal(schema: string, plain: string): Promise<string> {
    return this.encryption.encrypt(plain, await this.tenantOf(schema));
  }

  async open(schema: string, sealed: string): Promise<string> {
    return this.encryption.decrypt(sealed, await this.tenantOf(schema));
  }

  private async tenantOf(schema: string): Promise<string> {
    let id = this.tenantOfSchema.get(schema);
    if (!id) {
      const row = await this.db.knex('platform.tenants').where({ schema_name: schema }).first('id');
      if (!row) throw new Error(`No tenant has schema ${schema}`);
      id = row.id as string;
      this.tenantOfSchema.set(schema, id);
    }
    return id;
  }
}

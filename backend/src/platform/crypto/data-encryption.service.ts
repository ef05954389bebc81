import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { Database } from '../database/database';
import { blindIndex, deriveKeys, open, seal } from './envelope';
import { masterKeyOf } from './master-key';

/** The keys of one scope (a tenant, or the platform's own), unwrapped. */
interface ScopeKeys {
  encryption: Buffer;
  search: Buffer;
}

/** The scope of secrets that belong to no tenant (e.g. a person's TOTP secret). */
export const PLATFORM_SCOPE = 'platform';

/**
 * Envelope encryption at rest. Each scope — a tenant id, or `platform` — has its own random data key,
 * stored in `platform.data_keys` only wrapped (AES-256-GCM) by the master key of the configuration
 * (DATA_ENCRYPTION_KEY, see master-key.ts; the first of its keys wraps, any of them unwraps) and bound to its scope. Values are sealed with a key derived
 * from the scope's data key; a second derived key gives the keyed hash (HMAC) by which an encrypted value
 * is found. Unwrapped keys stay in this process's memory, one per scope.
 *
 * Anyone may use it: `encrypt(text, scope)` / `decrypt(sealed, scope)`.
 */
@Injectable()
export class DataEncryption {
  private readonly keys = new Map<string, Promise<ScopeKeys>>();

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'masterKey'>,
  ) {}

  async encrypt(plaintext: string, scope: string = PLATFORM_SCOPE): Promise<string> {
    return seal((await this.keysOf(scope)).encryption, plaintext, scope);
  }

  async decrypt(sealed: string, scope: string = PLATFORM_SCOPE): Promise<string> {
    return open((await this.keysOf(scope)).encryption, sealed, scope).toString('utf8');
  }

  /** The keyed hash of a value in a scope: store it beside the ciphertext, search by it. */
  async searchHash(value: string, scope: string = PLATFORM_SCOPE): Promise<string> {
    return blindIndex((await this.keysOf(scope)).search, value);
  }

  private keysOf(scope: string): Promise<ScopeKeys> {
    let keys = this.keys.get(scope);
    if (!keys) {
      keys = this.load(scope);
      this.keys.set(scope, keys);
      keys.catch(() => this.keys.delete(scope));
    }
    return keys;
  }

  /** The scope's data key, made on first use; two processes making it at once keep the first one written. */
  private async load(scope: string): Promise<ScopeKeys> {
    const master = this.config.masterKey;
    await this.db
      .knex('platform.data_keys')
      .insert({ scope, master_kid: master.kid, wrapped_key: seal(master.key, randomBytes(32), scope) })
      .onConflict('scope')
      .ignore();
    const row = await this.db.knex('platform.data_keys').where({ scope }).first('master_kid', 'wrapped_key');
    // Wrapped by an earlier master key not yet rewrapped (rotation): that key, kept second in DATA_ENCRYPTION_KEY, opens it.
    return deriveKeys(open(masterKeyOf(master, row.master_kid, scope).key, row.wrapped_key, scope));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { SecretBox } from '../../platform/auth/secret-box';
import { APP_CONFIG } from '../../platform/cache/tokens';
import type { AppConfig } from '../../config';

/**
 * The module's secrets at rest (the software signer's private keys, the operator's token) sealed with the platform's
 * SecretBox: the generic read API of their catalogs shows only the sealed text.
 */
@Injectable()
export class EdoSecrets {
  private boxCache?: SecretBox;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get box(): SecretBox {
    return (this.boxCache ??= SecretBox.from(process.env, this.config.dataDir));
  }

  seal(plain: string): string {
    return this.box.seal(plain);
  }

  open(sealed: string): string {
    return this.box.open(sealed);
  }
}

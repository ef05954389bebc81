import { Injectable } from '@nestjs/common';
import { Problem } from '../../../platform/http/problem';
import type { EdoSignature, EdoSigner, SignRequest } from '../signer';
import { signDetached } from './cms';
import { EdoKeyStore } from './key-store';
import { authorityProblem } from './verify';

/**
 * The software signer: the company's certificate and key from its key store (issued by a local test CA in tests and
 * the demo). Refuses (422) when there is no key or the certificate is not the sending organization's and no МЧД of
 * that organization is attached.
 */
@Injectable()
export class SoftwareSigner implements EdoSigner {
  constructor(private readonly keys: EdoKeyStore) {}

  async sign(content: Buffer, request: SignRequest): Promise<EdoSignature> {
    const key = await this.keys.signingKey(request.schema);
    if (!key) throw Problem.unprocessable('Нет действующего сертификата подписи: администратор загружает сертификат и ключ в настройках ЭДО (POST /api/edo/signing/keys).');
    const refused = authorityProblem(key.certificate, request.organizationInn, request.poa);
    if (refused) throw Problem.unprocessable(refused);
    return { kind: 'cms', der: signDetached(content, key.certificate, key.privateKey), poa: request.poa ?? null };
  }
}

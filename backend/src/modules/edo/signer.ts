/**
 * Signing of ЭДО files. A qualified signature (detached CMS SignedData over the exact file bytes, ГОСТ Р
 * 34.10-2012 / 34.11-2012) is the next step of the module (issue 13: a software signer with a local test CA,
 * КриптоПро DSS and browser plug-in adapters). Until then the only signer is `NoSignatureSigner`: it signs
 * nothing, every stored file is marked `signature: 'none'`, and the service files that must carry the
 * signature of the file they answer say «подпись не сформирована». Nothing here imitates a signature.
 */
export interface EdoSignature {
  kind: 'none' | 'cms';
  /** DER of the detached CMS SignedData; null when the file is not signed. */
  der: Buffer | null;
}

export interface EdoSigner {
  sign(content: Buffer, signer: { tenantId: string; userId: string }): Promise<EdoSignature>;
}

export class NoSignatureSigner implements EdoSigner {
  async sign(): Promise<EdoSignature> {
    return { kind: 'none', der: null };
  }
}

/** Nest injection token of the signer. */
export const EDO_SIGNER = Symbol('EDO_SIGNER');

/**
 * Signing of ЭДО files: a detached CMS SignedData (DER) over the exact file bytes, ГОСТ Р 34.10-2012 / 34.11-2012.
 * The signer is pluggable (Nest token EDO_SIGNER): the software signer of signing/ (keys issued by a CA the
 * company loads — a local test CA in tests and the demo); КриптоПро DSS and the browser plug-in are other
 * implementations of the same interface (not built yet).
 */
import type { SignerCertificate, VerificationStatus } from '@workcloud/shared-core';

export interface EdoSignature {
  kind: 'none' | 'cms';
  /** DER of the detached CMS SignedData; null when the file is not signed. */
  der: Buffer | null;
  /** A машиночитаемая доверенность sent with the signature when the certificate is not the organization's own. */
  poa?: PowerOfAttorney | null;
}

export interface PowerOfAttorney {
  number: string;
  /** The ИНН of the organization that gave the power of attorney (must be the sender). */
  principalInn: string;
}

export interface SignRequest {
  tenantId: string;
  /** The tenant's schema: where the software signer keeps the company's certificate and key. */
  schema: string;
  userId: string;
  /** The ИНН of the organization on whose behalf the file is signed. */
  organizationInn: string;
  poa?: PowerOfAttorney | null;
}

export interface EdoSigner {
  sign(content: Buffer, request: SignRequest): Promise<EdoSignature>;
}

export const VERIFICATION_TITLES: Record<VerificationStatus, string> = {
  unsigned: 'Без подписи',
  not_checked: 'Не проверялась',
  valid: 'Подпись действительна',
  invalid: 'Подпись недействительна: файл изменён',
  untrusted: 'Сертификат не доверенный',
  no_authority: 'Подписант без полномочий',
};

export type { SignerCertificate };

/** What the check of an incoming file's signature found. Only `valid` may be accepted. */
export interface Verification {
  status: VerificationStatus;
  note: string;
  signer?: SignerCertificate | null;
  /** ISO UTC, from the signingTime attribute. */
  signedAt?: string | null;
}

/** Nest injection token of the signer. */
export const EDO_SIGNER = Symbol('EDO_SIGNER');

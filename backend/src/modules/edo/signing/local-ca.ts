import { type CertificateSubject, issueCertificate, parseCertificate } from './certificates';
import { generateKeyPair } from './gost';

export interface IssuedKey {
  certificate: Buffer;
  privateKey: Buffer;
}

const YEAR = 365 * 24 * 3600 * 1000;

/**
 * A local certification authority for tests and the demo: a self-signed ГОСТ root that issues signing certificates
 * (organization with ИНН/ОГРН, or a person with ИНН ФЛ). Nothing it issues is a qualified certificate.
 */
export function createLocalCa(name: string, validity = { from: new Date(Date.now() - YEAR), to: new Date(Date.now() + 5 * YEAR) }) {
  const keys = generateKeyPair();
  const root = issueCertificate({ subject: { commonName: name, organization: name }, publicKey: keys.publicKey, signingKey: keys, notBefore: validity.from, notAfter: validity.to, isCa: true });
  const rootCert = parseCertificate(root);
  return {
    root,
    issue(subject: CertificateSubject, period = { from: new Date(Date.now() - YEAR / 12), to: new Date(Date.now() + YEAR) }): IssuedKey {
      const own = generateKeyPair();
      const certificate = issueCertificate({ subject, publicKey: own.publicKey, issuer: { certificate: rootCert, privateKey: keys.privateKey }, notBefore: period.from, notAfter: period.to });
      return { certificate, privateKey: own.privateKey };
    },
  };
}

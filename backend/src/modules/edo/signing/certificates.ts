import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type GostKeyPair, gostSign, gostVerify, OID } from './gost';

/** Who a certificate names: the organization (ИНН ЮЛ, ОГРН) or a person (ИНН ФЛ), and the common name. */
export interface CertificateSubject {
  commonName: string;
  organization?: string;
  /** ИНН ЮЛ (10 digits, 1.2.643.100.4) or ИНН ФЛ (12 digits, 1.2.643.3.131.1.1). */
  inn?: string;
  /** ОГРН (1.2.643.100.1). */
  ogrn?: string;
}

export interface CertificateInfo extends CertificateSubject {
  serial: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
}

const ab = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const buf = (b: ArrayBuffer) => Buffer.from(new Uint8Array(b));

function names(s: CertificateSubject): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: asn1js.BaseBlock) => new pkijs.AttributeTypeAndValue({ type, value: value as never });
  const values = [rdn(OID.commonName, new asn1js.Utf8String({ value: s.commonName }))];
  if (s.organization) values.push(rdn(OID.organization, new asn1js.Utf8String({ value: s.organization })));
  if (s.inn) values.push(rdn(s.inn.length === 10 ? OID.innLegal : OID.inn, new asn1js.NumericString({ value: s.inn })));
  if (s.ogrn) values.push(rdn(OID.ogrn, new asn1js.NumericString({ value: s.ogrn })));
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: values });
}

/** The GOST public key as a certificate carries it: OCTET STRING of 64 bytes, algorithm with its parameter set. */
function publicKeyInfo(publicKey: Buffer): pkijs.PublicKeyInfo {
  return new pkijs.PublicKeyInfo({
    algorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.gost3410_256,
      algorithmParams: new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.paramSetA256 }), new asn1js.ObjectIdentifier({ value: OID.streebog256 })] }),
    }),
    subjectPublicKey: new asn1js.BitString({ valueHex: new asn1js.OctetString({ valueHex: ab(publicKey) }).toBER() }),
  });
}

/** The 64 bytes of a certificate's GOST public key. */
export function publicKeyOf(cert: pkijs.Certificate): Buffer {
  const octets = asn1js.fromBER(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice().buffer);
  if (octets.offset === -1 || !(octets.result instanceof asn1js.OctetString)) throw new Error('Открытый ключ сертификата не в формате ГОСТ');
  return buf(octets.result.valueBlock.valueHexView.slice().buffer);
}

/**
 * Issues a certificate signed with the issuer's key (ГОСТ Р 34.10-2012 over Стрибог-256 of the TBS). Without an
 * issuer it is self-signed: the root of a (test) CA.
 */
export function issueCertificate(params: {
  subject: CertificateSubject;
  publicKey: Buffer;
  issuer?: { certificate: pkijs.Certificate; privateKey: Buffer };
  signingKey?: GostKeyPair;
  notBefore: Date;
  notAfter: Date;
  isCa?: boolean;
}): Buffer {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = new asn1js.Integer({ valueHex: ab(serial) });
  cert.subject = names(params.subject);
  cert.issuer = params.issuer ? params.issuer.certificate.subject : names(params.subject);
  cert.notBefore = new pkijs.Time({ type: 0, value: params.notBefore });
  cert.notAfter = new pkijs.Time({ type: 0, value: params.notAfter });
  cert.subjectPublicKeyInfo = publicKeyInfo(params.publicKey);
  if (params.isCa)
    cert.extensions = [new pkijs.Extension({ extnID: OID.basicConstraints, critical: true, extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(false) })];
  const algorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.signWithDigest256 });
  cert.signature = algorithm;
  cert.signatureAlgorithm = algorithm;
  const issuerKey = params.issuer?.privateKey ?? params.signingKey?.privateKey;
  if (!issuerKey) throw new Error('Нет ключа издателя сертификата');
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER());
  cert.signatureValue = new asn1js.BitString({ valueHex: ab(gostSign(issuerKey, buf(cert.tbsView.slice().buffer))) });
  return buf(cert.toSchema(true).toBER());
}

export function parseCertificate(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(ab(der));
}

const text = (v: any) => String(v?.valueBlock?.value ?? '');

export function describeCertificate(cert: pkijs.Certificate): CertificateInfo {
  const attr = (oid: string) => cert.subject.typesAndValues.find((t) => t.type === oid)?.value;
  const basic = cert.extensions?.find((e) => e.extnID === OID.basicConstraints)?.parsedValue as pkijs.BasicConstraints | undefined;
  return {
    commonName: text(attr(OID.commonName)),
    organization: text(attr(OID.organization)) || undefined,
    inn: text(attr(OID.innLegal)) || text(attr(OID.inn)) || undefined,
    ogrn: text(attr(OID.ogrn)) || undefined,
    serial: buf(cert.serialNumber.valueBlock.valueHexView.slice().buffer).toString('hex'),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    isCa: !!basic?.cA,
  };
}

/** Was `cert` issued by `issuer`: the issuer's name and its key's signature over the certificate's TBS. */
export function isIssuedBy(cert: pkijs.Certificate, issuer: pkijs.Certificate): boolean {
  if (!Buffer.from(cert.issuer.toSchema().toBER()).equals(Buffer.from(issuer.subject.toSchema().toBER()))) return false;
  return gostVerify(publicKeyOf(issuer), buf(cert.signatureValue.valueBlock.valueHexView.slice().buffer), buf(cert.tbsView.slice().buffer));
}

export const isValidAt = (cert: pkijs.Certificate, at: Date) => cert.notBefore.value <= at && at <= cert.notAfter.value;

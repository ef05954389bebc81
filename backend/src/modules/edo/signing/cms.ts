import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describeCertificate, parseCertificate } from './certificates';
import { publicKeyOf } from './certificates';
import { gostSign, gostVerify, OID, streebog256 } from './gost';

const ab = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const buf = (v: Uint8Array) => Buffer.from(v);

/** DER of SET OF: the elements ordered by their encodings (X.690 11.6). */
function derSet(items: asn1js.BaseBlock[]): { set: asn1js.Set; ordered: asn1js.BaseBlock[] } {
  const ordered = [...items].sort((a, b) => Buffer.compare(Buffer.from(a.toBER()), Buffer.from(b.toBER())));
  return { set: new asn1js.Set({ value: ordered }), ordered };
}

/**
 * A detached CMS SignedData (RFC 5652, ГОСТ per RFC 4490/7836) over the exact file bytes: signed attributes
 * contentType, signingTime and messageDigest (Стрибог-256 of the file); the signer's certificate included.
 */
export function signDetached(content: Buffer, certificateDer: Buffer, privateKey: Buffer, signingTime = new Date()): Buffer {
  const cert = parseCertificate(certificateDer);
  const attrs = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: ab(streebog256(content)) })] }),
  ];
  const { set } = derSet(attrs.map((a) => a.toSchema()));
  const ordered = set.valueBlock.value.map((s) => new pkijs.Attribute({ schema: s }));
  const signature = gostSign(privateKey, Buffer.from(set.toBER()));
  const digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.streebog256 });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [digestAlgorithm],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        digestAlgorithm,
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: ordered }),
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.gost3410_256 }),
        signature: new asn1js.OctetString({ valueHex: ab(signature) }),
      }),
    ],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(info.toSchema().toBER());
}

export interface CmsCheck {
  /** The file matches the signature and the signature is the certificate's key's. */
  intact: boolean;
  problem?: string;
  certificate: pkijs.Certificate | null;
  /** The other certificates the signature carries (intermediates). */
  others: pkijs.Certificate[];
  signedAt: Date | null;
}

/** Checks a detached signature against the file bytes: the digest, then the signature over the signed attributes. */
export function checkDetached(content: Buffer, der: Buffer): CmsCheck {
  let signed: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(ab(der));
    if (info.contentType !== OID.signedData) throw new Error('not SignedData');
    signed = new pkijs.SignedData({ schema: info.content });
  } catch {
    return { intact: false, problem: 'Подпись не читается как CMS SignedData.', certificate: null, others: [], signedAt: null };
  }
  const signer = signed.signerInfos[0];
  const certs = (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signer?.sid instanceof pkijs.IssuerAndSerialNumber ? signer.sid : null;
  const certificate = sid ? (certs.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer)) ?? null) : null;
  const others = certs.filter((c) => c !== certificate);
  if (!signer || !certificate) return { intact: false, problem: 'В подписи нет сертификата подписанта.', certificate: null, others, signedAt: null };
  const attr = (oid: string) => signer.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
  const time = attr(OID.signingTime);
  const signedAt = time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime ? time.toDate() : null;
  const digest = attr(OID.messageDigest);
  if (signer.digestAlgorithm.algorithmId !== OID.streebog256 || !(digest instanceof asn1js.OctetString))
    return { intact: false, problem: 'Подпись сделана не по ГОСТ Р 34.11-2012 (Стрибог-256).', certificate, others, signedAt };
  if (!buf(digest.valueBlock.valueHexView).equals(streebog256(content)))
    return { intact: false, problem: 'Файл изменён после подписания: хэш файла не совпадает с подписанным.', certificate, others, signedAt };
  const attrsDer = Buffer.from(new Uint8Array(signer.signedAttrs!.encodedValue));
  attrsDer[0] = 0x31; // signed over as SET OF, stored as [0] IMPLICIT
  if (!gostVerify(publicKeyOf(certificate), buf(signer.signature.valueBlock.valueHexView), attrsDer))
    return { intact: false, problem: 'Подпись не соответствует ключу сертификата подписанта.', certificate, others, signedAt };
  return { intact: true, certificate, others, signedAt };
}

export const subjectOfSignature = (check: CmsCheck) => (check.certificate ? describeCertificate(check.certificate) : null);

import { GostEngine } from '@wavesenterprise/crypto-gost-js';

/**
 * ГОСТ Р 34.10-2012 (256 bits, curve id-tc26-gost-3410-12-256-paramSetA) and ГОСТ Р 34.11-2012 Стрибог-256, from the
 * pure-JS implementation. `sign` hashes the data itself (Стрибог-256), as the CMS signature over signed attributes needs.
 */
const SIGN = { name: 'GOST R 34.10', version: 2012, mode: 'SIGN', length: 256, namedCurve: 'S-256-A', hash: { name: 'GOST R 34.11', version: 2012, length: 256 } };
const DIGEST = { name: 'GOST R 34.11', version: 2012, length: 256 };

export const OID = {
  /** id-tc26-gost3410-12-256: the public key algorithm (also SignerInfo.signatureAlgorithm, RFC 4490). */
  gost3410_256: '1.2.643.7.1.1.1.1',
  /** id-tc26-signwithdigest-gost3410-12-256: a certificate's signature algorithm. */
  signWithDigest256: '1.2.643.7.1.1.3.2',
  /** id-tc26-gost3411-12-256 (Стрибог-256). */
  streebog256: '1.2.643.7.1.1.2.2',
  /** id-tc26-gost-3410-12-256-paramSetA. */
  paramSetA256: '1.2.643.7.1.2.1.1.1',
  innLegal: '1.2.643.100.4',
  inn: '1.2.643.3.131.1.1',
  ogrn: '1.2.643.100.1',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  basicConstraints: '2.5.29.19',
} as const;

export interface GostKeyPair {
  /** 32 bytes. */
  privateKey: Buffer;
  /** 64 bytes, as the certificate's subjectPublicKey carries it. */
  publicKey: Buffer;
}

const bytes = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b);
const arrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export function generateKeyPair(): GostKeyPair {
  const pair = GostEngine.getGostSign(SIGN).generateKey();
  return { privateKey: bytes(pair.privateKey), publicKey: bytes(pair.publicKey) };
}

export function gostSign(privateKey: Buffer, data: Buffer): Buffer {
  return bytes(GostEngine.getGostSign(SIGN).sign(arrayBuffer(privateKey), arrayBuffer(data)));
}

export function gostVerify(publicKey: Buffer, signature: Buffer, data: Buffer): boolean {
  try {
    return !!GostEngine.getGostSign(SIGN).verify(arrayBuffer(publicKey), arrayBuffer(signature), arrayBuffer(data));
  } catch {
    return false;
  }
}

export function streebog256(data: Buffer): Buffer {
  return bytes(GostEngine.getGostDigest(DIGEST).digest(arrayBuffer(data)));
}

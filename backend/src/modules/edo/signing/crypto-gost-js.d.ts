// The part of @wavesenterprise/crypto-gost-js (no types of its own) that gost.ts uses.
declare module '@wavesenterprise/crypto-gost-js' {
  interface GostSign {
    generateKey(): { privateKey: ArrayBuffer; publicKey: ArrayBuffer };
    sign(privateKey: ArrayBuffer, data: ArrayBuffer): ArrayBuffer;
    verify(publicKey: ArrayBuffer, signature: ArrayBuffer, data: ArrayBuffer): boolean;
  }
  interface GostDigest {
    digest(data: ArrayBuffer): ArrayBuffer;
  }
  export const GostEngine: {
    getGostSign(algorithm: object): GostSign;
    getGostDigest(algorithm: object): GostDigest;
  };
}

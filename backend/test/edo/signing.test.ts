import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { describeCertificate, parseCertificate } from '../../src/modules/edo/signing/certificates';
import { signDetached } from '../../src/modules/edo/signing/cms';
import { createLocalCa } from '../../src/modules/edo/signing/local-ca';
import { authorityProblem, verifySignature } from '../../src/modules/edo/signing/verify';

/**
 * The crypto of ЭДО alone: a local test CA (ГОСТ Р 34.10-2012), a detached CMS signature over the exact bytes, its
 * check against the trusted roots and the sender's ИНН. The exchange over HTTP is in signed-exchange.test.ts.
 */
const ca = createLocalCa('Тестовый УЦ WorkCloud');
const seller = ca.issue({ commonName: 'Иванов Иван Иванович', organization: 'ООО «Техноторг»', inn: '7701234567', ogrn: '1027700132195' });
const file = Buffer.from('<?xml version="1.0" encoding="windows-1251"?><Файл ИдФайл="ON_NSCHFDOPPR_1"/>', 'latin1');

describe('detached CMS signature, ГОСТ Р 34.10-2012 / Стрибог-256', () => {
  test('the certificate names the organization: ИНН ЮЛ, ОГРН, common name; openssl reads the certificate and the CMS', () => {
    const info = describeCertificate(parseCertificate(seller.certificate));
    expect(info).toMatchObject({ commonName: 'Иванов Иван Иванович', organization: 'ООО «Техноторг»', inn: '7701234567', ogrn: '1027700132195', isCa: false });
    expect(describeCertificate(parseCertificate(ca.root)).isCa).toBe(true);
    // An independent DER parser accepts both structures (no ГОСТ engine needed to parse).
    const der = signDetached(file, seller.certificate, seller.privateKey);
    const cms = execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: der }).toString();
    expect(cms).toContain('pkcs7-signedData');
    expect(cms).toContain('GOST R 34.11-2012 with 256 bit hash'); // Стрибог-256, as openssl names it
    expect(cms).toContain('GOST R 34.10-2012 with 256 bit modulus');
    expect(cms).toContain('messageDigest');
    expect(execFileSync('openssl', ['asn1parse', '-inform', 'DER'], { input: seller.certificate }).toString()).toContain('1.2.643.100.4');
  });

  test('a signature made by the local test CA verifies with its root and fails without it', () => {
    const at = new Date(Date.now() - 3600_000);
    const der = signDetached(file, seller.certificate, seller.privateKey, at);
    const ok = verifySignature(file, der, { trustedRoots: [ca.root], senderInn: '7701234567' });
    expect(ok).toMatchObject({ status: 'valid', signer: { inn: '7701234567' }, signedAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString() });
    expect(verifySignature(file, der, { trustedRoots: [], senderInn: '7701234567' }).status).toBe('untrusted');
    const otherCa = createLocalCa('Чужой УЦ');
    expect(verifySignature(file, der, { trustedRoots: [otherCa.root], senderInn: '7701234567' }).status).toBe('untrusted');
  });

  test('a tampered file fails: one changed byte', () => {
    const der = signDetached(file, seller.certificate, seller.privateKey);
    const tampered = Buffer.from(file);
    tampered[tampered.length - 4] ^= 1;
    const v = verifySignature(tampered, der, { trustedRoots: [ca.root], senderInn: '7701234567' });
    expect(v.status).toBe('invalid');
    expect(v.note).toMatch(/Файл изменён после подписания/);
  });

  test('a certificate of another ИНН signs only with an МЧД of the sender', () => {
    const stranger = ca.issue({ commonName: 'Петров Пётр', inn: '500100732259' });
    expect(authorityProblem(stranger.certificate, '7701234567')).toMatch(/выдан на ИНН 500100732259.*приложите МЧД/);
    expect(authorityProblem(stranger.certificate, '7701234567', { number: 'МЧД-1', principalInn: '7800000000' })).toMatch(/не даёт права подписи/);
    expect(authorityProblem(stranger.certificate, '7701234567', { number: 'МЧД-1', principalInn: '7701234567' })).toBeNull();
    const der = signDetached(file, stranger.certificate, stranger.privateKey);
    expect(verifySignature(file, der, { trustedRoots: [ca.root], senderInn: '7701234567' }).status).toBe('no_authority');
    expect(verifySignature(file, der, { trustedRoots: [ca.root], senderInn: '7701234567', poa: { number: 'МЧД-1', principalInn: '7701234567' } }).status).toBe('valid');
  });

  test('a certificate expired at the signing time is not trusted', () => {
    const old = ca.issue({ commonName: 'Старый', inn: '7701234567' }, { from: new Date('2020-01-01'), to: new Date('2021-01-01') });
    const der = signDetached(file, old.certificate, old.privateKey, new Date('2026-03-10T09:00:00Z'));
    const v = verifySignature(file, der, { trustedRoots: [ca.root], senderInn: '7701234567' });
    expect(v.status).toBe('untrusted');
    expect(v.note).toMatch(/не действовал в момент подписания/);
  });
});

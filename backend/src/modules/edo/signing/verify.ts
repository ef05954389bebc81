import type { PowerOfAttorney, SignerCertificate, Verification } from '../signer';
import { describeCertificate, isIssuedBy, isValidAt, parseCertificate } from './certificates';
import { checkDetached } from './cms';

const iso = (d: Date) => d.toISOString();

/**
 * The check of an incoming file (or of our own before sending): the CMS signature over the exact bytes, a chain from
 * the signer's certificate to one of the company's trusted roots, every certificate valid at the signing time, and the
 * signer's authority — the certificate names the sender's ИНН, or an МЧД of the sender is attached.
 */
export function verifySignature(content: Buffer, der: Buffer | null, opts: { trustedRoots: Buffer[]; senderInn: string; poa?: PowerOfAttorney | null }): Verification {
  if (!der) return { status: 'unsigned', note: 'Файл не подписан.' };
  const check = checkDetached(content, der);
  const info = check.certificate ? describeCertificate(check.certificate) : null;
  const signer: SignerCertificate | null = info
    ? { name: [info.commonName, info.organization].filter(Boolean).join(', '), inn: info.inn ?? null, commonName: info.commonName, organization: info.organization ?? null, serial: info.serial, validFrom: iso(info.notBefore), validTo: iso(info.notAfter) }
    : null;
  const signedAt = check.signedAt ? iso(check.signedAt) : null;
  if (!check.intact || !check.certificate) return { status: 'invalid', note: check.problem ?? 'Подпись недействительна.', signer, signedAt };
  const at = check.signedAt ?? new Date();

  // The chain: signer ← intermediates carried in the signature ← a trusted root; each valid at the signing time.
  const roots = opts.trustedRoots.map(parseCertificate);
  let current = check.certificate;
  let trusted = false;
  for (let depth = 0; depth < 5 && !trusted; depth++) {
    if (!isValidAt(current, at)) return { status: 'untrusted', note: `Сертификат «${describeCertificate(current).commonName}» не действовал в момент подписания (${iso(at)}).`, signer, signedAt };
    const root = roots.find((r) => isIssuedBy(current, r));
    if (root) {
      if (!isValidAt(root, at)) return { status: 'untrusted', note: `Корневой сертификат «${describeCertificate(root).commonName}» не действовал в момент подписания.`, signer, signedAt };
      trusted = true;
      break;
    }
    const parent = check.others.find((c) => c !== current && isIssuedBy(current, c) && describeCertificate(c).isCa);
    if (!parent) break;
    current = parent;
  }
  if (!trusted)
    return { status: 'untrusted', note: `Цепочка сертификата «${info!.commonName}» не ведёт к доверенному корневому сертификату компании. Администратор добавляет корневые сертификаты в настройках ЭДО.`, signer, signedAt };

  if (info!.inn !== opts.senderInn) {
    if (!opts.poa) return { status: 'no_authority', note: `Сертификат выдан на ИНН ${info!.inn ?? '—'}, а документ от ИНН ${opts.senderInn}, и машиночитаемая доверенность не приложена.`, signer, signedAt };
    if (opts.poa.principalInn !== opts.senderInn) return { status: 'no_authority', note: `МЧД № ${opts.poa.number} выдана ИНН ${opts.poa.principalInn}, а документ от ИНН ${opts.senderInn}.`, signer, signedAt };
  }
  const by = opts.poa && info!.inn !== opts.senderInn ? ` по МЧД № ${opts.poa.number}` : '';
  return { status: 'valid', note: `Подпись действительна: ${signer!.name}${by}, ${iso(at)}.`, signer, signedAt };
}

/** Why a signer may not sign for this organization, or null: its certificate's ИНН, or an МЧД of the organization. */
export function authorityProblem(certificateDer: Buffer, organizationInn: string, poa?: PowerOfAttorney | null): string | null {
  const info = describeCertificate(parseCertificate(certificateDer));
  if (info.inn === organizationInn) return null;
  if (!poa) return `Сертификат подписанта «${info.commonName}» выдан на ИНН ${info.inn ?? '—'}, а документ отправляет организация с ИНН ${organizationInn}. Подпишите сертификатом организации или приложите МЧД (номер и ИНН доверителя): доверенности организации на своих представителей администратор добавляет в «Сертификаты ЭДО».`;
  if (poa.principalInn !== organizationInn) return `МЧД № ${poa.number} выдана организацией с ИНН ${poa.principalInn}, а документ отправляет ИНН ${organizationInn}: такая доверенность не даёт права подписи.`;
  return null;
}

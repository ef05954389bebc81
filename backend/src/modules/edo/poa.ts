import type { Knex } from '@mikro-orm/postgresql';
import { edoPowersOfAttorney } from './catalogs';
import type { PowerOfAttorney } from './signer';
import { describeCertificate, parseCertificate } from './signing/certificates';
import { edoTable } from './store';

/**
 * The МЧД to send with a signature: when the signing certificate names a person (or another ИНН) rather than the
 * organization, the company's доверенность from the organization to that person, valid today. Null when the
 * certificate is the organization's own or no доверенность fits (the signer then refuses, saying so).
 */
export async function powerOfAttorneyFor(knex: Knex, schema: string, certificate: Buffer | null, organizationInn: string, today: string): Promise<PowerOfAttorney | null> {
  if (!certificate) return null;
  const holderInn = describeCertificate(parseCertificate(certificate)).inn;
  if (!holderInn || holderInn === organizationInn) return null;
  const row = await knex(edoTable(schema, edoPowersOfAttorney))
    .where({ principal_inn: organizationInn, representative_inn: holderInn, deletion_mark: false })
    .where('valid_from', '<=', today)
    .where('valid_to', '>=', today)
    .orderBy('valid_to', 'desc')
    .first('number');
  return row ? { number: row.number, principalInn: organizationInn } : null;
}

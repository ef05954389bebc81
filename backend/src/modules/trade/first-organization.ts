import { randomUUID } from 'node:crypto';
import { catalogFields, searchText } from '../../platform/engine/records';
import type { ModuleSeed } from '../../platform/tenancy/tenant-migrator';
import { organizations } from './catalogs';

/**
 * The company's requisites from onboarding (name, ИНН, КПП) become its first Организация when it gets trade —
 * at onboarding or when it buys trade later — so a new user issues a Счёт at once; the other fields take
 * their declared defaults (ОСНО, no negative stock, average cost).
 */
export const seedFirstOrganization: ModuleSeed = async (trx, schema, company) => {
  const defaults = Object.fromEntries(Object.entries(organizations.fields).filter(([, f]) => f.default !== undefined).map(([n, f]) => [n, f.default]));
  const values = { ...defaults, name: company.name, inn: company.inn, kpp: company.kpp };
  await trx(`${schema.replace(/"/g, '')}.c_trade_organizations`).insert({ id: randomUUID(), ...values, search_text: searchText(catalogFields(organizations), values, []) });
};

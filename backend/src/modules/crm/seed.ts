import { randomUUID } from 'node:crypto';
import { catalogFields, searchText } from '../../platform/engine/records';
import type { ModuleSeed } from '../../platform/tenancy/tenant-migrator';
import { funnels, stages } from './crm.catalog';

/** The funnel a company starts with; the admin renames, adds and removes stages and funnels in the catalogs. */
const FIRST_STAGES = [
  { name: 'Новая', probability: 10, outcome: 'open', required_fields: null },
  { name: 'Переговоры', probability: 40, outcome: 'open', required_fields: 'contact' },
  { name: 'Счёт выставлен', probability: 70, outcome: 'open', required_fields: 'amount,expected_close' },
  { name: 'Выиграна', probability: 100, outcome: 'won', required_fields: 'amount' },
  { name: 'Проиграна', probability: 0, outcome: 'lost', required_fields: 'lost_reason' },
];

export const seedFirstFunnel: ModuleSeed = async (trx, schema) => {
  const s = schema.replace(/"/g, '');
  const funnel = { id: randomUUID(), name: 'Продажи' };
  await trx(`${s}.c_crm_funnels`).insert({ ...funnel, won_when: 'paid_or_shipped', search_text: searchText(catalogFields(funnels), funnel, []) });
  await trx(`${s}.c_crm_stages`).insert(
    FIRST_STAGES.map((st, position) => {
      const values = { ...st, funnel: funnel.id, position };
      return { id: randomUUID(), ...values, search_text: searchText(catalogFields(stages), values, []) };
    }),
  );
};

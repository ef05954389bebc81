import type { Knex } from '@mikro-orm/postgresql';
import type { EventSubscriber } from '../../platform/engine/events';
import { FactReader } from './facts';
import { factStore, type FactStore } from './store';

/** The schema of a tenant that has the module (bought, not removed), or null. */
export async function analyticsSchema(knex: Knex | Knex.Transaction, tenantId: string): Promise<string | null> {
  const row = await knex('platform.tenants as t')
    .join('platform.tenant_modules as m', 'm.tenant_id', 't.id')
    .where({ 't.id': tenantId, 'm.module_code': 'analytics' })
    .first('t.schema_name');
  return row?.schema_name ?? null;
}

/**
 * Brings a document's facts into the store: every movement row it has written (a re-posting's storno rows and
 * new movements, a cancellation's storno rows) that the store does not hold yet. Replaying it is harmless.
 */
export async function syncDocument(trx: Knex.Transaction, store: FactStore, schema: string, documentId: string): Promise<number> {
  const reader = new FactReader(trx, schema);
  const facts = await reader.ofDocument(documentId);
  const added = await store.add(trx, schema, facts);
  const managers = [...new Set(facts.map((f) => f.manager).filter((m): m is string => !!m))];
  if (managers.length) await store.names(trx, schema, (await reader.dimensions()).filter((d) => d.kind === 'manager' && managers.includes(d.id)));
  return added;
}

/** Every fact and name of a tenant again, from its registers and catalogs (the admin's «Пересобрать»). */
export async function rebuildTenant(trx: Knex.Transaction, store: FactStore, schema: string): Promise<number> {
  const reader = new FactReader(trx, schema);
  return store.replace(trx, schema, reader.all(), await reader.dimensions());
}

/**
 * The outbox subscriber that keeps the store: a posted or cancelled document adds its movement rows as facts, a
 * created or changed catalog item renames its dimension. Delivery marks (platform.outbox_deliveries, per event id)
 * make each event handled once; a stopped backend catches up from the first event it has not marked.
 */
export function analyticsSubscriber(store: () => Promise<FactStore> = factStore): EventSubscriber {
  return {
    name: 'analytics',
    types: ['document.posted', 'document.cancelled', 'catalog.created', 'catalog.updated'],
    async handle(event, trx) {
      const schema = await analyticsSchema(trx, event.tenantId);
      if (!schema) return;
      const s = await store();
      if (event.type.startsWith('document.')) {
        await syncDocument(trx, s, schema, event.aggregateId);
        return;
      }
      const dim = await new FactReader(trx, schema).dimension(event.aggregateType, event.aggregateId);
      if (dim) await s.names(trx, schema, [dim]);
    },
  };
}

import type { EventSubscriber } from '../engine/events';

/** The engine events a company may subscribe a webhook to, with their names for people. */
export const WEBHOOK_EVENTS: Record<string, { ru: string; en: string }> = {
  'document.posted': { ru: 'Документ проведён', en: 'Document posted' },
  'document.cancelled': { ru: 'Проведение документа отменено', en: 'Document posting cancelled' },
  'document.created': { ru: 'Документ создан', en: 'Document created' },
  'document.updated': { ru: 'Документ изменён', en: 'Document changed' },
  'document.deleted': { ru: 'Документ удалён', en: 'Document deleted' },
  'catalog.created': { ru: 'Элемент справочника создан', en: 'Catalog item created' },
  'catalog.updated': { ru: 'Элемент справочника изменён', en: 'Catalog item changed' },
  'catalog.deleted': { ru: 'Элемент справочника удалён', en: 'Catalog item deleted' },
  'catalog.restored': { ru: 'Элемент справочника восстановлен', en: 'Catalog item restored' },
};

/**
 * Turns outbox events into webhook deliveries: for each active webhook of the event's company that wants
 * the event, one row of platform.webhook_deliveries (written in the outbox dispatcher's transaction, so
 * once per event and webhook). WebhookDispatcher sends them.
 */
export const webhookSubscriber: EventSubscriber = {
  name: 'webhooks',
  types: Object.keys(WEBHOOK_EVENTS),
  async handle(event, trx) {
    const hooks: { id: string }[] = await trx('platform.webhooks').where({ tenant_id: event.tenantId, active: true }).whereRaw('? = ANY(events)', [event.type]).select('id');
    if (!hooks.length) return;
    const body = JSON.stringify({
      id: event.id,
      type: event.type,
      occurredAt: new Date(event.at).toISOString(),
      object: event.aggregateType,
      objectId: event.aggregateId,
      data: event.payload,
    });
    await trx('platform.webhook_deliveries')
      .insert(hooks.map((h) => ({ webhook_id: h.id, tenant_id: event.tenantId, event_id: event.id, event_type: event.type, body })))
      .onConflict(['webhook_id', 'event_id'])
      .ignore();
  },
};

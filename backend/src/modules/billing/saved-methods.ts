import { randomUUID } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';
import type { SavedMethod } from './providers';

/**
 * Keeps the card a payment was made with (the admin agreed), one in force per client; a newer one
 * replaces it. Idempotent: the same card notified again changes nothing.
 */
export async function saveMethod(trx: Knex, tenantId: string, provider: string, paymentId: string, method: SavedMethod): Promise<void> {
  const current = await trx('platform.billing_saved_methods').where({ tenant_id: tenantId }).whereNull('removed_at').forUpdate().first('id', 'token');
  if (current?.token === method.token) return;
  if (current) await trx('platform.billing_saved_methods').where({ id: current.id }).update({ removed_at: trx.fn.now() });
  await trx('platform.billing_saved_methods').insert({
    id: randomUUID(),
    tenant_id: tenantId,
    provider,
    token: method.token,
    // Т-Банк keeps the card under the CustomerKey we sent: the client's id.
    customer_key: provider === 'tbank' ? tenantId : null,
    title: method.title,
    saved_from_payment_id: paymentId,
  });
}

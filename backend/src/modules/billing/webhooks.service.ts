import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../../platform/database/database';
import { Problem } from '../../platform/http/problem';
import { TenantContextService } from '../../platform/tenancy/tenant-context.service';
import { BillingClock } from './clock';
import { PaymentProviders } from './payment-providers';
import { PaymentsService } from './payments.service';
import { ForgedNotificationError, PROVIDER_NAMES, type ProviderCode, type VerifiedNotification } from './providers';

export interface WebhookRequest {
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  query: Record<string, string>;
}

export interface WebhookAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Payment notifications from ЮKassa, Т-Банк and Сбер.
 *
 * 1. The notification is written to billing_webhook_inbox in its own transaction before anything else,
 *    so a crash (or a restart) after this point loses nothing: the provider re-delivers until it gets
 *    its answer, and the billing cycle retries rows left 'received' or 'failed'.
 * 2. The adapter verifies it exactly as the provider documents (ЮKassa: sender IP + re-reading the
 *    payment; Т-Банк: Token; Сбер: checksum). A forgery is answered 400, logged and kept as 'rejected'.
 * 3. One transaction inserts the event key into billing_payment_events (primary key: provider + key),
 *    moves the payment and credits the Счёт (PaymentsService.applyProviderState). A repeated event hits
 *    the key; a late or out-of-order one finds the payment no longer pending and changes nothing.
 */
@Injectable()
export class WebhooksService {
  private readonly log = new Logger('BillingWebhooks');

  constructor(
    private readonly db: Database,
    private readonly clock: BillingClock,
    private readonly providers: PaymentProviders,
    private readonly payments: PaymentsService,
    private readonly tenants: TenantContextService,
  ) {}

  async receive(provider: ProviderCode, req: WebhookRequest): Promise<WebhookAnswer> {
    this.providers.get(provider); // a provider we have no credentials for cannot be verified: refuse before storing
    const [{ id }] = await this.db.knex('platform.billing_webhook_inbox')
      .insert({ provider, ip: req.ip ?? '', headers: JSON.stringify(safeHeaders(req.headers)), body: req.body === undefined ? null : JSON.stringify(req.body), query: JSON.stringify(req.query ?? {}) })
      .returning('id');
    return this.process(Number(id));
  }

  /** Verifies and applies one stored notification; safe to call again for the same row. */
  async process(inboxId: number): Promise<WebhookAnswer> {
    const row = await this.db.knex('platform.billing_webhook_inbox').where({ id: inboxId }).first();
    const provider = row.provider as ProviderCode;
    const adapter = this.providers.get(provider);
    const ack = adapter.notificationAck();
    const answer = { status: ack.status, contentType: ack.contentType, body: ack.body };
    if (row.status === 'processed' || row.status === 'duplicate') return answer;

    let event: VerifiedNotification;
    try {
      event = await adapter.verifyNotification({ ip: row.ip, headers: row.headers, body: row.body ?? undefined, query: row.query ?? {} });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ForgedNotificationError) {
        this.log.warn(`Отклонено поддельное уведомление ${PROVIDER_NAMES[provider]} (входящее №${inboxId}, адрес ${row.ip}): ${message}`);
        await this.mark(inboxId, 'rejected', null, message);
        throw Problem.badRequest(`Уведомление не принято: ${message}`);
      }
      // The provider could not be asked (network) or answered nonsense: let it re-deliver later.
      this.log.error(`Уведомление ${PROVIDER_NAMES[provider]} №${inboxId} не обработано: ${message}`);
      await this.mark(inboxId, 'failed', null, message);
      throw new Problem(503, 'Уведомление не обработано', 'Не удалось проверить уведомление у банка; повторите доставку позже.');
    }

    const at = this.clock.now();
    const touched = await this.db.knex.transaction(async (trx) => {
      const fresh = await trx('platform.billing_payment_events').insert({ provider, event_key: event.eventKey, inbox_id: inboxId }).onConflict(['provider', 'event_key']).ignore().returning('event_key');
      if (!fresh.length) {
        await trx('platform.billing_webhook_inbox').where({ id: inboxId }).update({ status: 'duplicate', event_key: event.eventKey, processed_at: trx.fn.now() });
        return null;
      }
      const payment = await trx('platform.billing_payments').where({ provider, provider_payment_id: event.providerPaymentId }).first('id');
      // Not (yet) ours — e.g. the bank answered faster than we stored its payment id. Undo the event
      // key so a re-delivery or the cycle's retry can still apply it; polling covers it as well.
      if (!payment) throw new UnknownPayment(event.providerPaymentId);
      await trx('platform.billing_payment_events').where({ provider, event_key: event.eventKey }).update({ payment_id: payment.id });
      const outcome = await this.payments.applyProviderState(trx, payment.id, event, at, `${provider}:${event.eventKey}`);
      await trx('platform.billing_webhook_inbox').where({ id: inboxId }).update({ status: 'processed', event_key: event.eventKey, error: outcome.note, processed_at: trx.fn.now() });
      return outcome.tenantId;
    }).catch(async (error) => {
      if (!(error instanceof UnknownPayment)) throw error;
      this.log.warn(`${PROVIDER_NAMES[provider]}: ${error.message} (входящее №${inboxId}, повторим позже)`);
      await this.mark(inboxId, 'failed', event.eventKey, error.message);
      return null;
    });
    if (touched) await this.tenants.invalidateTenant(touched);
    return answer;
  }

  /** Finishes notifications a crash or a provider outage left half-done (run by the billing cycle). */
  async retryPending(olderThanSeconds = 60): Promise<number> {
    const rows = await this.db.knex('platform.billing_webhook_inbox')
      .whereIn('status', ['received', 'failed'])
      .where('received_at', '<', this.db.knex.raw(`now() - make_interval(secs => ?)`, [olderThanSeconds]))
      // Providers give up re-delivering after about a day; three days of retries cover outages of ours.
      .where('received_at', '>', this.db.knex.raw(`now() - interval '3 days'`))
      .orderBy('id')
      .limit(500)
      .pluck('id');
    let done = 0;
    for (const id of rows) {
      try {
        await this.process(Number(id));
        done++;
      } catch {
        /* logged and marked by process() */
      }
    }
    return done;
  }

  private async mark(inboxId: number, status: string, eventKey: string | null, error: string | null) {
    await this.db.knex('platform.billing_webhook_inbox').where({ id: inboxId }).update({ status, event_key: eventKey, error, processed_at: this.db.knex.fn.now() });
  }
}

/** Headers as received, minus anything that could carry our own credentials. */
function safeHeaders(headers: Record<string, string | string[] | undefined>) {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie)$/i.test(k)));
}

class UnknownPayment extends Error {
  constructor(providerPaymentId: string) {
    super(`Платёж ${providerPaymentId} не найден среди созданных WorkCloud`);
  }
}

import { Logger } from '@nestjs/common';
import type { Knex } from '@mikro-orm/postgresql';
import type { Database } from '../database/database';

export interface DomainEvent {
  id: string;
  at: string;
  tenantId: string;
  /** e.g. `trade.sales` */
  aggregateType: string;
  aggregateId: string;
  /** e.g. `document.posted`, `catalog.updated` */
  type: string;
  payload: Record<string, unknown>;
}

/** Writes an event in the caller's transaction: it exists if and only if the change committed. */
export async function recordEvent(trx: Knex | Knex.Transaction, event: Omit<DomainEvent, 'id' | 'at'>): Promise<void> {
  await trx('platform.outbox').insert(outboxRow(event));
}

/** The `platform.outbox` row of an event, for callers that insert it together with other rows (same transaction). */
export function outboxRow(event: Omit<DomainEvent, 'id' | 'at'>) {
  return {
    tenant_id: event.tenantId,
    aggregate_type: event.aggregateType,
    aggregate_id: event.aggregateId,
    type: event.type,
    payload: JSON.stringify(event.payload),
  };
}

/**
 * A module that reacts to events (accounting postings, EDO, analytics, notifications). `handle` gets
 * the dispatcher's transaction: writes made with it commit together with the delivery mark, so a
 * database subscriber sees each event exactly once even though delivery is at least once.
 */
export interface EventSubscriber {
  name: string;
  /** Event types this subscriber wants (`*` for all). */
  types: string[];
  handle(event: DomainEvent, trx: Knex.Transaction): Promise<void>;
}

/** The part of a kafkajs producer the publisher uses. */
export interface KafkaProducerLike {
  connect(): Promise<void>;
  send(record: { topic: string; messages: { key: string; value: string; headers: Record<string, string> }[] }): Promise<unknown>;
  disconnect(): Promise<void>;
}

/**
 * Publishes every event to Kafka (KAFKA_BROKERS): topic `workcloud.<aggregateType>`, key
 * `<tenant>:<aggregate id>` so one document's events stay in one partition, in order.
 * The dispatcher marks an event delivered only after `send` resolved: at least once.
 */
export async function kafkaSubscriber(brokers: string[], producer?: KafkaProducerLike): Promise<EventSubscriber & { close(): Promise<void> }> {
  if (!producer) {
    const { Kafka } = await import('kafkajs');
    producer = new Kafka({ clientId: 'workcloud', brokers }).producer({ idempotent: true, maxInFlightRequests: 1 });
  }
  const p = producer;
  await p.connect();
  return {
    name: 'kafka',
    types: ['*'],
    async handle(event) {
      await p.send({
        topic: `workcloud.${event.aggregateType}`,
        messages: [{ key: `${event.tenantId}:${event.aggregateId}`, value: JSON.stringify(event), headers: { type: event.type, tenant: event.tenantId } }],
      });
    },
    close: () => p.disconnect(),
  };
}

/**
 * Delivers outbox events to subscribers, at least once and in order per aggregate (a failing event
 * holds back later events of the same document for that subscriber, and is retried next round).
 * Several backend instances may run it: a transaction-level advisory lock per subscriber makes one
 * of them do the work at a time.
 */
export class OutboxDispatcher {
  private readonly logger = new Logger('Outbox');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly db: Database,
    private readonly subscribers: EventSubscriber[],
  ) {}

  start(intervalMs = 500): void {
    this.timer = setInterval(() => void this.runOnce().catch((e) => this.logger.error(e)), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs rounds until nothing is left to deliver (tests and shutdown). */
  async drain(maxRounds = 50): Promise<void> {
    for (let i = 0; i < maxRounds; i++) if ((await this.runOnce()) === 0) return;
  }

  /** One round over all subscribers; returns how many events were delivered. */
  runOnce(): Promise<number> {
    // Rounds never overlap within a process.
    this.running = (this.running ?? Promise.resolve(0)).then(async () => {
      let delivered = 0;
      for (const s of this.subscribers) delivered += await this.deliver(s);
      return delivered;
    });
    return this.running;
  }

  private async deliver(subscriber: EventSubscriber): Promise<number> {
    const k = this.db.knex;
    const batch = await k('platform.outbox as o')
      .whereNotExists(k('platform.outbox_deliveries as d').whereRaw('d.event_id = o.id').andWhere('d.subscriber', subscriber.name))
      .modify((q) => {
        if (!subscriber.types.includes('*')) q.whereIn('o.type', subscriber.types);
      })
      .orderBy('o.id')
      .limit(200)
      .select('o.*');
    let delivered = 0;
    const blocked = new Set<string>();
    for (const row of batch) {
      const aggregate = `${row.tenant_id}:${row.aggregate_type}:${row.aggregate_id}`;
      if (blocked.has(aggregate)) continue;
      const event: DomainEvent = { id: String(row.id), at: row.at, tenantId: row.tenant_id, aggregateType: row.aggregate_type, aggregateId: row.aggregate_id, type: row.type, payload: row.payload };
      try {
        await k.transaction(async (trx) => {
          const { rows } = await trx.raw('SELECT pg_try_advisory_xact_lock(hashtextextended(?, 1)) AS ok', [`outbox:${subscriber.name}:${aggregate}`]);
          if (!rows[0].ok) throw new SkipError();
          const inserted = await trx('platform.outbox_deliveries').insert({ subscriber: subscriber.name, event_id: row.id }).onConflict(['subscriber', 'event_id']).ignore().returning('event_id');
          if (inserted.length === 0) return; // another instance delivered it meanwhile
          await subscriber.handle(event, trx);
        });
        await k('platform.outbox_failures').where({ subscriber: subscriber.name, event_id: row.id }).delete();
        delivered++;
      } catch (e) {
        blocked.add(aggregate);
        if (e instanceof SkipError) continue;
        this.logger.warn(`Subscriber ${subscriber.name} failed on event ${row.id}: ${(e as Error).message}`);
        await k('platform.outbox_failures')
          .insert({ subscriber: subscriber.name, event_id: row.id, last_error: String((e as Error).message) })
          .onConflict(['subscriber', 'event_id'])
          .merge({ attempts: k.raw('platform.outbox_failures.attempts + 1'), last_error: String((e as Error).message), updated_at: k.fn.now() });
      }
    }
    return delivered;
  }
}

class SkipError extends Error {}

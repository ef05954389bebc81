import http from 'node:http';
import https from 'node:https';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { claimDue, retryDelaySeconds } from '../database/claim-due';
import { Database } from '../database/database';
import { Problem } from '../http/problem';
import { assertDeliverableUrl, publicOnlyLookup } from './addresses';
import { signatureHeader } from './signature';

/** After the 1st, 2nd… failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h; then the delivery is 'failed'. */
export const WEBHOOK_RETRY_SECONDS = [60, 300, 1800, 7200, 43200];
const MAX_ATTEMPTS = WEBHOOK_RETRY_SECONDS.length + 1;
/** Longer than one request may take (the timeout below). */
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;

interface DeliveryRow {
  id: string;
  webhook_id: string;
  body: string;
  attempts: number;
}

export interface WebhookDispatchReport {
  delivered: number;
  retried: number;
  failed: number;
}

/**
 * Sends due webhook deliveries, at least once each (claimed like mail: claimDue), signed with the webhook's
 * secret. A 2xx answer delivers; anything else (an error status, no connection, a timeout) is recorded with
 * the answer and tried again after WEBHOOK_RETRY_SECONDS.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly log = new Logger('Webhooks');

  constructor(
    private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'webhooks'>,
  ) {}

  async dispatchDue(options: { now?: Date; limit?: number } = {}): Promise<WebhookDispatchReport> {
    const now = options.now ?? new Date();
    const report: WebhookDispatchReport = { delivered: 0, retried: 0, failed: 0 };
    for (let i = 0; i < (options.limit ?? 100); i++) {
      const row = await claimDue<DeliveryRow>(this.db.knex, { table: 'platform.webhook_deliveries', returning: ['id', 'webhook_id', 'body', 'attempts'], now, leaseSeconds: LEASE_SECONDS });
      if (!row) break;
      await this.attempt(row, now, report);
    }
    return report;
  }

  private async attempt(row: DeliveryRow, now: Date, report: WebhookDispatchReport): Promise<void> {
    const hook = await this.db.knex('platform.webhooks').where({ id: row.webhook_id }).first('url', 'secret', 'active');
    let status: number | null = null;
    let answer: string | null = null;
    let error: string | null = null;
    try {
      if (!hook?.active) throw new Error('Вебхук отключён');
      const url = await assertDeliverableUrl(hook.url, this.config.webhooks.allowPrivate);
      const res = await post(url, row.body, this.config.webhooks.allowPrivate, {
        'content-type': 'application/json',
        'user-agent': 'WorkCloud-Webhooks/1',
        'x-workcloud-delivery': row.id,
        'x-workcloud-signature': signatureHeader(hook.secret, row.body, Math.floor(now.getTime() / 1000)),
      });
      status = res.status;
      answer = res.text;
      if (res.status < 200 || res.status >= 300) error = `Получатель ответил ${res.status}`;
    } catch (e) {
      error = errorText(e);
    }
    const k = this.db.knex;
    const recorded = { response_status: status, response_body: answer, last_attempt_at: now };
    if (!error) {
      await k('platform.webhook_deliveries').where({ id: row.id }).update({ ...recorded, status: 'delivered', delivered_at: now, last_error: null });
      report.delivered++;
      return;
    }
    const final = row.attempts >= MAX_ATTEMPTS;
    const next = new Date(now.getTime() + retryDelaySeconds(WEBHOOK_RETRY_SECONDS, row.attempts) * 1000);
    await k('platform.webhook_deliveries')
      .where({ id: row.id })
      .update(final ? { ...recorded, status: 'failed', last_error: error } : { ...recorded, last_error: error, next_attempt_at: next });
    if (final) {
      report.failed++;
      this.log.warn(`Вебхук: доставка ${row.id} не удалась после ${row.attempts} попыток: ${error}`);
    } else report.retried++;
  }
}

/** One POST of a delivery (no redirects followed); the receiver's answer cut to 2000 characters. */
function post(url: URL, body: string, allowPrivate: boolean, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: TIMEOUT_MS, lookup: allowPrivate ? undefined : publicOnlyLookup }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < 2000) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8').slice(0, 2000) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`Нет ответа за ${TIMEOUT_MS / 1000} с`)));
    req.on('error', reject);
    req.end(body);
  });
}

function errorText(e: unknown): string {
  return (e instanceof Problem ? e.detail : e instanceof Error ? e.message : String(e)).slice(0, 2000);
}

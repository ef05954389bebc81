import { Logger, type INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../../config';
import { APP_CONFIG } from '../cache/tokens';
import { WebhookDispatcher } from './dispatcher';

/** Sends due webhook deliveries every WEBHOOKS_DISPATCH_SECONDS (0 = off); returns a stop that waits for a run. */
export function startWebhookDispatcher(app: INestApplicationContext): () => Promise<void> {
  const seconds = app.get<AppConfig>(APP_CONFIG).webhooks.dispatchSeconds;
  if (!seconds) return async () => {};
  const dispatcher = app.get(WebhookDispatcher);
  const log = new Logger('Webhooks');
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= dispatcher
      .dispatchDue()
      .then(() => undefined)
      .catch((e) => log.error(`Рассылка вебхуков завершилась с ошибкой: ${e instanceof Error ? e.message : e}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

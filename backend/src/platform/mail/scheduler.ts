import { Logger, type INestApplicationContext } from '@nestjs/common';
import { APP_CONFIG } from '../cache/tokens';
import type { AppConfig } from '../../config';
import { MailDispatcher } from './dispatcher';

/**
 * Runs the mail dispatcher every MAIL_DISPATCH_SECONDS (default 30; 0 = off) and once at start.
 * Safe with several backend instances: rows are claimed with SKIP LOCKED. Returns a stop function
 * that waits for a run in progress.
 */
export function startMailDispatcher(app: INestApplicationContext): () => Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  if (!config.mail.dispatchSeconds) return async () => {};
  const dispatcher = app.get(MailDispatcher);
  const log = new Logger('Mail');
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = dispatcher
      .dispatchDue()
      .then(() => undefined)
      .catch((error) => log.error(`Рассылка писем завершилась с ошибкой: ${error instanceof Error ? error.message : error}`))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, config.mail.dispatchSeconds * 1000);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

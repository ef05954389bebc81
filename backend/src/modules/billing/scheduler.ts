import type { INestApplicationContext } from '@nestjs/common';
import { BillingService } from './billing.service';
import { BillingClock } from './clock';
import { BILLING_CONFIG, type BillingConfig } from './config';

/**
 * Runs the billing cycle every BILLING_CYCLE_MINUTES (and once at start). The cycle is idempotent,
 * so several backend instances running it at once only repeat checks; an advisory lock keeps them
 * from doing the same work at the same moment. Returns a stop function.
 */
export function startBillingScheduler(app: INestApplicationContext): () => void {
  const config = app.get<BillingConfig>(BILLING_CONFIG);
  if (!config.cycleMinutes) return () => {};
  const billing = app.get(BillingService);
  const clock = app.get(BillingClock);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await billing.runCycleExclusively(clock.now());
    } catch (error) {
      console.error('Биллинговый цикл завершился с ошибкой', error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, config.cycleMinutes * 60_000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

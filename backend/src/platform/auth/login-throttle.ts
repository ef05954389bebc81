import { Inject, Injectable } from '@nestjs/common';
import type { KvStore } from '../cache/kv-store';
import { KV_STORE } from '../cache/tokens';
import { Problem } from '../http/problem';

const FREE_FAILURES = 5;
const FAILURE_WINDOW_SECONDS = 15 * 60;
const MAX_LOCK_SECONDS = 15 * 60;
const IP_ATTEMPTS_PER_MINUTE = 60;

/**
 * Slows down password guessing: after 5 failed attempts for one e-mail the account is locked for
 * 30 s, then 60 s, 120 s… up to 15 minutes; and one address may try at most 60 times a minute.
 * Kept in the KV store so every backend instance (with Redis) sees the same counters.
 */
@Injectable()
export class LoginThrottle {
  constructor(@Inject(KV_STORE) private readonly kv: KvStore) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const perIp = await this.kv.incr(`login:ip:${ip}`, 60);
    if (perIp > IP_ATTEMPTS_PER_MINUTE) throw Problem.tooManyRequests('Слишком много попыток входа с вашего адреса. Подождите минуту.', 60);
    const lockedUntil = Number((await this.kv.get(`login:lock:${email}`)) ?? 0);
    const wait = Math.ceil((lockedUntil - Date.now()) / 1000);
    if (wait > 0)
      throw Problem.tooManyRequests(`Вход временно заблокирован после нескольких неверных паролей. Повторите через ${wait} с или восстановите пароль у администратора.`, wait);
  }

  async recordFailure(email: string): Promise<void> {
    const failures = await this.kv.incr(`login:fail:${email}`, FAILURE_WINDOW_SECONDS);
    if (failures >= FREE_FAILURES) {
      const seconds = Math.min(30 * 2 ** (failures - FREE_FAILURES), MAX_LOCK_SECONDS);
      await this.kv.set(`login:lock:${email}`, String(Date.now() + seconds * 1000), seconds);
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.kv.del(`login:fail:${email}`);
    await this.kv.del(`login:lock:${email}`);
  }
}

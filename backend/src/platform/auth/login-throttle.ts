import { Inject, Injectable } from '@nestjs/common';
import type { KvStore } from '../cache/kv-store';
import { KV_STORE } from '../cache/tokens';
import { Problem } from '../http/problem';

/** Failures allowed before waits begin, and how long failures are remembered. */
interface Limit {
  free: number;
  windowSeconds: number;
  message: (seconds: number) => string;
}

const FIRST_WAIT_SECONDS = 30;
const MAX_WAIT_SECONDS = 15 * 60;

const ACCOUNT_MESSAGE = (s: number) =>
  `Вход временно заблокирован после нескольких неверных паролей. Повторите через ${s} с или восстановите пароль по ссылке «Забыли пароль?».`;
const LIMITS = {
  /** One account from one address: the usual typo-and-retry, and a guesser. */
  accountAddress: { free: 5, windowSeconds: 15 * 60, message: ACCOUNT_MESSAGE },
  /** One address trying many accounts (credential stuffing). */
  address: { free: 20, windowSeconds: 15 * 60, message: (s: number) => `Слишком много неудачных попыток входа с вашего адреса. Повторите через ${s} с.` },
  /** One account from many addresses (a distributed guesser): a browser the person signed in from before is exempt. */
  account: { free: 50, windowSeconds: 60 * 60, message: ACCOUNT_MESSAGE },
  /** A known browser of the account: only its own failures count. */
  device: { free: 5, windowSeconds: 15 * 60, message: ACCOUNT_MESSAGE },
} satisfies Record<string, Limit>;

/** Who is trying: the account, the client's address, and the device token hash when it is a known device of the account. */
export interface LoginAttempt {
  email: string;
  ip: string;
  knownDevice?: string | null;
}

/**
 * Slows down password guessing without letting an attacker lock the real person out. Failures are counted per
 * account + address, per address and per account; after the free ones each further failure makes the next attempt
 * wait 30 s, 60 s, 120 s… up to 15 minutes. A browser that signed in to the account before (device cookie) is
 * counted only by its own failures, so failures from elsewhere never stop its correct password.
 * Kept in the KV store, so every backend instance (with Redis) sees the same counters.
 */
@Injectable()
export class LoginThrottle {
  constructor(@Inject(KV_STORE) private readonly kv: KvStore) {}

  private keys(a: LoginAttempt): [keyof typeof LIMITS, string][] {
    if (a.knownDevice) return [['device', `dev:${a.knownDevice}:${a.email}`]];
    return [
      ['accountAddress', `acctip:${a.email}|${a.ip}`],
      ['address', `ip:${a.ip}`],
      ['account', `acct:${a.email}`],
    ];
  }

  /** Refuses with 429 (and the seconds to wait) while any counter of the attempt is in its wait. */
  async assertAllowed(a: LoginAttempt): Promise<void> {
    for (const [limit, key] of this.keys(a)) {
      const until = Number((await this.kv.get(`login:wait:${key}`)) ?? 0);
      const wait = Math.ceil((until - Date.now()) / 1000);
      if (wait > 0) throw Problem.tooManyRequests(LIMITS[limit].message(wait), wait);
    }
  }

  async recordFailure(a: LoginAttempt): Promise<void> {
    for (const [limit, key] of this.keys(a)) {
      const { free, windowSeconds } = LIMITS[limit];
      const failures = await this.kv.incr(`login:fail:${key}`, windowSeconds);
      if (failures >= free) {
        const seconds = Math.min(FIRST_WAIT_SECONDS * 2 ** Math.min(failures - free, 10), MAX_WAIT_SECONDS);
        await this.kv.set(`login:wait:${key}`, String(Date.now() + seconds * 1000), seconds);
      }
    }
  }

  /** A correct password: this account's counters from this address (or device) start over; the address's do not. */
  async recordSuccess(a: LoginAttempt): Promise<void> {
    const key = a.knownDevice ? `dev:${a.knownDevice}:${a.email}` : `acctip:${a.email}|${a.ip}`;
    await this.kv.del(`login:fail:${key}`);
    await this.kv.del(`login:wait:${key}`);
  }

  /** The person proved they own the account another way (a password reset link): its account-wide wait ends. */
  async forgetAccount(email: string): Promise<void> {
    await this.kv.del(`login:fail:acct:${email}`);
    await this.kv.del(`login:wait:acct:${email}`);
  }

  /** A small budget for other requests that could be abused to send mail (password reset): true while within it. */
  async withinBudget(key: string, max: number, windowSeconds: number): Promise<boolean> {
    return (await this.kv.incr(`budget:${key}`, windowSeconds)) <= max;
  }
}

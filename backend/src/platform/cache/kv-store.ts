import Redis from 'ioredis';

/**
 * The small key-value store behind caches and rate limits.
 * With REDIS_URL every backend instance shares it; without, each process keeps its own map,
 * which is right for a single `npm start` machine.
 */
export interface KvStore {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Increments a counter, starting its time-to-live on the first increment; returns the new value. */
  incr(key: string, ttlSeconds: number): Promise<number>;
  close(): Promise<void>;
}

export class RedisKvStore implements KvStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'wc:') {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  }
  async get(key: string) {
    return this.redis.get(this.prefix + key);
  }
  async set(key: string, value: string, ttlSeconds: number) {
    await this.redis.set(this.prefix + key, value, 'EX', ttlSeconds);
  }
  async del(key: string) {
    await this.redis.del(this.prefix + key);
  }
  async incr(key: string, ttlSeconds: number) {
    const [[, value]] = (await this.redis.multi().incr(this.prefix + key).expire(this.prefix + key, ttlSeconds, 'NX').exec()) as [[null, number]];
    return value;
  }
  async close() {
    await this.redis.quit();
  }
}

export class MemoryKvStore implements KvStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
  async get(key: string) {
    return this.live(key)?.value ?? null;
  }
  async set(key: string, value: string, ttlSeconds: number) {
    // Bound the map so a long-running process cannot grow without limit.
    if (this.entries.size > 100_000) this.entries.clear();
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }
  async del(key: string) {
    this.entries.delete(key);
  }
  async incr(key: string, ttlSeconds: number) {
    const e = this.live(key);
    const next = (e ? Number(e.value) : 0) + 1;
    this.entries.set(key, { value: String(next), expiresAt: e?.expiresAt ?? Date.now() + ttlSeconds * 1000 });
    return next;
  }
  async close() {
    this.entries.clear();
  }
}

export function createKvStore(redisUrl?: string, prefix?: string): KvStore {
  return redisUrl ? new RedisKvStore(redisUrl, prefix) : new MemoryKvStore();
}

import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { createRedis, REDIS } from './redis.client';

/**
 * What changed, for the caches that every process holds: the category tree (`categories`), the
 * responsibility lists (`rules`), areas and units (`org`), the working calendar's overrides
 * (`calendar`) and the SLA policies (`policies`).
 */
export const INVALIDATION_TOPICS = ['categories', 'rules', 'org', 'calendar', 'policies'] as const;
export type InvalidationTopic = (typeof INVALIDATION_TOPICS)[number];

interface InvalidationMessage {
  topic: InvalidationTopic;
  origin: string;
}

export function invalidationChannel(redisPrefix: string): string {
  return `${redisPrefix}:cache:invalidate`;
}

function encode(topic: InvalidationTopic, origin: string): string {
  return JSON.stringify({ topic, origin } satisfies InvalidationMessage);
}

function decode(raw: string): InvalidationMessage | null {
  try {
    const parsed = JSON.parse(raw) as Partial<InvalidationMessage>;
    const topic = INVALIDATION_TOPICS.find((t) => t === parsed.topic);
    return topic && typeof parsed.origin === 'string' ? { topic, origin: parsed.origin } : null;
  } catch {
    return null;
  }
}

/** For processes without Nest (the CLI): one publish on a short-lived connection. */
export async function publishInvalidation(
  config: Pick<AppConfig, 'REDIS_URL' | 'REDIS_PREFIX'>,
  topic: InvalidationTopic,
): Promise<void> {
  const client = createRedis(config.REDIS_URL, { lazy: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.publish(invalidationChannel(config.REDIS_PREFIX), encode(topic, `cli-${randomUUID()}`));
  } finally {
    client.disconnect();
  }
}

/**
 * Cross-process cache invalidation over Redis pub/sub. A subscribed connection can do nothing else,
 * so this holds its own ioredis connection beside the shared client (which it publishes on).
 * Handlers run at once in the publishing process and when the message arrives in the others.
 * After a lost connection every handler runs: messages sent meanwhile are gone.
 */
@Injectable()
export class CacheInvalidationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CacheInvalidationService.name);
  private readonly origin = randomUUID();
  private readonly handlers = new Map<InvalidationTopic, Set<() => void>>();
  private readonly channel: string;
  private subscriber: Redis | null = null;
  private wasConnected = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.channel = invalidationChannel(config.REDIS_PREFIX);
  }

  on(topic: InvalidationTopic, handler: () => void): void {
    const set = this.handlers.get(topic) ?? new Set();
    set.add(handler);
    this.handlers.set(topic, set);
  }

  /** Runs the local handlers now, then tells the other processes; a Redis failure is logged, not thrown. */
  async publish(topic: InvalidationTopic): Promise<void> {
    this.fire(topic);
    try {
      await this.redis.publish(this.channel, encode(topic, this.origin));
    } catch (error) {
      this.logger.warn(`Could not publish the ${topic} invalidation: ${(error as Error).message}`);
    }
  }

  async onModuleInit(): Promise<void> {
    const subscriber = createRedis(this.config.REDIS_URL);
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, raw: string) => {
      const message = channel === this.channel ? decode(raw) : null;
      if (message && message.origin !== this.origin) this.fire(message.topic);
    });
    subscriber.on('ready', () => {
      if (this.wasConnected) for (const topic of INVALIDATION_TOPICS) this.fire(topic);
      this.wasConnected = true;
    });
    // bounded: boot goes on without the subscription (the TTLs cover it) rather than hang on Redis
    const subscribed = subscriber.subscribe(this.channel);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000).unref());
    const outcome = await Promise.race([subscribed.then(() => 'ok' as const), timeout]).catch((e: Error) => e);
    if (outcome !== 'ok') this.logger.warn(`Cache invalidation subscription not confirmed: ${String(outcome)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private fire(topic: InvalidationTopic): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler();
      } catch (error) {
        this.logger.error(`Invalidation handler for ${topic} failed: ${(error as Error).message}`);
      }
    }
  }
}

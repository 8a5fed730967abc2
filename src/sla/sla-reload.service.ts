import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { createRedis, REDIS } from '../redis/redis.module';

export const SLA_RELOAD_TOPICS = ['calendar', 'policies'] as const;
export type SlaReloadTopic = (typeof SLA_RELOAD_TOPICS)[number];

export function slaReloadChannel(redisPrefix: string): string {
  return `${redisPrefix}:sla:reload`;
}

/** For processes without Nest (the CLI): one publish on a short-lived connection. */
export async function publishSlaReload(
  config: Pick<AppConfig, 'REDIS_URL' | 'REDIS_PREFIX'>,
  topic: SlaReloadTopic,
): Promise<void> {
  const client = createRedis(config.REDIS_URL, { lazy: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.publish(slaReloadChannel(config.REDIS_PREFIX), JSON.stringify({ topic, origin: 'cli' }));
  } finally {
    client.disconnect();
  }
}

/**
 * Tells every process to reload the calendar overrides or the SLA policies after an admin edit
 * (Redis pub/sub). Best effort: the holders also reload on a short TTL, and after a lost
 * subscription every handler runs, since messages sent meanwhile are gone.
 */
@Injectable()
export class SlaReloadService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SlaReloadService.name);
  private readonly origin = randomUUID();
  private readonly handlers = new Map<SlaReloadTopic, (() => void)[]>();
  private readonly channel: string;
  private subscriber: Redis | null = null;
  private wasConnected = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.channel = slaReloadChannel(config.REDIS_PREFIX);
  }

  on(topic: SlaReloadTopic, handler: () => void): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  /** Runs the local handlers now, then tells the other processes. */
  async publish(topic: SlaReloadTopic): Promise<void> {
    this.fire(topic);
    try {
      await this.redis.publish(this.channel, JSON.stringify({ topic, origin: this.origin }));
    } catch (error) {
      this.logger.warn(`Could not publish the SLA ${topic} reload: ${(error as Error).message}`);
    }
  }

  async onModuleInit(): Promise<void> {
    const subscriber = createRedis(this.config.REDIS_URL);
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const message = parse(raw);
      if (message && message.origin !== this.origin) this.fire(message.topic);
    });
    subscriber.on('ready', () => {
      if (this.wasConnected) for (const topic of SLA_RELOAD_TOPICS) this.fire(topic);
      this.wasConnected = true;
    });
    // bounded: boot goes on without the subscription (the TTLs cover it) rather than hang on Redis
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000).unref());
    const outcome = await Promise.race([subscriber.subscribe(this.channel).then(() => 'ok' as const), timeout]).catch(
      (e: Error) => e.message,
    );
    if (outcome !== 'ok') this.logger.warn(`SLA reload subscription not confirmed: ${String(outcome)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private fire(topic: SlaReloadTopic): void {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler();
      } catch (error) {
        this.logger.error(`SLA ${topic} reload handler failed: ${(error as Error).message}`);
      }
    }
  }
}

function parse(raw: string): { topic: SlaReloadTopic; origin: string } | null {
  try {
    const value = JSON.parse(raw) as { topic?: unknown; origin?: unknown };
    const topic = SLA_RELOAD_TOPICS.find((t) => t === value.topic);
    return topic && typeof value.origin === 'string' ? { topic, origin: value.origin } : null;
  } catch {
    return null;
  }
}

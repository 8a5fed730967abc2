import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { CacheInvalidationService } from './cache-invalidation.service';
import { createRedis, REDIS } from './redis.client';
import type { AppConfig } from '../config/env.schema';

export { createRedis, REDIS } from './redis.client';

/**
 * Pings Redis once with a short timeout and no retries: a missing server stops start-up within
 * seconds with a message that names it, instead of an endless reconnect loop.
 */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let socketError: { code?: string } | undefined;
  client.on('error', (error: { code?: string }) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    // the socket's own error (ECONNREFUSED, ENOTFOUND) says more than ioredis' "Connection is closed"
    const reason = socketError?.code ?? (error as { code?: string }).code ?? (error as Error).message;
    throw new Error(`Cannot reach Redis at ${redactUrl(url)} (${reason}). Start Redis 7, or set REDIS_URL.`);
  } finally {
    client.disconnect();
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** Key names under the configured prefix, so several deployments (and the tests) share one Redis. */
@Injectable()
export class RedisKeys {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  key(...parts: (string | number)[]): string {
    return [this.config.REDIS_PREFIX, ...parts].join(':');
  }

  get bullPrefix(): string {
    return `${this.config.REDIS_PREFIX}:bull`;
  }
}

@Injectable()
class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis => {
        const client = createRedis(config.REDIS_URL, { autoPipelining: true });
        // errors surface through the health check and the callers; unhandled 'error' events would crash
        client.on('error', () => undefined);
        return client;
      },
    },
    RedisKeys,
    RedisShutdown,
    CacheInvalidationService,
  ],
  exports: [REDIS, RedisKeys, CacheInvalidationService],
})
export class RedisModule {}

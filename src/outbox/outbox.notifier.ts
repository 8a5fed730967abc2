import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS, RedisKeys } from '../redis/redis.module';

/**
 * Wakes the outbox relays (in whatever process they run) after a transaction that wrote outbox
 * rows has committed. Best effort: if Redis is down the relays find the rows on their next poll.
 */
@Injectable()
export class OutboxNotifier {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  notify(): void {
    if (this.redis.status !== 'ready') return;
    this.redis.publish(this.keys.key('outbox', 'wake'), '1').catch(() => undefined);
  }
}

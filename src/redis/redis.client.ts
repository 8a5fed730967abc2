import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

/**
 * Opens an ioredis client; `maxRetriesPerRequest: null` is what BullMQ requires of its connections.
 * `autoPipelining`: the commands issued in one turn of the event loop go out in one write, for a client
 * that many concurrent callers share (never one that blocks, subscribes or holds a MULTI open).
 */
export function createRedis(
  url: string,
  options: { lazy?: boolean; forBullmq?: boolean; autoPipelining?: boolean } = {},
): Redis {
  return new Redis(url, {
    lazyConnect: options.lazy ?? false,
    enableAutoPipelining: options.autoPipelining ?? false,
    maxRetriesPerRequest: options.forBullmq ? null : 3,
    enableOfflineQueue: true,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

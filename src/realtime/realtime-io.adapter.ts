import type { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config/env.schema';
import { createRedis } from '../redis/redis.module';

type IoServer = ReturnType<IoAdapter['createIOServer']>;

/**
 * socket.io for the api role: the Redis adapter joins every api process (under REDIS_PREFIX, so test
 * runs and deployments sharing a Redis stay apart), and the server closes cleanly on shutdown: Nest
 * closes the server (every socket is disconnected, the adapter unsubscribes), then dispose() closes
 * the two Redis connections.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private readonly clients: Redis[] = [];

  constructor(
    app: INestApplication,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Parameters<IoAdapter['createIOServer']>[1]): IoServer {
    const server = super.createIOServer(port, options);
    const pub = createRedis(this.config.REDIS_URL);
    const sub = pub.duplicate();
    for (const client of [pub, sub]) {
      client.on('error', () => undefined);
      this.clients.push(client);
    }
    server.adapter(createAdapter(pub, sub, { key: `${this.config.REDIS_PREFIX}:socket.io`, requestsTimeout: 2000 }));
    return server;
  }

  override async dispose(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
    this.clients.length = 0;
  }
}

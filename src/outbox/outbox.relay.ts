import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import { runsWorkers } from '../config/app-role';
import type { AppConfig } from '../config/env.schema';
import { deferStatement, runTransaction } from '../database/transaction';
import { MetricsService } from '../metrics/metrics.service';
import { createRedis, RedisKeys } from '../redis/redis.module';
import { OutboxDispatcher, OutboxEnvelope } from './outbox.dispatcher';
import { Wakeup } from './wakeup';

const BATCH = 200;
const IDLE_POLL_MS = 250;
const DELIVERY_TIMEOUT_MS = 5000;
const DELIVERY_CONCURRENCY = 16;

/**
 * Moves committed outbox rows to their handlers (BullMQ, socket.io) and stamps them sent.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of worker processes share the
 * work without delivering a row twice at the same time; a failed delivery (Redis down) rolls
 * back the claim and the row waits for the next round. A Redis message wakes the relay as soon
 * as a transaction commits; polling covers a lost wake-up.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private stopped = false;
  private readonly wakeup = new Wakeup();
  private subscriber: Redis | null = null;
  private loop: Promise<void> | null = null;
  private readonly backlog: Gauge;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatcher: OutboxDispatcher,
    private readonly keys: RedisKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.backlog = new Gauge({
      name: 'hotline_outbox_backlog',
      help: 'Outbox rows waiting to be delivered, as of the last relay round',
      registers: [metrics.registry],
    });
  }

  get channel(): string {
    return this.keys.key('outbox', 'wake');
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers()) return;
    this.subscriber = createRedis(this.config.REDIS_URL);
    this.subscriber.on('error', () => undefined);
    this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscriber.on('message', () => this.nudge());
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.loop;
    this.subscriber?.disconnect();
  }

  /** Runs the relay now instead of at the next poll. */
  nudge(): void {
    this.wakeup.nudge();
  }

  /** Delivers what is pending, once; returns how many rows were sent. Used by the loop and by tests. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const n = await this.round();
      sent += n;
      if (n < BATCH) return sent;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        this.wakeup.clear();
        await this.drain();
        failures = 0;
        await this.wakeup.sleep(IDLE_POLL_MS);
      } catch (error) {
        failures++;
        this.logger.warn({ err: (error as Error).message, failures }, 'Outbox delivery failed; will retry');
        // back off: only a commit after the failure cuts the wait short
        this.wakeup.clear();
        await this.wakeup.sleep(Math.min(250 * 2 ** Math.min(failures, 5), 8000));
      }
    }
    this.running = false;
  }

  private async round(): Promise<number> {
    // READ COMMITTED: the claim locks the rows it takes and no gaps, so intake can append to the
    // outbox while a batch is being delivered. The isolation and the START ride on the claim, the
    // mark on the COMMIT: two round trips a round.
    return runTransaction(
      this.dataSource,
      async (manager) => {
        const rows = (await manager.query(
          `SELECT id, topic, ticket_id AS ticketId, event_id AS eventId, payload, created_at AS createdAt
           FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        )) as (Omit<OutboxEnvelope, 'payload'> & { payload: unknown })[];
        if (rows.length === 0) {
          this.backlog.set(0);
          return 0;
        }
        const messages = rows.map((row): OutboxEnvelope => ({
          ...row,
          id: Number(row.id),
          ticketId: row.ticketId === null ? null : Number(row.ticketId),
          eventId: row.eventId === null ? null : Number(row.eventId),
          payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
        }));
        await withTimeout(this.deliverAll(messages), DELIVERY_TIMEOUT_MS);
        await deferStatement(
          manager,
          `UPDATE outbox SET sent_at = CURRENT_TIMESTAMP(3) WHERE id IN (${rows.map(() => '?').join(',')})`,
          rows.map((r) => r.id),
        );
        this.backlog.set(rows.length === BATCH ? BATCH : 0);
        return rows.length;
      },
      'READ COMMITTED',
    );
  }

  /**
   * Delivers a batch: first to the batch handlers (in order, a round each), then to the per-message
   * handlers: one ticket's messages in order (its events are a timeline), different tickets side by
   * side, so one slow handler call does not hold up the whole centre.
   */
  private async deliverAll(messages: OutboxEnvelope[]): Promise<void> {
    await this.dispatcher.deliverBatch(messages);
    const lanes = new Map<string, OutboxEnvelope[]>();
    for (const m of messages) {
      const key = m.ticketId === null ? `message:${m.id}` : `ticket:${m.ticketId}`;
      const lane = lanes.get(key) ?? [];
      lane.push(m);
      lanes.set(key, lane);
    }
    const queue = [...lanes.values()];
    const run = async (): Promise<void> => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const message of lane) await this.dispatcher.deliver(message);
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, queue.length) }, run));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { DataSource, QueryRunner } from 'typeorm';
import { CALL_INCOMING_TOPIC } from '../calls/calls.service';
import { MetricsService } from '../metrics/metrics.service';
import { OutboxDispatcher, OutboxEnvelope } from '../outbox/outbox.dispatcher';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { LiveEventsRepository } from './live-events.repository';
import type { CallIncomingData, Delivery, FanoutMessage, LiveEventType } from './realtime-events';
import { planCallIncoming } from './realtime-plan';
import { TICKET_EVENT_TOPIC } from '../tickets/ticket-event.writer';

/** A redelivered outbox row (the relay retries a whole batch when any handler fails) is not pushed twice. */
const SENT_TTL_SECONDS = 24 * 3600;
// Marking and publishing in one script: either both happen or neither, so a retry neither repeats nor loses
const PUBLISH_ONCE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  return redis.call('PUBLISH', ARGV[1], ARGV[2])
end
return -1`;

/**
 * The only emitter of realtime events. It runs where the outbox relay runs (worker or all), after the
 * change committed: it reads the event, plans who sees what (realtime-plan.ts) and publishes the
 * deliveries once on a Redis channel that the LiveHub of every api process fans out to its sockets.
 */
@Injectable()
export class RealtimePublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimePublisher.name);
  private readonly emitted: Counter<'type'>;
  private runner: QueryRunner | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatcher: OutboxDispatcher,
    private readonly events: LiveEventsRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    metrics: MetricsService,
  ) {
    this.emitted = new Counter({
      name: 'hotline_realtime_events_emitted_total',
      help: 'Realtime events published to the consoles, by type (once per event, whatever the rooms)',
      labelNames: ['type'] as const,
      registers: [metrics.registry],
    });
  }

  /** The channel every api process listens on. */
  get channel(): string {
    return this.keys.key('realtime', 'fanout');
  }

  onModuleInit(): void {
    this.dispatcher.onBatch(TICKET_EVENT_TOPIC, 'realtime', (messages) => this.publishTicketEvents(messages));
    this.dispatcher.on(CALL_INCOMING_TOPIC, 'realtime', (message) => this.publishCall(message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.release();
  }

  /** Pushes a relay batch of ticket events: one read for all of them, then one publish each, in order. */
  async publishTicketEvents(messages: OutboxEnvelope[]): Promise<void> {
    const events = messages.filter((m): m is OutboxEnvelope & { eventId: number } => m.eventId !== null);
    if (events.length === 0) return;
    let deliveries: Delivery[][];
    try {
      deliveries = await this.events.deliveriesOf(
        events.map((m) => m.eventId),
        await this.connection(),
      );
    } catch (error) {
      // a broken connection is replaced on the relay's next attempt
      await this.runner?.release().catch(() => undefined);
      this.runner = null;
      throw error;
    }
    // one connection sends them in this order: the consoles see a ticket's events as its timeline
    await Promise.all(
      events.map((m, i) =>
        deliveries[i]?.length
          ? // the row's creation time keeps a recreated database's reused ids from matching old marks
            this.publishOnce(`event:${m.eventId}:${new Date(m.createdAt).getTime()}`, deliveries[i])
          : Promise.resolve(),
      ),
    );
  }

  async publishCall(message: OutboxEnvelope): Promise<void> {
    const call = callIncomingOf(message.payload);
    if (!call) {
      // retrying cannot fix a malformed row: log it and let the relay mark it sent
      this.logger.warn({ outboxId: message.id }, 'Malformed call.incoming outbox payload: not pushed');
      return;
    }
    await this.publishOnce(
      `outbox:${message.id}:${new Date(message.createdAt).getTime()}`,
      planCallIncoming(call.data, call.at),
    );
  }

  /**
   * A connection of its own for the batch read. The relay delivers a batch inside its claim
   * transaction; under load the shared pool can be taken by requests, and a handler queueing for a
   * pooled connection would hold the whole batch (and its claim) until one frees.
   */
  private async connection(): Promise<QueryRunner> {
    if (this.runner && !this.runner.isReleased) return this.runner;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    this.runner = runner;
    return runner;
  }

  private async publishOnce(id: string, deliveries: Delivery[]): Promise<void> {
    const message: FanoutMessage = { deliveries };
    const result = await this.redis.eval(
      PUBLISH_ONCE,
      1,
      this.keys.key('realtime', 'sent', id),
      this.channel,
      JSON.stringify(message),
      SENT_TTL_SECONDS,
    );
    if (result === -1) return;
    const types = new Set<LiveEventType>(deliveries.map((d) => d.event.type));
    for (const type of types) this.emitted.inc({ type });
  }
}

function callIncomingOf(payload: Record<string, unknown>): { data: CallIncomingData; at: string } | null {
  const { callId, ctiCallId, sourceLine, callerPhone, agentUserId, event, at } = payload;
  if (
    typeof callId !== 'number' ||
    typeof ctiCallId !== 'string' ||
    typeof sourceLine !== 'string' ||
    typeof callerPhone !== 'string' ||
    typeof agentUserId !== 'number' ||
    (event !== 'ringing' && event !== 'answered') ||
    typeof at !== 'string'
  ) {
    return null;
  }
  return { data: { callId, ctiCallId, sourceLine, callerPhone, agentUserId, event }, at };
}

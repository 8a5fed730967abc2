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
import type { CallIncomingData, Delivery, LiveEventType } from './realtime-events';
import { PUBLISH_EVENTS_LUA, runsWithin } from './realtime-fanout';
import { planCallIncoming } from './realtime-plan';
import { TICKET_EVENT_TOPIC } from '../tickets/ticket-event.writer';

/** A redelivered outbox row (the relay retries a whole batch when any handler fails) is not pushed twice. */
const SENT_TTL_SECONDS = 24 * 3600;
/**
 * What one fan-out message may weigh: every api process parses it and emits it in one go. A relay
 * batch (at most 200 rows, a ticket event's deliveries about 2 KB) stays well below it, so a batch is
 * one message; a larger one goes as several, one after another, each marked and published at once.
 */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** The script as an ioredis command: EVALSHA, its text sent once per connection and again if Redis lost it. */
const PUBLISH_EVENTS = 'hotlinePublishRealtimeEvents';
type PublishEvents = (keyCount: number, ...keysThenArgs: (string | number)[]) => Promise<number[]>;

/** An event to publish: the mark that says it was, and its deliveries. */
interface Publication {
  mark: string;
  deliveries: Delivery[];
}

/**
 * The only emitter of realtime events. It runs where the outbox relay runs (worker or all), after the
 * change committed: it reads the events, plans who sees what (realtime-plan.ts) and publishes their
 * deliveries once, a relay batch in one message, on a Redis channel that the LiveHub of every api
 * process fans out to its sockets (realtime-fanout.ts).
 */
@Injectable()
export class RealtimePublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RealtimePublisher.name);
  private readonly emitted: Counter<'type'>;
  private runner: QueryRunner | null = null;
  private readonly publishEvents: PublishEvents;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatcher: OutboxDispatcher,
    private readonly events: LiveEventsRepository,
    @Inject(REDIS) redis: Redis,
    private readonly keys: RedisKeys,
    metrics: MetricsService,
  ) {
    this.emitted = new Counter({
      name: 'hotline_realtime_events_emitted_total',
      help: 'Realtime events published to the consoles, by type (once per event, whatever the rooms)',
      labelNames: ['type'] as const,
      registers: [metrics.registry],
    });
    redis.defineCommand(PUBLISH_EVENTS, { lua: PUBLISH_EVENTS_LUA });
    const command = (redis as Redis & { [PUBLISH_EVENTS]: PublishEvents })[PUBLISH_EVENTS];
    this.publishEvents = command.bind(redis);
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

  /** Pushes a relay batch of ticket events: one read and one publish for all of them, in order. */
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
    const publications = events.flatMap((m, i): Publication[] =>
      deliveries[i]?.length
        ? // the row's creation time keeps a recreated database's reused ids from matching old marks
          [{ mark: `event:${m.eventId}:${new Date(m.createdAt).getTime()}`, deliveries: deliveries[i] }]
        : [],
    );
    await this.publish(publications);
  }

  async publishCall(message: OutboxEnvelope): Promise<void> {
    const call = callIncomingOf(message.payload);
    if (!call) {
      // retrying cannot fix a malformed row: log it and let the relay mark it sent
      this.logger.warn({ outboxId: message.id }, 'Malformed call.incoming outbox payload: not pushed');
      return;
    }
    await this.publish([
      {
        mark: `outbox:${message.id}:${new Date(message.createdAt).getTime()}`,
        deliveries: planCallIncoming(call.data, call.at),
      },
    ]);
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

  /**
   * Publishes the events not yet published, in the order given: one script call (one message) per
   * run of events, and the runs one after another, so the consoles see a ticket's events as its timeline.
   */
  private async publish(publications: Publication[]): Promise<void> {
    if (publications.length === 0) return;
    const payloads = publications.map((p) => JSON.stringify(p.deliveries));
    const runs = runsWithin(
      payloads.map((p) => Buffer.byteLength(p)),
      MAX_MESSAGE_BYTES,
    );
    for (const [start, end] of runs) {
      const marks = publications.slice(start, end).map((p) => this.keys.key('realtime', 'sent', p.mark));
      const marked = await this.publishEvents(
        marks.length,
        ...marks,
        this.channel,
        SENT_TTL_SECONDS,
        ...payloads.slice(start, end),
      );
      // counted for the events this call marked: an event a retry finds marked was counted by the first
      for (const position of marked) {
        const types = new Set<LiveEventType>(publications[start + position - 1]!.deliveries.map((d) => d.event.type));
        for (const type of types) this.emitted.inc({ type });
      }
    }
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

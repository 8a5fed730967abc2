import { Injectable, Logger } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** One outbox row as handlers see it. */
export interface OutboxEnvelope {
  id: number;
  topic: string;
  ticketId: number | null;
  eventId: number | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export type OutboxHandler = (message: OutboxEnvelope) => Promise<void>;
/** Takes all the messages of its topic in one relay batch, oldest first: one read or one Redis round for many. */
export type OutboxBatchHandler = (messages: OutboxEnvelope[]) => Promise<void>;

/**
 * Who acts on which outbox topic. Feature modules register their handlers at start-up
 * (realtime pushes, queue feeders, SLA timers); the relay calls every handler of a topic and
 * marks the row sent only when all of them succeeded, so handlers must be idempotent. A handler
 * takes one message at a time (on) or all of its topic's messages of a relay batch (onBatch).
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private readonly handlers = new Map<string, { name: string; handle: OutboxHandler }[]>();
  private readonly batchHandlers = new Map<string, { name: string; handle: OutboxBatchHandler }[]>();
  private readonly duration: Histogram<'topic' | 'handler'>;

  constructor(metrics: MetricsService) {
    this.duration = new Histogram({
      name: 'hotline_outbox_handler_seconds',
      help: 'Time each outbox handler takes per message (a batch handler: its batch time shared by its messages)',
      labelNames: ['topic', 'handler'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [metrics.registry],
    });
  }

  on(topic: string, name: string, handle: OutboxHandler): void {
    const list = this.handlers.get(topic) ?? [];
    list.push({ name, handle });
    this.handlers.set(topic, list);
  }

  onBatch(topic: string, name: string, handle: OutboxBatchHandler): void {
    const list = this.batchHandlers.get(topic) ?? [];
    list.push({ name, handle });
    this.batchHandlers.set(topic, list);
  }

  /**
   * Runs the batch handlers of a relay batch, each with the messages of its topic in order. The
   * handlers run side by side: they are independent of one another (each has its own messages in
   * order, and a later round waits for them all), so a round takes as long as its slowest handler
   * rather than the sum of them. The first failure is thrown once all have settled.
   */
  async deliverBatch(messages: OutboxEnvelope[]): Promise<void> {
    const byTopic = new Map<string, OutboxEnvelope[]>();
    for (const m of messages) {
      if (!this.batchHandlers.has(m.topic)) continue;
      const list = byTopic.get(m.topic) ?? [];
      list.push(m);
      byTopic.set(m.topic, list);
    }
    const runs: Promise<void>[] = [];
    for (const [topic, batch] of byTopic) {
      for (const { name, handle } of this.batchHandlers.get(topic) ?? []) {
        runs.push(this.runBatchHandler(topic, name, handle, batch));
      }
    }
    const failed = (await Promise.allSettled(runs)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async runBatchHandler(
    topic: string,
    name: string,
    handle: OutboxBatchHandler,
    batch: OutboxEnvelope[],
  ): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      await handle(batch);
    } catch (error) {
      throw new Error(
        `outbox handler ${name} failed on messages ${batch[0]!.id}…${batch.at(-1)!.id}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const each = Number(process.hrtime.bigint() - started) / 1e9 / batch.length;
    for (let i = 0; i < batch.length; i++) this.duration.observe({ topic, handler: name }, each);
  }

  /** Runs the per-message handlers of one message. */
  async deliver(message: OutboxEnvelope): Promise<void> {
    const list = this.handlers.get(message.topic) ?? [];
    if (list.length === 0 && !this.batchHandlers.has(message.topic)) {
      this.logger.debug({ topic: message.topic }, 'No handler for outbox topic: marking sent');
    }
    for (const { name, handle } of list) {
      const end = this.duration.startTimer({ topic: message.topic, handler: name });
      try {
        await handle(message);
        end();
      } catch (error) {
        throw new Error(`outbox handler ${name} failed on message ${message.id}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
  }
}

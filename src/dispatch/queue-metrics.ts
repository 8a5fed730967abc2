import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';
import { CLASSIFICATION_QUEUE, DISPATCH_QUEUE } from './pipeline.queues';

export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Age in ms of the oldest job still waiting: how far behind the workers are. */
  oldestWaitingMs: number | null;
}

/** Queue depth and lag for /metrics and the admin view, read from Redis when asked. */
@Injectable()
export class QueueMetrics {
  readonly queues: Queue[];

  constructor(
    @InjectQueue(CLASSIFICATION_QUEUE) classification: Queue,
    @InjectQueue(DISPATCH_QUEUE) dispatch: Queue,
    metrics: MetricsService,
  ) {
    this.queues = [classification, dispatch];
    const counts = (): Promise<QueueCounts[]> => this.counts().catch(() => []);
    new Gauge({
      name: 'hotline_queue_jobs',
      help: 'BullMQ jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const c of await counts()) {
          for (const state of ['waiting', 'active', 'delayed', 'failed'] as const)
            this.set({ queue: c.queue, state }, c[state]);
        }
      },
    });
    new Gauge({
      name: 'hotline_queue_oldest_waiting_seconds',
      help: 'Age of the oldest waiting job per queue (job latency before a worker takes it)',
      labelNames: ['queue'] as const,
      registers: [metrics.registry],
      async collect() {
        for (const c of await counts()) this.set({ queue: c.queue }, (c.oldestWaitingMs ?? 0) / 1000);
      },
    });
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      this.queues.map(async (q) => {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        const [oldest] = await q.getJobs(['waiting'], 0, 0, true);
        return {
          queue: q.name,
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          delayed: c.delayed ?? 0,
          failed: c.failed ?? 0,
          completed: c.completed ?? 0,
          oldestWaitingMs: oldest ? Date.now() - oldest.timestamp : null,
        };
      }),
    );
  }
}

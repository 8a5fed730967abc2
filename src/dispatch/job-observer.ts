import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Histogram } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** Job latency (enqueued → done) per queue for /metrics, and worker connection errors as log lines. */
@Injectable()
export class JobObserver {
  private readonly logger = new Logger('Jobs');
  private readonly latency: Histogram<'queue' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.latency = new Histogram({
      name: 'hotline_job_latency_seconds',
      help: 'Time from enqueueing a job to its completion or final failure',
      labelNames: ['queue', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
      registers: [metrics.registry],
    });
  }

  completed(job: Job): void {
    this.latency.observe(
      { queue: job.queueName, outcome: 'completed' },
      ((job.finishedOn ?? Date.now()) - job.timestamp) / 1000,
    );
  }

  failed(job: Job | undefined, error: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final)
      this.latency.observe(
        { queue: job.queueName, outcome: 'failed' },
        ((job.finishedOn ?? Date.now()) - job.timestamp) / 1000,
      );
    this.logger.warn(
      { queue: job.queueName, jobId: job.id, attempt: job.attemptsMade, final, err: error.message },
      'Job failed',
    );
  }

  error(error: Error): void {
    this.logger.warn({ err: error.message }, 'Queue worker error');
  }
}

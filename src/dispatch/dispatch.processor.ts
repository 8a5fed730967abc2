import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import type { Job } from 'bullmq';
import { DISPATCH_QUEUE, PIPELINE_WORKER_OPTIONS, PipelineJobMap } from './pipeline.queues';
import { JobObserver } from './job-observer';
import { PipelineService } from './pipeline.service';

@Processor(DISPATCH_QUEUE, PIPELINE_WORKER_OPTIONS)
export class DispatchProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly pipeline: PipelineService,
    private readonly observer: JobObserver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.PIPELINE_CONCURRENCY;
  }

  process(job: Job<PipelineJobMap['ticket.dispatch']>): Promise<string> {
    return this.pipeline.dispatch(job.data.ticketId);
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job): void {
    this.observer.completed(job);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.observer.failed(job, error);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.observer.error(error);
  }
}

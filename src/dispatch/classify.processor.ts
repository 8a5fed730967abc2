import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { CLASSIFICATION_QUEUE, PIPELINE_WORKER_OPTIONS, PipelineJobMap } from './pipeline.queues';
import { JobObserver } from './job-observer';
import { PipelineService } from './pipeline.service';

@Processor(CLASSIFICATION_QUEUE, PIPELINE_WORKER_OPTIONS)
export class ClassifyProcessor extends WorkerHost {
  constructor(
    private readonly pipeline: PipelineService,
    private readonly observer: JobObserver,
  ) {
    super();
  }

  process(job: Job<PipelineJobMap['ticket.classify']>): Promise<string> {
    return this.pipeline.classify(job.data.ticketId, job.data.roundEventId);
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

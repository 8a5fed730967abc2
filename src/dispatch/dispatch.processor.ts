import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DISPATCH_QUEUE, PIPELINE_WORKER_OPTIONS, PipelineJobMap } from './pipeline.queues';
import { JobObserver } from './job-observer';
import { PipelineService } from './pipeline.service';

@Processor(DISPATCH_QUEUE, PIPELINE_WORKER_OPTIONS)
export class DispatchProcessor extends WorkerHost {
  constructor(
    private readonly pipeline: PipelineService,
    private readonly observer: JobObserver,
  ) {
    super();
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

import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DISPATCH_QUEUE, PIPELINE_WORKER_OPTIONS, PipelineJobMap } from './pipeline.queues';
import { PipelineService } from './pipeline.service';

@Processor(DISPATCH_QUEUE, PIPELINE_WORKER_OPTIONS)
export class DispatchProcessor extends WorkerHost {
  constructor(private readonly pipeline: PipelineService) {
    super();
  }

  process(job: Job<PipelineJobMap['ticket.dispatch']>): Promise<string> {
    return this.pipeline.dispatch(job.data.ticketId);
  }
}

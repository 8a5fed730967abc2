import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { CLASSIFICATION_QUEUE, PIPELINE_WORKER_OPTIONS, PipelineJobMap } from './pipeline.queues';
import { PipelineService } from './pipeline.service';

@Processor(CLASSIFICATION_QUEUE, PIPELINE_WORKER_OPTIONS)
export class ClassifyProcessor extends WorkerHost {
  constructor(private readonly pipeline: PipelineService) {
    super();
  }

  process(job: Job<PipelineJobMap['ticket.classify']>): Promise<string> {
    return this.pipeline.classify(job.data.ticketId, job.data.roundEventId);
  }
}

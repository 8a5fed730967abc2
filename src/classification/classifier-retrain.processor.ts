import { Processor, WorkerHost } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ClassificationService } from './classification.service';
import { retrainFromClosedTickets, RetrainResult } from './classifier-retraining';
import { CLASSIFIER_QUEUE, ClassifierJobMap } from './classifier.queue';

/** Retraining is minutes of CPU: one at a time, in a worker, never in a request. */
@Processor(CLASSIFIER_QUEUE, { concurrency: 1, lockDuration: 10 * 60_000 })
export class ClassifierRetrainProcessor extends WorkerHost {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly classification: ClassificationService,
  ) {
    super();
  }

  async process(job: Job<ClassifierJobMap['classifier.retrain']>): Promise<RetrainResult> {
    const result = await retrainFromClosedTickets(this.dataSource, { actorUserId: job.data.requestedBy });
    await this.classification.reload();
    return result;
  }
}

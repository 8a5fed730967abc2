import { Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ClassificationService } from './classification.service';
import { retrainFromClosedTickets, RetrainResult } from './classifier-retraining';
import { stopTrainingProcesses } from './classifier-train-process';
import { CLASSIFIER_QUEUE, ClassifierJobMap } from './classifier.queue';

/** Retraining is minutes of CPU: one at a time, in a worker, never in a request. */
@Processor(CLASSIFIER_QUEUE, { concurrency: 1, lockDuration: 10 * 60_000 })
export class ClassifierRetrainProcessor extends WorkerHost implements BeforeApplicationShutdown {
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

  /**
   * Before the queues close (they wait for running jobs): a retraining under way fails now and can be
   * queued again, rather than holding the shutdown for minutes or being cut off by its time-out.
   */
  beforeApplicationShutdown(): void {
    stopTrainingProcesses();
  }
}

import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { KIND_OF_JOB, SLA_QUEUE, SlaJobData, SlaJobName } from './sla-timers';
import { SlaTimerService } from './sla-timer.service';

/** Fires SLA warnings and breaches; the service re-reads the ticket and ignores stale timers. */
@Processor(SLA_QUEUE, { concurrency: 8 })
export class SlaProcessor extends WorkerHost {
  constructor(private readonly timers: SlaTimerService) {
    super();
  }

  process(job: Job<SlaJobData, string, SlaJobName>): Promise<string> {
    return this.timers.fire(KIND_OF_JOB[job.name], job.data);
  }
}

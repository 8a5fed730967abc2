import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, Job } from 'bullmq';
import { SlaArmingService } from './sla-arming.service';
import { KIND_OF_JOB, SLA_QUEUE, SlaJobData, SlaJobName } from './sla-timers';
import { SlaTimerService } from './sla-timer.service';

/**
 * Fires SLA warnings and breaches; the service re-reads the ticket and ignores stale timers. Then,
 * whatever the outcome, the ticket is armed again: only its soonest timers are on the queue, so this
 * is what enqueues the next one. It cannot loop: this job is still active while it re-arms (adding its
 * id is a no-op) and a timer that has run stays done under its id for a day. The ticket is armed as of
 * this timer's instant at least. A job that runs early (the arming process's clock ahead of this
 * one's) records nothing and waits again, under its id, until its instant on this process's clock.
 * A failed re-arm is thrown for BullMQ to retry (the fire then finds a duplicate); should the retries
 * run out, the sweeper re-arms every open ticket.
 */
@Processor(SLA_QUEUE, { concurrency: 8 })
export class SlaProcessor extends WorkerHost {
  constructor(
    private readonly timers: SlaTimerService,
    private readonly arming: SlaArmingService,
  ) {
    super();
  }

  async process(job: Job<SlaJobData, string, SlaJobName>, token?: string): Promise<string> {
    const kind = KIND_OF_JOB[job.name];
    const { outcome, fireAt } = await this.timers.fire(kind, job.data);
    if (outcome === 'early' && fireAt && token) {
      await job.moveToDelayed(fireAt.getTime(), token);
      // tells BullMQ the job was moved, not finished
      throw new DelayedError();
    }
    await this.arming.rearm(job.data.ticketId, { ...job.data, kind });
    return outcome;
  }
}

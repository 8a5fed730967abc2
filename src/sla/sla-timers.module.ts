import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { runsWorkers } from '../config/app-role';
import { TicketsModule } from '../tickets/tickets.module';
import { SlaArmingService } from './sla-arming.service';
import { SLA_JOB_OPTIONS, SLA_QUEUE } from './sla-timers';
import { SlaTimerService } from './sla-timer.service';
import { SlaModule } from './sla.module';
import { SlaProcessor } from './sla.processor';
import { SlaSweeper } from './sla.sweeper';

/**
 * SLA warnings and breaches: timers armed from the outbox, fired by the `sla` queue's processor
 * (worker processes only), recorded through TicketsService. Separate from SlaModule because it
 * needs TicketsModule, which itself needs SlaModule for the deadlines.
 */
@Module({
  imports: [
    BullModule.registerQueue({ name: SLA_QUEUE, defaultJobOptions: SLA_JOB_OPTIONS }),
    TicketsModule,
    SlaModule,
  ],
  providers: [SlaTimerService, SlaArmingService, SlaSweeper, ...(runsWorkers() ? [SlaProcessor] : [])],
  exports: [SlaSweeper, SlaArmingService],
})
export class SlaTimersModule {}

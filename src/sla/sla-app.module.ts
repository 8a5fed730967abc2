import { Module } from '@nestjs/common';
import { SlaBoardController } from './sla-board.controller';
import { SlaBoardService } from './sla-board.service';
import { SlaMetricsService } from './sla-metrics.service';
import { SlaTimersModule } from './sla-timers.module';
import { SlaModule } from './sla.module';

/**
 * Everything SLA, for AppModule to import once: the calendar, policies and deadline rules
 * (SlaModule, also imported by TicketsModule), the timers (SlaTimersModule) and the supervisor's
 * board, metrics and exports (here: they only read, so they need nothing of tickets).
 */
@Module({
  imports: [SlaModule, SlaTimersModule],
  controllers: [SlaBoardController],
  providers: [SlaMetricsService, SlaBoardService],
})
export class SlaAppModule {}

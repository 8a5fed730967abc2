import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { SlaModule } from '../sla/sla.module';
import { TicketQueriesService } from './ticket-queries.service';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

@Module({
  imports: [CallsModule, SlaModule],
  controllers: [TicketsController],
  providers: [TicketsService, TicketQueriesService],
  exports: [TicketsService],
})
export class TicketsModule {}

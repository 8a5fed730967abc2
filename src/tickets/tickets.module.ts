import { Module } from '@nestjs/common';
import { TicketQueriesService } from './ticket-queries.service';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

@Module({
  controllers: [TicketsController],
  providers: [TicketsService, TicketQueriesService],
  exports: [TicketsService],
})
export class TicketsModule {}

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import type { Queue } from 'bullmq';
import { OutboxDispatcher, OutboxEnvelope } from '../outbox/outbox.dispatcher';
import { TICKET_EVENT_TOPIC } from '../tickets/ticket-event.writer';
import { readDatabaseIncarnation } from '../database/database-incarnation';
import { CLASSIFICATION_QUEUE, classifyJobId, DISPATCH_QUEUE, dispatchJobId, PipelineJobMap } from './pipeline.queues';

/**
 * Feeds the pipeline queues from the outbox: a ticket entering the dispatch pool is classified
 * (and, in the same job, dispatched or pooled); a ticket classified without that decision is
 * dispatched. Job ids are derived from the event and the database's incarnation (pipeline.queues.ts),
 * so a redelivered outbox row enqueues nothing new.
 */
@Injectable()
export class PipelineFeeder implements OnModuleInit {
  private incarnation: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxDispatcher,
    @InjectQueue(CLASSIFICATION_QUEUE) private readonly classification: Queue,
    @InjectQueue(DISPATCH_QUEUE) private readonly dispatch: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.PIPELINE_ENABLED) return;
    this.outbox.onBatch(TICKET_EVENT_TOPIC, 'pipeline', (messages) => this.onTicketEvents(messages));
  }

  async enqueueClassify(ticketId: number, roundEventId: number): Promise<void> {
    const data: PipelineJobMap['ticket.classify'] = { ticketId, roundEventId };
    const jobId = classifyJobId(await this.incarnationToken(), ticketId, roundEventId);
    await this.classification.add('ticket.classify', data, { jobId });
  }

  async enqueueDispatch(ticketId: number, classifiedEventId: number): Promise<void> {
    const data: PipelineJobMap['ticket.dispatch'] = { ticketId, roundEventId: classifiedEventId };
    const jobId = dispatchJobId(await this.incarnationToken(), ticketId, classifiedEventId);
    await this.dispatch.add('ticket.dispatch', data, { jobId });
  }

  private async incarnationToken(): Promise<string> {
    this.incarnation ??= await readDatabaseIncarnation(this.dataSource);
    return this.incarnation;
  }

  /** A relay batch: its classify and dispatch jobs, each queue's in one round. */
  private async onTicketEvents(messages: OutboxEnvelope[]): Promise<void> {
    const incarnation = await this.incarnationToken();
    const classify: { name: 'ticket.classify'; data: PipelineJobMap['ticket.classify']; opts: { jobId: string } }[] =
      [];
    const dispatch: { name: 'ticket.dispatch'; data: PipelineJobMap['ticket.dispatch']; opts: { jobId: string } }[] =
      [];
    for (const message of messages) {
      const { action, fromStatus, toStatus, decided } = message.payload as {
        action: string;
        fromStatus: string | null;
        toStatus: string | null;
        /** The classify job dispatched or pooled the ticket in the classification's own transaction. */
        decided?: boolean;
      };
      const { ticketId, eventId } = message;
      if (ticketId === null || eventId === null) continue;
      if (toStatus === 'pending_dispatch' && fromStatus !== 'pending_dispatch') {
        classify.push({
          name: 'ticket.classify',
          data: { ticketId, roundEventId: eventId },
          opts: { jobId: classifyJobId(incarnation, ticketId, eventId) },
        });
      } else if (action === 'classified' && !decided) {
        dispatch.push({
          name: 'ticket.dispatch',
          data: { ticketId, roundEventId: eventId },
          opts: { jobId: dispatchJobId(incarnation, ticketId, eventId) },
        });
      }
    }
    if (classify.length > 0) await this.classification.addBulk(classify);
    if (dispatch.length > 0) await this.dispatch.addBulk(dispatch);
  }
}

import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ClassificationModule } from '../classification/classification.module';
import { runsWorkers } from '../config/app-role';
import { ResponsibilityModule } from '../responsibility/responsibility.module';
import { TicketsModule } from '../tickets/tickets.module';
import { ClassifyProcessor } from './classify.processor';
import { DispatchProcessor } from './dispatch.processor';
import { DuplicatesService } from './duplicates.service';
import { JobObserver } from './job-observer';
import { IntakeSuggestionsController } from './intake-suggestions.controller';
import { PipelineFeeder } from './pipeline.feeder';
import { CLASSIFICATION_QUEUE, DISPATCH_QUEUE, PIPELINE_JOB_OPTIONS } from './pipeline.queues';
import { PipelineService } from './pipeline.service';
import { PipelineSweeper } from './pipeline.sweeper';
import { QueuesController } from './queues.controller';
import { QueueMetrics } from './queue-metrics';

/** Classification and dispatch through BullMQ; the processors run only in worker processes. */
@Module({
  imports: [
    BullModule.registerQueue(
      { name: CLASSIFICATION_QUEUE, defaultJobOptions: PIPELINE_JOB_OPTIONS },
      { name: DISPATCH_QUEUE, defaultJobOptions: PIPELINE_JOB_OPTIONS },
    ),
    TicketsModule,
    CatalogModule,
    ClassificationModule,
    ResponsibilityModule,
  ],
  controllers: [QueuesController, IntakeSuggestionsController],
  providers: [
    PipelineService,
    PipelineFeeder,
    PipelineSweeper,
    DuplicatesService,
    QueueMetrics,
    JobObserver,
    ...(runsWorkers() ? [ClassifyProcessor, DispatchProcessor] : []),
  ],
  exports: [DuplicatesService, PipelineSweeper],
})
export class PipelineModule {}

import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { runsWorkers } from '../config/app-role';
import { ClassificationService } from './classification.service';
import { ClassifierAdminController } from './classifier-admin.controller';
import { ClassifierRetrainProcessor } from './classifier-retrain.processor';
import { CLASSIFIER_QUEUE } from './classifier.queue';

@Module({
  imports: [CatalogModule, BullModule.registerQueue({ name: CLASSIFIER_QUEUE })],
  controllers: [ClassifierAdminController],
  providers: [ClassificationService, ...(runsWorkers() ? [ClassifierRetrainProcessor] : [])],
  exports: [ClassificationService],
})
export class ClassificationModule {}

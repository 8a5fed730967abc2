import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { ClassificationService } from './classification.service';
import { ClassifierModelRecord } from './classifier-model.entity';
import { activateModel } from './classifier-store';
import { CLASSIFIER_QUEUE, ClassifierJobMap } from './classifier.queue';

/** The stored models, which one is active, and retraining on the centre's closed tickets. */
@ApiTags('admin: classifier')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/classifier')
export class ClassifierAdminController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(CLASSIFIER_QUEUE) private readonly queue: Queue,
    private readonly classification: ClassificationService,
    private readonly audit: AuditService,
  ) {}

  @Get('models')
  models(): Promise<ClassifierModelRecord[]> {
    return this.dataSource.getRepository(ClassifierModelRecord).find({ order: { id: 'DESC' }, take: 50 });
  }

  @Post('models/:id/activate')
  @HttpCode(200)
  async activate(
    @Param('id', ParseIntPipe) id: number,
    @CurrentUser() user: AuthUser,
  ): Promise<{ activeModelId: number }> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(ClassifierModelRecord, { id }))) {
        throw DomainError.notFound('CLASSIFIER_MODEL_NOT_FOUND', `No classifier model ${id}`);
      }
      await activateModel(manager, id);
      await this.audit.record(manager, {
        actorUserId: user.id,
        action: 'update',
        entityType: 'classifier_model',
        entityId: id,
        after: { active: true },
      });
    });
    // this process answers with the new model from the next appeal on; the others within seconds
    await this.classification.reload();
    return { activeModelId: id };
  }

  /** Queues a retraining run; the job's result (held-out figures) shows on the queue. */
  @Post('retrain')
  @HttpCode(202)
  async retrain(@CurrentUser() user: AuthUser): Promise<{ jobId: string }> {
    const data: ClassifierJobMap['classifier.retrain'] = { requestedBy: user.id };
    const job = await this.queue.add('classifier.retrain', data, {
      attempts: 1,
      removeOnComplete: { count: 20 },
      removeOnFail: { count: 20 },
    });
    return { jobId: String(job.id) };
  }
}

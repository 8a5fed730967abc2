import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { QueueCounts, QueueMetrics } from './queue-metrics';

/** The dead-letter view: what each queue holds, the failed jobs with their errors, and a retry. */
@ApiTags('admin: queues')
@ApiBearerAuth()
@Roles('admin', 'supervisor')
@Controller('admin/queues')
export class QueuesController {
  constructor(private readonly metrics: QueueMetrics) {}

  @Get()
  counts(): Promise<QueueCounts[]> {
    return this.metrics.counts();
  }

  @Get(':name/failed')
  async failed(@Param('name') name: string, @Query('limit') limit = '50') {
    const jobs = await this.queue(name).getFailed(0, Math.min(Math.max(Number(limit) || 50, 1), 200) - 1);
    return jobs.map((j) => ({
      id: j.id,
      name: j.name,
      data: j.data as unknown,
      attempts: j.attemptsMade,
      failedReason: j.failedReason,
      finishedOn: j.finishedOn,
    }));
  }

  @Roles('admin')
  @Post(':name/failed/:jobId/retry')
  async retry(@Param('name') name: string, @Param('jobId') jobId: string): Promise<{ retried: string }> {
    const job = await this.queue(name).getJob(jobId);
    if (!job || !(await job.isFailed()))
      throw DomainError.notFound('JOB_NOT_FOUND', `No failed job ${jobId} in ${name}`);
    await job.retry();
    return { retried: jobId };
  }

  private queue(name: string) {
    const queue = this.metrics.queues.find((q) => q.name === name);
    if (!queue) throw DomainError.notFound('QUEUE_NOT_FOUND', `No queue ${name}`);
    return queue;
  }
}

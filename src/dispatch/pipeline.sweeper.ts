import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runsWorkers } from '../config/app-role';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env.schema';
import { PipelineFeeder } from './pipeline.feeder';

const SWEEP_EVERY_MS = 60_000;

/**
 * After any outage or restart, re-enqueues tickets stuck before dispatch: waiting in the pool with
 * no classification of their current round, or classified but neither dispatched nor pooled. The
 * job ids and the steps' own staleness checks make a second enqueue harmless.
 */
@Injectable()
export class PipelineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PipelineSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly feeder: PipelineFeeder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers() || !this.config.PIPELINE_ENABLED) return;
    const run = (): void => {
      this.sweep().catch((error: unknown) =>
        this.logger.warn({ err: (error as Error).message }, 'Pipeline sweep failed'),
      );
    };
    setTimeout(run, 2000).unref();
    this.timer = setInterval(run, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Returns how many tickets were re-enqueued. */
  async sweep(stuckAfterMs = this.config.PIPELINE_STUCK_AFTER_SECONDS * 1000): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT t.id,
              (SELECT MAX(e.id) FROM ticket_events e WHERE e.ticket_id = t.id AND e.to_status = 'pending_dispatch') AS roundEventId,
              (SELECT MAX(e.id) FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'classified') AS classifiedEventId,
              JSON_VALUE(t.classification, '$.roundEventId') AS classifiedRound,
              JSON_VALUE(t.classification, '$.pooledRoundEventId') AS pooledRound
         FROM tickets t
        WHERE t.status = 'pending_dispatch' AND t.updated_at < ?
        ORDER BY t.id LIMIT 5000`,
      [new Date(Date.now() - stuckAfterMs)],
    )) as {
      id: number;
      roundEventId: number | null;
      classifiedEventId: number | null;
      classifiedRound: string | null;
      pooledRound: string | null;
    }[];
    let requeued = 0;
    for (const row of rows) {
      const round = Number(row.roundEventId);
      if (!round || Number(row.pooledRound) === round) continue;
      if (Number(row.classifiedRound) === round && row.classifiedEventId) {
        await this.feeder.enqueueDispatch(Number(row.id), Number(row.classifiedEventId));
      } else {
        await this.feeder.enqueueClassify(Number(row.id), round);
      }
      requeued++;
    }
    if (requeued) this.logger.log({ requeued }, 'Re-enqueued tickets stuck before dispatch');
    return requeued;
  }
}

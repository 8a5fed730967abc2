import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runsWorkers } from '../config/app-role';
import { loadSlaStates } from './sla-records';
import { SlaArmingService, timerKey } from './sla-arming.service';

const SWEEP_EVERY_MS = 3 * 60_000;
const BATCH = 500;

export interface SweepReport {
  tickets: number;
  enqueued: number;
  fired: number;
  failed: number;
}

/**
 * Re-arms every open ticket from the indexed `next_deadline_at` (on worker start, every three minutes
 * and `npm run cli -- sla:rearm`), so a Redis that lost its jobs, or a ticket whose next timer was not
 * armed after the last one fired (Redis down, the retries used up), loses no warning or breach. What fell
 * due meanwhile is recorded here and now, not enqueued: it must not wait for a Redis that may still be
 * down, and the alerts' unique key keeps it to once with any number of workers. Like any arming, it
 * enqueues only each ticket's next timer(s); the processor arms the following ones as they fire.
 */
@Injectable()
export class SlaSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly arming: SlaArmingService,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsWorkers()) return;
    const run = (): void => {
      this.sweep().catch((error: unknown) => this.logger.warn({ err: (error as Error).message }, 'SLA sweep failed'));
    };
    setTimeout(run, 2000).unref();
    this.timer = setInterval(run, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over the open tickets with deadlines; a pass already running in this process is shared. */
  sweep(): Promise<SweepReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<SweepReport> {
    const report: SweepReport = { tickets: 0, enqueued: 0, fired: 0, failed: 0 };
    let redisUp = true;
    let after: { at: Date; id: number } | null = null;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT id, next_deadline_at AS at FROM tickets
          WHERE next_deadline_at IS NOT NULL ${after ? 'AND (next_deadline_at > ? OR (next_deadline_at = ? AND id > ?))' : ''}
          ORDER BY next_deadline_at, id LIMIT ${BATCH}`,
        after ? [after.at, after.at, after.id] : [],
      )) as { id: number | string; at: Date }[];
      if (rows.length === 0) break;
      const ids = rows.map((r) => Number(r.id));
      const recorded = await this.recordedTimers(ids);
      for (const state of await loadSlaStates(this.dataSource.manager, ids)) {
        report.tickets++;
        let done: Awaited<ReturnType<SlaArmingService['arm']>>;
        try {
          done = await this.arming.arm(state, { fireDue: true, enqueue: redisUp, recorded });
        } catch (error) {
          // one ticket's failure (a version conflict on its urge) must not stop the pass: the next one retries it
          report.failed++;
          this.logger.warn({ ticketId: state.ticketId, err: (error as Error).message }, 'SLA sweep: ticket failed');
          continue;
        }
        report.enqueued += done.enqueued;
        report.fired += done.fired;
        if (done.error) {
          report.failed++;
          if (redisUp)
            this.logger.warn({ err: done.error.message }, 'SLA sweep cannot enqueue: firing due timers only');
          redisUp = false;
        }
      }
      const last = rows[rows.length - 1];
      after = { at: last.at, id: Number(last.id) };
    }
    if (report.fired || report.failed) this.logger.log(report, 'SLA sweep');
    return report;
  }

  /** Alerts already complete (event written, urge done where one is due): nothing to fire or enqueue again. */
  private async recordedTimers(ticketIds: number[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT ticket_id AS ticketId, clock, kind, due_at AS dueAt FROM sla_alerts
        WHERE ticket_id IN (?) AND event_id IS NOT NULL
          AND (urged_at IS NOT NULL OR kind <> 'breach' OR clock <> 'resolution')`,
      [ticketIds],
    )) as { ticketId: number | string; clock: string; kind: string; dueAt: Date }[];
    return new Set(rows.map((r) => timerKey(Number(r.ticketId), { ...r, dueAt: new Date(r.dueAt) })));
  }
}

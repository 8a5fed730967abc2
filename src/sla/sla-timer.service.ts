import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import { OutboxNotifier } from '../outbox/outbox.notifier';
import { Ticket } from '../tickets/ticket.entity';
import { TicketsService } from '../tickets/tickets.service';
import { CalendarService } from './calendar.service';
import { Clock } from './clock';
import { SlaAlert } from './sla-alert.entity';
import { currentAssignment, toRecord } from './sla-records';
import { AUTO_URGE_CONTENT, SlaJobData } from './sla-timers';
import { currentTimer, TimerKind } from './ticket-deadlines';

export type FireOutcome = 'recorded' | 'duplicate' | 'stale' | 'moot' | 'early';

/** A timer a little early (clocks of two processes disagree by milliseconds) still counts. */
const EARLY_TOLERANCE_MS = 1000;

/**
 * Records an SLA warning or breach exactly once: under the ticket's row lock it checks that the
 * timer is still current, inserts the alert (its unique key refuses a second one, from another
 * worker, a retry or the sweeper) and appends the `sla-warning` / `sla-breached` event in the same
 * transaction, so an alert never exists without its event nor an event without its alert. A breach
 * of the resolution clock then raises the automatic urge, once (claimed on the alert row).
 */
@Injectable()
export class SlaTimerService {
  private readonly logger = new Logger(SlaTimerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly outbox: OutboxNotifier,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** `fireAt`: when the timer is due, for a job that ran early and waits again until then. */
  async fire(kind: TimerKind, job: SlaJobData): Promise<{ outcome: FireOutcome; fireAt: Date | null }> {
    const now = this.clock.now();
    const { outcome, alertId, fireAt } = await this.dataSource.transaction(async (manager) => {
      const ticket = await manager.findOne(Ticket, {
        where: { id: job.ticketId },
        select: { id: true, status: true },
        lock: { mode: 'pessimistic_write' },
      });
      const row = ticket ? await currentAssignment(manager, ticket.id) : null;
      const timer = ticket
        ? currentTimer(row && toRecord(row), ticket.status, this.calendar.current, { ...job, kind })
        : null;
      if (!timer || !row) return { outcome: 'stale' as const, alertId: null, fireAt: null };
      const fireAt = timer.fireAt;
      if (now.getTime() < fireAt.getTime() - EARLY_TOLERANCE_MS)
        return { outcome: 'early' as const, alertId: null, fireAt };
      // a warning that comes after its deadline (Redis was down) is moot: the breach says more
      if (kind === 'warning' && now >= timer.dueAt) return { outcome: 'moot' as const, alertId: null, fireAt };
      const key = { ticketId: job.ticketId, clock: job.clock, kind, dueAt: timer.dueAt };
      let id: number;
      try {
        id = Number((await manager.insert(SlaAlert, key)).identifiers[0]?.id);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const existing = await manager.findOneByOrFail(SlaAlert, key);
        return { outcome: 'duplicate' as const, alertId: Number(existing.id), fireAt };
      }
      const eventId = await this.tickets.appendEvent(manager, job.ticketId, null, {
        action: kind === 'warning' ? 'sla-warning' : 'sla-breached',
        fromStatus: null,
        toStatus: null,
        reason: null,
        payload: {
          clock: job.clock,
          dueAt: timer.dueAt.toISOString(),
          ...(kind === 'warning' ? { warnAt: timer.fireAt.toISOString() } : {}),
          unitId: row.unitId,
        },
      });
      await manager.update(SlaAlert, { id }, { eventId });
      return { outcome: 'recorded' as const, alertId: id, fireAt };
    });
    if (outcome === 'recorded') this.outbox.notify();
    if (alertId !== null && kind === 'breach' && job.clock === 'resolution') await this.urgeOnce(alertId, job.ticketId);
    return { outcome, fireAt };
  }

  /** The automatic urge after a resolution breach: claimed on the alert row, released if the urge fails. */
  private async urgeOnce(alertId: number, ticketId: number): Promise<void> {
    const claimed = (await this.dataSource.query(
      'UPDATE sla_alerts SET urged_at = ? WHERE id = ? AND urged_at IS NULL',
      [this.clock.now(), alertId],
    )) as { affectedRows: number };
    if (claimed.affectedRows !== 1) return;
    try {
      await this.tickets.systemAct(ticketId, 'urge', { content: AUTO_URGE_CONTENT }, 'supervisor');
    } catch (error) {
      // closed or gone meanwhile: nothing left to urge, and nothing to retry
      if (error instanceof DomainError && ['TRANSITION_NOT_ALLOWED', 'TICKET_NOT_FOUND'].includes(error.code)) {
        this.logger.log({ ticketId, code: error.code }, 'No automatic urge: the ticket moved on');
        return;
      }
      await this.dataSource.query('UPDATE sla_alerts SET urged_at = NULL WHERE id = ?', [alertId]);
      throw error;
    }
  }
}

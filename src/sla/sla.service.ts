import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { EntityRows } from '../database/entity-rows';
import { deferStatement } from '../database/transaction';
import { DomainError } from '../common/domain-error';
import type { Ticket } from '../tickets/ticket.entity';
import { CalendarService } from './calendar.service';
import { Clock } from './clock';
import { SlaAssignment } from './sla-assignment.entity';
import { SlaPoliciesService } from './sla-policies.service';
import type { SlaClocks } from './sla-policy';
import { currentAssignment, toRecord } from './sla-records';
import { RollupDelta, rollupDeltas, rollupUpsert } from './sla-rollup';
import {
  applySlaEvent,
  extensionAllowed,
  MAX_EXTENSION_WORKING_DAYS,
  type SlaActionInput,
  slaEventOf,
  type SlaRecord,
  type SlaTicketStatus,
  type TicketDeadlines,
  ticketDeadlines,
  unitWatch,
} from './ticket-deadlines';

/** What TicketsService.act knows when it asks for the deadline changes of an action. */
export interface SlaActionContext {
  action: string;
  dto: SlaActionInput;
  /** The ticket before the action. */
  ticket: Pick<
    Ticket,
    'id' | 'status' | 'categoryId' | 'appealType' | 'urgency' | 'primaryUnitId' | 'slaPolicyVersion'
  >;
  /** The action's own effects (planEffects): the primary unit a dispatch or forward gives it. */
  effects: { ticket: { primaryUnitId?: number | null } };
  to: SlaTicketStatus;
  now: Date;
}

export type SlaTicketChanges = Partial<TicketDeadlines & Pick<Ticket, 'slaPolicyVersion'>>;

export interface SlaChanges {
  /** Merged into the ticket's UPDATE. */
  ticket: SlaTicketChanges;
  /** Put under `sla` in the event's payload when the action set or moved a deadline. */
  eventPayload: Record<string, unknown> | null;
  /** What the change adds to its unit's day totals: applied by applyRollup, last in the transaction. */
  rollup: RollupDelta[];
}

const NONE: SlaChanges = { ticket: {}, eventPayload: null, rollup: [] };
const DUE_KEYS = ['acceptDueAt', 'firstContactDueAt', 'resolutionDueAt', 'callbackDueAt'] as const;

/**
 * The SLA side of every ticket action, inside the action's transaction: the clock changes of
 * ticket-deadlines.ts applied to the ticket's SLA record (sla_assignments), and the deadline columns
 * for the ticket row. Timers are armed after commit, from the outbox (SlaArmingService).
 */
@Injectable()
export class SlaService {
  private readonly logger = new Logger(SlaService.name);
  private readonly assignments: EntityRows<SlaAssignment>;

  constructor(
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly policies: SlaPoliciesService,
    @InjectDataSource() dataSource: DataSource,
  ) {
    this.assignments = EntityRows.of(dataSource, SlaAssignment);
  }

  /** The instant an action happens at; TicketsService stamps its own timestamps with it too. */
  now(): Date {
    return this.clock.now();
  }

  async onAction(manager: EntityManager, c: SlaActionContext): Promise<SlaChanges> {
    const policy = c.action === 'dispatch' ? await this.policies.resolveFor(manager, c.ticket) : null;
    const event = slaEventOf(c.action, c.to, c.dto, () => (policy as { clocks: SlaClocks }).clocks);
    // a status change without a clock event still starts or stops clocks (review send-back resumes resolution)
    if (!event && c.to === c.ticket.status) return NONE;
    // a ticket's first dispatch writes its first SLA record and its policy version in one transaction:
    // a ticket without a policy version has no record to read (the pipeline's usual case)
    const row = c.ticket.slaPolicyVersion === null ? null : await currentAssignment(manager, c.ticket.id);
    if (!row && event?.kind !== 'dispatch') return NONE;
    const before = row ? toRecord(row) : null;
    if (event?.kind === 'extension-requested' && !extensionAllowed(before, event.days)) {
      throw DomainError.invalidInput(
        'SLA_EXTENSION_LIMIT',
        `Extensions add at most ${MAX_EXTENSION_WORKING_DAYS} working days in all; ${before?.extensionDays ?? 0} already granted`,
      );
    }
    const calendar = this.calendar.current;
    const step = event ? applySlaEvent(before, event, c.now, calendar) : { record: before, uncoveredYears: [] };
    const record = step.record as SlaRecord;
    const unitId = c.effects.ticket.primaryUnitId ?? c.ticket.primaryUnitId ?? row?.unitId;
    const columns = { ...record, ...unitWatch(record, c.to, calendar), unitId: Number(unitId) };
    // a dispatch reuses the record of a dispatch it corrects (still open), else starts a new one
    const reuse = policy !== null && row !== null && row.endedAt === null;
    if (reuse) {
      await this.assignments.update(manager, { ...columns, policyVersion: policy.version }, 'id = ?', [row.id]);
    } else if (policy) {
      // its id is not needed: the record is found by its ticket
      await deferStatement(
        manager,
        ...this.assignments.insertStatement({ ...columns, ticketId: c.ticket.id, policyVersion: policy.version }),
      );
    } else if (row) {
      await this.assignments.update(manager, columns, 'id = ?', [row.id]);
    }
    const previous = row && before && (reuse || !policy) ? { unitId: Number(row.unitId), record: before } : null;
    const rollup = rollupDeltas(previous, { unitId: columns.unitId, record });
    if (step.uncoveredYears.length > 0) {
      this.logger.warn(
        { ticketId: c.ticket.id, action: c.action, uncoveredYears: step.uncoveredYears },
        'SLA deadline computed on the wall-clock fallback: the statutory calendar does not cover the year',
      );
    }
    const after = ticketDeadlines(record, c.to);
    const ticket: SlaTicketChanges = policy ? { ...after, slaPolicyVersion: policy.version } : after;
    return {
      ticket,
      eventPayload: this.payload(before, record, after, c, policy?.version, step.uncoveredYears),
      rollup,
    };
  }

  /**
   * Adds an action's deltas to the unit day totals. The rows are shared by every ticket of the unit
   * that day, so the caller runs this as the transaction's last statement: the row locks are held
   * only until the commit that follows.
   */
  async applyRollup(manager: EntityManager, ticketId: number, rollup: RollupDelta[]): Promise<void> {
    if (rollup.length === 0) return;
    const { sql, params } = rollupUpsert(ticketId, rollup);
    // with the COMMIT that follows, in runTransaction: the rows' locks last no round trip
    await deferStatement(manager, sql, params);
  }

  /** The new deadlines, for the timeline and the consoles, when the action set or moved one. */
  private payload(
    before: SlaRecord | null,
    record: SlaRecord,
    after: TicketDeadlines,
    c: SlaActionContext,
    policyVersion: number | undefined,
    uncoveredYears: number[],
  ): Record<string, unknown> | null {
    const previous = ticketDeadlines(before, c.ticket.status);
    const moved = DUE_KEYS.some((key) => previous[key]?.getTime() !== after[key]?.getTime());
    if (!moved && uncoveredYears.length === 0) return null;
    return {
      ...(policyVersion !== undefined ? { policyVersion } : {}),
      ...Object.fromEntries(DUE_KEYS.map((key) => [key, after[key]?.toISOString() ?? null])),
      ...(record.extensionDays > 0 ? { extensionDays: record.extensionDays } : {}),
      ...(uncoveredYears.length > 0
        ? {
            calendarFallback: {
              uncoveredYears,
              rule: 'working time counted as wall-clock time (1 working day = 24 h)',
            },
          }
        : {}),
    };
  }
}

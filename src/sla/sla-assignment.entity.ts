import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';
import type { SlaClocks } from './sla-policy';

const datetime = (name: string) => ({ name, type: 'datetime' as const, precision: 3, nullable: true });
const counter = { type: 'smallint' as const, unsigned: true, nullable: false, default: 0 };

/**
 * The SLA record of one dispatch of a ticket to a unit (see ticket-deadlines.ts): its clocks, when
 * each was met, and the callback outcomes. It is the unit's assessment, kept when the ticket moves on
 * (a return ends it, a new dispatch starts another), and the table the unit metrics aggregate.
 *
 * The settled outcomes are summed per unit and day in sla_unit_days (sla-rollup.ts); the metrics
 * read only the open records here: IDX_sla_assignments_open covers the clocks of a period's open
 * records (what "now" may have made late), IDX_sla_assignments_watch "overdue now" and "near-due
 * now", IDX_sla_assignments_unit one unit's drill-down lists.
 */
@Entity({ name: 'sla_assignments' })
@Index('IDX_sla_assignments_ticket', ['ticketId', 'id'])
@Index('IDX_sla_assignments_unit', ['unitId', 'dispatchedAt'])
@Index('IDX_sla_assignments_open', [
  'endedAt',
  'dispatchedAt',
  'unitId',
  'acceptedAt',
  'acceptDueAt',
  'firstContactAt',
  'firstRepliedAt',
  'firstContactDueAt',
  'repliedAt',
  'suspendedAt',
  'resolutionDueAt',
])
@Index('IDX_sla_assignments_watch', ['endedAt', 'nextWarningAt', 'unitId', 'nextDeadlineAt'])
export class SlaAssignment {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, nullable: false })
  ticketId!: number;

  /** The unit holding the ticket: the primary unit, moved down by a forward. */
  @Column({ name: 'unit_id', type: 'int', unsigned: true, nullable: false })
  unitId!: number;

  /** The global SLA policy version the clocks were resolved under (0: built-in defaults only). */
  @Column({ name: 'policy_version', type: 'int', unsigned: true, nullable: false })
  policyVersion!: number;

  @Column({ type: 'json', nullable: false })
  clocks!: SlaClocks;

  @Column({ name: 'dispatched_at', type: 'datetime', precision: 3, nullable: false })
  dispatchedAt!: Date;

  @Column({ name: 'accept_started_at', type: 'datetime', precision: 3, nullable: false })
  acceptStartedAt!: Date;

  @Column({ name: 'accept_due_at', type: 'datetime', precision: 3, nullable: false })
  acceptDueAt!: Date;

  @Column(datetime('accepted_at'))
  acceptedAt!: Date | null;

  @Column({ name: 'first_contact_due_at', type: 'datetime', precision: 3, nullable: false })
  firstContactDueAt!: Date;

  @Column(datetime('first_contact_at'))
  firstContactAt!: Date | null;

  @Column({ name: 'resolution_started_at', type: 'datetime', precision: 3, nullable: false })
  resolutionStartedAt!: Date;

  @Column({ name: 'resolution_due_at', type: 'datetime', precision: 3, nullable: false })
  resolutionDueAt!: Date;

  @Column(datetime('replied_at'))
  repliedAt!: Date | null;

  @Column(datetime('first_replied_at'))
  firstRepliedAt!: Date | null;

  @Column(datetime('callback_started_at'))
  callbackStartedAt!: Date | null;

  @Column(datetime('callback_due_at'))
  callbackDueAt!: Date | null;

  @Column({ name: 'extension_days', ...counter })
  extensionDays!: number;

  @Column({ name: 'pending_extension_days', type: 'smallint', unsigned: true, nullable: true })
  pendingExtensionDays!: number | null;

  @Column(datetime('suspended_at'))
  suspendedAt!: Date | null;

  @Column({ name: 'callbacks', ...counter })
  callbacks!: number;

  @Column({ name: 'callbacks_solved', ...counter })
  callbacksSolved!: number;

  @Column({ name: 'callbacks_satisfied', ...counter })
  callbacksSatisfied!: number;

  @Column({ name: 'reopens', ...counter })
  reopens!: number;

  @Column({ type: 'boolean', nullable: false, default: false })
  returned!: boolean;

  @Column(datetime('ended_at'))
  endedAt!: Date | null;

  @Column({ name: 'calendar_fallback', type: 'boolean', nullable: false, default: false })
  calendarFallback!: boolean;

  /** The earliest deadline of the unit's running clocks (accept, first contact, resolution). */
  @Column(datetime('next_deadline_at'))
  nextDeadlineAt!: Date | null;

  /** The earliest 75 % warning of those clocks: passed and not yet due is "near-due". */
  @Column(datetime('next_warning_at'))
  nextWarningAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';
import type { PendingRequest, TicketStatus } from './ticket-state-machine';

export const CHANNELS = ['phone', 'web', 'app', 'wechat', 'open311', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** 12345 and the non-emergency lines folded into it. */
export const SOURCE_LINES = ['12345', '12315', '12333', '12369', '12319', '12358', '12331', '12320', '12366'] as const;
export type SourceLine = (typeof SOURCE_LINES)[number];

export const APPEAL_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];

export const URGENCIES = ['critical', 'urgent', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const HAND_OVER_LINES = ['110', '119', '120', '122'] as const;
export type HandOverLine = (typeof HAND_OVER_LINES)[number];

// BIGINT ids arrive as JS numbers: the driver returns strings only past 2^53 (supportBigNumbers).
/** One citizen appeal and its whole handling (工单). Only TicketsService writes it. */
@Entity({ name: 'tickets' })
@Index('UQ_tickets_number', ['number'], { unique: true })
@Index('IDX_tickets_status', ['status', 'id'])
@Index('IDX_tickets_primary_unit', ['primaryUnitId', 'status'])
@Index('IDX_tickets_area_category_created', ['areaId', 'categoryId', 'createdAt'])
@Index('IDX_tickets_category', ['categoryId'])
@Index('IDX_tickets_caller_phone', ['callerPhone', 'createdAt'])
@Index('IDX_tickets_created', ['createdAt'])
@Index('IDX_tickets_next_deadline', ['nextDeadlineAt'])
@Index('IDX_tickets_master', ['masterTicketId'])
@Index('IDX_tickets_pending_request', ['pendingRequest', 'id'])
@Index('IDX_tickets_created_by', ['createdBy', 'id'])
@Index('IDX_tickets_status_deadline', ['status', 'nextDeadlineAt'])
export class Ticket {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  /** Human-readable number: Shanghai date + daily sequence, e.g. 20261126-000042. */
  @Column({ type: 'varchar', length: 20, nullable: false })
  number!: string;

  @Column({ type: 'varchar', length: 16, nullable: false })
  channel!: Channel;

  @Column({ name: 'source_line', type: 'varchar', length: 8, nullable: false })
  sourceLine!: SourceLine;

  @Column({ name: 'caller_name', type: 'varchar', length: 64, nullable: true })
  callerName!: string | null;

  @Column({ name: 'caller_phone', type: 'varchar', length: 32, nullable: true })
  callerPhone!: string | null;

  @Column({ name: 'caller_confidential', type: 'boolean', nullable: false, default: false })
  callerConfidential!: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title!: string | null;

  @Column({ type: 'text', nullable: false })
  description!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  address!: string | null;

  @Column({ name: 'area_id', type: 'int', unsigned: true, nullable: true })
  areaId!: number | null;

  @Column({ name: 'category_id', type: 'int', unsigned: true, nullable: true })
  categoryId!: number | null;

  @Column({ name: 'appeal_type', type: 'varchar', length: 16, nullable: true })
  appealType!: AppealType | null;

  @Column({ type: 'varchar', length: 16, nullable: false, default: 'normal' })
  urgency!: Urgency;

  @Column({ type: 'varchar', length: 24, nullable: false })
  status!: TicketStatus;

  @Column({ name: 'pending_request', type: 'varchar', length: 16, nullable: true })
  pendingRequest!: PendingRequest | null;

  @Column({ name: 'primary_unit_id', type: 'int', unsigned: true, nullable: true })
  primaryUnitId!: number | null;

  @Column({ name: 'master_ticket_id', type: 'bigint', unsigned: true, nullable: true })
  masterTicketId!: number | null;

  @Column({ name: 'hand_over_to', type: 'varchar', length: 4, nullable: true })
  handOverTo!: HandOverLine | null;

  /** The classifier's output with its confidences (category, appeal type, urgency, area, emergency hint). */
  @Column({ type: 'json', nullable: true })
  classification!: Record<string, unknown> | null;

  @Column({ name: 'created_by', type: 'int', unsigned: true, nullable: true })
  createdBy!: number | null;

  @Column({ name: 'dispatched_at', type: 'datetime', precision: 3, nullable: true })
  dispatchedAt!: Date | null;

  @Column({ name: 'accepted_at', type: 'datetime', precision: 3, nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'first_contact_at', type: 'datetime', precision: 3, nullable: true })
  firstContactAt!: Date | null;

  @Column({ name: 'replied_at', type: 'datetime', precision: 3, nullable: true })
  repliedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'accept_due_at', type: 'datetime', precision: 3, nullable: true })
  acceptDueAt!: Date | null;

  @Column({ name: 'first_contact_due_at', type: 'datetime', precision: 3, nullable: true })
  firstContactDueAt!: Date | null;

  @Column({ name: 'resolution_due_at', type: 'datetime', precision: 3, nullable: true })
  resolutionDueAt!: Date | null;

  @Column({ name: 'callback_due_at', type: 'datetime', precision: 3, nullable: true })
  callbackDueAt!: Date | null;

  /** The earliest open deadline: the SLA sweeper scans this index. */
  @Column({ name: 'next_deadline_at', type: 'datetime', precision: 3, nullable: true })
  nextDeadlineAt!: Date | null;

  @Column({ name: 'sla_policy_version', type: 'int', unsigned: true, nullable: true })
  slaPolicyVersion!: number | null;

  @VersionColumn({ type: 'int', unsigned: true, nullable: false })
  version!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

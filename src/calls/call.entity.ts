import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../database/timestamp-columns';

/** One consolidated hotline call as the telephony (CTI) system reports it (来电 / 话单). */
@Entity({ name: 'calls' })
@Index('UQ_calls_cti_call_id', ['ctiCallId'], { unique: true })
@Index('IDX_calls_caller_phone', ['callerPhone', 'ringAt'])
@Index('IDX_calls_ticket', ['ticketId'])
@Index('IDX_calls_agent', ['agentUserId', 'ringAt'])
export class Call {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  /** The CTI system's own id of the call, compared as written (case counts): the webhook is idempotent by it. */
  @Column({
    name: 'cti_call_id',
    type: 'varchar',
    length: 64,
    nullable: false,
    charset: 'utf8mb4',
    collation: 'utf8mb4_bin',
  })
  ctiCallId!: string;

  @Column({ name: 'source_line', type: 'varchar', length: 8, nullable: false })
  sourceLine!: string;

  @Column({ name: 'caller_phone', type: 'varchar', length: 32, nullable: false })
  callerPhone!: string;

  @Column({ name: 'agent_user_id', type: 'int', unsigned: true, nullable: true })
  agentUserId!: number | null;

  @Column({ name: 'agent_extension', type: 'varchar', length: 16, nullable: true })
  agentExtension!: string | null;

  @Column({ name: 'ring_at', type: 'datetime', precision: 3, nullable: false })
  ringAt!: Date;

  @Column({ name: 'answer_at', type: 'datetime', precision: 3, nullable: true })
  answerAt!: Date | null;

  @Column({ name: 'end_at', type: 'datetime', precision: 3, nullable: true })
  endAt!: Date | null;

  @Column({ name: 'recording_url', type: 'varchar', length: 500, nullable: true })
  recordingUrl!: string | null;

  /** The ticket this call created or is about (a repeat call links to the existing ticket). */
  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, nullable: true })
  ticketId!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

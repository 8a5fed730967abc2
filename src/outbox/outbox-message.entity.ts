import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';

/**
 * What must follow a committed change (a job to enqueue, an event to push), written in the same
 * transaction; the relay delivers it and stamps `sent_at`, so a Redis outage delays work but loses none.
 */
@Entity({ name: 'outbox' })
@Index('IDX_outbox_pending', ['sentAt', 'id'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  @Column({ type: 'varchar', length: 48, nullable: false })
  topic!: string;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, nullable: true })
  ticketId!: number | null;

  @Column({ name: 'event_id', type: 'bigint', unsigned: true, nullable: true })
  eventId!: number | null;

  @Column({ type: 'json', nullable: false })
  payload!: Record<string, unknown>;

  @Column({ type: 'int', unsigned: true, nullable: false, default: 0 })
  attempts!: number;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

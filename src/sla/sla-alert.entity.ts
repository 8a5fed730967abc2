import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';

export const ALERT_KINDS = ['warning', 'breach'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * One SLA warning or breach, recorded once: the unique key is what makes two workers, a retried job
 * and the sweeper after a Redis loss all agree that it already happened. A moved deadline is a new key.
 */
@Entity({ name: 'sla_alerts' })
@Index('UQ_sla_alerts_key', ['ticketId', 'clock', 'kind', 'dueAt'], { unique: true })
export class SlaAlert {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, nullable: false })
  ticketId!: number;

  @Column({ type: 'varchar', length: 16, nullable: false })
  clock!: string;

  @Column({ type: 'varchar', length: 8, nullable: false })
  kind!: AlertKind;

  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: false })
  dueAt!: Date;

  /** The ticket event that announced it (written in the same transaction). */
  @Column({ name: 'event_id', type: 'bigint', unsigned: true, nullable: true })
  eventId!: number | null;

  /** When the automatic urge after a resolution breach was claimed (null: none due or not yet). */
  @Column({ name: 'urged_at', type: 'datetime', precision: 3, nullable: true })
  urgedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

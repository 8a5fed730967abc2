import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';

/**
 * The append-only timeline of a ticket: one row per action or system step. Its id is the `seq` of
 * realtime events. Triggers (see the migration) refuse UPDATE and DELETE on this table.
 */
@Entity({ name: 'ticket_events' })
@Index('IDX_ticket_events_ticket', ['ticketId', 'id'])
export class TicketEvent {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, nullable: false })
  ticketId!: number;

  /** The action (kebab-case) or a system step such as `created`, `classified`, `call-linked`. */
  @Column({ type: 'varchar', length: 32, nullable: false })
  action!: string;

  @Column({ name: 'actor_user_id', type: 'int', unsigned: true, nullable: true })
  actorUserId!: number | null;

  @Column({ name: 'actor_unit_id', type: 'int', unsigned: true, nullable: true })
  actorUnitId!: number | null;

  @Column({ name: 'from_status', type: 'varchar', length: 24, nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 24, nullable: true })
  toStatus!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ type: 'json', nullable: true })
  payload!: Record<string, unknown> | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

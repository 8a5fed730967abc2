import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';

export type TicketUnitRole = 'primary' | 'co_handler';

/**
 * The units a ticket is with: its primary unit and its co-handlers. `unit_path` is copied from the
 * unit so that "tickets a clerk may see" (their unit and the units below it) is one prefix match.
 */
@Entity({ name: 'ticket_units' })
@Index('IDX_ticket_units_unit', ['unitId', 'ticketId'])
@Index('IDX_ticket_units_path', ['unitPath'])
export class TicketUnit {
  @PrimaryColumn({ name: 'ticket_id', type: 'bigint', unsigned: true })
  ticketId!: number;

  @PrimaryColumn({ name: 'unit_id', type: 'int', unsigned: true })
  unitId!: number;

  @Column({ name: 'unit_path', type: 'varchar', length: 255, nullable: false })
  unitPath!: string;

  @Column({ type: 'varchar', length: 16, nullable: false })
  role!: TicketUnitRole;

  /** A co-handling unit's contribution (add-part). */
  @Column({ type: 'text', nullable: true })
  part!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last ticket number handed out per Shanghai day. */
@Entity({ name: 'ticket_number_sequences' })
export class TicketNumberSequence {
  @PrimaryColumn({ type: 'char', length: 8 })
  day!: string;

  @Column({ name: 'last_value', type: 'int', unsigned: true, nullable: false })
  lastValue!: number;
}

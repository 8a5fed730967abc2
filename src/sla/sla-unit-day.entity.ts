import { Column, Entity, PrimaryColumn } from 'typeorm';

// signed: an upsert carries negative deltas, and MySQL checks the VALUES row before the duplicate key
const count = (name: string) => ({ name, type: 'int' as const, nullable: false, default: 0 });
const seconds = (name: string) => ({ name, type: 'bigint' as const, nullable: false, default: 0 });

/**
 * The settled part of the unit metrics, per unit and Shanghai day of dispatch (see sla-rollup.ts):
 * kept in step with sla_assignments inside every ticket action's transaction, so a month of every
 * unit is ~31 × units rows instead of every record dispatched in it. What depends on "now" (an open
 * clock past its deadline) is not here: the metrics add it from the open records.
 */
@Entity({ name: 'sla_unit_days' })
export class SlaUnitDay {
  /** 'YYYY-MM-DD' (raw SQL only: a DATE through the driver would come back shifted by the server's TZ). */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'int', unsigned: true })
  unitId!: number;

  /** One of ROLLUP_SLOTS partial rows of the (day, unit) total (sla-rollup.ts): readers sum them. */
  @PrimaryColumn({ type: 'tinyint', unsigned: true, default: 0 })
  slot!: number;

  @Column(count('dispatched'))
  dispatched!: number;

  @Column(count('returned'))
  returned!: number;

  @Column(count('accepted'))
  accepted!: number;

  @Column(count('accept_on_time'))
  acceptOnTime!: number;

  @Column(count('contact_settled'))
  contactSettled!: number;

  @Column(count('contact_on_time'))
  contactOnTime!: number;

  @Column(count('replied'))
  replied!: number;

  @Column(count('resolution_on_time'))
  resolutionOnTime!: number;

  @Column(count('callbacks'))
  callbacks!: number;

  @Column(count('solved'))
  solved!: number;

  @Column(count('satisfied'))
  satisfied!: number;

  @Column(count('reopens'))
  reopens!: number;

  @Column(count('first_replied'))
  firstReplied!: number;

  @Column(seconds('accept_seconds'))
  acceptSeconds!: number;

  @Column(seconds('reply_seconds'))
  replySeconds!: number;
}
